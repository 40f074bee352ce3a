// Small pieces shared by the exchange pages: status tags, labels with fallbacks, counts and days.
import { Tag } from 'antd';
import { useI18n } from '../../i18n';

/** A translated label, or the raw value when this console does not know it (a newer server). */
export function useLabel(): (prefix: string, value: string | null | undefined) => string {
  const { t } = useI18n();
  return (prefix, value) => {
    if (value === null || value === undefined || value === '') return '—';
    const key = `${prefix}.${value}`;
    const text = t(key);
    return text === key ? value : text;
  };
}

const COLORS: Record<string, string> = {
  queued: 'default',
  running: 'processing',
  succeeded: 'success',
  rejected: 'warning',
  failed: 'error',
  pending: 'processing',
  approved: 'success',
  withdrawn: 'default',
  active: 'success',
  revoked: 'error',
  expired: 'default',
  paused: 'warning',
  dead: 'error',
  delivered: 'success',
  ok: 'success',
  late: 'error',
  never_loaded: 'default',
};

/** A coloured status tag; `kind` picks the message prefix (exchange.loadStatus, exchange.requestStatus …). */
export function StatusTag(props: { kind: string; value: string; testId?: string }) {
  const label = useLabel();
  return (
    <Tag color={COLORS[props.value] ?? 'default'} data-testid={props.testId}>
      {label(`exchange.${props.kind}`, props.value)}
    </Tag>
  );
}

/** Numbers with thousands separators in the console's locale. */
export function formatCount(value: number | null | undefined, locale: string): string {
  return value === null || value === undefined ? '—' : value.toLocaleString(locale);
}

/** A calendar day (YYYY-MM-DD) stays as it is; a timestamp shows its local date. */
export function formatDay(value: string | null | undefined): string {
  if (!value) return '—';
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : new Date(value).toLocaleDateString('sv-SE');
}

/** The console's text for an error code (`error.<code>`), else the server's own words. */
export function useCodeText(): (code: string | null | undefined, fallback: string) => string {
  const { t } = useI18n();
  return (code, fallback) => {
    if (!code) return fallback;
    const key = `error.${code}`;
    const text = t(key);
    return text === key ? fallback : text;
  };
}
