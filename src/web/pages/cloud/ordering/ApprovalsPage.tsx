// /cloud/approvals — 审批: the orders waiting for this user's decision (their step is pending, or was escalated to
// them), oldest deadline first, overdue ones highlighted; approve or reject from the list, or open the order.
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../../components/format';
import { PageHeader } from '../../../components/PageHeader';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { orderApi } from '../cloudApi';
import { formatFen } from '../types';
import type { Order } from '../types';
import { DecisionButtons } from './decisions';
import { byUrgency, currentStep, isOverdue, itemOfferingName } from './logic';

export function ApprovalsPage() {
  const { t, locale, errorMessage } = useI18n();
  const inbox = useAsync(() => orderApi.inbox(), []);
  const now = new Date();
  const rows = useMemo(() => [...(inbox.data ?? [])].sort(byUrgency), [inbox.data]);
  const overdue = rows.filter((order) => {
    const step = currentStep(order);
    return step ? isOverdue(step, now) || step.escalatedAt !== null : false;
  }).length;

  return (
    <div>
      <PageHeader title={t('cloud.approvals.title')} subtitle={t('cloud.approvals.subtitle')} />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Button icon={<ReloadOutlined />} onClick={inbox.reload}>
            {t('common.refresh')}
          </Button>
          <Typography.Text type="secondary">{t('common.total', { n: rows.length })}</Typography.Text>
          {overdue > 0 && <Tag color="red">{t('cloud.approvals.overdueCount', { n: overdue })}</Tag>}
        </Space>
        {inbox.error != null && <Alert type="error" showIcon title={errorMessage(inbox.error)} style={{ marginBottom: 12 }} />}
        <Table<Order>
          rowKey="id"
          size="middle"
          loading={inbox.loading}
          dataSource={rows}
          data-testid="approvals-inbox"
          scroll={{ x: 1000 }}
          pagination={false}
          locale={{ emptyText: t('cloud.approvals.empty') }}
          onRow={(order) => {
            // Overdue rows stand out in the list, not only in their due column.
            const step = currentStep(order);
            return step && isOverdue(step, now) ? { style: { background: '#fff1f0' } } : {};
          }}
          columns={[
            {
              title: t('cloud.field.orderNumber'),
              key: 'number',
              width: 190,
              render: (_, order) => <Link to={`/cloud/orders/${order.id}`}>{order.number ?? '—'}</Link>,
            },
            {
              title: t('cloud.field.businessSystem'),
              key: 'system',
              render: (_, order) => (
                <span>
                  {order.businessSystemName}
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {order.departmentName} · {order.createdByName}
                  </Typography.Text>
                </span>
              ),
            },
            {
              title: t('cloud.orders.items'),
              key: 'items',
              render: (_, order) => (
                <Typography.Text style={{ fontSize: 12 }}>
                  {order.items.map((item) => `${item.name} (${itemOfferingName(item, locale)})`).join(', ')}
                </Typography.Text>
              ),
            },
            {
              title: t('cloud.field.monthly'),
              dataIndex: 'totalMonthlyFen',
              width: 140,
              align: 'right',
              render: (fen: number) => t('cloud.perMonth', { price: formatFen(fen, locale) }),
            },
            {
              title: t('cloud.approvals.step'),
              key: 'step',
              width: 150,
              render: (_, order) => {
                const step = currentStep(order);
                return step ? (
                  <Space size={4} wrap>
                    {t(`cloud.approver.${step.approver}`)}
                    {step.escalatedAt && <Tag color="orange">{t('cloud.approvals.escalated')}</Tag>}
                  </Space>
                ) : (
                  '—'
                );
              },
            },
            {
              title: t('cloud.approvals.dueAt'),
              key: 'due',
              width: 170,
              render: (_, order) => {
                const step = currentStep(order);
                if (!step?.dueAt) return '—';
                const late = isOverdue(step, now);
                return (
                  <Typography.Text type={late ? 'danger' : undefined} strong={late}>
                    {formatDateTime(step.dueAt, locale)}
                    {late && <Tag color="red" style={{ marginLeft: 6 }}>{t('cloud.approvals.overdue')}</Tag>}
                  </Typography.Text>
                );
              },
            },
            { title: t('cloud.field.submittedAt'), dataIndex: 'submittedAt', width: 150, render: (value: string | null) => formatDateTime(value, locale) },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 170,
              fixed: 'right',
              render: (_, order) => (order.can.approve ? <DecisionButtons order={order} size="small" onDecided={inbox.reload} /> : null),
            },
          ]}
        />
      </Card>
    </div>
  );
}
