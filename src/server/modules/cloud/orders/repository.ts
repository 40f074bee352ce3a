/** The SQL of carts, orders, their items and approval steps, and approval policies. */
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import type { CloudCategory, NewRow, OrderStatus, Row, RowUpdate } from '../../../platform/db/schema.js';

export type OrderRow = Row<'cloud_orders'>;
export type ItemRow = Row<'cloud_order_items'>;
export type ApprovalRow = Row<'cloud_approvals'>;
export type PolicyRow = Row<'cloud_approval_policies'>;
export type ResourceRow = Row<'cloud_resources'>;

/** An item with what the console shows of its offering. */
export type ItemView = ItemRow & { offering_name: string; offering_name_en: string | null; category: CloudCategory; provider_id: string; provider_name: string };
export type ApprovalView = ApprovalRow & { decided_by_name: string | null };

// ------------------------------------------------------------------ orders and carts

export const getOrder = (db: Executor, id: string): Promise<OrderRow | undefined> =>
  db.selectFrom('cloud_orders').selectAll().where('id', '=', id).executeTakeFirst();

export const lockOrder = (db: Executor, id: string): Promise<OrderRow | undefined> =>
  db.selectFrom('cloud_orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** The user's cart for a business system, made empty on first use (one per department, system and user). */
export async function ensureCart(db: Executor, key: { departmentId: string; businessSystemId: string; userId: string }): Promise<string> {
  await sql`
    INSERT INTO cloud_orders (department_id, business_system_id, status, created_by)
    VALUES (${key.departmentId}, ${key.businessSystemId}, 'cart', ${key.userId})
    ON CONFLICT (department_id, business_system_id, created_by) WHERE status = 'cart' DO NOTHING`.execute(db);
  const row = await db
    .selectFrom('cloud_orders')
    .select('id')
    .where('department_id', '=', key.departmentId)
    .where('business_system_id', '=', key.businessSystemId)
    .where('created_by', '=', key.userId)
    .where('status', '=', 'cart')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const insertOrder = (db: Executor, row: NewRow<'cloud_orders'>): Promise<OrderRow> =>
  db.insertInto('cloud_orders').values(row).returningAll().executeTakeFirstOrThrow();

export async function updateOrder(db: Executor, id: string, change: RowUpdate<'cloud_orders'>): Promise<void> {
  await db.updateTable('cloud_orders').set({ ...change, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

export async function nextOrderSequence(db: Executor): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT nextval('cloud_order_numbers')::int8 AS n`.execute(db);
  return Number(rows[0].n);
}

export interface OrderScope {
  departmentId?: string;
  businessSystemId?: string;
  status?: OrderStatus;
  /** carts: only this user's */
  createdBy?: string;
}

export async function listOrders(db: Executor, scope: OrderScope, page: number, pageSize: number): Promise<{ rows: OrderRow[]; total: number }> {
  let query = db.selectFrom('cloud_orders');
  if (scope.departmentId) query = query.where('department_id', '=', scope.departmentId);
  if (scope.businessSystemId) query = query.where('business_system_id', '=', scope.businessSystemId);
  if (scope.status) query = query.where('status', '=', scope.status);
  else query = query.where('status', '<>', 'cart');
  if (scope.createdBy) query = query.where('created_by', '=', scope.createdBy);
  const [total, rows] = await Promise.all([
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    query.selectAll().orderBy(sql`coalesce(submitted_at, created_at)`, 'desc').orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
  ]);
  return { rows, total: total.n };
}

/** Orders whose pending step this person may decide (the creator never decides their own). */
export async function inboxOrders(db: Executor, who: { userId: string; departmentId: string | null; roles: readonly string[] }): Promise<OrderRow[]> {
  const deptHead = who.roles.includes('dept_admin') && who.departmentId !== null;
  const itCentre = who.roles.includes('data_admin');
  const sysAdmin = who.roles.includes('system_admin');
  if (!deptHead && !itCentre && !sysAdmin) return [];
  return db
    .selectFrom('cloud_orders as o')
    .innerJoin('cloud_approvals as a', 'a.order_id', 'o.id')
    .selectAll('o')
    .where('o.status', '=', 'approving')
    .where('a.status', '=', 'pending')
    .where('o.created_by', '<>', who.userId)
    .where((eb) => {
      const mine = [];
      if (deptHead) mine.push(eb.and([eb('a.approver', '=', 'dept_head'), eb('o.department_id', '=', who.departmentId!)]));
      if (itCentre) mine.push(eb('a.approver', '=', 'it_centre'), eb.and([eb('a.escalated_at', 'is not', null), eb('a.escalate_to', '=', 'it_centre')]));
      if (sysAdmin) mine.push(eb.and([eb('a.escalated_at', 'is not', null), eb('a.escalate_to', '=', 'system_admin')]));
      return eb.or(mine);
    })
    .orderBy('o.submitted_at')
    .orderBy('o.id')
    .limit(500)
    .execute();
}

// ------------------------------------------------------------------ items

export async function itemsOf(db: Executor, orderIds: string[]): Promise<ItemView[]> {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('cloud_order_items as i')
    .innerJoin('cloud_offerings as f', 'f.id', 'i.offering_id')
    .innerJoin('cloud_providers as p', 'p.id', 'f.provider_id')
    .selectAll('i')
    .select(['f.name as offering_name', 'f.name_en as offering_name_en', 'f.category', 'f.provider_id', 'p.name as provider_name'])
    .where('i.order_id', 'in', orderIds)
    .orderBy('i.created_at')
    .orderBy('i.id')
    .execute();
}

export const getItem = (db: Executor, id: string): Promise<ItemRow | undefined> =>
  db.selectFrom('cloud_order_items').selectAll().where('id', '=', id).executeTakeFirst();

export const insertItem = (db: Executor, row: NewRow<'cloud_order_items'>): Promise<ItemRow> =>
  db.insertInto('cloud_order_items').values(row).returningAll().executeTakeFirstOrThrow();

export async function updateItem(db: Executor, id: string, change: RowUpdate<'cloud_order_items'>): Promise<void> {
  await db.updateTable('cloud_order_items').set(change).where('id', '=', id).execute();
}

export async function deleteItem(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('cloud_order_items').where('id', '=', id).execute();
}

export async function setItemsStatus(db: Executor, orderId: string, status: ItemRow['status']): Promise<void> {
  await db.updateTable('cloud_order_items').set({ status }).where('order_id', '=', orderId).execute();
}

/** What the catalog knows of an offering that ordering needs (provider for the sub-contract, category for the policy). */
export const offeringFacts = (db: Executor, id: string) =>
  db.selectFrom('cloud_offerings').select(['id', 'provider_id', 'category', 'status']).where('id', '=', id).executeTakeFirst();

// ------------------------------------------------------------------ approval steps

export async function approvalsOf(db: Executor, orderIds: string[]): Promise<ApprovalView[]> {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('cloud_approvals as a')
    .leftJoin('users as u', 'u.id', 'a.decided_by')
    .selectAll('a')
    .select('u.display_name as decided_by_name')
    .where('a.order_id', 'in', orderIds)
    .orderBy('a.order_id')
    .orderBy('a.step')
    .execute();
}

export async function insertApprovals(db: Executor, rows: NewRow<'cloud_approvals'>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('cloud_approvals').values(rows).execute();
}

export async function updateApproval(db: Executor, id: string, change: RowUpdate<'cloud_approvals'>): Promise<void> {
  await db.updateTable('cloud_approvals').set(change).where('id', '=', id).execute();
}

/** Steps not decided yet (pending or waiting) of an order become skipped: the order ended another way. */
export async function skipOpenSteps(db: Executor, orderId: string): Promise<void> {
  await db.updateTable('cloud_approvals').set({ status: 'skipped' }).where('order_id', '=', orderId).where('status', 'in', ['pending', 'waiting']).execute();
}

/** Pending steps past their deadline and not escalated yet, of orders still being approved; locked for the caller. */
export const lockOverdueSteps = (db: Executor, now: Date) =>
  db
    .selectFrom('cloud_approvals as a')
    .innerJoin('cloud_orders as o', 'o.id', 'a.order_id')
    .selectAll('a')
    .select(['o.number', 'o.department_id', 'o.created_by'])
    .where('a.status', '=', 'pending')
    .where('a.escalated_at', 'is', null)
    .where('a.due_at', '<', now)
    .where('o.status', '=', 'approving')
    .orderBy('a.due_at')
    .limit(200)
    .forUpdate('a')
    .skipLocked()
    .execute();

// ------------------------------------------------------------------ people, resources

export async function userNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

export const lockResource = (db: Executor, id: string): Promise<ResourceRow | undefined> =>
  db.selectFrom('cloud_resources').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const getResource = (db: Executor, id: string): Promise<ResourceRow | undefined> =>
  db.selectFrom('cloud_resources').selectAll().where('id', '=', id).executeTakeFirst();

/** Whether a resize of the resource is already on its way (submitted, not finished). */
export async function resizeInFlight(db: Executor, resourceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('cloud_order_items')
    .select('id')
    .where('resource_id', '=', resourceId)
    .where('action', '=', 'resize')
    .where('status', 'in', ['pending', 'provisioning'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

// ------------------------------------------------------------------ approval policies

export const listPolicies = (db: Executor, departmentId?: string | null): Promise<PolicyRow[]> => {
  let query = db.selectFrom('cloud_approval_policies').selectAll();
  if (departmentId !== undefined) query = query.where((eb) => eb.or([eb('department_id', 'is', null), ...(departmentId ? [eb('department_id', '=', departmentId)] : [])]));
  return query.orderBy(sql`department_id NULLS FIRST`).orderBy(sql`category NULLS FIRST`).orderBy('name').execute();
};

export const getPolicy = (db: Executor, id: string): Promise<PolicyRow | undefined> =>
  db.selectFrom('cloud_approval_policies').selectAll().where('id', '=', id).executeTakeFirst();

/** The policy of exactly this scope (department or every department; category or every category). */
export const policyOfScope = (db: Executor, departmentId: string | null, category: CloudCategory | null): Promise<PolicyRow | undefined> =>
  db
    .selectFrom('cloud_approval_policies')
    .selectAll()
    .where((eb) => (departmentId === null ? eb('department_id', 'is', null) : eb('department_id', '=', departmentId)))
    .where((eb) => (category === null ? eb('category', 'is', null) : eb('category', '=', category)))
    .executeTakeFirst();

/** Enabled policies that could apply to a department's order of these categories. */
export const candidatePolicies = (db: Executor, departmentId: string, categories: CloudCategory[]): Promise<PolicyRow[]> =>
  db
    .selectFrom('cloud_approval_policies')
    .selectAll()
    .where('enabled', '=', true)
    .where((eb) => eb.or([eb('department_id', 'is', null), eb('department_id', '=', departmentId)]))
    .where((eb) => eb.or([eb('category', 'is', null), ...(categories.length > 0 ? [eb('category', 'in', categories)] : [])]))
    .execute();

export const insertPolicy = (db: Executor, row: NewRow<'cloud_approval_policies'>): Promise<PolicyRow> =>
  db.insertInto('cloud_approval_policies').values(row).returningAll().executeTakeFirstOrThrow();

export const updatePolicy = (db: Executor, id: string, change: RowUpdate<'cloud_approval_policies'>): Promise<PolicyRow> =>
  db.updateTable('cloud_approval_policies').set({ ...change, updated_at: sql<Date>`now()` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export async function deletePolicy(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('cloud_approval_policies').where('id', '=', id).execute();
}

export async function policyInUse(db: Executor, id: string): Promise<boolean> {
  const row = await db.selectFrom('cloud_orders').select('id').where('policy_id', '=', id).limit(1).executeTakeFirst();
  return row !== undefined;
}
