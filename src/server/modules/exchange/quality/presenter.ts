/** Rows → API shapes of the quality part (schema.ts describes them). */
import type { Row } from '../../../platform/db/schema.js';
import type { LoadQuality } from '../index.js';
import type { AlarmRow, OverviewRow } from './repository.js';
import { dueAt, freshnessOf, type Freshness } from './scoring.js';

const iso = (value: Date | string | null | undefined): string | null => (value ? new Date(value).toISOString() : null);
const num = (value: string | number | null): number | null => (value === null ? null : Number(value));

export interface ScoreSummary {
  measuredAt: string;
  score: number;
  completeness: number;
  validity: number;
  uniqueness: number;
  timeliness: number;
}

export interface ScoreFull extends ScoreSummary {
  rowCount: number;
  details: Record<string, unknown>;
}

export interface ResourceQuality {
  code: string;
  name: string;
  departmentId: string;
  departmentName: string | null;
  updateCycle: string;
  hasStore: boolean;
  rowCount: number;
  lastLoadAt: string | null;
  freshness: Freshness;
  dueAt: string | null;
  /** Late now, or an alarm is open. */
  late: boolean;
  openAlarm: { id: string; raisedAt: string; dueAt: string } | null;
  score: ScoreSummary | null;
}

export function presentScore(row: Row<'exchange_quality_scores'>): ScoreFull {
  return {
    measuredAt: iso(row.measured_at)!,
    score: Number(row.score),
    completeness: Number(row.completeness),
    validity: Number(row.validity),
    uniqueness: Number(row.uniqueness),
    timeliness: Number(row.timeliness),
    rowCount: Number(row.row_count),
    details: row.details,
  };
}

export function presentResource(row: OverviewRow, departmentName: string | null, now: Date): ResourceQuality {
  const freshness = freshnessOf(row.update_cycle, row.last_load_at, now);
  return {
    code: row.code,
    name: row.name,
    departmentId: row.provider_department_id,
    departmentName,
    updateCycle: row.update_cycle,
    hasStore: row.has_store,
    rowCount: Number(row.row_count),
    lastLoadAt: iso(row.last_load_at),
    freshness,
    dueAt: iso(dueAt(row.update_cycle, row.last_load_at)),
    late: freshness === 'late' || row.alarm_id !== null,
    openAlarm: row.alarm_id ? { id: row.alarm_id, raisedAt: iso(row.alarm_raised_at)!, dueAt: iso(row.alarm_due_at)! } : null,
    score: row.measured_at
      ? {
          measuredAt: iso(row.measured_at)!,
          score: num(row.score)!,
          completeness: num(row.completeness)!,
          validity: num(row.validity)!,
          uniqueness: num(row.uniqueness)!,
          timeliness: num(row.timeliness)!,
        }
      : null,
  };
}

export interface LoadQualityReport {
  id: string;
  channel: string;
  format: string;
  status: string;
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  rejected: number;
  quality: LoadQuality | null;
  startedAt: string;
  finishedAt: string | null;
}

export function presentLoadReport(row: {
  id: string; channel: string; format: string; status: string; received: number; inserted: number; updated: number; unchanged: number;
  deleted: number; rejected: number; quality: unknown; started_at: Date; finished_at: Date | null;
}): LoadQualityReport {
  return {
    id: row.id,
    channel: row.channel,
    format: row.format,
    status: row.status,
    received: Number(row.received),
    inserted: Number(row.inserted),
    updated: Number(row.updated),
    unchanged: Number(row.unchanged),
    deleted: Number(row.deleted),
    rejected: Number(row.rejected),
    quality: (row.quality as LoadQuality | null) ?? null,
    startedAt: iso(row.started_at)!,
    finishedAt: iso(row.finished_at),
  };
}

export function presentAlarm(row: AlarmRow, departmentName: string | null) {
  return {
    id: row.id,
    resourceCode: row.resource_code,
    resourceName: row.resource_name,
    departmentId: row.provider_department_id,
    departmentName,
    raisedAt: iso(row.raised_at)!,
    dueAt: iso(row.due_at)!,
    lastLoadAt: iso(row.last_load_at),
    clearedAt: iso(row.cleared_at),
    open: row.cleared_at === null,
  };
}
