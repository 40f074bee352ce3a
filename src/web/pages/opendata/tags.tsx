// Coloured tags of the open data pages: open type, application status, request status.
import { Tag } from 'antd';
import { useI18n } from '../../i18n';
import type { ApplicationStatus, OpenType, RequestStatus } from './types';

const OPEN_TYPE_COLORS: Record<OpenType, string> = { open: 'green', conditional: 'orange' };
const APPLICATION_COLORS: Record<ApplicationStatus, string> = { pending: 'processing', approved: 'success', rejected: 'error', withdrawn: 'default' };
const REQUEST_COLORS: Record<RequestStatus, string> = { open: 'processing', accepted: 'blue', opened: 'success', declined: 'default' };

export function OpenTypeTag({ value }: { value: OpenType }) {
  const { t } = useI18n();
  return <Tag color={OPEN_TYPE_COLORS[value] ?? 'default'}>{t(`opendata.openType.${value}`)}</Tag>;
}

export function ApplicationStatusTag({ value, expired }: { value: ApplicationStatus; expired?: boolean }) {
  const { t } = useI18n();
  if (value === 'approved' && expired) return <Tag data-testid="application-status">{t('opendata.applicationStatus.expired')}</Tag>;
  return (
    <Tag color={APPLICATION_COLORS[value] ?? 'default'} data-testid="application-status">
      {t(`opendata.applicationStatus.${value}`)}
    </Tag>
  );
}

export function RequestStatusTag({ value }: { value: RequestStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={REQUEST_COLORS[value] ?? 'default'} data-testid="request-status">
      {t(`opendata.requestStatus.${value}`)}
    </Tag>
  );
}
