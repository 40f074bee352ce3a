// Words for the portal's vocabulary values and numbers, in the reader's language. Themes, frequencies and
// licences are keyed as in the server's vocabulary.ts; their words live in messages/portal.ts.
import type { Locale } from '../i18n';

type Translate = (key: string, vars?: Record<string, string | number>) => string;

function lookup(t: Translate, key: string, fallback: string): string {
  const text = t(key);
  return text === key ? fallback : text;
}

export const themeLabel = (t: Translate, key: string): string => lookup(t, `portal.theme.${key}`, key);
export const frequencyLabel = (t: Translate, key: string | null): string =>
  key ? lookup(t, `portal.frequency.${key}`, key) : t('portal.frequency.unknown');
export const licenceLabel = (t: Translate, id: string): string => lookup(t, `portal.licence.${id}`, id);

/** A title in the reader's language when the server has one. */
export function localTitle(locale: Locale, item: { title: string; titleEn?: string | null }): string {
  return locale === 'en-US' && item.titleEn ? item.titleEn : item.title;
}

export function formatNumber(locale: Locale, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale).format(value);
}

export function formatDate(locale: Locale, iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(locale, { year: 'numeric', month: 'long', day: 'numeric' });
}

export function formatDateTime(locale: Locale, iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

export function formatBytes(locale: Locale, size: number | null): string {
  if (size === null || size === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

/** The language of a text the server gave in Chinese only, when the page is in another language (screen readers switch voice). */
export function textLang(locale: Locale, text: string | null | undefined): string | undefined {
  return locale !== 'zh-CN' && text && /[\u3400-\u9fff]/.test(text) ? 'zh-CN' : undefined;
}
