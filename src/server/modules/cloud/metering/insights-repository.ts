/** SQL of showback, the IT centre's dashboard and the business system view. */
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';

/** Resources that run (and cost) now. */
const RUNNING = sql`('active', 'resizing', 'retiring')`;
/** Resources that exist or are on their way (not retired, not failed). */
const LIVE = sql`('provisioning', 'active', 'resizing', 'retiring')`;
const departmentWhere = (column: string, departmentId: string | undefined) =>
  departmentId === undefined ? sql`` : sql`AND ${sql.ref(column)} = ${departmentId}`;

export interface GroupSum {
  key: string;
  name: string;
  amountFen: number;
  resources: number;
}

const toGroupSums = (rows: Array<{ key: string; name: string; amount: number; resources: number }>): GroupSum[] =>
  rows.map((row) => ({ key: row.key, name: row.name, amountFen: Number(row.amount), resources: Number(row.resources) }));

export type ShowbackBy = 'department' | 'business_system' | 'provider';

/** Sums of a month's bill lines by department, business system or provider. */
export async function billSums(db: Executor, month: string, by: ShowbackBy, departmentId?: string): Promise<GroupSum[]> {
  const group =
    by === 'department'
      ? { join: sql`JOIN departments g ON g.id = b.department_id`, key: sql`b.department_id` }
      : by === 'business_system'
        ? { join: sql`JOIN business_systems g ON g.id = l.business_system_id`, key: sql`l.business_system_id` }
        : { join: sql`JOIN cloud_providers g ON g.id = l.provider_id`, key: sql`l.provider_id` };
  const result = await sql<{ key: string; name: string; amount: number; resources: number }>`
    SELECT ${group.key} AS key, g.name, sum(l.amount_fen)::bigint AS amount, count(DISTINCT l.resource_id)::int AS resources
      FROM cloud_bill_lines l
      JOIN cloud_bills b ON b.id = l.bill_id
      ${group.join}
     WHERE b.month = ${month} ${departmentWhere('b.department_id', departmentId)}
     GROUP BY ${group.key}, g.name
     ORDER BY amount DESC, g.name`.execute(db);
  return toGroupSums(result.rows);
}

/** The monthly price of what runs now, by department or by provider. */
export async function runRate(db: Executor, by: 'department' | 'provider'): Promise<GroupSum[]> {
  const group = by === 'department' ? { join: sql`JOIN departments g ON g.id = r.department_id`, key: sql`r.department_id` } : { join: sql`JOIN cloud_providers g ON g.id = r.provider_id`, key: sql`r.provider_id` };
  const result = await sql<{ key: string; name: string; amount: number; resources: number }>`
    SELECT ${group.key} AS key, g.name, sum(r.monthly_fen)::bigint AS amount, count(*)::int AS resources
      FROM cloud_resources r ${group.join}
     WHERE r.status IN ${RUNNING}
     GROUP BY ${group.key}, g.name
     ORDER BY amount DESC, g.name`.execute(db);
  return toGroupSums(result.rows);
}

export async function resourcesByCategoryAndStatus(db: Executor): Promise<Array<{ category: string; status: string; count: number }>> {
  const result = await sql<{ category: string; status: string; count: number }>`
    SELECT o.category, r.status, count(*)::int AS count
      FROM cloud_resources r JOIN cloud_offerings o ON o.id = r.offering_id
     GROUP BY o.category, r.status
     ORDER BY o.category, r.status`.execute(db);
  return result.rows.map((row) => ({ ...row, count: Number(row.count) }));
}

export async function quotaUse(db: Executor): Promise<Array<{ departmentId: string; departmentName: string; dimension: string; limit: number; reserved: number; committed: number }>> {
  const rows = await db
    .selectFrom('cloud_quotas as q')
    .innerJoin('departments as d', 'd.id', 'q.department_id')
    .select(['q.department_id', 'd.name', 'q.dimension', 'q.quota_limit', 'q.reserved', 'q.committed'])
    .orderBy('d.name')
    .orderBy('q.dimension')
    .execute();
  return rows.map((row) => ({
    departmentId: row.department_id, departmentName: row.name, dimension: row.dimension,
    limit: Number(row.quota_limit), reserved: Number(row.reserved), committed: Number(row.committed),
  }));
}

/** Per department: storage allocated to running resources (GB) against what drivers measured (bytes). */
export async function storageUse(db: Executor): Promise<Array<{ departmentId: string; departmentName: string; allocatedGb: number; measuredBytes: number; measuredResources: number }>> {
  const result = await sql<{ department_id: string; name: string; allocated: number | null; measured: number | null; measured_resources: number }>`
    SELECT r.department_id, d.name,
           sum(CASE WHEN jsonb_typeof(r.quota_demand -> 'storage_gb') = 'number' THEN (r.quota_demand ->> 'storage_gb')::float8 END) AS allocated,
           sum(CASE WHEN jsonb_typeof(r.measured -> 'storageBytes') = 'number' THEN (r.measured ->> 'storageBytes')::float8 END) AS measured,
           count(*) FILTER (WHERE jsonb_typeof(r.measured -> 'storageBytes') = 'number')::int AS measured_resources
      FROM cloud_resources r JOIN departments d ON d.id = r.department_id
     WHERE r.status IN ${RUNNING}
     GROUP BY r.department_id, d.name
     ORDER BY d.name`.execute(db);
  return result.rows.map((row) => ({
    departmentId: row.department_id, departmentName: row.name, allocatedGb: Number(row.allocated ?? 0),
    measuredBytes: Number(row.measured ?? 0), measuredResources: Number(row.measured_resources),
  }));
}

