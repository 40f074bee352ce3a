/** The only SQL of subscriptions and their delivery log (the change history is read in changes.ts). */
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import type { Row } from '../../../platform/db/schema.js';

export type SubscriptionRow = Row<'exchange_subscriptions'>;
export type DeliveryRow = Row<'exchange_deliveries'>;
export type GrantRow = Row<'exchange_grants'> & { resource_code: string };

/** A subscription with the facts of its grant the API shows and the policy decides on. */
export type SubscriptionWithGrant = SubscriptionRow & {
  resource_code: string;
  system_id: string;
  department_id: string;
  store_last_seq: number | null;
};

export type Scope = { kind: 'all' } | { kind: 'system'; systemId: string } | { kind: 'department'; departmentId: string };

function withGrant(db: Executor) {
  return db
    .selectFrom('exchange_subscriptions as s')
    .innerJoin('exchange_grants as g', 'g.id', 's.grant_id')
    .innerJoin('catalog_resources as r', 'r.id', 'g.resource_id')
    .leftJoin('exchange_stores as st', 'st.resource_id', 'g.resource_id')
    .selectAll('s')
    .select(['r.code as resource_code', 'g.system_id', 'g.department_id', 'st.last_change_seq as store_last_seq']);
}

export async function grantById(db: Executor, grantId: string): Promise<GrantRow | undefined> {
  return db
    .selectFrom('exchange_grants as g')
    .innerJoin('catalog_resources as r', 'r.id', 'g.resource_id')
    .selectAll('g')
    .select('r.code as resource_code')
    .where('g.id', '=', grantId)
    .executeTakeFirst();
}

export async function subscriptionById(db: Executor, id: string): Promise<SubscriptionWithGrant | undefined> {
  return withGrant(db).where('s.id', '=', id).executeTakeFirst() as Promise<SubscriptionWithGrant | undefined>;
}

export async function listSubscriptions(db: Executor, scope: Scope, filter: { grantId?: string; status?: string }): Promise<SubscriptionWithGrant[]> {
  let query = withGrant(db);
  if (scope.kind === 'system') query = query.where('g.system_id', '=', scope.systemId);
  if (scope.kind === 'department') query = query.where('g.department_id', '=', scope.departmentId);
  if (filter.grantId) query = query.where('s.grant_id', '=', filter.grantId);
  if (filter.status) query = query.where('s.status', '=', filter.status as SubscriptionRow['status']);
  return query.orderBy('s.created_at', 'desc').orderBy('s.id').limit(500).execute() as Promise<SubscriptionWithGrant[]>;
}

export async function insertSubscription(db: Executor, row: {
  id: string; grant_id: string; url: string; secret_encrypted: string; cursor: number; batch_size: number; created_by: string;
}): Promise<void> {
  await db.insertInto('exchange_subscriptions').values(row).execute();
}

