/** The SQL of the quota ledger: one row per department and dimension (cloud_quotas). */
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import type { QuotaDimension, Row } from '../../../platform/db/schema.js';

export type QuotaRow = Row<'cloud_quotas'> & { department_name: string };

/**
 * The reservation itself: one conditional UPDATE, so two transactions reserving the last units of a quota are
 * ordered by the row lock and the second sees the first's reservation (no read-then-write race).
 * Answers whether the units fitted; a dimension without a row answers false too (the caller tells them apart).
 */
export async function reserveIfRoom(db: Executor, departmentId: string, dimension: QuotaDimension, units: number): Promise<boolean> {
  const row = await db
    .updateTable('cloud_quotas')
    .set({ reserved: sql<number>`reserved + ${units}`, updated_at: sql<Date>`now()` })
    .where('department_id', '=', departmentId)
    .where('dimension', '=', dimension)
    .where(sql<boolean>`quota_limit - reserved - committed >= ${units}`)
    .returning('dimension')
    .executeTakeFirst();
  return row !== undefined;
}

/** Moves units from reserved to committed (never below zero). */
export async function moveToCommitted(db: Executor, departmentId: string, dimension: QuotaDimension, units: number): Promise<void> {
  await db
    .updateTable('cloud_quotas')
    .set({ reserved: sql<number>`greatest(reserved - ${units}, 0)`, committed: sql<number>`committed + ${units}`, updated_at: sql<Date>`now()` })
    .where('department_id', '=', departmentId)
    .where('dimension', '=', dimension)
    .execute();
}

/** Takes units off one column (never below zero). */
export async function subtract(db: Executor, departmentId: string, dimension: QuotaDimension, column: 'reserved' | 'committed', units: number): Promise<void> {
  const value = column === 'reserved' ? sql<number>`greatest(reserved - ${units}, 0)` : sql<number>`greatest(committed - ${units}, 0)`;
  await db
    .updateTable('cloud_quotas')
    .set({ [column]: value, updated_at: sql<Date>`now()` })
    .where('department_id', '=', departmentId)
    .where('dimension', '=', dimension)
    .execute();
}

export async function rowsOf(db: Executor, departmentId: string, dimensions: QuotaDimension[]): Promise<Array<Pick<QuotaRow, 'dimension' | 'quota_limit' | 'reserved' | 'committed'>>> {
  if (dimensions.length === 0) return [];
  return db
    .selectFrom('cloud_quotas')
    .select(['dimension', 'quota_limit', 'reserved', 'committed'])
    .where('department_id', '=', departmentId)
    .where('dimension', 'in', dimensions)
    .execute();
}

export function list(db: Executor, departmentId: string | undefined): Promise<QuotaRow[]> {
  let query = db
    .selectFrom('cloud_quotas as q')
    .innerJoin('departments as d', 'd.id', 'q.department_id')
    .selectAll('q')
    .select('d.name as department_name');
  if (departmentId) query = query.where('q.department_id', '=', departmentId);
  return query.orderBy('d.sort_order').orderBy('d.name').orderBy('q.dimension').execute();
}

export const getOne = (db: Executor, departmentId: string, dimension: QuotaDimension): Promise<QuotaRow | undefined> =>
  db
    .selectFrom('cloud_quotas as q')
    .innerJoin('departments as d', 'd.id', 'q.department_id')
    .selectAll('q')
    .select('d.name as department_name')
    .where('q.department_id', '=', departmentId)
    .where('q.dimension', '=', dimension)
    .executeTakeFirst();

export const departmentExists = async (db: Executor, id: string): Promise<boolean> =>
  (await db.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

/**
 * What a department already holds in a dimension before it was ever tracked: reserved by its items waiting for or
 * in provisioning (their positive demand: a smaller resize reserves nothing), committed by its resources that
 * exist at the provider (active, resizing, or retiring until the retirement releases them).
 */
export async function currentUse(db: Executor, departmentId: string, dimension: QuotaDimension): Promise<{ reserved: number; committed: number }> {
  const reserved = await db
    .selectFrom('cloud_order_items as i')
    .innerJoin('cloud_orders as o', 'o.id', 'i.order_id')
    .select(sql<number>`coalesce(sum(ceil(greatest((i.quota_demand ->> ${dimension})::numeric, 0))), 0)::bigint`.as('n'))
    .where('o.department_id', '=', departmentId)
    .where('o.status', 'in', ['approving', 'approved', 'provisioning'])
    .where('i.status', 'in', ['pending', 'provisioning'])
    .executeTakeFirstOrThrow();
  const committed = await db
    .selectFrom('cloud_resources')
    .select(sql<number>`coalesce(sum(ceil(greatest((quota_demand ->> ${dimension})::numeric, 0))), 0)::bigint`.as('n'))
    .where('department_id', '=', departmentId)
    .where('status', 'in', ['active', 'resizing', 'retiring'])
    .executeTakeFirstOrThrow();
  return { reserved: Number(reserved.n), committed: Number(committed.n) };
}

/** The first limit of a dimension starts with what the department already holds; later ones change the limit only. */
export async function setLimit(db: Executor, departmentId: string, dimension: QuotaDimension, limit: number, firstUse: () => Promise<{ reserved: number; committed: number }>): Promise<{ created: boolean }> {
  const updated = await db
    .updateTable('cloud_quotas')
    .set({ quota_limit: limit, updated_at: sql<Date>`now()` })
    .where('department_id', '=', departmentId)
    .where('dimension', '=', dimension)
    .returning('dimension')
    .executeTakeFirst();
  if (updated) return { created: false };
  const use = await firstUse();
  const inserted = await db
    .insertInto('cloud_quotas')
    .values({ department_id: departmentId, dimension, quota_limit: limit, reserved: use.reserved, committed: use.committed })
    .onConflict((oc) => oc.columns(['department_id', 'dimension']).doUpdateSet({ quota_limit: limit, updated_at: sql<Date>`now()` }))
    .returning(sql<boolean>`xmax = 0`.as('inserted'))
    .executeTakeFirstOrThrow();
  return { created: inserted.inserted };
}
