import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { json } from '../../../platform/db/database.js';
import { createOrdersTestbed, type OrdersTestbed, type Session } from './test-support.js';

const API = '/api/v1/cloud';

let bed: OrdersTestbed;
let op: Session; // own department, dept_operator
let head: Session; // own department, dept_admin
let itc: Session; // IT centre, data_admin
let otherOp: Session;
let otherHead: Session;

beforeAll(async () => {
  bed = await createOrdersTestbed();
  [op, head, itc, otherOp, otherHead] = await Promise.all(['own_op', 'own_admin', 'dataadmin', 'other_op', 'other_admin'].map((u) => bed.login(u)));
});
afterAll(() => bed.close());
beforeEach(async () => {
  bed.pricing.vcpuFen = 10_000;
  await bed.t.platform.ctx.db.deleteFrom('cloud_quotas').execute();
  await bed.t.platform.ctx.db.deleteFrom('cloud_approval_policies').where('id', 'not in', (eb) => eb.selectFrom('cloud_orders').select('policy_id').where('policy_id', 'is not', null)).execute();
  await bed.t.platform.ctx.db.updateTable('cloud_approval_policies').set({ enabled: false }).execute();
});

const db = () => bed.t.platform.ctx.db;

async function setQuota(departmentId: string, dimension: 'vcpu' | 'monthly_budget_fen', limit: number) {
  await db().insertInto('cloud_quotas').values({ department_id: departmentId, dimension, quota_limit: limit })
    .onConflict((oc) => oc.columns(['department_id', 'dimension']).doUpdateSet({ quota_limit: limit })).execute();
}
const quota = (departmentId: string, dimension: string) =>
  db().selectFrom('cloud_quotas').select(['reserved', 'committed']).where('department_id', '=', departmentId).where('dimension', '=', dimension as 'vcpu').executeTakeFirstOrThrow();

/** A cart of the own department's operator with these items, answered as the cart. */
async function cartWith(session: Session, items: Array<{ offering: 'database' | 'compute'; vcpu: number }>, system = bed.systems.own) {
  let cart = (await session.get(`${API}/carts/${system}`)).json();
  for (const [index, item] of items.entries()) {
    const added = await session.post(`${API}/carts/${system}/items`, { offeringId: bed.offerings[item.offering], name: `res-${index}`, parameters: { vcpu: item.vcpu }, leaseMonths: 12 });
    expect(added.statusCode, added.body).toBe(200);
    cart = added.json();
  }
  return cart;
}

