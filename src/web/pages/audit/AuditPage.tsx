// The audit admin's viewer (三员分立: audit_admin only): administrative actions, data accesses, and the
// integrity of both tamper-evident chains.
import { useSearchParams } from 'react-router-dom';
import { Tabs } from 'antd';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n';
import { AccessLogTab } from './AccessLogTab';
import { AdminLogTab } from './AdminLogTab';
import { IntegrityTab } from './IntegrityTab';

const TABS = ['admin', 'access', 'integrity'] as const;
type TabKey = (typeof TABS)[number];

export function AuditPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const active: TabKey = (TABS as readonly string[]).includes(requested ?? '') ? (requested as TabKey) : 'admin';

  return (
    <div>
      <PageHeader title={t('nav.audit')} subtitle={t('audit.subtitle')} />
      <Tabs
        activeKey={active}
        onChange={(key) => setParams(key === 'admin' ? {} : { tab: key }, { replace: true })}
        destroyOnHidden={false}
        items={[
          { key: 'admin', label: t('audit.tab.admin'), children: <AdminLogTab /> },
          { key: 'access', label: t('audit.tab.access'), children: <AccessLogTab /> },
          { key: 'integrity', label: t('audit.tab.integrity'), children: <IntegrityTab /> },
        ]}
      />
    </div>
  );
}
