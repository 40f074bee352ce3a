/** Rows → API shapes. A source's answer is built from its opened settings minus the password. */
import type { PullRow, PullRunRow, SourceRow } from './repository.js';
import type { PullAnswer, RunAnswer, SourceAnswer } from './schema.js';
import type { ConnectionSettings } from './source-client.js';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function presentSource(row: SourceRow, settings: ConnectionSettings): SourceAnswer {
  return {
    id: row.id,
    departmentId: row.department_id,
    name: row.name,
    kind: row.kind,
    host: settings.host,
    port: settings.port,
    user: settings.user,
    database: settings.database,
    ssl: settings.ssl,
    summary: row.summary,
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

/** What the audit log keeps of a source: never the password, nor the sealed blob. */
export function auditSource(row: Pick<SourceRow, 'name' | 'kind' | 'summary' | 'department_id'>, settings: Pick<ConnectionSettings, 'ssl'>) {
  return { name: row.name, kind: row.kind, summary: row.summary, departmentId: row.department_id, ssl: settings.ssl };
}

export function presentRun(row: PullRunRow): RunAnswer {
  return {
    id: row.id,
    pullId: row.pull_id,
    kind: row.kind,
    status: row.status,
    loadId: row.load_id,
    readRows: Number(row.read_rows),
    inserted: Number(row.inserted),
    updated: Number(row.updated),
    unchanged: Number(row.unchanged),
    deleted: Number(row.deleted),
    rejected: Number(row.rejected),
    cursorFrom: row.cursor_from,
    cursorTo: row.cursor_to,
    error: row.error,
    startedAt: iso(row.started_at)!,
    finishedAt: iso(row.finished_at),
  };
}

export function presentPull(row: PullRow, lastRun: PullRunRow | undefined): PullAnswer {
  return {
    id: row.id,
    resourceCode: row.resource_code,
    sourceId: row.source_id,
    sourceName: row.source_name,
    departmentId: row.department_id,
    sourceTable: row.source_table,
    columnMapping: row.column_mapping,
    mode: row.mode,
    cursorColumn: row.cursor_column,
    safetyWindowSeconds: Number(row.safety_window_seconds),
    schedule: row.schedule,
    reconcileEveryRuns: Number(row.reconcile_every_runs),
    enabled: row.enabled,
    cursorValue: row.cursor_value,
    runsSinceReconcile: Number(row.runs_since_reconcile),
    nextRunAt: iso(row.next_run_at),
    lastRun: lastRun ? presentRun(lastRun) : null,
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

/** The pull's settings as the audit log keeps them. */
export function auditPull(row: Pick<PullRow, 'source_id' | 'source_table' | 'column_mapping' | 'mode' | 'cursor_column' | 'safety_window_seconds' | 'schedule' | 'reconcile_every_runs' | 'enabled'> & { resource_code?: string }) {
  return {
    resourceCode: row.resource_code,
    sourceId: row.source_id,
    sourceTable: row.source_table,
    columnMapping: row.column_mapping,
    mode: row.mode,
    cursorColumn: row.cursor_column,
    safetyWindowSeconds: Number(row.safety_window_seconds),
    schedule: row.schedule,
    reconcileEveryRuns: Number(row.reconcile_every_runs),
    enabled: row.enabled,
  };
}
