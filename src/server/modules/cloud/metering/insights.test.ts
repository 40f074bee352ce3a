// The IT centre's dashboard (lead time from fixed timestamps, overdue approvals, run rate, failures, drift) and the
// business system view, with who may see them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../../platform/actor.js';
import { json } from '../../../platform/db/database.js';
import type { SystemDataReader } from '../index.js';
import { CLOUD_API } from '../parts.js';
import { billingMonth, monthOf } from './months.js';
import { createMeteringTestbed, insertCatalog, standInDrivers, type MeteringTestbed } from './test-support.js';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const NOW = at('2024-10-15T12:00:00+08:00');
const LONG_AGO = at('2024-01-01T00:00:00+08:00');

let bed: MeteringTestbed;
const systemData: SystemDataReader = {
  dataOfSystem: async () => ({ publishes: [{ code: '323001/00001', name: '行政许可信息', records: 12, lastLoadAt: null }], consumes: [] }),
};
beforeAll(async () => {
  bed = await createMeteringTestbed();
});
afterAll(async () => {
  await bed?.close();
});

/** An order submitted at `submittedAt` whose items became ready `readySeconds` later, completed then. */
async function completedOrder(submittedAt: Date, readySeconds: number[], options: { autoApproved?: boolean; status?: 'completed' | 'provisioning' } = {}): Promise<string> {
  const lastReady = new Date(submittedAt.getTime() + Math.max(...readySeconds) * 1000);
  const order = await bed.db
    .insertInto('cloud_orders')
    .values({
      department_id: bed.directory.departments.own, business_system_id: bed.systems.own, status: options.status ?? 'completed', purpose: '测试',
      total_monthly_fen: 1000, auto_approved: options.autoApproved ?? false, created_by: bed.users.ownOp, submitted_at: submittedAt,
      completed_at: options.status === 'provisioning' ? null : lastReady,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const seconds of readySeconds) {
    await bed.db
      .insertInto('cloud_order_items')
      .values({
        order_id: order.id, offering_id: bed.catalog.offeringId, rate_card_id: bed.catalog.rateCardId, name: 'item', parameters: json({}),
        quote: json({}), monthly_fen: 500, status: 'ready', ready_at: new Date(submittedAt.getTime() + seconds * 1000),
      })
      .execute();
  }
  return order.id;
}

describe('dashboard', () => {
  it('reports the median and p95 order lead time (submission → last item ready) of the last 30 days, overall and automatic', async () => {
    const day = (n: number) => new Date(NOW.getTime() - n * 24 * HOUR);
    await completedOrder(day(1), [30, 60], { autoApproved: true }); // 60 s: the last item counts
    await completedOrder(day(2), [4], { autoApproved: true }); // 4 s
    await completedOrder(day(3), [3600]); // 1 h
    await completedOrder(day(5), [7200]); // 2 h
    await completedOrder(day(40), [5]); // outside the window
    await completedOrder(day(1), [1], { status: 'provisioning' }); // not completed
    const { insights } = bed.services(standInDrivers(new Map()));
    const dashboard = await insights.dashboardAt(cliActor('test'), NOW);
    expect(dashboard.leadTime.overall.orders).toBe(4);
    expect(dashboard.leadTime.overall.medianSeconds).toBeCloseTo((60 + 3600) / 2, 6);
    expect(dashboard.leadTime.overall.p95Seconds).toBeCloseTo(3600 + 0.85 * 3600, 6); // interpolated between 1 h and 2 h
    expect(dashboard.leadTime.autoApproved).toEqual({ orders: 2, medianSeconds: 32, p95Seconds: expect.closeTo(4 + 0.95 * 56, 6) });
  });

  it('lists overdue approvals with the order number, department, step and hours overdue', async () => {
    const orderId = await completedOrder(new Date(NOW.getTime() - 30 * HOUR), [1], { status: 'provisioning' });
    await bed.db.updateTable('cloud_orders').set({ status: 'approving', number: 'CO-20241014-000007' }).where('id', '=', orderId).execute();
    await bed.db.insertInto('cloud_approvals').values([
      { order_id: orderId, step: 1, approver: 'dept_head', status: 'approved' },
      { order_id: orderId, step: 2, approver: 'it_centre', status: 'pending', due_at: new Date(NOW.getTime() - 6.5 * HOUR) },
    ]).execute();
    const { insights } = bed.services(standInDrivers(new Map()));
    const { overdueApprovals } = await insights.dashboardAt(cliActor('test'), NOW);
    expect(overdueApprovals).toEqual([
      expect.objectContaining({ orderId, orderNumber: 'CO-20241014-000007', departmentName: '区市场监督管理局', step: 2, approver: 'it_centre', hoursOverdue: 6.5 }),
    ]);
  });

  it('sums the run rate of running resources by department and provider, and counts failures and drift', async () => {
    const second = await insertCatalog(bed.db, { name: '第二服务商' });
    await bed.resource({ monthlyFen: 10_000, readyAt: LONG_AGO, name: 'run-a' });
    await bed.resource({ monthlyFen: 5_000, readyAt: LONG_AGO, catalog: second, departmentId: bed.directory.departments.other, name: 'run-b' });
    await bed.resource({ monthlyFen: 99_999, readyAt: LONG_AGO, status: 'retired', retiredAt: LONG_AGO, name: 'gone' });
    const drifted = await bed.resource({ monthlyFen: 1_000, readyAt: LONG_AGO, name: 'drifted' });
    await bed.db.updateTable('cloud_resources').set({ drift_status: 'drifted', measured: json({ storageBytes: 2 ** 30 }) }).where('id', '=', drifted).execute();
    const failed = await bed.resource({ monthlyFen: 1_000, readyAt: LONG_AGO, status: 'failed', name: 'failed' });
    await bed.db.insertInto('cloud_operations').values({
      resource_id: failed, kind: 'create', idempotency_key: failed, status: 'failed', error: '数据库服务器拒绝连接', finished_at: new Date(NOW.getTime() - 2 * 24 * HOUR),
    }).execute();

    const { insights } = bed.services(standInDrivers(new Map()));
    const dashboard = await insights.dashboardAt(cliActor('test'), NOW);
    expect(dashboard.cost.runRateFen).toBe(16_000);
    expect(dashboard.cost.runRateByDepartment.map((row) => [row.name, row.amountFen])).toEqual([['区市场监督管理局', 11_000], ['区民政局', 5_000]]);
    expect(dashboard.cost.runRateByProvider.find((row) => row.key === second.providerId)?.amountFen).toBe(5_000);
    expect(dashboard.resources.byStatus).toMatchObject({ active: 3, retired: 1, failed: 1 });
    expect(dashboard.resources.byCategory).toEqual([expect.objectContaining({ category: 'database', total: 5 })]);
    expect(dashboard.drift).toEqual({ drifted: 1, missing: 0, orphans: 0 });
    expect(dashboard.failedProvisioning.items).toEqual([expect.objectContaining({ resourceId: failed, reason: '数据库服务器拒绝连接', kind: 'create' })]);
    const ownStorage = dashboard.storage.find((row) => row.departmentId === bed.directory.departments.own)!;
    expect(ownStorage).toMatchObject({ allocatedGb: 200, measuredGb: 1, measuredResources: 1 });
  });

  it('is for the IT centre only', async () => {
    expect((await (await bed.t.login('own_admin')).get(`${CLOUD_API}/dashboard`)).statusCode).toBe(403);
    const answer = await (await bed.t.login('dataadmin')).get(`${CLOUD_API}/dashboard`);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ cost: { runRateFen: 16_000 }, drift: { drifted: 1 } });
  });
});

