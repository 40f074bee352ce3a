/** The only SQL of the pull part: exchange_sources, exchange_pulls, exchange_pull_runs. */
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import type { NewRow, Row, RowUpdate } from '../../../platform/db/schema.js';

export type SourceRow = Row<'exchange_sources'>;
export type PullRunRow = Row<'exchange_pull_runs'>;
/** A pull with what the API shows next to it: the resource code and the source's name and department. */
export type PullRow = Row<'exchange_pulls'> & { resource_code: string; source_name: string; department_id: string };

/** null: every department (data admin, CLI). */
export type DepartmentScope = string | null;

export const getSource = (db: Executor, id: string) =>
  db.selectFrom('exchange_sources').selectAll().where('id', '=', id).executeTakeFirst();

export function listSources(db: Executor, scope: DepartmentScope): Promise<SourceRow[]> {
  let query = db.selectFrom('exchange_sources').selectAll();
  if (scope !== null) query = query.where('department_id', '=', scope);
  return query.orderBy('name').orderBy('id').execute();
}

export async function insertSource(db: Executor, row: NewRow<'exchange_sources'>): Promise<SourceRow> {
  return db.insertInto('exchange_sources').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateSource(db: Executor, id: string, change: RowUpdate<'exchange_sources'>): Promise<SourceRow> {
  return db.updateTable('exchange_sources').set({ ...change, updated_at: sql<Date>`now()` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteSource(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('exchange_sources').where('id', '=', id).execute();
}

export async function countPullsOfSource(db: Executor, sourceId: string): Promise<number> {
  const row = await db.selectFrom('exchange_pulls').select(sql<number>`count(*)::int`.as('n')).where('source_id', '=', sourceId).executeTakeFirstOrThrow();
  return row.n;
}

function pullQuery(db: Executor) {
  return db
    .selectFrom('exchange_pulls')
    .innerJoin('exchange_sources', 'exchange_sources.id', 'exchange_pulls.source_id')
    .innerJoin('exchange_stores', 'exchange_stores.resource_id', 'exchange_pulls.resource_id')
    .selectAll('exchange_pulls')
    .select(['exchange_stores.resource_code', 'exchange_sources.name as source_name', 'exchange_sources.department_id']);
}

export const getPull = (db: Executor, id: string): Promise<PullRow | undefined> =>
  pullQuery(db).where('exchange_pulls.id', '=', id).executeTakeFirst();

export function listPulls(db: Executor, scope: DepartmentScope, filter: { sourceId?: string; resourceCode?: string }): Promise<PullRow[]> {
  let query = pullQuery(db);
  if (scope !== null) query = query.where('exchange_sources.department_id', '=', scope);
  if (filter.sourceId) query = query.where('exchange_pulls.source_id', '=', filter.sourceId);
  if (filter.resourceCode) query = query.where('exchange_stores.resource_code', '=', filter.resourceCode);
  return query.orderBy('exchange_pulls.created_at').orderBy('exchange_pulls.id').execute();
}

export async function insertPull(db: Executor, row: NewRow<'exchange_pulls'>): Promise<void> {
  await db.insertInto('exchange_pulls').values(row).execute();
}

export async function updatePull(db: Executor, id: string, change: RowUpdate<'exchange_pulls'>): Promise<void> {
  await db.updateTable('exchange_pulls').set({ ...change, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

export async function deletePull(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('exchange_pull_runs').where('pull_id', '=', id).execute();
  await db.deleteFrom('exchange_pulls').where('id', '=', id).execute();
}

/** The cursor and reconcile counter move with the data (no updated_at: that tracks changes of the settings). */
export async function setPullState(db: Executor, id: string, change: Pick<RowUpdate<'exchange_pulls'>, 'cursor_value' | 'cursor_key' | 'runs_since_reconcile' | 'next_run_at'>): Promise<void> {
  if (Object.keys(change).length === 0) return;
  await db.updateTable('exchange_pulls').set(change).where('id', '=', id).execute();
}

/** Locks the pull row for a claim (run now, or the scheduler's due pull). */
export function lockPull(db: Executor, id: string) {
  return db.selectFrom('exchange_pulls').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The next due pull nobody else is claiming (FOR UPDATE SKIP LOCKED: several nodes share the work). */
export function lockDuePull(db: Executor) {
  return db
    .selectFrom('exchange_pulls')
    .selectAll()
    .where('enabled', '=', true)
    .where('next_run_at', '<=', sql<Date>`now()`)
    .orderBy('next_run_at')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export function runningRuns(db: Executor, pullId: string) {
  return db.selectFrom('exchange_pull_runs').selectAll().where('pull_id', '=', pullId).where('status', '=', 'running').execute();
}

export async function insertRun(db: Executor, row: NewRow<'exchange_pull_runs'>): Promise<PullRunRow> {
  return db.insertInto('exchange_pull_runs').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateRun(db: Executor, id: string, change: RowUpdate<'exchange_pull_runs'>): Promise<void> {
  await db.updateTable('exchange_pull_runs').set(change).where('id', '=', id).execute();
}

/** Adds one committed chunk's counts to its run (inside the chunk's load transaction). */
export async function addRunCounts(
  db: Executor,
  id: string,
  counts: { read: number; inserted: number; updated: number; unchanged: number; deleted: number; rejected: number },
  loadId: string,
  cursorTo: string | null,
): Promise<void> {
  await db
    .updateTable('exchange_pull_runs')
    .set((eb) => ({
      read_rows: eb('read_rows', '+', counts.read),
      inserted: eb('inserted', '+', counts.inserted),
      updated: eb('updated', '+', counts.updated),
      unchanged: eb('unchanged', '+', counts.unchanged),
      deleted: eb('deleted', '+', counts.deleted),
      rejected: eb('rejected', '+', counts.rejected),
      load_id: loadId,
      cursor_to: cursorTo,
    }))
    .where('id', '=', id)
    .execute();
}

export const getRun = (db: Executor, id: string) => db.selectFrom('exchange_pull_runs').selectAll().where('id', '=', id).executeTakeFirst();

export async function listRuns(db: Executor, pullId: string, page: number, pageSize: number): Promise<{ rows: PullRunRow[]; total: number }> {
  const total = await db.selectFrom('exchange_pull_runs').select(sql<number>`count(*)::int`.as('n')).where('pull_id', '=', pullId).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('exchange_pull_runs')
    .selectAll()
    .where('pull_id', '=', pullId)
    .orderBy('started_at', 'desc')
    .orderBy('id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { rows, total: total.n };
}

export async function lastRuns(db: Executor, pullIds: string[]): Promise<Map<string, PullRunRow>> {
  if (pullIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('exchange_pull_runs')
    .selectAll()
    .distinctOn('pull_id')
    .where('pull_id', 'in', pullIds)
    .orderBy('pull_id')
    .orderBy('started_at', 'desc')
    .execute();
  return new Map(rows.map((row) => [row.pull_id, row]));
}