export interface LeadTimeFigures {
  orders: number;
  medianSeconds: number | null;
  p95Seconds: number | null;
}

/**
 * Order lead time: from submission to the last item ready, over orders completed since `since`; overall and for
 * automatically approved orders.
 */
export async function leadTimes(db: Executor, since: Date): Promise<{ overall: LeadTimeFigures; autoApproved: LeadTimeFigures }> {
  const result = await sql<{
    orders: number; median: number | null; p95: number | null; auto_orders: number; auto_median: number | null; auto_p95: number | null;
  }>`
    WITH lead AS (
      SELECT o.auto_approved, extract(epoch FROM max(i.ready_at) - o.submitted_at)::float8 AS seconds
        FROM cloud_orders o JOIN cloud_order_items i ON i.order_id = o.id
       WHERE o.status = 'completed' AND o.completed_at >= ${since}::timestamptz AND o.submitted_at IS NOT NULL AND i.ready_at IS NOT NULL
       GROUP BY o.id, o.auto_approved, o.submitted_at
    )
    SELECT count(*)::int AS orders,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY seconds) AS p95,
           (count(*) FILTER (WHERE auto_approved))::int AS auto_orders,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) FILTER (WHERE auto_approved) AS auto_median,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY seconds) FILTER (WHERE auto_approved) AS auto_p95
      FROM lead`.execute(db);
  const row = result.rows[0];
  const num = (value: number | null | undefined) => (value === null || value === undefined ? null : Number(value));
  return {
    overall: { orders: Number(row?.orders ?? 0), medianSeconds: num(row?.median), p95Seconds: num(row?.p95) },
    autoApproved: { orders: Number(row?.auto_orders ?? 0), medianSeconds: num(row?.auto_median), p95Seconds: num(row?.auto_p95) },
  };
}

export async function overdueApprovals(db: Executor, now: Date) {
  const rows = await db
    .selectFrom('cloud_approvals as a')
    .innerJoin('cloud_orders as o', 'o.id', 'a.order_id')
    .innerJoin('departments as d', 'd.id', 'o.department_id')
    .select(['a.order_id', 'o.number', 'o.department_id', 'd.name', 'a.step', 'a.approver', 'a.due_at', 'a.escalated_at', 'o.total_monthly_fen'])
    .where('a.status', '=', 'pending')
    .where('a.due_at', '<', now)
    .orderBy('a.due_at')
    .limit(200)
    .execute();
  return rows.map((row) => ({
    orderId: row.order_id,
    orderNumber: row.number,
    departmentId: row.department_id,
    departmentName: row.name,
    step: row.step,
    approver: row.approver,
    dueAt: row.due_at!.toISOString(),
    escalatedAt: row.escalated_at ? row.escalated_at.toISOString() : null,
    hoursOverdue: Math.round(((now.getTime() - row.due_at!.getTime()) / 3_600_000) * 10) / 10,
    totalMonthlyFen: Number(row.total_monthly_fen),
  }));
}

/** Operations that failed since `since`, newest first. */
export async function failedOperations(db: Executor, since: Date) {
  const rows = await db
    .selectFrom('cloud_operations as op')
    .innerJoin('cloud_resources as r', 'r.id', 'op.resource_id')
    .innerJoin('departments as d', 'd.id', 'r.department_id')
    .innerJoin('cloud_offerings as o', 'o.id', 'r.offering_id')
    .innerJoin('cloud_providers as p', 'p.id', 'r.provider_id')
    .leftJoin('cloud_order_items as i', 'i.id', 'op.order_item_id')
    .leftJoin('cloud_orders as ord', 'ord.id', 'i.order_id')
    .select([
      'op.id', 'op.kind', 'op.error', 'op.finished_at', 'r.id as resource_id', 'r.name as resource_name', 'r.department_id',
      'd.name as department_name', 'o.name as offering_name', 'p.name as provider_name', 'ord.id as order_id', 'ord.number as order_number',
    ])
    .where('op.status', '=', 'failed')
    .where('op.finished_at', '>=', since)
    .orderBy('op.finished_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((row) => ({
    operationId: row.id,
    kind: row.kind,
    reason: row.error,
    at: row.finished_at ? row.finished_at.toISOString() : null,
    resourceId: row.resource_id,
    resourceName: row.resource_name,
    departmentId: row.department_id,
    departmentName: row.department_name,
    offeringName: row.offering_name,
    providerName: row.provider_name,
    orderId: row.order_id,
    orderNumber: row.order_number,
  }));
}

