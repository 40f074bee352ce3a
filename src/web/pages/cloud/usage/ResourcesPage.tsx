// /cloud/resources — 云资源: the resources of the user's department (the IT centre: every department's, with the
// orphans found by reconciliation and "reconcile now"); /cloud/resources/:id — one resource.
import { ReloadOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, Route, Routes } from 'react-router-dom';
import { directoryApi } from '../../../api/directory';
import { useAuth } from '../../../auth';
import { DepartmentSelect } from '../../../components/departments';
import { formatDateTime } from '../../../components/format';
import { PageHeader } from '../../../components/PageHeader';
import { useApiError } from '../../../components/useApiError';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { resourceApi } from '../cloudApi';
import type { Orphan } from '../cloudApi';
import { CLOUD_CATEGORIES } from '../types';
import type { CloudCategory, CloudResource, ResourceStatus } from '../types';
import { isItCentre } from './logic';
import { DriftTag, LeaseEnd, MonthlyPrice, offeringLabel, RESOURCE_STATUSES, ResourceStatusTag } from './parts';
import { ResourceDetail } from './ResourceDetail';

const PAGE_SIZE = 20;

export function ResourcesPage() {
  return (
    <Routes>
      <Route index element={<ResourcesView />} />
      <Route path=":id" element={<ResourceDetail />} />
    </Routes>
  );
}

function ResourcesView() {
  const { t } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const itCentre = isItCentre(me);
  const [tab, setTab] = useState('resources');
  const [generation, setGeneration] = useState(0);
  const [reconciling, setReconciling] = useState(false);

  const reconcile = async () => {
    setReconciling(true);
    try {
      const result = await resourceApi.reconcile();
      void message.success(t('cloudUsage.reconcile.done', { ...result }));
      setGeneration((n) => n + 1);
    } catch (e) {
      showError(e);
    } finally {
      setReconciling(false);
    }
  };

  return (
    <div>
      <PageHeader
        title={t('cloudUsage.resources.title')}
        subtitle={t(itCentre ? 'cloudUsage.resources.subtitleItCentre' : 'cloudUsage.resources.subtitle')}
        extra={
          itCentre && (
            <Button icon={<SyncOutlined spin={reconciling} />} loading={reconciling} onClick={() => void reconcile()} data-testid="reconcile-now">
              {t('cloudUsage.reconcile.now')}
            </Button>
          )
        }
      />
      {itCentre ? (
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'resources', label: t('cloudUsage.resources.tab'), children: <ResourceList generation={generation} /> },
            { key: 'orphans', label: t('cloudUsage.orphans.tab'), children: <OrphanList generation={generation} /> },
          ]}
        />
      ) : (
        <ResourceList />
      )}
    </div>
  );
}

