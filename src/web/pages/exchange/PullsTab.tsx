// 抽取: the scheduled pulls that feed this resource from the provider's own databases.
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Space } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { exchangeApi } from './exchangeApi';
import { canWriteSources } from './permissions';
import { PullDrawer } from './PullDrawer';
import { PullsTable } from './PullsTable';
import type { Pull } from './types';

export function PullsTab(props: { code: string; departmentId: string }) {
  const { t, errorMessage } = useI18n();
  const { me } = useAuth();
  const pulls = useAsync(() => exchangeApi.pulls({ resourceCode: props.code }), [props.code]);
  const writable = canWriteSources(me, props.departmentId);
  const sources = useAsync(() => (writable ? exchangeApi.sources() : Promise.resolve([])), [writable]);
  const [drawer, setDrawer] = useState<{ pull: Pull | null } | null>(null);

  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        {writable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ pull: null })} disabled={!sources.data?.length}>
            {t('exchange.pulls.create')}
          </Button>
        )}
        <Button icon={<ReloadOutlined />} onClick={pulls.reload}>
          {t('common.refresh')}
        </Button>
        <Link to="/exchange/sources">{t('exchange.pulls.manageSources')}</Link>
      </Space>
      {writable && sources.data && sources.data.length === 0 && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('exchange.pulls.noSources')} />
      )}
      {pulls.error != null && <Alert type="error" showIcon title={errorMessage(pulls.error)} style={{ marginBottom: 12 }} />}
      <PullsTable pulls={pulls.data ?? []} loading={pulls.loading} onChanged={pulls.reload} onEdit={(pull) => setDrawer({ pull })} />
      <PullDrawer
        open={drawer !== null}
        pull={drawer?.pull ?? null}
        resourceCode={props.code}
        sources={(sources.data ?? []).filter((source) => source.departmentId === props.departmentId)}
        onClose={(saved) => {
          setDrawer(null);
          if (saved) pulls.reload();
        }}
      />
    </div>
  );
}