export async function lockSubscription(db: Executor, id: string): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('exchange_subscriptions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setStatus(db: Executor, id: string, status: SubscriptionRow['status'], options: { resetAttempts?: boolean; lastError?: string | null } = {}): Promise<void> {
  await db
    .updateTable('exchange_subscriptions')
    .set({
      status,
      updated_at: sql<Date>`now()`,
      ...(options.resetAttempts ? { attempts: 0, next_attempt_at: sql<Date>`now()` } : {}),
      ...(options.lastError !== undefined ? { last_error: options.lastError } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteSubscription(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('exchange_deliveries').where('subscription_id', '=', id).execute();
  await db.deleteFrom('exchange_subscriptions').where('id', '=', id).execute();
}

export async function listDeliveries(db: Executor, subscriptionId: string, page: number, pageSize: number): Promise<{ items: DeliveryRow[]; total: number }> {
  const [items, count] = await Promise.all([
    db.selectFrom('exchange_deliveries').selectAll().where('subscription_id', '=', subscriptionId)
      .orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    db.selectFrom('exchange_deliveries').select(sql<number>`count(*)::int`.as('n')).where('subscription_id', '=', subscriptionId).executeTakeFirstOrThrow(),
  ]);
  return { items, total: count.n };
}

// ---------------------------------------------------------------- dispatcher

/**
 * Claims one subscription that has work: active, due, and either changes after its cursor or a grant that is no
 * longer active (to pause it). FOR UPDATE SKIP LOCKED lets several nodes share the work; the claim pushes
 * next_attempt_at out by the lease so no other node takes it while this one delivers.
 */
export async function claimDue(db: Executor, options: { leaseSeconds: number; ignoreSchedule: boolean; exclude: string[] }): Promise<string | null> {
  const due = options.ignoreSchedule ? sql`true` : sql`s.next_attempt_at <= now()`;
  const exclude = options.exclude.length > 0 ? sql`s.id NOT IN (${sql.join(options.exclude)})` : sql`true`;
  const found = await sql<{ id: string }>`
    SELECT s.id
      FROM exchange_subscriptions s
      JOIN exchange_grants g ON g.id = s.grant_id
      LEFT JOIN exchange_stores st ON st.resource_id = g.resource_id
     WHERE s.status = 'active' AND ${due} AND ${exclude}
       AND (coalesce(st.last_change_seq, 0) > s.cursor OR g.status <> 'active' OR g.expires_at <= now())
     ORDER BY s.next_attempt_at, s.id
     LIMIT 1
       FOR UPDATE OF s SKIP LOCKED`.execute(db);
  const id = found.rows[0]?.id;
  if (!id) return null;
  await db
    .updateTable('exchange_subscriptions')
    .set({ next_attempt_at: sql<Date>`now() + make_interval(secs => ${options.leaseSeconds})` })
    .where('id', '=', id)
    .execute();
  return id;
}

/** Reserves the id of the next delivery row, so the request can carry it before the row is written. */
export async function nextDeliveryId(db: Executor): Promise<number> {
  const result = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('exchange_deliveries', 'id'))::int8 AS id`.execute(db);
  return Number(result.rows[0].id);
}

export async function insertDelivery(db: Executor, row: Omit<DeliveryRow, 'at'>): Promise<void> {
  await db.insertInto('exchange_deliveries').values(row).execute();
}

/** After a 2xx (or a batch with nothing in scope): the cursor moves forward, the failure count resets. */
export async function advance(db: Executor, id: string, cursor: number): Promise<boolean> {
  const result = await db
    .updateTable('exchange_subscriptions')
    .set({
      cursor: sql<number>`greatest(cursor, ${cursor})`,
      attempts: 0,
      last_error: null,
      next_attempt_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** After a failed attempt: the failure count, the next attempt time, and dead after the last attempt. */
export async function recordFailure(db: Executor, id: string, change: { attempts: number; dead: boolean; delaySeconds: number; error: string }): Promise<boolean> {
  const result = await db
    .updateTable('exchange_subscriptions')
    .set({
      attempts: change.attempts,
      last_error: change.error,
      next_attempt_at: sql<Date>`now() + make_interval(secs => ${change.delaySeconds})`,
      updated_at: sql<Date>`now()`,
      ...(change.dead ? { status: sql<'dead'>`CASE WHEN status = 'active' THEN 'dead' ELSE status END` } : {}),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Puts a claimed subscription back to due now (nothing was done with it). */
export async function release(db: Executor, id: string): Promise<void> {
  await db.updateTable('exchange_subscriptions').set({ next_attempt_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

/** Subscriptions that should stop because their grant is revoked or expired. */
export async function activeOfGrant(db: Executor, grantId: string): Promise<string[]> {
  const rows = await db.selectFrom('exchange_subscriptions').select('id').where('grant_id', '=', grantId).where('status', '=', 'active').execute();
  return rows.map((row) => row.id);
}
