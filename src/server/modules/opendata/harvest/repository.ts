/** The SQL of harvest sources, their runs and the runs' per-dataset errors. */
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import type { NewRow, Row, RowUpdate } from '../../../platform/db/schema.js';

export type SourceRow = Row<'opendata_harvest_sources'>;
export type RunRow = Row<'opendata_harvest_runs'>;
export type ErrorRow = Row<'opendata_harvest_errors'>;

export const getSource = (db: Executor, id: string): Promise<SourceRow | undefined> =>
  db.selectFrom('opendata_harvest_sources').selectAll().where('id', '=', id).executeTakeFirst();

export const sourceByName = (db: Executor, name: string): Promise<SourceRow | undefined> =>
  db.selectFrom('opendata_harvest_sources').selectAll().where('name', '=', name).executeTakeFirst();

export const listSources = (db: Executor): Promise<SourceRow[]> =>
  db.selectFrom('opendata_harvest_sources').selectAll().orderBy('name').execute();

export const insertSource = (db: Executor, row: NewRow<'opendata_harvest_sources'>): Promise<SourceRow> =>
  db.insertInto('opendata_harvest_sources').values(row).returningAll().executeTakeFirstOrThrow();

export const updateSource = (db: Executor, id: string, change: RowUpdate<'opendata_harvest_sources'>): Promise<SourceRow> =>
  db.updateTable('opendata_harvest_sources').set({ ...change, updated_at: sql<Date>`now()` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** Run bookkeeping on the source (not a change of its settings: updated_at stays). */
export async function setSourceState(
  db: Executor,
  id: string,
  change: Pick<RowUpdate<'opendata_harvest_sources'>, 'next_run_at' | 'last_run_at' | 'last_success_at' | 'last_modified_seen'>,
): Promise<void> {
  if (Object.keys(change).length === 0) return;
  await db.updateTable('opendata_harvest_sources').set(change).where('id', '=', id).execute();
}

export async function deleteSource(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('opendata_harvest_sources').where('id', '=', id).execute();
}

export const lockSource = (db: Executor, id: string): Promise<SourceRow | undefined> =>
  db.selectFrom('opendata_harvest_sources').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** The next enabled source whose scheduled time has come, that no other node is claiming right now. */
export const lockDueSource = (db: Executor): Promise<SourceRow | undefined> =>
  db
    .selectFrom('opendata_harvest_sources')
    .selectAll()
    .where('enabled', '=', true)
    .where('schedule', 'is not', null)
    .where('next_run_at', '<=', sql<Date>`now()`)
    .orderBy('next_run_at')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();

/** Active datasets per source. */
export async function datasetCounts(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('opendata_datasets')
    .select(['source_id', sql<number>`count(*)::int`.as('n')])
    .where('source_id', 'is not', null)
    .where('state', '=', 'active')
    .groupBy('source_id')
    .execute();
  return new Map(rows.map((row) => [row.source_id!, row.n]));
}

// ------------------------------------------------------------------ runs

export const insertRun = (db: Executor, row: NewRow<'opendata_harvest_runs'>): Promise<RunRow> =>
  db.insertInto('opendata_harvest_runs').values(row).returningAll().executeTakeFirstOrThrow();

export const getRun = (db: Executor, id: string): Promise<RunRow | undefined> =>
  db.selectFrom('opendata_harvest_runs').selectAll().where('id', '=', id).executeTakeFirst();

export async function updateRun(db: Executor, id: string, change: RowUpdate<'opendata_harvest_runs'>): Promise<void> {
  await db.updateTable('opendata_harvest_runs').set(change).where('id', '=', id).execute();
}

export const runningRuns = (db: Executor, sourceId: string): Promise<RunRow[]> =>
  db.selectFrom('opendata_harvest_runs').selectAll().where('source_id', '=', sourceId).where('status', '=', 'running').execute();

/** Runs that ended well (succeeded or partial) since the source's last full run: decides when the next one is full. */
export async function countFinishedRuns(db: Executor, sourceId: string): Promise<number> {
  const row = await db
    .selectFrom('opendata_harvest_runs')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('source_id', '=', sourceId)
    .where('status', 'in', ['succeeded', 'partial'])
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function listRuns(db: Executor, sourceId: string, page: number, pageSize: number): Promise<{ rows: RunRow[]; total: number }> {
  const total = await db.selectFrom('opendata_harvest_runs').select(sql<number>`count(*)::int`.as('n')).where('source_id', '=', sourceId).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('opendata_harvest_runs')
    .selectAll()
    .where('source_id', '=', sourceId)
    .orderBy('started_at', 'desc')
    .orderBy('id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { rows, total: total.n };
}

export async function lastRuns(db: Executor, sourceIds: string[]): Promise<Map<string, RunRow>> {
  if (sourceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('opendata_harvest_runs')
    .selectAll()
    .distinctOn('source_id')
    .where('source_id', 'in', sourceIds)
    .orderBy('source_id')
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return new Map(rows.map((row) => [row.source_id, row]));
}

export async function insertErrors(db: Executor, runId: string, errors: Array<{ identifier: string | null; message: string }>): Promise<void> {
  if (errors.length === 0) return;
  await db
    .insertInto('opendata_harvest_errors')
    .values(errors.map((error) => ({ run_id: runId, identifier: error.identifier?.slice(0, 2000) ?? null, message: error.message.slice(0, 4000) })))
    .execute();
}

export async function listErrors(db: Executor, runId: string, limit: number): Promise<{ rows: ErrorRow[]; total: number }> {
  const total = await db.selectFrom('opendata_harvest_errors').select(sql<number>`count(*)::int`.as('n')).where('run_id', '=', runId).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('opendata_harvest_errors').selectAll().where('run_id', '=', runId).orderBy('id').limit(limit).execute();
  return { rows, total: total.n };
}
