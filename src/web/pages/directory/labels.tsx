// Small shared renderers of directory values in the current language.
import { Tag } from 'antd';
import type { ActiveStatus, Region } from '../../api/types';
import { useI18n } from '../../i18n';
import type { Locale } from '../../i18n';

type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** A translated label when the console knows the value, else the stored text itself. */
export function labelOr(t: Translate, key: string, fallback: string): string {
  const text = t(key);
  return text === key ? fallback : text;
}

export function kindLabel(kind: string, t: Translate): string {
  return labelOr(t, `directory.kind.${kind}`, kind);
}

export function regionLabel(region: Region | undefined, code: string, locale: Locale, fallbackName?: string | null): string {
  const name = region ? (locale === 'en-US' && region.nameEn ? region.nameEn : region.name) : fallbackName;
  return name ? `${name} (${code})` : code;
}

export function StatusTag(props: { status: ActiveStatus | string }) {
  const { t } = useI18n();
  const color = props.status === 'active' ? 'green' : props.status === 'revoked' ? 'red' : 'default';
  return <Tag color={color}>{labelOr(t, `common.status.${props.status}`, props.status)}</Tag>;
}
