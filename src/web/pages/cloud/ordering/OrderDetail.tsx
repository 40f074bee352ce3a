// /cloud/orders/:id — one order: its items with their price breakdown and provisioning status (refreshed every 2 s
// while anything is being provisioned), the approval steps (approver, due, escalated, decided by and when, reason),
// and what the user may do now: cancel (the orderer, before approval), approve or reject (the step's approver).
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Skeleton, Space, Steps, Table, Tag, Typography } from 'antd';
import type { StepsProps } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { formatDateTime } from '../../../components/format';
import { PageHeader } from '../../../components/PageHeader';
import { useApiError } from '../../../components/useApiError';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { orderApi } from '../cloudApi';
import { itemColumns } from './itemColumns';
import { formatFen } from '../types';
import type { ApprovalStep, Order, OrderItem, QuoteLine } from '../types';
import { DecisionButtons } from './decisions';
import { demandEntries, formatQuantity, isInFlight, isOverdue, localName } from './logic';
import { useOfferingIndex } from './offerings';
import { ApprovalStatusTag, ItemStatusTag, OrderStatusTag } from './tags';

/** How often an order being provisioned is asked for again. */
export const PROVISIONING_POLL_MS = 2000;

export function OrderDetail() {
  const { id = '' } = useParams();
  const { t, errorMessage } = useI18n();
  const navigate = useNavigate();
  const loaded = useAsync(() => orderApi.get(id), [id]);
  const [order, setOrder] = useState<Order | null>(null);

  useEffect(() => {
    if (loaded.data) setOrder(loaded.data);
  }, [loaded.data]);

  // Provisioning takes seconds: follow it without the user pressing refresh, and stop once nothing moves.
  const moving = order ? isInFlight(order) : false;
  useEffect(() => {
    if (!moving) return;
    let stopped = false;
    const timer = setInterval(() => {
      orderApi
        .get(id)
        .then((next) => {
          if (!stopped) setOrder(next);
        })
        .catch(() => {
          // a missed poll is retried on the next tick
        });
    }, PROVISIONING_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [moving, id]);

  return (
    <div>
      <PageHeader
        title={
          order ? (
            <Space>
              {order.number ?? t('cloud.orders.noNumber')}
              <OrderStatusTag value={order.status} />
            </Space>
          ) : (
            t('cloud.orders.detail')
          )
        }
        subtitle={order ? `${order.departmentName} · ${order.businessSystemName}` : undefined}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/cloud/orders')}>
              {t('cloud.orders.back')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={loaded.reload}>
              {t('common.refresh')}
            </Button>
            {order && <OrderActions order={order} onChanged={setOrder} />}
          </>
        }
      />
      {loaded.error != null && <Alert type="error" showIcon title={errorMessage(loaded.error)} />}
      {!order && loaded.loading && <Skeleton active />}
      {order && <OrderBody order={order} moving={moving} />}
    </div>
  );
}

function OrderActions({ order, onChanged }: { order: Order; onChanged(order: Order): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const cancel = async () => {
    try {
      onChanged(await orderApi.cancel(order.id));
      void message.success(t('cloud.orders.cancelled'));
    } catch (e) {
      showError(e);
    }
  };
  return (
    <>
      {order.can.cancel && (
        <Popconfirm title={t('cloud.orders.cancelConfirm')} onConfirm={cancel} okText={t('cloud.orders.cancel')} cancelText={t('common.cancel')}>
          <Button danger data-testid="order-cancel">
            {t('cloud.orders.cancel')}
          </Button>
        </Popconfirm>
      )}
      {order.can.approve && <DecisionButtons order={order} onDecided={onChanged} />}
    </>
  );
}

function OrderBody({ order, moving }: { order: Order; moving: boolean }) {
  const { t, locale } = useI18n();
  return (
    <>
      {order.status === 'rejected' && order.rejectionReason && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('cloud.orders.rejectedBecause')} description={order.rejectionReason} />
      )}
      {moving && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('cloud.orders.provisioning')} data-testid="order-provisioning" />}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'department', label: t('cloud.field.department'), children: order.departmentName },
            { key: 'system', label: t('cloud.field.businessSystem'), children: order.businessSystemName },
            {
              key: 'total',
              label: t('cloud.field.monthly'),
              children: (
                <Typography.Text strong data-testid="order-total">
                  {t('cloud.perMonth', { price: formatFen(order.totalMonthlyFen, locale) })}
                </Typography.Text>
              ),
            },
            { key: 'orderedBy', label: t('cloud.field.orderedBy'), children: order.createdByName },
            { key: 'submittedAt', label: t('cloud.field.submittedAt'), children: formatDateTime(order.submittedAt, locale) },
            {
              key: 'decidedAt',
              label: t('cloud.field.decidedAt'),
              children: (
                <>
                  {formatDateTime(order.decidedAt, locale)}
                  {order.autoApproved && (
                    <Tag color="cyan" style={{ marginLeft: 8 }}>
                      {t('cloud.orders.auto')}
                    </Tag>
                  )}
                </>
              ),
            },
            { key: 'completedAt', label: t('cloud.field.completedAt'), children: formatDateTime(order.completedAt, locale) },
            {
              key: 'purpose',
              label: t('cloud.field.purpose'),
              span: 2,
              children: <span style={{ whiteSpace: 'pre-wrap' }}>{order.purpose ?? '—'}</span>,
            },
          ]}
        />
      </Card>
      <Card title={t('cloud.orders.items')} style={{ marginBottom: 16 }}>
        <ItemsTable order={order} />
      </Card>
      <Card title={t('cloud.approvals.steps')}>
        <ApprovalSteps order={order} />
      </Card>
    </>
  );
}

