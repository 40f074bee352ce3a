// /cloud/orders — 订单: the orders a user may see (a department's people: their department's; the IT centre: all),
// filtered by status and business system (and department for the IT centre). Filters and page live in the address.
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Select, Space, Table, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../../auth';
import { DepartmentSelect } from '../../../components/departments';
import { formatDateTime } from '../../../components/format';
import { PageHeader } from '../../../components/PageHeader';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { orderApi } from '../cloudApi';
import { formatFen } from '../types';
import type { Order, OrderStatus } from '../types';
import { LISTED_STATUSES } from './logic';
import { SystemSelect, useSystems } from './systems';
import { OrderStatusTag } from './tags';

const PAGE_SIZE = 20;

export function OrderList() {
  const { t, locale, errorMessage } = useI18n();
  const { hasRole } = useAuth();
  const itCentre = hasRole('data_admin');
  const [params, setParams] = useSearchParams();
  const status = LISTED_STATUSES.find((value) => value === params.get('status'));
  const businessSystemId = params.get('system') ?? undefined;
  const departmentId = itCentre ? (params.get('department') ?? undefined) : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const { systems, loading: systemsLoading } = useSystems();
  const list = useAsync(
    () => orderApi.list({ status, businessSystemId, departmentId, page, pageSize: PAGE_SIZE }),
    [status, businessSystemId, departmentId, page],
  );

  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };

  const shownSystems = departmentId ? systems.filter((system) => system.departmentId === departmentId) : systems;

  return (
    <div>
      <PageHeader title={t('cloud.orders.title')} subtitle={t('cloud.orders.subtitle')} />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select<OrderStatus>
            allowClear
            style={{ width: 160 }}
            placeholder={t('cloud.orders.anyStatus')}
            value={status}
            onChange={(value) => setFilter('status', value)}
            options={LISTED_STATUSES.map((value) => ({ value, label: t(`cloud.orderStatus.${value}`) }))}
            data-testid="orders-status"
          />
          {itCentre && (
            <DepartmentSelect value={departmentId} onChange={(value) => setFilter('department', value)} placeholder={t('cloud.orders.anyDepartment')} />
          )}
          <SystemSelect
            systems={shownSystems}
            loading={systemsLoading}
            value={businessSystemId}
            onChange={(value) => setFilter('system', value)}
            allowClear
            placeholder={t('cloud.orders.anySystem')}
            testId="orders-system"
          />
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            {t('common.refresh')}
          </Button>
          <Typography.Text type="secondary">{t('common.total', { n: list.data?.total ?? 0 })}</Typography.Text>
        </Space>
        {list.error != null && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />}
        <Table<Order>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          data-testid="orders-table"
          scroll={{ x: 900 }}
          locale={{ emptyText: t('cloud.orders.empty') }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            onChange: (next) => setFilter('page', next > 1 ? String(next) : undefined),
            showSizeChanger: false,
            hideOnSinglePage: true,
          }}
          columns={[
            {
              title: t('cloud.field.orderNumber'),
              key: 'number',
              width: 190,
              render: (_, order) => <Link to={`/cloud/orders/${order.id}`}>{order.number ?? t('cloud.orders.noNumber')}</Link>,
            },
            {
              title: t('cloud.field.businessSystem'),
              key: 'system',
              render: (_, order) => (
                <span>
                  {order.businessSystemName}
                  {itCentre && (
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {order.departmentName}
                    </Typography.Text>
                  )}
                </span>
              ),
            },
            { title: t('cloud.orders.items'), key: 'items', width: 80, align: 'right', render: (_, order) => order.items.length },
            {
              title: t('cloud.field.monthly'),
              dataIndex: 'totalMonthlyFen',
              width: 150,
              align: 'right',
              render: (fen: number) => t('cloud.perMonth', { price: formatFen(fen, locale) }),
            },
            {
              title: t('common.status'),
              dataIndex: 'status',
              width: 120,
              render: (value: OrderStatus, order) => (
                <Space size={4}>
                  <OrderStatusTag value={value} />
                  {order.autoApproved && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('cloud.orders.auto')}</Typography.Text>}
                </Space>
              ),
            },
            { title: t('cloud.field.orderedBy'), dataIndex: 'createdByName', width: 120 },
            {
              title: t('cloud.field.submittedAt'),
              dataIndex: 'submittedAt',
              width: 160,
              render: (value: string | null) => formatDateTime(value, locale),
            },
          ]}
        />
      </Card>
    </div>
  );
}