/** `generation` changes after a reconciliation, so the list shows its findings without losing the filters. */
function ResourceList({ generation = 0 }: { generation?: number }) {
  const { t, locale, errorMessage } = useI18n();
  const { me } = useAuth();
  const itCentre = isItCentre(me);
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [businessSystemId, setBusinessSystemId] = useState<string | undefined>();
  const [category, setCategory] = useState<CloudCategory | undefined>();
  const [status, setStatus] = useState<ResourceStatus | undefined>();
  const [drift, setDrift] = useState(false);
  const [page, setPage] = useState(1);
  const systemsDepartment = itCentre ? departmentId : (me?.departmentId ?? undefined);
  const systems = useAsync(() => directoryApi.systems(systemsDepartment), [systemsDepartment]);
  const list = useAsync(
    () => resourceApi.list({ departmentId, businessSystemId, category, status, drift, page, pageSize: PAGE_SIZE }),
    [departmentId, businessSystemId, category, status, drift, page, generation],
  );
  const filtered = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setPage(1);
  };

  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        {itCentre && (
          <DepartmentSelect
            value={departmentId}
            onChange={(value) => {
              setDepartmentId(value);
              setBusinessSystemId(undefined);
              setPage(1);
            }}
            placeholder={t('cloudUsage.filter.allDepartments')}
          />
        )}
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 220 }}
          placeholder={t('cloudUsage.filter.allSystems')}
          value={businessSystemId}
          onChange={filtered(setBusinessSystemId)}
          loading={systems.loading}
          options={(systems.data ?? []).map((system) => ({ value: system.id, label: locale === 'en-US' && system.nameEn ? system.nameEn : system.name }))}
          data-testid="resources-system"
        />
        <Select<CloudCategory>
          allowClear
          style={{ width: 160 }}
          placeholder={t('cloudUsage.filter.allCategories')}
          value={category}
          onChange={filtered(setCategory)}
          options={CLOUD_CATEGORIES.map((value) => ({ value, label: t(`cloudUsage.category.${value}`) }))}
          data-testid="resources-category"
        />
        <Select<ResourceStatus>
          allowClear
          style={{ width: 140 }}
          placeholder={t('cloudUsage.filter.allStatuses')}
          value={status}
          onChange={filtered(setStatus)}
          options={RESOURCE_STATUSES.map((value) => ({ value, label: t(`cloudUsage.status.${value}`) }))}
          data-testid="resources-status"
        />
        <Space size={4}>
          <Switch size="small" checked={drift} onChange={filtered(setDrift)} data-testid="resources-drift" />
          <Typography.Text>{t('cloudUsage.filter.driftOnly')}</Typography.Text>
        </Space>
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
        <Typography.Text type="secondary">{t('common.total', { n: list.data?.total ?? 0 })}</Typography.Text>
      </Space>
      {list.error != null && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />}
      <Table<CloudResource>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1200 }}
        data-testid="cloud-resources"
        locale={{ emptyText: t('cloudUsage.resources.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          {
            title: t('cloudUsage.field.name'),
            key: 'name',
            render: (_, row) => (
              <Space size={4} wrap>
                <Link to={`/cloud/resources/${row.id}`}>{row.name}</Link>
                <DriftTag resource={row} />
              </Space>
            ),
          },
          {
            title: t('cloudUsage.field.offering'),
            key: 'offering',
            render: (_, row) => (
              <span>
                {offeringLabel(row, locale)}
                <Typography.Text type="secondary"> · {t(`cloudUsage.category.${row.category}`)}</Typography.Text>
              </span>
            ),
          },
          { title: t('cloudUsage.field.provider'), dataIndex: 'providerName' },
          {
            title: t('cloudUsage.field.system'),
            key: 'system',
            render: (_, row) => (itCentre ? `${row.businessSystemName} · ${row.departmentName}` : row.businessSystemName),
          },
          { title: t('common.status'), key: 'status', width: 110, render: (_, row) => <ResourceStatusTag status={row.status} /> },
          { title: t('cloudUsage.field.monthlyPrice'), key: 'price', align: 'right', render: (_, row) => <MonthlyPrice fen={row.monthlyFen} /> },
          { title: t('cloudUsage.field.leaseEndsAt'), key: 'lease', render: (_, row) => (row.status === 'retired' ? '—' : <LeaseEnd leaseEndsAt={row.leaseEndsAt} />) },
        ]}
      />
    </div>
  );
}

function OrphanList({ generation }: { generation: number }) {
  const { t, locale, errorMessage } = useI18n();
  const orphans = useAsync(() => resourceApi.orphans(), [generation]);
  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('cloudUsage.orphans.hint')}</Typography.Text>
        <Button icon={<ReloadOutlined />} onClick={orphans.reload}>
          {t('common.refresh')}
        </Button>
      </Space>
      {orphans.error != null && <Alert type="error" showIcon title={errorMessage(orphans.error)} style={{ marginBottom: 12 }} />}
      <Table<Orphan>
        rowKey="id"
        size="middle"
        loading={orphans.loading}
        dataSource={orphans.data ?? []}
        scroll={{ x: 1000 }}
        data-testid="cloud-orphans"
        locale={{ emptyText: t('cloudUsage.orphans.empty') }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('cloudUsage.field.provider'), dataIndex: 'providerName' },
          { title: t('cloudUsage.field.driver'), dataIndex: 'driver', render: (driver: string) => <Tag>{driver}</Tag> },
          { title: t('cloudUsage.orphans.kind'), dataIndex: 'kind' },
          { title: t('cloudUsage.field.externalId'), dataIndex: 'externalId', render: (value: string) => <Typography.Text code copyable>{value}</Typography.Text> },
          {
            title: t('cloudUsage.field.tags'),
            key: 'tags',
            render: (_, row) => (
              <Space size={[4, 4]} wrap>
                {Object.entries(row.tags ?? {}).map(([key, value]) => (
                  <Tag key={key}>
                    {key}={value}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t('cloudUsage.orphans.firstSeen'), dataIndex: 'firstSeenAt', render: (value: string) => formatDateTime(value, locale) },
          { title: t('cloudUsage.orphans.lastSeen'), dataIndex: 'lastSeenAt', render: (value: string) => formatDateTime(value, locale) },
        ]}
      />
    </div>
  );
}