export async function driftCounts(db: Executor): Promise<{ drifted: number; missing: number; orphans: number }> {
  const result = await sql<{ drifted: number; missing: number; orphans: number }>`
    SELECT (SELECT count(*) FROM cloud_resources WHERE drift_status = 'drifted' AND status IN ${LIVE})::int AS drifted,
           (SELECT count(*) FROM cloud_resources WHERE drift_status = 'missing' AND status IN ${LIVE})::int AS missing,
           (SELECT count(*) FROM cloud_orphans WHERE resolved_at IS NULL)::int AS orphans`.execute(db);
  const row = result.rows[0];
  return { drifted: Number(row?.drifted ?? 0), missing: Number(row?.missing ?? 0), orphans: Number(row?.orphans ?? 0) };
}

// ---------------------------------------------------------------- business systems

export interface SystemSummaryRow {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  status: string;
  departmentId: string;
  departmentName: string;
  resources: number;
  runRateFen: number;
}

export async function systemSummaries(db: Executor, filter: { departmentId?: string; systemId?: string }): Promise<SystemSummaryRow[]> {
  const result = await sql<{
    id: string; code: string; name: string; name_en: string | null; status: string; department_id: string; department_name: string; resources: number; run_rate: number;
  }>`
    SELECT s.id, s.code, s.name, s.name_en, s.status, s.department_id, d.name AS department_name,
           (count(r.id) FILTER (WHERE r.status IN ${LIVE}))::int AS resources,
           coalesce(sum(r.monthly_fen) FILTER (WHERE r.status IN ${RUNNING}), 0)::bigint AS run_rate
      FROM business_systems s
      JOIN departments d ON d.id = s.department_id
      LEFT JOIN cloud_resources r ON r.business_system_id = s.id
     WHERE true ${departmentWhere('s.department_id', filter.departmentId)} ${filter.systemId === undefined ? sql`` : sql`AND s.id = ${filter.systemId}`}
     GROUP BY s.id, s.code, s.name, s.name_en, s.status, s.department_id, d.name
     ORDER BY run_rate DESC, d.name, s.name`.execute(db);
  return result.rows.map((row) => ({
    id: row.id, code: row.code, name: row.name, nameEn: row.name_en, status: row.status, departmentId: row.department_id,
    departmentName: row.department_name, resources: Number(row.resources), runRateFen: Number(row.run_rate),
  }));
}

export async function systemResources(db: Executor, systemId: string) {
  const rows = await db
    .selectFrom('cloud_resources as r')
    .innerJoin('cloud_offerings as o', 'o.id', 'r.offering_id')
    .innerJoin('cloud_providers as p', 'p.id', 'r.provider_id')
    .select([
      'r.id', 'r.name', 'r.status', 'r.monthly_fen', 'r.resource_kind', 'r.ready_at', 'r.retired_at', 'r.lease_ends_at', 'r.drift_status',
      'r.measured', 'o.category', 'o.name as offering_name', 'o.name_en as offering_name_en', 'p.name as provider_name',
    ])
    .where('r.business_system_id', '=', systemId)
    .orderBy('r.created_at', 'desc')
    .limit(1000)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    status: row.status,
    category: row.category,
    resourceKind: row.resource_kind,
    offeringName: row.offering_name,
    offeringNameEn: row.offering_name_en,
    providerName: row.provider_name,
    monthlyFen: Number(row.monthly_fen),
    readyAt: row.ready_at ? row.ready_at.toISOString() : null,
    retiredAt: row.retired_at ? row.retired_at.toISOString() : null,
    leaseEndsAt: row.lease_ends_at ? row.lease_ends_at.toISOString() : null,
    driftStatus: row.drift_status,
    measured: row.measured,
  }));
}

/** Per resource of the system: the sum of its hourly prices in [start, end). */
export async function systemUsageSums(db: Executor, systemId: string, start: Date, end: Date): Promise<number[]> {
  const result = await sql<{ sum_fen: number }>`
    SELECT sum(monthly_fen)::bigint AS sum_fen FROM cloud_usage
     WHERE business_system_id = ${systemId} AND hour >= ${start}::timestamptz AND hour < ${end}::timestamptz
     GROUP BY resource_id`.execute(db);
  return result.rows.map((row) => Number(row.sum_fen));
}

export async function ordersInFlight(db: Executor, systemId: string) {
  const rows = await db
    .selectFrom('cloud_orders')
    .select(['id', 'number', 'status', 'total_monthly_fen', 'submitted_at'])
    .where('business_system_id', '=', systemId)
    .where('status', 'in', ['approving', 'approved', 'provisioning'])
    .orderBy('submitted_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    status: row.status,
    totalMonthlyFen: Number(row.total_monthly_fen),
    submittedAt: row.submitted_at ? row.submitted_at.toISOString() : null,
  }));
}
