// Coloured tags of the ordering pages: order status, item status, approval step status, category.
import { Tag } from 'antd';
import { useI18n } from '../../../i18n';
import type { ApprovalStatus, CloudCategory, OrderItemStatus, OrderStatus } from '../types';

const ORDER_COLORS: Record<OrderStatus, string> = {
  cart: 'default',
  approving: 'processing',
  approved: 'blue',
  provisioning: 'processing',
  completed: 'success',
  partially_failed: 'warning',
  failed: 'error',
  rejected: 'error',
  cancelled: 'default',
};

const ITEM_COLORS: Record<OrderItemStatus, string> = {
  cart: 'default',
  pending: 'gold',
  provisioning: 'processing',
  ready: 'success',
  failed: 'error',
  cancelled: 'default',
};

const APPROVAL_COLORS: Record<ApprovalStatus, string> = {
  waiting: 'default',
  pending: 'processing',
  approved: 'success',
  auto_approved: 'cyan',
  rejected: 'error',
  skipped: 'default',
};

export function OrderStatusTag({ value }: { value: OrderStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={ORDER_COLORS[value] ?? 'default'} data-testid="order-status">
      {t(`cloud.orderStatus.${value}`)}
    </Tag>
  );
}

export function ItemStatusTag({ value }: { value: OrderItemStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={ITEM_COLORS[value] ?? 'default'} data-testid="item-status">
      {t(`cloud.itemStatus.${value}`)}
    </Tag>
  );
}

export function ApprovalStatusTag({ value }: { value: ApprovalStatus }) {
  const { t } = useI18n();
  return <Tag color={APPROVAL_COLORS[value] ?? 'default'}>{t(`cloud.approvalStatus.${value}`)}</Tag>;
}

export function CategoryTag({ value }: { value: CloudCategory }) {
  const { t } = useI18n();
  return <Tag>{t(`cloud.category.${value}`)}</Tag>;
}
