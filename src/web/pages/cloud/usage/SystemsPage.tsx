// /cloud/systems — 业务系统: the business systems (a department's own; the IT centre: all) with their resource count
// and monthly run rate; /cloud/systems/:id — one system: its owner department, cloud resources, cost, orders in
// flight, and the data it publishes and consumes through the exchange.
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Input, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, Route, Routes, useParams } from 'react-router-dom';
import { formatDateTime } from '../../../components/format';
import { PageHeader } from '../../../components/PageHeader';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { OrderStatusTag } from '../ordering/tags';
import type { OrderStatus } from '../types';
import { matchesSystem, runningResources } from './logic';
import type { SystemData, SystemDetail, SystemOrder, SystemResource, SystemSummary } from './logic';
import { LeaseEnd, MonthlyPrice, offeringLabel, ResourceStatusTag, yuan } from './parts';
import { insightsApi } from './usageApi';

export function SystemsPage() {
  return (
    <Routes>
      <Route index element={<SystemsList />} />
      <Route path=":id" element={<SystemView />} />
    </Routes>
  );
}

function systemName(row: Pick<SystemSummary, 'name' | 'nameEn'>, locale: string): string {
  return locale === 'en-US' && row.nameEn ? row.nameEn : row.name;
}

function SystemsList() {
  const { t, locale, errorMessage } = useI18n();
  const systems = useAsync(() => insightsApi.systems(), []);
  const [q, setQ] = useState('');
  const rows = useMemo(() => (systems.data ?? []).filter((row) => matchesSystem(row, q)), [systems.data, q]);
  const total = rows.reduce((sum, row) => sum + row.runRateFen, 0);

  return (
    <div>
      <PageHeader title={t('cloudUsage.systems.title')} subtitle={t('cloudUsage.systems.subtitle')} />
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search allowClear placeholder={t('cloudUsage.systems.search')} style={{ width: 260 }} onSearch={setQ} onChange={(event) => !event.target.value && setQ('')} />
        <Button icon={<ReloadOutlined />} onClick={systems.reload}>
          {t('common.refresh')}
        </Button>
        <Typography.Text type="secondary">{t('cloudUsage.systems.summary', { n: rows.length, amount: yuan(total, locale) })}</Typography.Text>
      </Space>
      {systems.error != null && <Alert type="error" showIcon title={errorMessage(systems.error)} style={{ marginBottom: 12 }} />}
      <Table<SystemSummary>
        rowKey="id"
        size="middle"
        loading={systems.loading}
        dataSource={rows}
        data-testid="cloud-systems"
        locale={{ emptyText: t('cloudUsage.systems.empty') }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          {
            title: t('cloudUsage.field.system'),
            key: 'name',
            sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
            render: (_, row) => (
              <Space size={4}>
                <Link to={`/cloud/systems/${row.id}`}>{systemName(row, locale)}</Link>
                <Typography.Text type="secondary">{row.code}</Typography.Text>
                {row.status !== 'active' && <Tag>{t('cloudUsage.systems.disabled')}</Tag>}
              </Space>
            ),
          },
          { title: t('cloudUsage.field.department'), dataIndex: 'departmentName' },
          { title: t('cloudUsage.systems.resources'), dataIndex: 'resources', align: 'right', sorter: (a, b) => a.resources - b.resources },
          {
            title: t('cloudUsage.systems.runRate'),
            dataIndex: 'runRateFen',
            align: 'right',
            defaultSortOrder: 'descend',
            sorter: (a, b) => a.runRateFen - b.runRateFen,
            render: (fen: number) => <MonthlyPrice fen={fen} />,
          },
        ]}
      />
    </div>
  );
}

function SystemView() {
  const { id = '' } = useParams();
  const { t, locale, errorMessage } = useI18n();
  const system = useAsync(() => insightsApi.system(id), [id]);
  const data = system.data;
  return (
    <div>
      <PageHeader
        title={
          <Space>
            <Link to="/cloud/systems" aria-label={t('cloudUsage.back')}>
              <ArrowLeftOutlined />
            </Link>
            {data ? systemName(data, locale) : t('cloudUsage.systems.title')}
          </Space>
        }
        subtitle={data ? `${data.code} · ${data.department.name}` : undefined}
        extra={
          <Button icon={<ReloadOutlined />} onClick={system.reload}>
            {t('common.refresh')}
          </Button>
        }
      />
      {system.error != null && <Alert type="error" showIcon title={errorMessage(system.error)} style={{ marginBottom: 12 }} />}
      {data && <SystemBody system={data} loading={system.loading} />}
    </div>
  );
}

