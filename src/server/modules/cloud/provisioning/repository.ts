/** The SQL of provisioning: resources, their driver operations, orphans, and the order rows provisioning moves on. */
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import type { CloudCategory, NewRow, ResourceStatus, Row, RowUpdate } from '../../../platform/db/schema.js';

export type ResourceRow = Row<'cloud_resources'>;
export type OperationRow = Row<'cloud_operations'>;
export type OrderRow = Row<'cloud_orders'>;
export type OrderItemRow = Row<'cloud_order_items'>;

/** Statuses of a resource that exists (or is coming to exist) at its provider. */
export const LIVE_STATUSES: ResourceStatus[] = ['provisioning', 'active', 'resizing', 'retiring'];

// ------------------------------------------------------------------ resources as the API shows them

function resourceView(db: Executor) {
  return db
    .selectFrom('cloud_resources as r')
    .innerJoin('cloud_order_items as i', 'i.id', 'r.order_item_id')
    .innerJoin('cloud_orders as o', 'o.id', 'i.order_id')
    .innerJoin('departments as d', 'd.id', 'r.department_id')
    .innerJoin('business_systems as b', 'b.id', 'r.business_system_id')
    .innerJoin('cloud_providers as p', 'p.id', 'r.provider_id')
    .innerJoin('cloud_offerings as f', 'f.id', 'r.offering_id')
    .selectAll('r')
    .select([
      'o.id as order_id',
      'o.number as order_number',
      'o.created_by as ordered_by',
      'd.name as department_name',
      'b.name as business_system_name',
      'p.name as provider_name',
      'f.name as offering_name',
      'f.name_en as offering_name_en',
      'f.category as category',
    ]);
}

export type ResourceViewRow = ResourceRow & {
  order_id: string;
  order_number: string | null;
  ordered_by: string;
  department_name: string;
  business_system_name: string;
  provider_name: string;
  offering_name: string;
  offering_name_en: string | null;
  category: CloudCategory;
};

export interface ResourceFilter {
  departmentId?: string;
  businessSystemId?: string;
  status?: ResourceStatus;
  category?: CloudCategory;
  drift?: boolean;
}

function filtered(db: Executor, filter: ResourceFilter) {
  let query = resourceView(db);
  if (filter.departmentId) query = query.where('r.department_id', '=', filter.departmentId);
  if (filter.businessSystemId) query = query.where('r.business_system_id', '=', filter.businessSystemId);
  if (filter.status) query = query.where('r.status', '=', filter.status);
  if (filter.category) query = query.where('f.category', '=', filter.category);
  if (filter.drift === true) query = query.where('r.drift_status', '!=', 'ok');
  if (filter.drift === false) query = query.where('r.drift_status', '=', 'ok');
  return query;
}

export async function listResources(db: Executor, filter: ResourceFilter, page: number, pageSize: number): Promise<{ rows: ResourceViewRow[]; total: number }> {
  const rows = await filtered(db, filter).orderBy('r.created_at', 'desc').orderBy('r.id').limit(pageSize).offset((page - 1) * pageSize).execute();
  const count = await filtered(db, filter)
    .clearSelect()
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return { rows: rows as ResourceViewRow[], total: count.n };
}

export const getResourceView = async (db: Executor, id: string): Promise<ResourceViewRow | undefined> =>
  (await resourceView(db).where('r.id', '=', id).executeTakeFirst()) as ResourceViewRow | undefined;

export const lockResource = (db: Executor, id: string): Promise<ResourceRow | undefined> =>
  db.selectFrom('cloud_resources').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const insertResource = (db: Executor, row: NewRow<'cloud_resources'>): Promise<ResourceRow> =>
  db.insertInto('cloud_resources').values(row).returningAll().executeTakeFirstOrThrow();