describe('business systems', () => {
  it('shows a system with its owner, resources, run rate, cost this month, orders in flight and exchange data', async () => {
    const { insights, metering } = bed.services(standInDrivers(new Map()), { measure: false }, systemData);
    const now = new Date();
    const month = billingMonth(monthOf(now));
    // Metered for two hours of this month at 72,000 fen a month (the system's other resources ran too).
    const meteredHours = [month.start, new Date(month.start.getTime() + HOUR)];
    for (const hour of meteredHours) await metering.meterHour(hour);
    const view = await insights.businessSystemAt(cliActor('test'), bed.systems.own, now);
    expect(view.department).toEqual({ id: bed.directory.departments.own, name: '区市场监督管理局' });
    expect(view.runRateFen).toBe(11_000);
    expect(view.resources.map((resource) => resource.name).sort()).toEqual(['drifted', 'failed', 'gone', 'run-a']);
    const usage = await bed.db.selectFrom('cloud_usage').select(['monthly_fen']).where('business_system_id', '=', bed.systems.own).where('hour', '>=', month.start).execute();
    expect(usage.length).toBe(4); // run-a and drifted, two hours each
    expect(view.monthCostFen).toBe(Math.round((2 * 10_000) / month.hours) + Math.round((2 * 1_000) / month.hours));
    expect(view.ordersInFlight.map((order) => order.status)).toEqual(expect.arrayContaining(['provisioning', 'approving']));
    expect(view.data?.publishes[0].name).toBe('行政许可信息');
  });

  it("lists a department user's own systems only and hides another department's system", async () => {
    const op = await bed.t.login('own_op');
    const list = (await op.get(`${CLOUD_API}/systems`)).json();
    expect(list.items.map((item: { id: string }) => item.id)).toEqual([bed.systems.own]);
    expect(list.items[0]).toMatchObject({ resources: 2, runRateFen: 11_000 });
    expect((await op.get(`${CLOUD_API}/systems/${bed.systems.other}`)).statusCode).toBe(404);
    const detail = await op.get(`${CLOUD_API}/systems/${bed.systems.own}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ name: '市场监管业务系统', runRateFen: 11_000 });

    const admin = await bed.t.login('dataadmin');
    expect((await admin.get(`${CLOUD_API}/systems`)).json().items).toHaveLength(2);
  });
});
