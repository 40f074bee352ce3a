// /cloud/dashboard — 运营总览 (the IT centre): how many resources, what they cost per month, how fast an order becomes
// a working resource, what waits too long for approval; cost by department and provider, resources by category,
// quota utilisation; overdue approvals, recent provisioning failures, drifted resources and orphans.
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../../components/format';
import { PageHeader } from '../../../components/PageHeader';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { resourceApi } from '../cloudApi';
import type { Orphan } from '../cloudApi';
import type { CloudResource } from '../types';
import { CostBars, CountBars, UtilisationBars } from './charts';
import { durationParts, quotaUtilisation } from './logic';
import type { FailedOperation, OverdueApproval, QuotaUtilisation, StorageUse } from './logic';
import { DriftTag, yuan } from './parts';
import { insightsApi } from './usageApi';

const PREVIEW_ROWS = 10;

export function DashboardPage() {
  const { t, locale, errorMessage } = useI18n();
  const dashboard = useAsync(() => insightsApi.dashboard(), []);
  const drifted = useAsync(() => resourceApi.list({ drift: true, page: 1, pageSize: PREVIEW_ROWS }), []);
  const orphans = useAsync(() => resourceApi.orphans(), []);
  const reload = () => {
    dashboard.reload();
    drifted.reload();
    orphans.reload();
  };

  const data = dashboard.data;
  const loading = dashboard.loading && !data;
  const duration = (seconds: number | null | undefined) => {
    if (seconds === null || seconds === undefined) return '—';
    const { value, unit } = durationParts(seconds);
    return t(`cloudUsage.unit.${unit}`, { n: value.toLocaleString(locale) });
  };
  const dimensionLabel = useCallback((row: QuotaUtilisation) => t(`cloudUsage.dimension.${row.dimension}`), [t]);
  const categoryLabel = useCallback((key: string) => (t(`cloudUsage.category.${key}`) === `cloudUsage.category.${key}` ? key : t(`cloudUsage.category.${key}`)), [t]);
  const utilisation = useMemo(() => quotaUtilisation(data?.quotas ?? []), [data]);
  const byCategory = useMemo(() => (data?.resources.byCategory ?? []).map((row) => ({ key: row.category, count: row.total })), [data]);
  const running = data ? (data.resources.byStatus.active ?? 0) + (data.resources.byStatus.resizing ?? 0) : null;

  return (
    <div>
      <PageHeader
        title={t('cloudUsage.dashboard.title')}
        subtitle={t('cloudUsage.dashboard.subtitle')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={reload}>
            {t('common.refresh')}
          </Button>
        }
      />
      {dashboard.error != null && <Alert type="error" showIcon title={errorMessage(dashboard.error)} style={{ marginBottom: 12 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={12} lg={6}>
          <Card loading={loading}>
            <Statistic title={t('cloudUsage.dashboard.resources')} value={data?.resources.total ?? '—'} data-testid="kpi-resources" />
            <Typography.Text type="secondary">{t('cloudUsage.dashboard.resourcesDetail', { n: running ?? '—' })}</Typography.Text>
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card loading={loading}>
            <Statistic title={t('cloudUsage.dashboard.runRate')} value={yuan(data?.cost.runRateFen, locale)} data-testid="kpi-run-rate" />
            <Typography.Text type="secondary">{t('cloudUsage.dashboard.lastMonth', { month: data?.lastMonth ?? '', amount: yuan(data?.cost.lastMonthFen, locale) })}</Typography.Text>
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card loading={loading}>
            <Statistic title={t('cloudUsage.dashboard.leadTime')} value={duration(data?.leadTime.overall.medianSeconds)} data-testid="kpi-lead-time" />
            <Typography.Text type="secondary">
              {t('cloudUsage.dashboard.leadTimeDetail', {
                p95: duration(data?.leadTime.overall.p95Seconds),
                auto: duration(data?.leadTime.autoApproved.medianSeconds),
                n: data?.leadTime.overall.orders ?? 0,
                days: data?.leadTime.windowDays ?? 30,
              })}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card loading={loading}>
            <Statistic
              title={t('cloudUsage.dashboard.overdue')}
              value={data?.overdueApprovals.length ?? '—'}
              styles={{ content: { color: data?.overdueApprovals.length ? '#c0504d' : undefined } }}
              data-testid="kpi-overdue"
            />
            <Typography.Text type="secondary">{t('cloudUsage.dashboard.failuresDetail', { n: data?.failedProvisioning.items.length ?? 0, days: data?.failedProvisioning.windowDays ?? 7 })}</Typography.Text>
          </Card>
        </Col>

        <Col xs={24} xl={12}>
          <Card title={t('cloudUsage.dashboard.costByDepartment')} loading={loading}>
            <CostBars rows={data?.cost.runRateByDepartment ?? []} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('cloudUsage.dashboard.costByProvider')} loading={loading}>
            <CostBars rows={data?.cost.runRateByProvider ?? []} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('cloudUsage.dashboard.byCategory')} loading={loading}>
            <CountBars rows={byCategory} label={categoryLabel} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('cloudUsage.dashboard.quota')} loading={loading}>
            <UtilisationBars rows={utilisation} label={dimensionLabel} />
            <StorageTable rows={data?.storage ?? []} />
          </Card>
        </Col>

        <Col xs={24} xl={12}>
          <Card title={t('cloudUsage.dashboard.overdueTitle')}>
            <OverdueTable rows={data?.overdueApprovals ?? []} loading={dashboard.loading} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('cloudUsage.dashboard.failures', { days: data?.failedProvisioning.windowDays ?? 7 })}>
            <FailuresTable rows={data?.failedProvisioning.items ?? []} loading={dashboard.loading} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card
            title={
              <Space>
                {t('cloudUsage.dashboard.drift')}
                {data && (
                  <Typography.Text type="secondary" data-testid="dashboard-drift-counts">
                    {t('cloudUsage.dashboard.driftCounts', { ...data.drift })}
                  </Typography.Text>
                )}
              </Space>
            }
            extra={<Link to="/cloud/resources">{t('cloudUsage.dashboard.toResources')}</Link>}
          >
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={12}>
                <DriftTable rows={drifted.data?.items ?? []} loading={drifted.loading} />
              </Col>
              <Col xs={24} xl={12}>
                <OrphanPreview rows={(orphans.data ?? []).slice(0, PREVIEW_ROWS)} loading={orphans.loading} />
              </Col>
            </Row>
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** Storage per department: what the quota allocated and what the drivers measured (where they can). */
function StorageTable({ rows }: { rows: StorageUse[] }) {
  const { t, locale } = useI18n();
  if (!rows.length) return null;
  const gb = (value: number) => t('cloudUsage.unit.gb', { n: value.toLocaleString(locale, { maximumFractionDigits: 1 }) });
  return (
    <Table<StorageUse>
      style={{ marginTop: 12 }}
      rowKey="departmentId"
      size="small"
      dataSource={rows}
      pagination={{ pageSize: 5, hideOnSinglePage: true }}
      data-testid="dashboard-storage"
      columns={[
        { title: t('cloudUsage.field.department'), dataIndex: 'departmentName' },
        { title: t('cloudUsage.dashboard.storageAllocated'), dataIndex: 'allocatedGb', align: 'right', render: gb },
        { title: t('cloudUsage.dashboard.storageMeasured'), dataIndex: 'measuredGb', align: 'right', render: (value: number, row) => (row.measuredResources ? gb(value) : '—') },
      ]}
    />
  );
}

function OverdueTable({ rows, loading }: { rows: OverdueApproval[]; loading: boolean }) {
  const { t, locale } = useI18n();
  return (
    <Table<OverdueApproval>
      rowKey={(row) => `${row.orderId}-${row.step}`}
      size="small"
      loading={loading}
      dataSource={rows}
      pagination={{ pageSize: PREVIEW_ROWS, hideOnSinglePage: true }}
      data-testid="dashboard-overdue"
      locale={{ emptyText: t('cloudUsage.dashboard.noOverdue') }}
      columns={[
        { title: t('cloudUsage.field.order'), key: 'order', render: (_, row) => <Link to={`/cloud/orders/${row.orderId}`}>{row.orderNumber ?? row.orderId}</Link> },
        { title: t('cloudUsage.field.department'), dataIndex: 'departmentName' },
        {
          title: t('cloudUsage.dashboard.step'),
          key: 'step',
          render: (_, row) => (
            <span>
              {row.step}
              <Typography.Text type="secondary"> · {t(`cloudUsage.approver.${row.approver}`) === `cloudUsage.approver.${row.approver}` ? row.approver : t(`cloudUsage.approver.${row.approver}`)}</Typography.Text>
              {row.escalatedAt && <Tag color="orange" style={{ marginInlineStart: 6 }}>{t('cloudUsage.dashboard.escalated')}</Tag>}
            </span>
          ),
        },
        { title: t('cloudUsage.dashboard.dueAt'), dataIndex: 'dueAt', render: (value: string) => formatDateTime(value, locale) },
        {
          title: t('cloudUsage.dashboard.hoursOverdue'),
          dataIndex: 'hoursOverdue',
          align: 'right',
          render: (value: number) => <Typography.Text type="danger">{t('cloudUsage.unit.hours', { n: value.toLocaleString(locale) })}</Typography.Text>,
        },
      ]}
    />
  );
}

function FailuresTable({ rows, loading }: { rows: FailedOperation[]; loading: boolean }) {
  const { t, locale } = useI18n();
  return (
    <Table<FailedOperation>
      rowKey="operationId"
      size="small"
      loading={loading}
      dataSource={rows}
      pagination={{ pageSize: PREVIEW_ROWS, hideOnSinglePage: true }}
      data-testid="dashboard-failures"
      locale={{ emptyText: t('cloudUsage.dashboard.noFailures') }}
      columns={[
        {
          title: t('cloudUsage.field.name'),
          key: 'name',
          render: (_, row) => (
            <Space orientation="vertical" size={0}>
              <Link to={`/cloud/resources/${row.resourceId}`}>{row.resourceName}</Link>
              <Typography.Text type="secondary">
                {row.offeringName} · {t(`cloudUsage.operation.${row.kind}`) === `cloudUsage.operation.${row.kind}` ? row.kind : t(`cloudUsage.operation.${row.kind}`)}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: t('cloudUsage.field.order'),
          key: 'order',
          render: (_, row) => (row.orderId ? <Link to={`/cloud/orders/${row.orderId}`}>{row.orderNumber ?? row.orderId}</Link> : '—'),
        },
        { title: t('cloudUsage.field.department'), dataIndex: 'departmentName' },
        { title: t('cloudUsage.dashboard.reason'), dataIndex: 'reason', render: (value: string | null) => <Typography.Text type="danger">{value ?? '—'}</Typography.Text> },
        { title: t('cloudUsage.dashboard.at'), dataIndex: 'at', render: (value: string | null) => formatDateTime(value, locale) },
      ]}
    />
  );
}

function DriftTable({ rows, loading }: { rows: CloudResource[]; loading: boolean }) {
  const { t } = useI18n();
  return (
    <Table<CloudResource>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={rows}
      pagination={false}
      data-testid="dashboard-drift"
      locale={{ emptyText: t('cloudUsage.dashboard.noDrift') }}
      columns={[
        { title: t('cloudUsage.field.name'), key: 'name', render: (_, row) => <Link to={`/cloud/resources/${row.id}`}>{row.name}</Link> },
        { title: t('cloudUsage.field.department'), dataIndex: 'departmentName' },
        { title: t('cloudUsage.dashboard.driftState'), key: 'drift', render: (_, row) => <DriftTag resource={row} /> },
        { title: t('cloudUsage.dashboard.driftDetail'), dataIndex: 'driftDetail', render: (value: string | null) => value ?? '—' },
      ]}
    />
  );
}

function OrphanPreview({ rows, loading }: { rows: Orphan[]; loading: boolean }) {
  const { t, locale } = useI18n();
  return (
    <Table<Orphan>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={rows}
      pagination={false}
      data-testid="dashboard-orphans"
      locale={{ emptyText: t('cloudUsage.orphans.empty') }}
      columns={[
        { title: t('cloudUsage.field.provider'), dataIndex: 'providerName' },
        { title: t('cloudUsage.orphans.kind'), dataIndex: 'kind', render: (kind: string, row) => <Space size={4}><Tag>{row.driver}</Tag>{kind}</Space> },
        { title: t('cloudUsage.field.externalId'), dataIndex: 'externalId', render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
        { title: t('cloudUsage.orphans.lastSeen'), dataIndex: 'lastSeenAt', render: (value: string) => formatDateTime(value, locale) },
      ]}
    />
  );
}
