/** SQL of monthly bills: usage summed per resource, bills and their lines. */
import { sql } from 'kysely';
import type { Executor, Tx } from '../../../platform/db/database.js';
import type { BillLine } from '../index.js';

export interface UsageSum {
  departmentId: string;
  resourceId: string;
  resourceName: string;
  businessSystemId: string;
  providerId: string;
  offeringId: string;
  offeringName: string;
  hours: number;
  sumMonthlyFen: number;
  /** the price of the last metered hour of the month */
  lastMonthlyFen: number;
}

/** Per department and resource (and business system, should it have moved): the month's metered hours and prices. */
export async function usageSums(db: Executor, start: Date, end: Date, departmentId?: string): Promise<UsageSum[]> {
  const result = await sql<{
    department_id: string; resource_id: string; resource_name: string; business_system_id: string; provider_id: string;
    offering_id: string; offering_name: string; hours: number; sum_fen: number; last_fen: number;
  }>`
    SELECT u.department_id, u.resource_id, r.name AS resource_name, u.business_system_id, u.provider_id, u.offering_id,
           o.name AS offering_name, count(*)::int AS hours, sum(u.monthly_fen)::bigint AS sum_fen,
           (array_agg(u.monthly_fen ORDER BY u.hour DESC))[1] AS last_fen
      FROM cloud_usage u
      JOIN cloud_resources r ON r.id = u.resource_id
      JOIN cloud_offerings o ON o.id = u.offering_id
     WHERE u.hour >= ${start}::timestamptz AND u.hour < ${end}::timestamptz
       ${departmentId === undefined ? sql`` : sql`AND u.department_id = ${departmentId}`}
     GROUP BY u.department_id, u.resource_id, r.name, u.business_system_id, u.provider_id, u.offering_id, o.name
     ORDER BY u.department_id, o.name, r.name, u.resource_id`.execute(db);
  return result.rows.map((row) => ({
    departmentId: row.department_id,
    resourceId: row.resource_id,
    resourceName: row.resource_name,
    businessSystemId: row.business_system_id,
    providerId: row.provider_id,
    offeringId: row.offering_id,
    offeringName: row.offering_name,
    hours: Number(row.hours),
    sumMonthlyFen: Number(row.sum_fen),
    lastMonthlyFen: Number(row.last_fen),
  }));
}

export async function departmentsWithBills(db: Executor, month: string, departmentId?: string): Promise<string[]> {
  let query = db.selectFrom('cloud_bills').select('department_id').where('month', '=', month);
  if (departmentId !== undefined) query = query.where('department_id', '=', departmentId);
  return (await query.execute()).map((row) => row.department_id);
}

export interface LockedBill {
  id: string;
  status: 'open' | 'closed';
  totalFen: number;
  lines: number;
  created: boolean;
}

/** The department's bill of the month, created empty if missing, locked for this transaction. */
export async function lockBill(trx: Tx, departmentId: string, month: string): Promise<LockedBill> {
  const inserted = await trx
    .insertInto('cloud_bills')
    .values({ department_id: departmentId, month, status: 'open', total_fen: 0 })
    .onConflict((oc) => oc.columns(['department_id', 'month']).doNothing())
    .returning('id')
    .executeTakeFirst();
  const bill = await trx
    .selectFrom('cloud_bills')
    .select(['id', 'status', 'total_fen'])
    .where('department_id', '=', departmentId)
    .where('month', '=', month)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const count = await trx.selectFrom('cloud_bill_lines').select((eb) => eb.fn.countAll<number>().as('n')).where('bill_id', '=', bill.id).executeTakeFirstOrThrow();
  return { id: bill.id, status: bill.status, totalFen: Number(bill.total_fen), lines: Number(count.n), created: inserted !== undefined };
}

export interface NewBillLine {
  resourceId: string;
  businessSystemId: string;
  providerId: string;
  offeringId: string;
  description: string;
  hours: number;
  monthlyFen: number;
  amountFen: number;
}

export async function replaceBillLines(trx: Tx, billId: string, lines: NewBillLine[], status: 'open' | 'closed', generatedAt: Date): Promise<number> {
  await trx.deleteFrom('cloud_bill_lines').where('bill_id', '=', billId).execute();
  for (let from = 0; from < lines.length; from += 1000) {
    await trx
      .insertInto('cloud_bill_lines')
      .values(lines.slice(from, from + 1000).map((line) => ({
        bill_id: billId,
        resource_id: line.resourceId,
        business_system_id: line.businessSystemId,
        provider_id: line.providerId,
        offering_id: line.offeringId,
        description: line.description,
        hours: line.hours,
        monthly_fen: line.monthlyFen,
        amount_fen: line.amountFen,
      })))
      .execute();
  }
  const totalFen = lines.reduce((sum, line) => sum + line.amountFen, 0);
  await trx.updateTable('cloud_bills').set({ total_fen: totalFen, status, generated_at: generatedAt }).where('id', '=', billId).execute();
  return totalFen;
}

export interface BillRow {
  id: string;
  departmentId: string;
  departmentName: string;
  month: string;
  status: 'open' | 'closed';
  totalFen: number;
  generatedAt: Date;
}

