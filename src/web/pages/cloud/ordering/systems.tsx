// The business systems a user orders for: their own department's (the IT centre sees all, for filters). The last
// one picked is remembered in this browser tab, so the catalog's "add to cart" and the cart page agree.
import { Select } from 'antd';
import { useAuth } from '../../../auth';
import { directoryApi } from '../../../api/directory';
import type { BusinessSystem } from '../../../api/types';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { localName } from './logic';

const LAST_SYSTEM_KEY = 'zs.cloud.system';

export function rememberSystem(id: string | undefined): void {
  try {
    if (id) sessionStorage.setItem(LAST_SYSTEM_KEY, id);
    else sessionStorage.removeItem(LAST_SYSTEM_KEY);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

export function lastSystem(): string | undefined {
  try {
    return sessionStorage.getItem(LAST_SYSTEM_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Active systems the user may see: a department user's own department, the IT centre every one. */
export function useSystems(): { systems: BusinessSystem[]; loading: boolean; error: unknown } {
  const { me } = useAuth();
  const ownOnly = !!me && !me.roles.includes('data_admin');
  const departmentId = ownOnly ? (me?.departmentId ?? undefined) : undefined;
  const state = useAsync(async () => {
    if (ownOnly && !departmentId) return [];
    const systems = await directoryApi.systems(departmentId);
    return systems.filter((system) => system.status === 'active');
  }, [ownOnly, departmentId]);
  return { systems: state.data ?? [], loading: state.loading, error: state.error };
}

export function SystemSelect(props: {
  systems: BusinessSystem[];
  loading?: boolean;
  /** optional: inside a Form.Item the form supplies both */
  value?: string;
  onChange?(value: string | undefined): void;
  allowClear?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  testId?: string;
}) {
  const { t, locale } = useI18n();
  return (
    <Select
      data-testid={props.testId ?? 'system-select'}
      style={{ minWidth: 240, ...props.style }}
      loading={props.loading}
      value={props.value}
      allowClear={props.allowClear}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={props.placeholder ?? t('cloud.system.select')}
      options={props.systems.map((system) => ({ value: system.id, label: `${localName(system, locale)} (${system.code})` }))}
      onChange={(value: string | undefined) => props.onChange?.(value ?? undefined)}
    />
  );
}
