// Small pieces the usage pages share: status and drift tags, the lease end in its warning colour, money in yuan.
import { WarningOutlined } from '@ant-design/icons';
import { Tag, Tooltip, Typography } from 'antd';
import { formatDateTime } from '../../../components/format';
import { useI18n } from '../../../i18n';
import type { Locale } from '../../../i18n';
import { formatFen } from '../types';
import type { CloudResource, ResourceStatus } from '../types';
import { leaseState } from './logic';

const STATUS_COLORS: Record<ResourceStatus, string> = {
  provisioning: 'processing',
  active: 'success',
  resizing: 'processing',
  retiring: 'warning',
  retired: 'default',
  failed: 'error',
};

export const RESOURCE_STATUSES: ResourceStatus[] = ['provisioning', 'active', 'resizing', 'retiring', 'retired', 'failed'];

export function ResourceStatusTag({ status }: { status: ResourceStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="resource-status">
      {t(`cloudUsage.status.${status}`)}
    </Tag>
  );
}

export function DriftTag({ resource }: { resource: Pick<CloudResource, 'driftStatus' | 'driftDetail'> }) {
  const { t } = useI18n();
  if (resource.driftStatus === 'ok') return null;
  return (
    <Tooltip title={resource.driftDetail ?? undefined}>
      <Tag color={resource.driftStatus === 'missing' ? 'error' : 'warning'} icon={<WarningOutlined />} data-testid="resource-drift">
        {t(`cloudUsage.drift.${resource.driftStatus}`)}
      </Tag>
    </Tooltip>
  );
}

/** The lease end; within 30 days in the warning colour, past it in red. */
export function LeaseEnd({ leaseEndsAt }: { leaseEndsAt: string | null }) {
  const { t, locale } = useI18n();
  const { state, daysLeft } = leaseState(leaseEndsAt);
  if (state === 'none') return <Typography.Text type="secondary">{t('cloudUsage.lease.none')}</Typography.Text>;
  const when = formatDateTime(leaseEndsAt, locale);
  if (state === 'ok') return <span>{when}</span>;
  return (
    <Tooltip title={state === 'expired' ? t('cloudUsage.lease.expired') : t('cloudUsage.lease.daysLeft', { n: daysLeft ?? 0 })}>
      <Typography.Text type={state === 'expired' ? 'danger' : 'warning'} data-testid="lease-warning">
        <WarningOutlined /> {when}
      </Typography.Text>
    </Tooltip>
  );
}

export function yuan(fen: number | null | undefined, locale: Locale): string {
  return fen === null || fen === undefined ? '—' : formatFen(fen, locale);
}

/** "¥1,234.00/月" */
export function MonthlyPrice({ fen }: { fen: number | null | undefined }) {
  const { t, locale } = useI18n();
  if (fen === null || fen === undefined) return <span>—</span>;
  return <span>{t('cloudUsage.perMonth', { amount: formatFen(fen, locale) })}</span>;
}

export function offeringLabel(resource: Pick<CloudResource, 'offeringName' | 'offeringNameEn'>, locale: Locale): string {
  return locale === 'en-US' && resource.offeringNameEn ? resource.offeringNameEn : resource.offeringName;
}
