// /opendata/datasets — 开放数据集: the department's published datasets (the data administrator: all) with their
// version, rows, usage, open type and waiting applications, a link to each public page, and "sync now".
import { ExportOutlined, ReloadOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { OpenTypeTag } from './tags';
import { opendataApi, publicDatasetUrl } from './opendataApi';
import { canSync, isDataAdmin } from './permissions';
import type { ManagedDataset } from './types';

const PAGE_SIZE = 20;

export function DatasetsPage() {
  const { t, locale, errorMessage } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [syncing, setSyncing] = useState(false);
  const list = useAsync(() => opendataApi.datasets({ q: q || undefined, page, pageSize: PAGE_SIZE }), [q, page]);
  const count = (value: number) => value.toLocaleString(locale);

  const sync = async () => {
    setSyncing(true);
    try {
      const report = await opendataApi.sync();
      void message.success(t('opendata.datasets.synced', { ...report }));
      list.reload();
    } catch (e) {
      showError(e);
    } finally {
      setSyncing(false);
    }
  };

  return (
    <div>
      <PageHeader
        title={t('opendata.datasets.title')}
        subtitle={t(isDataAdmin(me) ? 'opendata.datasets.subtitleAll' : 'opendata.datasets.subtitle')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={list.reload}>
              {t('common.refresh')}
            </Button>
            {canSync(me) && (
              <Button type="primary" icon={<SyncOutlined spin={syncing} />} loading={syncing} onClick={sync} data-testid="opendata-sync">
                {t('opendata.datasets.sync')}
              </Button>
            )}
          </>
        }
      />
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search
          allowClear
          style={{ width: 320 }}
          placeholder={t('opendata.datasets.search')}
          onSearch={(value) => {
            setQ(value.trim());
            setPage(1);
          }}
          data-testid="opendata-datasets-search"
        />
        <Typography.Text type="secondary">{t('common.total', { n: list.data?.total ?? 0 })}</Typography.Text>
      </Space>
      {list.error != null && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />}
      <Table<ManagedDataset>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1250 }}
        data-testid="opendata-datasets"
        locale={{ emptyText: t('opendata.datasets.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          {
            title: t('opendata.field.dataset'),
            key: 'title',
            render: (_, row) => (
              <span>
                <a href={publicDatasetUrl(row.name)} target="_blank" rel="noopener noreferrer" data-testid="opendata-dataset-link">
                  {locale === 'en-US' && row.titleEn ? row.titleEn : row.title} <ExportOutlined style={{ fontSize: 12 }} />
                </a>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {row.name}
                  {row.catalogCode && (
                    <>
                      {' · '}
                      <Link to={`/catalog/${encodeURIComponent(row.catalogCode)}`}>{row.catalogCode}</Link>
                    </>
                  )}
                </Typography.Text>
                {row.state === 'deleted' && <Tag color="default">{t('opendata.datasets.deleted')}</Tag>}
              </span>
            ),
          },
          ...(isDataAdmin(me)
            ? [{
                title: t('opendata.field.organization'),
                key: 'organization',
                width: 180,
                render: (_: unknown, row: ManagedDataset) => (locale === 'en-US' && row.organization.titleEn ? row.organization.titleEn : row.organization.title),
              }]
            : []),
          { title: t('opendata.field.version'), dataIndex: 'currentVersion', width: 80, render: (value: number) => (value > 0 ? `v${value}` : '—') },
          { title: t('opendata.field.rows'), dataIndex: 'rowCount', width: 100, align: 'right', render: (value: number) => count(value) },
          {
            title: t('opendata.field.usage'),
            key: 'usage',
            width: 190,
            render: (_, row) => (
              <Tooltip title={t('opendata.datasets.usageHint')}>
                <span data-testid="opendata-usage">
                  {count(row.usage.views)} / {count(row.usage.downloads)} / {count(row.usage.apiCalls)}
                </span>
              </Tooltip>
            ),
          },
          { title: t('opendata.field.openType'), dataIndex: 'openType', width: 110, render: (value: ManagedDataset['openType']) => <OpenTypeTag value={value} /> },
          {
            title: t('opendata.field.pendingApplications'),
            dataIndex: 'pendingApplications',
            width: 110,
            align: 'right',
            render: (value: number, row) =>
              row.openType !== 'conditional' ? '—' : value > 0 ? <Link to="/opendata/applications"><Tag color="processing">{count(value)}</Tag></Link> : '0',
          },
          { title: t('opendata.field.dataModified'), dataIndex: 'dataModified', width: 160, render: (value: string | null) => formatDateTime(value, locale) },
        ]}
      />
    </div>
  );
}