export async function updateResource(db: Executor, id: string, change: RowUpdate<'cloud_resources'>): Promise<void> {
  await db.updateTable('cloud_resources').set({ ...change, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

// ------------------------------------------------------------------ orders

export const lockOrder = (db: Executor, id: string): Promise<OrderRow | undefined> =>
  db.selectFrom('cloud_orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const getOrder = (db: Executor, id: string): Promise<OrderRow | undefined> =>
  db.selectFrom('cloud_orders').selectAll().where('id', '=', id).executeTakeFirst();

export const getItem = (db: Executor, id: string): Promise<OrderItemRow | undefined> =>
  db.selectFrom('cloud_order_items').selectAll().where('id', '=', id).executeTakeFirst();

export const itemsOfOrder = (db: Executor, orderId: string): Promise<OrderItemRow[]> =>
  db.selectFrom('cloud_order_items').selectAll().where('order_id', '=', orderId).orderBy('created_at').orderBy('id').execute();

export async function updateItem(db: Executor, id: string, change: RowUpdate<'cloud_order_items'>): Promise<void> {
  await db.updateTable('cloud_order_items').set(change).where('id', '=', id).execute();
}

export async function updateOrder(db: Executor, id: string, change: RowUpdate<'cloud_orders'>): Promise<void> {
  await db.updateTable('cloud_orders').set({ ...change, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

/** What the tags of an order's resources name: the department's short code and the business system's code. */
export const orderLabels = (db: Executor, orderId: string) =>
  db
    .selectFrom('cloud_orders as o')
    .innerJoin('departments as d', 'd.id', 'o.department_id')
    .innerJoin('business_systems as b', 'b.id', 'o.business_system_id')
    .select(['d.short_code', 'b.code as system_code'])
    .where('o.id', '=', orderId)
    .executeTakeFirstOrThrow();

/** Where an offering is provisioned: its provider's endpoint of the offering's driver. */
export const offeringEndpoint = (db: Executor, offeringId: string) =>
  db
    .selectFrom('cloud_offerings as f')
    .leftJoin('cloud_provider_endpoints as e', (join) => join.onRef('e.provider_id', '=', 'f.provider_id').onRef('e.driver', '=', 'f.driver'))
    .select(['f.id', 'f.provider_id', 'f.driver', 'f.resource_kind', 'e.id as endpoint_id'])
    .where('f.id', '=', offeringId)
    .executeTakeFirstOrThrow();

// ------------------------------------------------------------------ operations

export const insertOperation = (db: Executor, row: NewRow<'cloud_operations'>): Promise<OperationRow> =>
  db.insertInto('cloud_operations').values(row).returningAll().executeTakeFirstOrThrow();

/** A retire asked again after one that failed: the same operation (same key) starts over. */
export const upsertRetireOperation = (db: Executor, resourceId: string): Promise<OperationRow> =>
  db
    .insertInto('cloud_operations')
    .values({ resource_id: resourceId, kind: 'retire', idempotency_key: resourceId, status: 'queued' })
    .onConflict((conflict) =>
      conflict.columns(['kind', 'idempotency_key']).doUpdateSet({
        status: 'queued', attempts: 0, driver_ref: null, error: null, next_poll_at: sql<Date>`now()`, started_at: null, finished_at: null,
      }))
    .returningAll()
    .executeTakeFirstOrThrow();

/**
 * Claims up to `limit` due operations for this worker: the rows are locked with SKIP LOCKED (another node's claim
 * in progress is passed over) and their next_poll_at moved to `claimedUntil`, so once this transaction commits no
 * other node finds them due until the claim runs out (a node that died mid-call is taken over then).
 */
export async function claimDueOperations(db: Executor, limit: number, claimedUntil: Date): Promise<OperationRow[]> {
  const due = await db
    .selectFrom('cloud_operations')
    .select('id')
    .where('status', 'in', ['queued', 'running'])
    .where('next_poll_at', '<=', sql<Date>`now()`)
    .orderBy('next_poll_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  if (due.length === 0) return [];
  return db
    .updateTable('cloud_operations')
    .set({ status: 'running', next_poll_at: claimedUntil, started_at: sql<Date>`coalesce(started_at, now())` })
    .where('id', 'in', due.map((row) => row.id))
    .returningAll()
    .execute();
}

/** The operation, locked, if this worker's claim still holds (nobody took it over and it is not finished). */
export const lockClaimedOperation = (db: Executor, id: string, claimedUntil: Date): Promise<OperationRow | undefined> =>
  db
    .selectFrom('cloud_operations')
    .selectAll()
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('next_poll_at', '=', claimedUntil)
    .forUpdate()
    .executeTakeFirst();

export async function updateOperation(db: Executor, id: string, change: RowUpdate<'cloud_operations'>): Promise<void> {
  await db.updateTable('cloud_operations').set(change).where('id', '=', id).execute();
}

// ------------------------------------------------------------------ leases

export const leasesToWarn = (db: Executor, now: Date, days: number) =>
  db
    .selectFrom('cloud_resources')
    .select(['id'])
    .where('status', '=', 'active')
    .where('lease_ends_at', 'is not', null)
    .where('lease_ends_at', '>', now)
    .where('lease_ends_at', '<=', new Date(now.getTime() + days * 86_400_000))
    .where(sql<boolean>`NOT (${days}::int = ANY(lease_warnings_sent))`)
    .execute();

/** Marks the warnings sent, only if the first of them was not (two nodes never send the same warning). */
export async function markLeaseWarned(db: Executor, id: string, days: number[]): Promise<ResourceRow | undefined> {
  return db
    .updateTable('cloud_resources')
    .set({ lease_warnings_sent: sql<number[]>`(SELECT coalesce(array_agg(DISTINCT d ORDER BY d DESC), '{}') FROM unnest(lease_warnings_sent || ${sql.raw(`ARRAY[${days.map(Number).join(',')}]`)}::int[]) AS d)` })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .where(sql<boolean>`NOT (${days[days.length - 1]}::int = ANY(lease_warnings_sent))`)
    .returningAll()
    .executeTakeFirst();
}

export const expiredLeases = (db: Executor, now: Date) =>
  db.selectFrom('cloud_resources').select('id').where('status', '=', 'active').where('lease_ends_at', '<=', now).orderBy('lease_ends_at').execute();

// ------------------------------------------------------------------ reconciliation

/** Endpoints that have resources or unresolved orphans: the ones reconciliation lists. */
export async function endpointsToReconcile(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('cloud_resources')
    .select('endpoint_id')
    .where('status', 'in', LIVE_STATUSES)
    .union(db.selectFrom('cloud_orphans').select('endpoint_id').where('resolved_at', 'is', null))
    .execute();
  return [...new Set(rows.map((row) => row.endpoint_id))].sort();
}

export const resourcesAtEndpoint = (db: Executor, endpointId: string): Promise<ResourceRow[]> =>
  db.selectFrom('cloud_resources').selectAll().where('endpoint_id', '=', endpointId).where('status', 'in', LIVE_STATUSES).execute();

/** Which of these ids are live resources of ours, wherever they are. */
export async function liveResourceIds(db: Executor, ids: string[]): Promise<Set<string>> {
  const valid = ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
  if (valid.length === 0) return new Set();
  const rows = await db.selectFrom('cloud_resources').select('id').where('id', 'in', valid).where('status', 'in', LIVE_STATUSES).execute();
  return new Set(rows.map((row) => row.id));
}

export async function upsertOrphan(db: Executor, row: { endpointId: string; externalId: string; kind: string; tags: Record<string, string> }): Promise<void> {
  await db
    .insertInto('cloud_orphans')
    .values({ endpoint_id: row.endpointId, external_id: row.externalId, kind: row.kind, tags: JSON.stringify(row.tags) })
    .onConflict((conflict) =>
      conflict.columns(['endpoint_id', 'external_id']).doUpdateSet({ kind: row.kind, tags: JSON.stringify(row.tags), last_seen_at: sql<Date>`now()`, resolved_at: null }))
    .execute();
}

/** Orphans of an endpoint that its listing no longer shows are resolved. */
export async function resolveOrphansExcept(db: Executor, endpointId: string, seen: string[]): Promise<number> {
  let query = db.updateTable('cloud_orphans').set({ resolved_at: sql<Date>`now()` }).where('endpoint_id', '=', endpointId).where('resolved_at', 'is', null);
  if (seen.length > 0) query = query.where('external_id', 'not in', seen);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export const listOpenOrphans = (db: Executor) =>
  db
    .selectFrom('cloud_orphans as o')
    .innerJoin('cloud_provider_endpoints as e', 'e.id', 'o.endpoint_id')
    .innerJoin('cloud_providers as p', 'p.id', 'e.provider_id')
    .select(['o.id', 'o.endpoint_id', 'o.external_id', 'o.kind', 'o.tags', 'o.first_seen_at', 'o.last_seen_at', 'p.name as provider_name', 'e.driver'])
    .where('o.resolved_at', 'is', null)
    .orderBy('o.first_seen_at', 'desc')
    .execute();

export const userName = async (db: Executor, id: string | null): Promise<string | null> =>
  id ? ((await db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst())?.display_name ?? null) : null;
