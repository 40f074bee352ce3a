/** Rows → API shapes of harvesting. */
import type { HarvestRunSummary } from '../index.js';
import type { ErrorRow, RunRow, SourceRow } from './repository.js';
import type { RunDetailAnswer, SourceAnswer, SourceConfig } from './schema.js';

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export function presentRun(row: RunRow): HarvestRunSummary {
  return {
    id: row.id,
    sourceId: row.source_id,
    trigger: row.trigger,
    status: row.status,
    created: Number(row.created),
    updated: Number(row.updated),
    unchanged: Number(row.unchanged),
    deleted: Number(row.deleted),
    failed: Number(row.failed),
    message: row.message,
    startedAt: iso(row.started_at)!,
    finishedAt: iso(row.finished_at),
  };
}

export function presentSource(row: SourceRow, lastRun: RunRow | undefined, datasetCount: number): SourceAnswer {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    type: row.type,
    url: row.url,
    schedule: row.schedule,
    enabled: row.enabled,
    config: row.config as SourceConfig,
    lastModifiedSeen: iso(row.last_modified_seen),
    nextRunAt: iso(row.next_run_at),
    lastRunAt: iso(row.last_run_at),
    lastSuccessAt: iso(row.last_success_at),
    lastRun: lastRun ? presentRun(lastRun) : null,
    datasetCount,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

export function presentRunDetail(row: RunRow, source: Pick<SourceRow, 'name' | 'title'>, errors: ErrorRow[], errorCount: number): RunDetailAnswer {
  return {
    ...presentRun(row),
    sourceName: source.name,
    sourceTitle: source.title,
    errors: errors.map((error) => ({ id: Number(error.id), identifier: error.identifier, message: error.message, at: iso(error.at)! })),
    errorCount,
  };
}

/** What the audit log keeps of a source's settings. */
export function auditSource(row: Pick<SourceRow, 'name' | 'title' | 'type' | 'url' | 'schedule' | 'enabled' | 'config'>) {
  return { name: row.name, title: row.title, type: row.type, url: row.url, schedule: row.schedule, enabled: row.enabled, config: row.config };
}
