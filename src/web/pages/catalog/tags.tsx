// Small presentational pieces shared by the catalog pages: localised enumeration labels and coloured tags.
import { Tag } from 'antd';
import { useI18n } from '../../i18n';
import type { OpenType, ResourceStatus, SharingType } from './types';

export type EnumKind =
  | 'format'
  | 'updateCycle'
  | 'sharingType'
  | 'sharingMethod'
  | 'openType'
  | 'dataType'
  | 'sensitivity'
  | 'status';

/** Label of an enumeration value; an unknown value (a newer server) shows as itself rather than a key. */
export function useEnumLabel(): (kind: EnumKind, value: string | null | undefined) => string {
  const { t } = useI18n();
  return (kind, value) => {
    if (!value) return '';
    const key = `catalog.${kind}.${value}`;
    const label = t(key);
    return label === key ? value : label;
  };
}

const SHARING_COLORS: Record<SharingType, string> = {
  unconditional: 'green',
  conditional: 'orange',
  not_shared: 'red',
};

const OPEN_COLORS: Record<OpenType, string> = {
  open: 'blue',
  conditional: 'geekblue',
  not_open: 'default',
};

const STATUS_COLORS: Record<ResourceStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  published: 'success',
  retired: 'error',
};

export function SharingTypeTag({ value }: { value: SharingType }) {
  const label = useEnumLabel();
  return <Tag color={SHARING_COLORS[value] ?? 'default'}>{label('sharingType', value)}</Tag>;
}

export function OpenTypeTag({ value }: { value: OpenType }) {
  const label = useEnumLabel();
  return <Tag color={OPEN_COLORS[value] ?? 'default'}>{label('openType', value)}</Tag>;
}

export function StatusTag({ value }: { value: ResourceStatus }) {
  const label = useEnumLabel();
  return (
    <Tag color={STATUS_COLORS[value] ?? 'default'} data-testid="resource-status">
      {label('status', value)}
    </Tag>
  );
}