async function submitted(session: Session, items: Array<{ offering: 'database' | 'compute'; vcpu: number }>) {
  const cart = await cartWith(session, items);
  const response = await session.post(`${API}/orders/${cart.id}/submit`, { purpose: '业务系统上线' });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const notificationsOf = (kind: string) =>
  db().selectFrom('notifications').select(['user_id', 'role', 'department_id', 'title', 'link']).where('kind', '=', kind).orderBy('created_at').execute();
const auditOf = (orderId: string) =>
  db().selectFrom('audit_log').select(['action', 'after']).where('target_id', '=', orderId).orderBy('id').execute();

describe('carts', () => {
  it('price each item through the catalog and keep the quote, rate card, monthly price and quota demand', async () => {
    const cart = await cartWith(op, [{ offering: 'database', vcpu: 4 }]);
    expect(cart.status).toBe('cart');
    expect(cart.can).toEqual({ submit: true, cancel: true, approve: false });
    const [item] = cart.items;
    expect(item).toMatchObject({ offeringName: 'PostgreSQL 数据库', category: 'database', providerName: '政务云服务商', monthlyFen: 40_000, quotaDemand: { vcpu: 4, monthly_budget_fen: 40_000 }, status: 'cart', leaseMonths: 12 });
    expect(item.quote).toMatchObject({ rateCardId: bed.rateCardId, monthlyFen: 40_000, currency: 'CNY' });
    expect(cart.totalMonthlyFen).toBe(40_000);

    const changed = await op.patch(`${API}/cart-items/${item.id}`, { parameters: { vcpu: 8 } });
    expect(changed.json().items[0]).toMatchObject({ monthlyFen: 80_000, parameters: { vcpu: 8 } });
    const removed = await op.delete(`${API}/cart-items/${item.id}`);
    expect(removed.json().items).toEqual([]);
    // The same cart comes back: one per department, business system and user.
    expect((await op.get(`${API}/carts/${bed.systems.own}`)).json().id).toBe(cart.id);
  });

  it('refuse bad parameters with pointers, offerings without a sub-contract, and other departments\' systems', async () => {
    const bad = await op.post(`${API}/carts/${bed.systems.own}/items`, { offeringId: bed.offerings.database, name: 'x', parameters: { vcpu: 999 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/parameters/vcpu']);

    bed.contracted.delete(bed.directory.departments.own);
    try {
      const uncontracted = await op.post(`${API}/carts/${bed.systems.own}/items`, { offeringId: bed.offerings.database, name: 'x', parameters: {} });
      expect(uncontracted.statusCode).toBe(403);
      expect(uncontracted.json().code).toBe('cloud.not_contracted');
    } finally {
      bed.contracted.add(bed.directory.departments.own);
    }

    const foreign = await op.get(`${API}/carts/${bed.systems.other}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('cloud.business_system_not_found');
    // Someone else's cart item is not found either.
    const cart = await cartWith(op, [{ offering: 'compute', vcpu: 1 }]);
    expect((await otherOp.patch(`${API}/cart-items/${cart.items.at(-1).id}`, { name: 'mine now' })).statusCode).toBe(404);
    expect((await itc.get(`${API}/carts/${bed.systems.own}`)).json().code).toBe('cloud.not_orderer');
    await op.delete(`${API}/cart-items/${cart.items.at(-1).id}`);
  });

  it('cannot be submitted empty or without a purpose', async () => {
    const cart = (await op.get(`${API}/carts/${bed.systems.own}`)).json();
    for (const item of cart.items) await op.delete(`${API}/cart-items/${item.id}`);
    const empty = await op.post(`${API}/orders/${cart.id}/submit`, { purpose: '上线' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('cloud.cart_empty');
    await cartWith(op, [{ offering: 'compute', vcpu: 1 }]);
    const noPurpose = await op.post(`${API}/orders/${cart.id}/submit`, { purpose: '   ' });
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().code).toBe('cloud.purpose_required');
    await op.post(`${API}/orders/${cart.id}/cancel`);
  });
});

describe('submission and the two-step approval chain', () => {
  it('goes cart → department head → IT centre → approved, handing the order to provisioning once', async () => {
    await setQuota(bed.directory.departments.own, 'vcpu', 100);
    const startedBefore = bed.started.length;
    const cart = await cartWith(op, [{ offering: 'database', vcpu: 2 }, { offering: 'compute', vcpu: 4 }]);
    // The price went up after the items were added: the submission carries today's quote.
    bed.pricing.vcpuFen = 12_000;
    const response = await op.post(`${API}/orders/${cart.id}/submit`, { purpose: '业务系统上线' });
    expect(response.statusCode, response.body).toBe(200);
    const order = response.json();
    expect(order.number).toMatch(/^CO-\d{8}-\d{6}$/);
    expect(order).toMatchObject({ status: 'approving', purpose: '业务系统上线', totalMonthlyFen: 72_000, autoApproved: false });
    expect(order.items.map((item: { monthlyFen: number; status: string }) => [item.monthlyFen, item.status])).toEqual([[24_000, 'pending'], [48_000, 'pending']]);
    expect(order.approvals.map((s: { approver: string; status: string }) => `${s.approver}:${s.status}`)).toEqual(['dept_head:pending', 'it_centre:waiting']);
    expect(new Date(order.approvals[0].dueAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect(await quota(bed.directory.departments.own, 'vcpu')).toEqual({ reserved: 6, committed: 0 });

    // The submitter's answer, and the approvers' inboxes.
    expect(order.can).toEqual({ submit: false, cancel: true, approve: false });
    expect((await head.get(`${API}/approvals/inbox`)).json().items.map((o: { id: string }) => o.id)).toContain(order.id);
    expect((await itc.get(`${API}/approvals/inbox`)).json().items.map((o: { id: string }) => o.id)).not.toContain(order.id);
    expect((await otherHead.get(`${API}/approvals/inbox`)).json().items).toEqual([]);

    // The IT centre cannot take the department head's step.
    const early = await itc.post(`${API}/orders/${order.id}/decision`, { decision: 'approve' });
    expect(early.statusCode).toBe(403);
    expect(early.json().code).toBe('cloud.not_approver');

    const first = await head.post(`${API}/orders/${order.id}/decision`, { decision: 'approve', reason: '同意' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().approvals.map((s: { status: string }) => s.status)).toEqual(['approved', 'pending']);
    expect(first.json().approvals[0]).toMatchObject({ decidedByName: 'own_admin', reason: '同意' });
    expect(bed.started.length).toBe(startedBefore);
    expect((await itc.get(`${API}/approvals/inbox`)).json().items.map((o: { id: string }) => o.id)).toContain(order.id);

    const kicksBefore = bed.kicks.count;
    const last = await itc.post(`${API}/orders/${order.id}/decision`, { decision: 'approve' });
    expect(last.statusCode, last.body).toBe(200);
    expect(last.json()).toMatchObject({ status: 'approved' });
    expect(last.json().decidedAt).not.toBeNull();
    expect(bed.started.slice(startedBefore)).toEqual([{ orderId: order.id, statusInTransaction: 'approved' }]);
    expect(bed.kicks.count).toBe(kicksBefore + 1);

    // A decided order takes no more decisions.
    expect((await itc.post(`${API}/orders/${order.id}/decision`, { decision: 'approve' })).json().code).toBe('cloud.order_not_pending');

    const notified = async (kind: string) => (await notificationsOf(kind)).filter((n) => n.link === `/cloud/orders/${order.id}`);
    expect((await notified('cloud.order.submitted')).map((n) => n.user_id)).toEqual([op.userId]);
    expect((await notified('cloud.approval.pending')).map((n) => `${n.role}:${n.department_id}`)).toEqual([`dept_admin:${bed.directory.departments.own}`, 'data_admin:null']);
    expect((await notified('cloud.order.approved')).map((n) => n.user_id)).toEqual([op.userId]);
    expect((await auditOf(order.id)).map((a) => a.action)).toEqual(['cloud.order.submit', 'cloud.order.approve', 'cloud.order.approve']);
  });

  it('approves at once under the policy\'s threshold, handing over to provisioning in the same transaction', async () => {
    const policy = await itc.post(`${API}/approval-policies`, {
      name: '数据库小额自动审批', category: 'database', steps: [{ approver: 'dept_head', deadlineHours: 8, escalateTo: 'it_centre' }], autoApproveMaxFen: 50_000,
    });
    expect(policy.statusCode, policy.body).toBe(201);
    const kicksBefore = bed.kicks.count;
    const order = await submitted(op, [{ offering: 'database', vcpu: 5 }]);
    expect(order).toMatchObject({ status: 'approved', autoApproved: true, totalMonthlyFen: 50_000 });
    expect(order.approvals.map((s: { status: string }) => s.status)).toEqual(['auto_approved']);
    expect(bed.started.at(-1)).toEqual({ orderId: order.id, statusInTransaction: 'approved' });
    expect(bed.kicks.count).toBe(kicksBefore + 1);

    // One fen over the threshold: the chain applies.
    const manual = await submitted(op, [{ offering: 'database', vcpu: 6 }]);
    expect(manual).toMatchObject({ status: 'approving', autoApproved: false });
    expect(manual.approvals.map((s: { approver: string }) => s.approver)).toEqual(['dept_head']);
    await op.post(`${API}/orders/${manual.id}/cancel`);
  });

  it('rejects only with a reason, cancelling the items and giving the reservation back', async () => {
    await setQuota(bed.directory.departments.own, 'vcpu', 100);
    const before = await quota(bed.directory.departments.own, 'vcpu');
    const order = await submitted(op, [{ offering: 'compute', vcpu: 8 }]);
    expect((await quota(bed.directory.departments.own, 'vcpu')).reserved).toBe(before.reserved + 8);

    const noReason = await head.post(`${API}/orders/${order.id}/decision`, { decision: 'reject', reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('cloud.reason_required');

    const rejected = await head.post(`${API}/orders/${order.id}/decision`, { decision: 'reject', reason: '规格过大，请缩减' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', rejectionReason: '规格过大，请缩减' });
    expect(rejected.json().items[0].status).toBe('cancelled');
    expect(rejected.json().approvals.map((s: { status: string }) => s.status)).toEqual(['rejected', 'skipped']);
    expect(await quota(bed.directory.departments.own, 'vcpu')).toEqual(before);
    const rejectedNote = (await notificationsOf('cloud.order.rejected')).find((n) => n.link === `/cloud/orders/${order.id}`);
    expect(rejectedNote).toMatchObject({ user_id: op.userId });
    expect((await auditOf(order.id)).map((a) => a.action)).toEqual(['cloud.order.submit', 'cloud.order.reject']);
  });

  it('never lets the creator decide their own order', async () => {
    const order = await submitted(head, [{ offering: 'compute', vcpu: 1 }]);
    const self = await head.post(`${API}/orders/${order.id}/decision`, { decision: 'approve' });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('cloud.approval_self');
    expect(order.can.approve).toBe(false);
    expect((await head.get(`${API}/approvals/inbox`)).json().items.map((o: { id: string }) => o.id)).not.toContain(order.id);
    await head.post(`${API}/orders/${order.id}/cancel`);
  });

  it('refuses an order over the quota with the shortfalls, writing nothing', async () => {
    await setQuota(bed.directory.departments.own, 'vcpu', 3);
    const before = await quota(bed.directory.departments.own, 'vcpu');
    const cart = await cartWith(op, [{ offering: 'compute', vcpu: 4 }]);
    const response = await op.post(`${API}/orders/${cart.id}/submit`, { purpose: '扩容' });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('cloud.quota_exceeded');
    expect(response.json().shortfalls).toEqual([{ dimension: 'vcpu', limit: 3, inUse: before.reserved + before.committed, requested: 4 }]);
    const still = (await op.get(`${API}/orders/${cart.id}`)).json();
    expect(still).toMatchObject({ status: 'cart', number: null });
    expect(still.items.map((item: { status: string }) => item.status)).toEqual(['cart']);
    expect(await quota(bed.directory.departments.own, 'vcpu')).toEqual(before);
    expect(await db().selectFrom('cloud_approvals').select('id').where('order_id', '=', cart.id).execute()).toEqual([]);
    await op.post(`${API}/orders/${cart.id}/cancel`);
  });

  it('submits a cart once: concurrent submissions give one order and one 409 cloud.order_not_cart', async () => {
    const cart = await cartWith(op, [{ offering: 'compute', vcpu: 1 }]);
    const answers = await Promise.all([1, 2].map(() => op.post(`${API}/orders/${cart.id}/submit`, { purpose: '并发提交' })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.statusCode === 409)!.json().code).toBe('cloud.order_not_cart');
    expect(await db().selectFrom('cloud_approvals').select('id').where('order_id', '=', cart.id).execute()).toHaveLength(2);
    await op.post(`${API}/orders/${cart.id}/cancel`);
  });

  it('is cancelled by its creator before the decision, giving the reservation back', async () => {
    await setQuota(bed.directory.departments.own, 'vcpu', 100);
    const before = await quota(bed.directory.departments.own, 'vcpu');
    const order = await submitted(op, [{ offering: 'compute', vcpu: 3 }]);
    expect((await head.post(`${API}/orders/${order.id}/cancel`)).json().code).toBe('cloud.not_order_creator');
    const cancelled = await op.post(`${API}/orders/${order.id}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect(cancelled.json().approvals.map((s: { status: string }) => s.status)).toEqual(['skipped', 'skipped']);
    expect(await quota(bed.directory.departments.own, 'vcpu')).toEqual(before);
    expect((await op.post(`${API}/orders/${order.id}/cancel`)).json().code).toBe('cloud.order_not_cancellable');
    expect((await auditOf(order.id)).map((a) => a.action)).toEqual(['cloud.order.submit', 'cloud.order.cancel']);
  });
});

describe('department isolation', () => {
  it('shows a department its own orders, the IT centre every one, and nobody else\'s orders to anyone', async () => {
    const own = await submitted(op, [{ offering: 'compute', vcpu: 1 }]);
    const otherCart = await cartWith(otherOp, [{ offering: 'compute', vcpu: 1 }], bed.systems.other);
    const other = (await otherOp.post(`${API}/orders/${otherCart.id}/submit`, { purpose: '救助系统' })).json();

    const ids = async (session: Session, query: Record<string, string> = {}) =>
      (await session.get(`${API}/orders`, { pageSize: '100', ...query })).json().items.map((o: { id: string }) => o.id);
    expect(await ids(op)).toContain(own.id);
    expect(await ids(op)).not.toContain(other.id);
    expect(await ids(otherOp)).toEqual([other.id]);
    expect(await ids(itc)).toEqual(expect.arrayContaining([own.id, other.id]));
    expect(await ids(itc, { departmentId: bed.directory.departments.other })).toEqual([other.id]);
    expect((await otherOp.get(`${API}/orders`, { departmentId: bed.directory.departments.own })).statusCode).toBe(403);

    expect((await otherOp.get(`${API}/orders/${own.id}`)).statusCode).toBe(404);
    expect((await otherHead.post(`${API}/orders/${own.id}/decision`, { decision: 'approve' })).statusCode).toBe(404);
    expect((await otherOp.post(`${API}/orders/${own.id}/cancel`)).statusCode).toBe(404);
    expect((await itc.get(`${API}/orders/${other.id}`)).statusCode).toBe(200);
    // Carts are their owner's only.
    const myCart = (await op.get(`${API}/carts/${bed.systems.own}`)).json();
    expect((await head.get(`${API}/orders/${myCart.id}`)).statusCode).toBe(404);
    const auditor = await bed.login('auditor');
    expect((await auditor.get(`${API}/orders`)).statusCode).toBe(403);
    expect((await auditor.get(`${API}/orders/${own.id}`)).statusCode).toBe(404);
    await op.post(`${API}/orders/${own.id}/cancel`);
    await otherOp.post(`${API}/orders/${other.id}/cancel`);
  });
});

describe('escalation', () => {
  it('escalates an overdue step once, to its escalation target, who may then decide it', async () => {
    const order = await submitted(op, [{ offering: 'compute', vcpu: 1 }]);
    const dueAt = new Date(order.approvals[0].dueAt);
    expect(await bed.services.orders.escalateOverdue(new Date(dueAt.getTime() - 1000))).toBe(0);

    const later = new Date(dueAt.getTime() + 1000);
    expect(await bed.services.orders.escalateOverdue(later)).toBeGreaterThanOrEqual(1);
    const step = await db().selectFrom('cloud_approvals').selectAll().where('order_id', '=', order.id).where('step', '=', 1).executeTakeFirstOrThrow();
    expect(step.escalated_at?.getTime()).toBe(later.getTime());
    expect(step.status).toBe('pending');
    const escalated = (await notificationsOf('cloud.approval.escalated')).filter((n) => n.link === `/cloud/orders/${order.id}`);
    expect(escalated.map((n) => n.role)).toEqual(['data_admin']);
    expect((await auditOf(order.id)).map((a) => a.action)).toContain('cloud.approval.escalate');
    // Once only.
    expect(await bed.services.orders.escalateOverdue(new Date(later.getTime() + 1000))).toBe(0);

    // The IT centre now holds the department head's step too.
    expect((await itc.get(`${API}/approvals/inbox`)).json().items.map((o: { id: string }) => o.id)).toContain(order.id);
    const decided = await itc.post(`${API}/orders/${order.id}/decision`, { decision: 'approve' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().approvals.map((s: { status: string }) => s.status)).toEqual(['approved', 'pending']);
    await op.post(`${API}/orders/${order.id}/cancel`);
  });

  it('reminds the step\'s own approvers when the step has no escalation target', async () => {
    const policy = await itc.post(`${API}/approval-policies`, { name: '无升级', departmentId: bed.directory.departments.own, steps: [{ approver: 'dept_head', deadlineHours: 1, escalateTo: null }] });
    expect(policy.statusCode, policy.body).toBe(201);
    const order = await submitted(op, [{ offering: 'compute', vcpu: 1 }]);
    await bed.services.orders.escalateOverdue(new Date(Date.now() + 2 * 3_600_000));
    const escalated = (await notificationsOf('cloud.approval.escalated')).filter((n) => n.link === `/cloud/orders/${order.id}`);
    expect(escalated.map((n) => `${n.role}:${n.department_id}`)).toEqual([`dept_admin:${bed.directory.departments.own}`]);
    await op.post(`${API}/orders/${order.id}/cancel`);
  });
});

describe('resizing', () => {
  it('orders the difference: a one-item resize order whose quota demand is new minus old', async () => {
    await setQuota(bed.directory.departments.own, 'vcpu', 100);
    const order = await submitted(op, [{ offering: 'database', vcpu: 2 }]);
    await head.post(`${API}/orders/${order.id}/decision`, { decision: 'approve' });
    await itc.post(`${API}/orders/${order.id}/decision`, { decision: 'approve' });
    const endpoint = await db().insertInto('cloud_provider_endpoints').values({ provider_id: bed.providerId, driver: 'simulated', secrets_sealed: null }).returning('id').executeTakeFirstOrThrow();
    const item = order.items[0];
    const resource = await db().insertInto('cloud_resources').values({
      order_item_id: item.id, department_id: bed.directory.departments.own, business_system_id: bed.systems.own, provider_id: bed.providerId, offering_id: bed.offerings.database,
      endpoint_id: endpoint.id, driver: 'simulated', resource_kind: 'postgresql_database', name: 'res-0', external_id: 'sim-1', status: 'active',
      parameters: json({ vcpu: 2 }), rate_card_id: bed.rateCardId, monthly_fen: 20_000, quota_demand: json({ vcpu: 2, monthly_budget_fen: 20_000 }), credentials_sealed: null,
    }).returning('id').executeTakeFirstOrThrow();

    const foreign = await otherOp.post(`${API}/resources/${resource.id}/resize`, { parameters: { vcpu: 4 }, purpose: '扩容' });
    expect(foreign.statusCode).toBe(404);
    const resized = await op.post(`${API}/resources/${resource.id}/resize`, { parameters: { vcpu: 4 }, purpose: '业务量增长' });
    expect(resized.statusCode, resized.body).toBe(200);
    const resize = resized.json();
    expect(resize).toMatchObject({ status: 'approving', totalMonthlyFen: 40_000, purpose: '业务量增长' });
    expect(resize.items).toHaveLength(1);
    expect(resize.items[0]).toMatchObject({ action: 'resize', resourceId: resource.id, parameters: { vcpu: 4 }, monthlyFen: 40_000, quotaDemand: { vcpu: 2, monthly_budget_fen: 20_000 }, status: 'pending' });

    const again = await op.post(`${API}/resources/${resource.id}/resize`, { parameters: { vcpu: 8 }, purpose: '再扩容' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('cloud.resize_in_progress');

    await db().updateTable('cloud_resources').set({ status: 'retired' }).where('id', '=', resource.id).execute();
    await op.post(`${API}/orders/${resize.id}/cancel`);
    const inactive = await op.post(`${API}/resources/${resource.id}/resize`, { parameters: { vcpu: 8 }, purpose: '再扩容' });
    expect(inactive.json().code).toBe('cloud.resource_not_active');
  });
});