function SystemBody({ system, loading }: { system: SystemDetail; loading: boolean }) {
  const { t, locale } = useI18n();
  const running = runningResources(system.resources);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={8}>
        <Card>
          <Statistic title={t('cloudUsage.systems.resources')} value={running.length} data-testid="system-resource-count" />
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card>
          <Statistic title={t('cloudUsage.systems.runRate')} value={t('cloudUsage.perMonth', { amount: yuan(system.runRateFen, locale) })} data-testid="system-run-rate" />
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card>
          <Statistic title={t('cloudUsage.systems.monthCost', { month: system.month })} value={yuan(system.monthCostFen, locale)} />
        </Card>
      </Col>
      <Col xs={24}>
        <Card title={t('cloudUsage.systems.owner')}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('cloudUsage.field.department')}>{system.department.name}</Descriptions.Item>
            <Descriptions.Item label={t('cloudUsage.systems.code')}>{system.code}</Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>{system.status === 'active' ? t('common.status.active') : t('common.status.disabled')}</Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
      <Col xs={24}>
        <Card title={t('cloudUsage.systems.resourceList')}>
          <Table<SystemResource>
            rowKey="id"
            size="small"
            loading={loading}
            dataSource={system.resources}
            scroll={{ x: 900 }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid="system-resources"
            locale={{ emptyText: t('cloudUsage.resources.empty') }}
            columns={[
              { title: t('cloudUsage.field.name'), key: 'name', render: (_, row) => <Link to={`/cloud/resources/${row.id}`}>{row.name}</Link> },
              { title: t('cloudUsage.field.offering'), key: 'offering', render: (_, row) => offeringLabel(row, locale) },
              { title: t('cloudUsage.field.provider'), dataIndex: 'providerName' },
              { title: t('common.status'), key: 'status', render: (_, row) => <ResourceStatusTag status={row.status} /> },
              { title: t('cloudUsage.field.monthlyPrice'), key: 'price', align: 'right', render: (_, row) => <MonthlyPrice fen={row.monthlyFen} /> },
              { title: t('cloudUsage.field.leaseEndsAt'), key: 'lease', render: (_, row) => (row.status === 'retired' ? '—' : <LeaseEnd leaseEndsAt={row.leaseEndsAt} />) },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24}>
        <Card title={t('cloudUsage.systems.ordersInFlight')}>
          <Table<SystemOrder>
            rowKey="id"
            size="small"
            dataSource={system.ordersInFlight}
            pagination={false}
            data-testid="system-orders"
            locale={{ emptyText: t('cloudUsage.systems.noOrders') }}
            columns={[
              { title: t('cloudUsage.field.order'), key: 'number', render: (_, row) => <Link to={`/cloud/orders/${row.id}`}>{row.number ?? row.id}</Link> },
              { title: t('common.status'), dataIndex: 'status', render: (status: string) => (status ? <OrderStatusTag value={status as OrderStatus} /> : '—') },
              { title: t('cloudUsage.field.monthlyPrice'), dataIndex: 'totalMonthlyFen', align: 'right', render: (fen: number) => <MonthlyPrice fen={fen} /> },
              { title: t('cloudUsage.systems.submittedAt'), dataIndex: 'submittedAt', render: (value: string | null) => formatDateTime(value, locale) },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title={t('cloudUsage.systems.publishes')}>
          {system.data === null ? (
            <Typography.Text type="secondary">{t('cloudUsage.systems.noExchange')}</Typography.Text>
          ) : (
            <Table<SystemData['publishes'][number]>
              rowKey="code"
              size="small"
              dataSource={system.data.publishes}
              pagination={false}
              data-testid="system-publishes"
              locale={{ emptyText: t('cloudUsage.systems.nothingPublished') }}
              columns={[
                { title: t('cloudUsage.systems.dataResource'), key: 'name', render: (_, row) => <Space size={4}>{row.name}<Typography.Text type="secondary">{row.code}</Typography.Text></Space> },
                { title: t('cloudUsage.systems.records'), dataIndex: 'records', align: 'right', render: (value: number | null) => (value === null ? '—' : value.toLocaleString(locale)) },
                { title: t('cloudUsage.systems.lastLoad'), dataIndex: 'lastLoadAt', render: (value: string | null) => formatDateTime(value, locale) },
              ]}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title={t('cloudUsage.systems.consumes')}>
          {system.data === null ? (
            <Typography.Text type="secondary">{t('cloudUsage.systems.noExchange')}</Typography.Text>
          ) : (
            <Table<SystemData['consumes'][number]>
              rowKey="grantId"
              size="small"
              dataSource={system.data.consumes}
              pagination={false}
              data-testid="system-consumes"
              locale={{ emptyText: t('cloudUsage.systems.nothingConsumed') }}
              columns={[
                { title: t('cloudUsage.systems.dataResource'), key: 'name', render: (_, row) => <Space size={4}>{row.name}<Typography.Text type="secondary">{row.code}</Typography.Text></Space> },
                { title: t('cloudUsage.systems.provider'), dataIndex: 'providerDepartmentName' },
                { title: t('cloudUsage.systems.validUntil'), dataIndex: 'validUntil', render: (value: string | null) => formatDateTime(value, locale) },
                { title: t('common.status'), dataIndex: 'status', render: (value: string) => <Tag>{t(`cloudUsage.grantStatus.${value}`) === `cloudUsage.grantStatus.${value}` ? value : t(`cloudUsage.grantStatus.${value}`)}</Tag> },
              ]}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}