function ItemsTable({ order }: { order: Order }) {
  const { t, locale } = useI18n();
  const offerings = useOfferingIndex();
  return (
    <Table<OrderItem>
      rowKey="id"
      size="middle"
      pagination={false}
      dataSource={order.items}
      data-testid="order-items"
      scroll={{ x: 900 }}
      expandable={{ expandedRowRender: (item) => <ItemBreakdown item={item} /> }}
      columns={[
        ...itemColumns(t, locale, offerings),
        {
          title: t('common.status'),
          key: 'status',
          width: 220,
          render: (_, item) => (
            <span>
              <ItemStatusTag value={item.status} />
              {item.status === 'failed' && item.failureReason && (
                <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }} data-testid="item-failure">
                  {item.failureReason}
                </Typography.Text>
              )}
              {item.readyAt && (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {t('cloud.item.readyAt', { at: formatDateTime(item.readyAt, locale) })}
                </Typography.Text>
              )}
              {item.resourceId && (item.status === 'ready' || item.action === 'resize') && (
                <Link to={`/cloud/resources/${item.resourceId}`} data-testid="item-resource">
                  {t('cloud.item.openResource')}
                </Link>
              )}
            </span>
          ),
        },
      ]}
    />
  );
}

function ItemBreakdown({ item }: { item: OrderItem }) {
  const { t, locale } = useI18n();
  return (
    <div style={{ maxWidth: 640 }}>
      <Table<QuoteLine>
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={item.quote.lines}
        columns={[
          { title: t('cloud.quote.item'), key: 'name', render: (_, line) => localName(line, locale) },
          {
            title: t('cloud.quote.quantity'),
            key: 'quantity',
            align: 'right',
            render: (_, line) => `${line.quantity.toLocaleString(locale)}${line.unit ? ` ${line.unit}` : ''}`,
          },
          { title: t('cloud.quote.amount'), dataIndex: 'amountFen', align: 'right', render: (fen: number) => formatFen(fen, locale) },
        ]}
      />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
        {t('cloud.quote.rateCard', { version: item.quote.rateCardVersion })}
        {' · '}
        {demandEntries(item.quotaDemand)
          .map(([dimension, amount]) => `${t(`cloud.dimension.${dimension}`)} ${formatQuantity(dimension, amount, t, locale)}`)
          .join(' · ')}
      </Typography.Text>
    </div>
  );
}

const STEP_STATUS: Record<ApprovalStep['status'], NonNullable<StepsProps['items']>[number]['status']> = {
  waiting: 'wait',
  pending: 'process',
  approved: 'finish',
  auto_approved: 'finish',
  rejected: 'error',
  skipped: 'wait',
};

function ApprovalSteps({ order }: { order: Order }) {
  const { t, locale } = useI18n();
  if (order.approvals.length === 0) return <Typography.Text type="secondary">{t('cloud.approvals.noSteps')}</Typography.Text>;
  const now = new Date();
  const steps = [...order.approvals].sort((a, b) => a.step - b.step);
  return (
    <Steps
      orientation="vertical"
      size="small"
      data-testid="approval-steps"
      items={steps.map((step) => {
        const overdue = isOverdue(step, now);
        return {
          status: STEP_STATUS[step.status],
          title: (
            <Space size={8}>
              {t(`cloud.approver.${step.approver}`)}
              <ApprovalStatusTag value={step.status} />
              {overdue && <Tag color="red">{t('cloud.approvals.overdue')}</Tag>}
              {step.escalatedAt && <Tag color="orange">{t('cloud.approvals.escalated')}</Tag>}
            </Space>
          ),
          content: (
            <div data-testid={`approval-step-${step.step}`}>
              {step.dueAt && (step.status === 'pending' || step.status === 'waiting') && (
                <Typography.Text type={overdue ? 'danger' : 'secondary'} style={{ display: 'block' }}>
                  {t('cloud.approvals.due', { at: formatDateTime(step.dueAt, locale) })}
                </Typography.Text>
              )}
              {step.escalatedAt && (
                <Typography.Text type="warning" style={{ display: 'block' }}>
                  {t('cloud.approvals.escalatedAt', {
                    at: formatDateTime(step.escalatedAt, locale),
                    to: step.escalateTo ? t(`cloud.escalateTo.${step.escalateTo}`) : '—',
                  })}
                </Typography.Text>
              )}
              {step.decidedAt && (
                <Typography.Text type="secondary" style={{ display: 'block' }}>
                  {step.status === 'auto_approved'
                    ? t('cloud.approvals.autoAt', { at: formatDateTime(step.decidedAt, locale) })
                    : t('cloud.approvals.decided', { by: step.decidedByName ?? '—', at: formatDateTime(step.decidedAt, locale) })}
                </Typography.Text>
              )}
              {step.reason && (
                <Typography.Text style={{ display: 'block', whiteSpace: 'pre-wrap' }}>
                  {t('cloud.approvals.reason', { reason: step.reason })}
                </Typography.Text>
              )}
            </div>
          ),
        };
      })}
    />
  );
}
