// /cloud/providers — 服务商与价格 (the IT centre): providers and their endpoints, departments' sub-contracts, and
// the offerings with their rate cards, one tab each (the tab is in the path so it survives a reload).
import { Tabs } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { PageHeader } from '../../../components/PageHeader';
import { useI18n } from '../../../i18n';
import { OfferingsTab } from './OfferingsTab';
import { ProvidersTab } from './ProvidersTab';
import { SubcontractsTab } from './SubcontractsTab';

const TABS = ['providers', 'subcontracts', 'offerings'] as const;

export function ProvidersPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = TABS.find((tab) => pathname.startsWith(`/cloud/providers/${tab}`)) ?? 'providers';
  return (
    <div>
      <PageHeader title={t('cloudAdmin.title')} subtitle={t('cloudAdmin.subtitle')} />
      <Tabs
        activeKey={current}
        onChange={(key) => navigate(key === 'providers' ? '/cloud/providers' : `/cloud/providers/${key}`)}
        destroyOnHidden
        items={[
          { key: 'providers', label: t('cloudAdmin.tab.providers'), children: <ProvidersTab /> },
          { key: 'subcontracts', label: t('cloudAdmin.tab.subcontracts'), children: <SubcontractsTab /> },
          { key: 'offerings', label: t('cloudAdmin.tab.offerings'), children: <OfferingsTab /> },
        ]}
      />
    </div>
  );
}