function billQuery(db: Executor) {
  return db
    .selectFrom('cloud_bills as b')
    .innerJoin('departments as d', 'd.id', 'b.department_id')
    .select(['b.id', 'b.department_id', 'd.name as department_name', 'b.month', 'b.status', 'b.total_fen', 'b.generated_at']);
}

const toBillRow = (row: { id: string; department_id: string; department_name: string; month: string; status: 'open' | 'closed'; total_fen: number; generated_at: Date }): BillRow => ({
  id: row.id,
  departmentId: row.department_id,
  departmentName: row.department_name,
  month: row.month,
  status: row.status,
  totalFen: Number(row.total_fen),
  generatedAt: row.generated_at,
});

export async function listBills(db: Executor, filter: { departmentId?: string; month?: string }): Promise<BillRow[]> {
  let query = billQuery(db);
  if (filter.departmentId !== undefined) query = query.where('b.department_id', '=', filter.departmentId);
  if (filter.month !== undefined) query = query.where('b.month', '=', filter.month);
  const rows = await query.orderBy('b.month', 'desc').orderBy('d.name').limit(2000).execute();
  return rows.map(toBillRow);
}

export async function findBill(db: Executor, departmentId: string, month: string): Promise<BillRow | null> {
  const row = await billQuery(db).where('b.department_id', '=', departmentId).where('b.month', '=', month).executeTakeFirst();
  return row ? toBillRow(row) : null;
}

/** A line as the API shows it: the repository reads it in that shape. */
export type BillLineRow = BillLine;

export async function billLines(db: Executor, billId: string): Promise<BillLineRow[]> {
  const rows = await db
    .selectFrom('cloud_bill_lines as l')
    .innerJoin('cloud_resources as r', 'r.id', 'l.resource_id')
    .innerJoin('business_systems as s', 's.id', 'l.business_system_id')
    .innerJoin('cloud_providers as p', 'p.id', 'l.provider_id')
    .innerJoin('cloud_offerings as o', 'o.id', 'l.offering_id')
    .select([
      'l.id', 'l.resource_id', 'r.name as resource_name', 'l.business_system_id', 's.name as system_name', 'l.provider_id',
      'p.name as provider_name', 'l.offering_id', 'o.name as offering_name', 'l.description', 'l.hours', 'l.monthly_fen', 'l.amount_fen',
    ])
    .where('l.bill_id', '=', billId)
    .orderBy('s.name')
    .orderBy('o.name')
    .orderBy('r.name')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    resourceId: row.resource_id,
    resourceName: row.resource_name,
    businessSystemId: row.business_system_id,
    businessSystemName: row.system_name,
    providerId: row.provider_id,
    providerName: row.provider_name,
    offeringId: row.offering_id,
    offeringName: row.offering_name,
    description: row.description,
    hours: row.hours,
    monthlyFen: Number(row.monthly_fen),
    amountFen: Number(row.amount_fen),
  }));
}

/** Departments whose bill of a past month is not final: open, or missing while the department has usage that month. */
export async function departmentsToSettle(db: Executor, month: string, start: Date, end: Date, departmentId?: string): Promise<string[]> {
  const result = await sql<{ department_id: string }>`
    SELECT department_id FROM cloud_bills
     WHERE month = ${month} AND status = 'open' ${departmentId === undefined ? sql`` : sql`AND department_id = ${departmentId}`}
    UNION
    SELECT DISTINCT u.department_id FROM cloud_usage u
     WHERE u.hour >= ${start}::timestamptz AND u.hour < ${end}::timestamptz
       ${departmentId === undefined ? sql`` : sql`AND u.department_id = ${departmentId}`}
       AND NOT EXISTS (SELECT 1 FROM cloud_bills b WHERE b.month = ${month} AND b.department_id = u.department_id)`.execute(db);
  return result.rows.map((row) => row.department_id);
}

/**
 * The departments whose bill of an open month is behind its usage. Usage rows are only ever added (one per
 * resource and hour), and a bill line counts its resource's rows in `hours`; so a bill whose line hours add up to
 * the department's usage rows of the month already says what a rebuild would say. Lets a read skip the rebuild.
 */
export async function departmentsBehindUsage(db: Executor, month: string, start: Date, end: Date, departmentId?: string): Promise<string[]> {
  const result = await sql<{ department_id: string }>`
    SELECT u.department_id
      FROM (SELECT department_id, count(*) AS rows FROM cloud_usage
             WHERE hour >= ${start}::timestamptz AND hour < ${end}::timestamptz
               ${departmentId === undefined ? sql`` : sql`AND department_id = ${departmentId}`}
             GROUP BY department_id) u
      LEFT JOIN (SELECT b.department_id, sum(l.hours) AS hours FROM cloud_bills b JOIN cloud_bill_lines l ON l.bill_id = b.id
                  WHERE b.month = ${month} GROUP BY b.department_id) billed ON billed.department_id = u.department_id
     WHERE billed.hours IS DISTINCT FROM u.rows`.execute(db);
  return result.rows.map((row) => row.department_id);
}
