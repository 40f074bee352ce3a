// Console localisation: zh-CN first, en-US via the header switch. Messages are flat dotted keys merged from
// the files in ./messages; antd's own texts (pagination, pickers, empty states) follow the same switch.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { App as AntdApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { ApiError, setRequestLocale } from '../api/client';
import audit from './messages/audit';
import catalog from './messages/catalog';
import common from './messages/common';
import directory from './messages/directory';
import errors from './messages/errors';
import exchange from './messages/exchange';
import harvest from './messages/harvest';
import cloud from './messages/cloud';
import cloudAdmin from './messages/cloud-admin';
import cloudUsage from './messages/cloud-usage';
import opendata from './messages/opendata';
import portal from './messages/portal';

export type Locale = 'zh-CN' | 'en-US';
export type Messages = Record<Locale, Record<string, string>>;

export const LOCALES: Locale[] = ['zh-CN', 'en-US'];
const STORAGE_KEY = 'zs.locale';
const DEFAULT_LOCALE: Locale = 'zh-CN';

// Chinese UI fonts first, including those of domestic Linux desktops (Kylin, UOS), where government
// machines often have only Noto/Source Han or WenQuanYi.
export const FONT_FAMILY = [
  '-apple-system',
  'BlinkMacSystemFont',
  "'Segoe UI'",
  "'PingFang SC'",
  "'Hiragino Sans GB'",
  "'Microsoft YaHei'",
  "'Noto Sans CJK SC'",
  "'Source Han Sans SC'",
  "'WenQuanYi Micro Hei'",
  "'Helvetica Neue'",
  'Arial',
  'sans-serif',
  "'Apple Color Emoji'",
  "'Segoe UI Emoji'",
  "'Noto Color Emoji'",
].join(', ');

function mergeMessages(...parts: Messages[]): Messages {
  const merged: Messages = { 'zh-CN': {}, 'en-US': {} };
  for (const part of parts) {
    for (const locale of LOCALES) Object.assign(merged[locale], part[locale]);
  }
  return merged;
}

const MESSAGES = mergeMessages(common, directory, errors, catalog, audit, exchange, opendata, harvest, portal, cloud, cloudAdmin, cloudUsage);

export function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en-US';
}

function readStoredLocale(): Locale | null {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : null;
  } catch {
    return null; // storage disabled (private mode, sandboxed frame)
  }
}

/** True when the person chose a language on this browser; the server-side preference applies otherwise. */
export function hasStoredLocale(): boolean {
  return readStoredLocale() !== null;
}

function interpolate(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export interface I18nValue {
  locale: Locale;
  setLocale(l: Locale): void;
  t(key: string, vars?: Record<string, string | number>): string;
  errorMessage(e: unknown): string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function translate(locale: Locale, key: string, vars?: Record<string, string | number>): string {
  const template = MESSAGES[locale][key];
  // A missing key shows the key itself, so gaps are visible on screen instead of silently blank.
  return template === undefined ? key : interpolate(template, vars);
}

export function hasMessage(locale: Locale, key: string): boolean {
  return MESSAGES[locale][key] !== undefined;
}

/** Problem members become `{name}` variables; timestamps (e.g. `lockedUntil`) are shown in local time. */
function errorVars(error: ApiError, locale: Locale): Record<string, string | number> {
  const vars: Record<string, string | number> = { status: error.status };
  if (error.detail) vars.detail = error.detail;
  if (error.requestId) vars.requestId = error.requestId;
  for (const [key, value] of Object.entries(error.extra)) {
    if (typeof value === 'number') vars[key] = value;
    else if (typeof value === 'string') {
      vars[key] = ISO_TIMESTAMP.test(value) ? new Date(value).toLocaleString(locale) : value;
    } else if (Array.isArray(value)) vars[key] = value.map(String).join(', ');
  }
  return vars;
}

export function localiseError(locale: Locale, e: unknown): string {
  if (e instanceof ApiError) {
    const key = `error.${e.code}`;
    const text = hasMessage(locale, key)
      ? translate(locale, key, errorVars(e, locale))
      : (e.detail ?? translate(locale, 'error.unknown', { status: e.status, code: e.code }));
    // A server fault is looked up in the logs by its request id, so the person can quote it.
    return e.status >= 500 && e.requestId
      ? text + translate(locale, 'error.requestIdSuffix', { requestId: e.requestId })
      : text;
  }
  if (e instanceof Error && e.message) return e.message;
  return translate(locale, 'error.unknown', { status: '-', code: String(e) });
}

export function I18nProvider(props: { children: React.ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => readStoredLocale() ?? DEFAULT_LOCALE);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // the choice still applies to this tab
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
    setRequestLocale(locale);
    document.title = translate(locale, 'app.documentTitle');
  }, [locale]);

  const value = useMemo<I18nValue>(
    () => ({
      locale,
      setLocale,
      t: (key, vars) => translate(locale, key, vars),
      errorMessage: (e) => localiseError(locale, e),
    }),
    [locale, setLocale],
  );

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider
        locale={locale === 'zh-CN' ? zhCN : enUS}
        theme={{ token: { colorPrimary: '#1f4e9c', borderRadius: 4, fontFamily: FONT_FAMILY } }}
      >
        {/* antd's App gives message/notification/modal hooks that follow this ConfigProvider. */}
        <AntdApp>{props.children}</AntdApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
