// Pure logic of the harvesting pages: form values ↔ API input, cron examples, run durations.
import type { HarvestRun, HarvestSource, HarvestSourceInput, SourceConfig, SourceType } from './types';

/** The form's flat values (config fields side by side with the source's own). */
export interface SourceFormValues {
  name: string;
  title: string;
  type: SourceType;
  url: string;
  schedule?: string;
  enabled: boolean;
  fq?: string;
  fullEvery?: number | null;
  rows?: number | null;
  overlapSeconds?: number | null;
  format?: 'auto' | 'jsonld' | 'turtle';
  timeoutSeconds?: number | null;
}

export const CKAN_DEFAULTS = { fullEvery: 10, rows: 100, overlapSeconds: 300 };
export const DEFAULT_TIMEOUT_SECONDS = 30;

export function formValuesOf(source: HarvestSource | null): SourceFormValues {
  if (!source) return { name: '', title: '', type: 'ckan', url: '', schedule: '0 2 * * *', enabled: true, format: 'auto' };
  const config = source.config ?? {};
  return {
    name: source.name,
    title: source.title,
    type: source.type,
    url: source.url,
    schedule: source.schedule ?? '',
    enabled: source.enabled,
    fq: config.fq,
    fullEvery: config.fullEvery ?? null,
    rows: config.rows ?? null,
    overlapSeconds: config.overlapSeconds ?? null,
    format: config.format ?? 'auto',
    timeoutSeconds: config.timeoutSeconds ?? null,
  };
}

const present = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

/** The API input: only the settings of the source's type, empty fields left out (the server's defaults apply). */
export function inputOf(values: SourceFormValues): HarvestSourceInput {
  const config: SourceConfig = {};
  if (values.type === 'ckan') {
    if (values.fq?.trim()) config.fq = values.fq.trim();
    if (present(values.fullEvery)) config.fullEvery = values.fullEvery;
    if (present(values.rows)) config.rows = values.rows;
    if (present(values.overlapSeconds)) config.overlapSeconds = values.overlapSeconds;
  } else if (values.format && values.format !== 'auto') {
    config.format = values.format;
  }
  if (present(values.timeoutSeconds)) config.timeoutSeconds = values.timeoutSeconds;
  return {
    name: values.name.trim(),
    title: values.title.trim(),
    type: values.type,
    url: values.url.trim(),
    schedule: values.schedule?.trim() ? values.schedule.trim().replace(/\s+/g, ' ') : null,
    enabled: values.enabled,
    config,
  };
}

/** Five space-separated fields: the server checks the rest and answers with the reason. */
export const looksLikeCron = (value: string): boolean => value.trim().split(/\s+/).length === 5;

/** Examples shown under the schedule field (message key → expression). */
export const CRON_EXAMPLES: Array<{ expression: string; key: string }> = [
  { expression: '0 2 * * *', key: 'harvest.cron.daily' },
  { expression: '0 */6 * * *', key: 'harvest.cron.sixHours' },
  { expression: '30 1 * * 1', key: 'harvest.cron.weekly' },
  { expression: '0 3 1 * *', key: 'harvest.cron.monthly' },
];

export const SLUG = /^[a-z0-9][a-z0-9_-]{1,49}$/;

export const isHttpUrl = (value: string): boolean => /^https?:\/\/[^\s/?#]+/i.test(value.trim());

export const isRunning = (run: Pick<HarvestRun, 'status'> | null | undefined): boolean => run?.status === 'running';

/** Seconds a run took (or has been taking), for the runs table. */
export function durationSeconds(run: Pick<HarvestRun, 'startedAt' | 'finishedAt'>, now = Date.now()): number {
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  return Math.max(0, Math.round((end - Date.parse(run.startedAt)) / 1000));
}

/** "1 h 2 min", "3 min 4 s", "5 s" (units from the messages). */
export function formatDuration(seconds: number, units: { h: string; min: string; s: string }): string {
  const h = Math.floor(seconds / 3600);
  const min = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} ${units.h} ${min} ${units.min}`;
  if (min > 0) return `${min} ${units.min} ${s} ${units.s}`;
  return `${s} ${units.s}`;
}

/** The message of a failed run starts with its error code ("opendata.harvest_timeout: …"): split it off. */
export function splitRunMessage(message: string | null): { code: string | null; text: string } {
  if (!message) return { code: null, text: '' };
  const match = /^([a-z_]+\.[a-z_]+): (.*)$/s.exec(message);
  return match ? { code: match[1], text: match[2] } : { code: null, text: message };
}

/**
 * What kind of run a succeeded run's message describes (the server writes it in English), as a message key with
 * its variables; null for other texts.
 */
export function runKindOf(message: string | null): { key: string; vars: Record<string, string | number> } | null {
  if (!message) return null;
  let match = /^Full run: (\d+) datasets (?:at the source|in the catalog)\.$/.exec(message);
  if (match) return { key: 'harvest.message.full', vars: { n: Number(match[1]) } };
  if (message.startsWith('Full run: the source changed while it was listed')) return { key: 'harvest.message.fullChanged', vars: {} };
  match = /^Incremental run: datasets modified since (\S+)\.$/.exec(message);
  if (match) return { key: 'harvest.message.incremental', vars: { since: match[1] } };
  return null;
}
