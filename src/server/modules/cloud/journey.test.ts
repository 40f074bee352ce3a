/**
 * The cloud portal end to end, every part real (catalog pricing, quota ledger, orders, provisioner with the
 * simulated driver — or the real PostgreSQL driver —, metering and bills), mostly through the HTTP API as the
 * console uses it.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../platform/actor.js';
import { createCloudTestbed, type CloudTestbed } from './test-support.js';

const API = '/api/v1/cloud';

describe('fifty concurrent orders against a nearly full quota', () => {
  let bed: CloudTestbed;
  beforeAll(async () => {
    bed = await createCloudTestbed();
  });
  afterAll(() => bed.close());

  it('never reserve more than the quota has room for: exactly the orders that fit are submitted, the rest are refused whole', async () => {
    const { platform } = bed.t;
    const offeringId = await bed.offering({ code: 'vcpu-db' });
    await bed.policy({ steps: [{ approver: 'dept_head' }], autoApproveMaxFen: null });
    // 100 vCPU, 90 already committed: room for 5 orders of 2 vCPU.
    await bed.quota(bed.directory.departments.own, 'vcpu', 100, 90);
    const cli = cliActor('test');
    const operator = await bed.actor('own_op');
    const carts: string[] = [];
    for (let index = 0; index < 50; index++) {
      const system = await platform.directory.service.createBusinessSystem(cli, { departmentId: bed.directory.departments.own, code: `burst-${index}`, name: `系统${index}` });
      carts.push((await platform.cloud.orders.addItem(operator, system.id, { offeringId, name: `db${index}`, parameters: { vcpu: 2 } })).id);
    }

    const outcomes = await Promise.allSettled(carts.map((cart) => platform.cloud.orders.submit(operator, cart, { purpose: '并发压测' })));

    const submitted = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(submitted).toHaveLength(5);
    expect(refused).toHaveLength(45);
    expect(new Set(refused.map((outcome) => (outcome.reason as { code?: string }).code))).toEqual(new Set(['cloud.quota_exceeded']));
    const quota = await platform.ctx.db.selectFrom('cloud_quotas').selectAll().where('department_id', '=', bed.directory.departments.own).where('dimension', '=', 'vcpu').executeTakeFirstOrThrow();
    expect(quota).toMatchObject({ quota_limit: 100, reserved: 10, committed: 90 });
    // A refused order stays a cart with its item: nothing half-written.
    const stillCarts = await platform.ctx.db.selectFrom('cloud_orders').select('id').where('status', '=', 'cart').where('id', 'in', carts).execute();
    expect(stillCarts).toHaveLength(45);
  });
});

describe('an order from cart to retirement through the HTTP API', () => {
  let bed: CloudTestbed;
  let offeringId: string;
  beforeAll(async () => {
    bed = await createCloudTestbed();
    offeringId = await bed.offering({
      code: 'pg-standard',
      schema: {
        type: 'object',
        properties: { vcpu: { type: 'integer', minimum: 1, maximum: 32, default: 2 }, storageGb: { type: 'integer', minimum: 10, maximum: 2000, default: 100 } },
        required: ['vcpu', 'storageGb'],
      },
      quotaMap: { vcpu: 'vcpu', storage_gb: 'storageGb', databases: 1 },
      components: [
        { code: 'instance', name: '实例', type: 'fixed', priceFen: 30_000 },
        { code: 'vcpu', name: 'vCPU', type: 'per_unit', parameter: 'vcpu', unit: '核', priceFen: 6_000 },
        { code: 'storage', name: '存储', type: 'tiered', parameter: 'storageGb', unit: 'GB', tiers: [{ upTo: 100, priceFen: 100 }, { upTo: null, priceFen: 60 }] },
      ],
    });
    await bed.policy({ steps: [{ approver: 'dept_head' }, { approver: 'it_centre' }], autoApproveMaxFen: null });
    for (const [dimension, limit] of [['vcpu', 16], ['storage_gb', 1000], ['databases', 3], ['monthly_budget_fen', 500_000]] as const) {
      await bed.quota(bed.directory.departments.own, dimension, limit);
    }
  });
  afterAll(() => bed.close());

  it('prices at order time, approves in two steps, provisions, shows credentials once, resizes, retires — with quota, notifications and audit in step', async () => {
    const operator = await bed.t.login('own_op');
    const head = await bed.t.login('own_admin');
    const itCentre = await bed.t.login('dataadmin');
    const db = bed.t.platform.ctx.db;
    const quota = async () =>
      Object.fromEntries(
        (await db.selectFrom('cloud_quotas').select(['dimension', 'reserved', 'committed']).where('department_id', '=', bed.directory.departments.own).execute()).map((row) => [
          row.dimension,
          [row.reserved, row.committed],
        ]),
      );

    // The price before ordering: 300 + 4 × 60 + 100 × 1 + 100 × 0.6 = 700 元 a month.
    const quote = await operator.post(`${API}/offerings/${offeringId}/quote`, { parameters: { vcpu: 4, storageGb: 200 } });
    expect(quote.statusCode, quote.body).toBe(200);
    expect(quote.json().quote.monthlyFen).toBe(70_000);
    const bad = await operator.post(`${API}/offerings/${offeringId}/quote`, { parameters: { vcpu: 99, storageGb: 5 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((error: { pointer: string }) => error.pointer).sort()).toEqual(['/parameters/storageGb', '/parameters/vcpu']);

    const cart = await operator.post(`${API}/carts/${bed.systems.own}/items`, { offeringId, name: '许可库', parameters: { vcpu: 4, storageGb: 200 } });
    expect(cart.statusCode, cart.body).toBeLessThan(300);
    expect(cart.json().totalMonthlyFen).toBe(70_000);
    const submitted = await operator.post(`${API}/orders/${cart.json().id}/submit`, { purpose: '许可审批系统上线' });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const orderId = submitted.json().id as string;
    expect(submitted.json()).toMatchObject({ status: 'approving', autoApproved: false });
    expect(await quota()).toMatchObject({ vcpu: [4, 0], storage_gb: [200, 0], databases: [1, 0], monthly_budget_fen: [70_000, 0] });

    // The department head sees it in the inbox; the IT centre cannot decide before the head.
    expect((await head.get(`${API}/approvals/inbox`)).json().items.map((order: { id: string }) => order.id)).toContain(orderId);
    expect((await itCentre.post(`${API}/orders/${orderId}/decision`, { decision: 'approve' })).statusCode).toBe(403);
    expect((await operator.post(`${API}/orders/${orderId}/decision`, { decision: 'approve' })).statusCode).toBe(403);
    expect((await head.post(`${API}/orders/${orderId}/decision`, { decision: 'approve' })).json().status).toBe('approving');
    const approved = await itCentre.post(`${API}/orders/${orderId}/decision`, { decision: 'approve' });
    expect(approved.json().status).toBe('provisioning');

    await bed.settle();
    const done = (await operator.get(`${API}/orders/${orderId}`)).json();
    expect(done.status).toBe('completed');
    expect(done.items[0].status).toBe('ready');
    expect(await quota()).toMatchObject({ vcpu: [0, 4], storage_gb: [0, 200], databases: [0, 1], monthly_budget_fen: [0, 70_000] });
    const kinds = (await operator.get('/api/v1/notifications')).json().items.map((item: { kind: string }) => item.kind);
    expect(kinds).toEqual(expect.arrayContaining(['cloud.order.submitted', 'cloud.order.approved', 'cloud.resource.ready']));

    // Credentials: once, to the ordering department only; never in a log or the audit trail.
    const resource = (await operator.get(`${API}/resources`)).json().items[0];
    expect(resource).toMatchObject({ status: 'active', monthlyFen: 70_000, credentialsAvailable: true });
    expect((await (await bed.t.login('other_op')).get(`${API}/resources/${resource.id}`)).statusCode).toBe(404);
    const shown = await operator.post(`${API}/resources/${resource.id}/credentials`, {});
    expect(shown.statusCode).toBe(200);
    const password = shown.json().credentials.password as string;
    expect(password.length).toBeGreaterThanOrEqual(16);
    const again = await head.post(`${API}/resources/${resource.id}/credentials`, {});
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('cloud.credentials_revealed');
    expect(bed.logLines.join('\n')).not.toContain(password);
    const audit = await db.selectFrom('audit_log').select(['action', 'after', 'before']).execute();
    expect(JSON.stringify(audit)).not.toContain(password);
    expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(['cloud.order.submit', 'cloud.order.approve']));

    // Resize to 8 vCPU: an order of the difference (4 vCPU, 240 元), approved like any order.
    const resize = await operator.post(`${API}/resources/${resource.id}/resize`, { parameters: { vcpu: 8, storageGb: 200 }, purpose: '业务量增长' });
    expect(resize.statusCode, resize.body).toBe(200);
    expect(resize.json().items[0]).toMatchObject({ action: 'resize', quotaDemand: { vcpu: 4, monthly_budget_fen: 24_000 } });
    await head.post(`${API}/orders/${resize.json().id}/decision`, { decision: 'approve' });
    await itCentre.post(`${API}/orders/${resize.json().id}/decision`, { decision: 'approve' });
    await bed.settle();
    const resized = (await operator.get(`${API}/resources/${resource.id}`)).json();
    expect(resized).toMatchObject({ status: 'active', parameters: { vcpu: 8, storageGb: 200 }, monthlyFen: 94_000 });
    expect(await quota()).toMatchObject({ vcpu: [0, 8], monthly_budget_fen: [0, 94_000] });

    // Retirement really removes it at the provider and gives the quota back.
    const retire = await operator.post(`${API}/resources/${resource.id}/retire`, { reason: '系统下线' });
    expect(retire.statusCode, retire.body).toBeLessThan(300);
    await bed.settle();
    expect((await operator.get(`${API}/resources/${resource.id}`)).json().status).toBe('retired');
    expect(await quota()).toMatchObject({ vcpu: [0, 0], storage_gb: [0, 0], databases: [0, 0], monthly_budget_fen: [0, 0] });
    const simulated = await db.selectFrom('cloud_simulated_resources').select('status').execute();
    expect(simulated.map((row) => row.status)).toEqual(['deleted']);
  });

  it('a rejection needs a reason, says it to the orderer and releases the reservation', async () => {
    const operator = await bed.t.login('own_op');
    const head = await bed.t.login('own_admin');
    const cart = await operator.post(`${API}/carts/${bed.systems.own}/items`, { offeringId, name: '测试库', parameters: { vcpu: 2, storageGb: 50 } });
    const order = (await operator.post(`${API}/orders/${cart.json().id}/submit`, { purpose: '测试' })).json();
    expect((await head.post(`${API}/orders/${order.id}/decision`, { decision: 'reject' })).json().code).toBe('cloud.reason_required');
    const rejected = await head.post(`${API}/orders/${order.id}/decision`, { decision: 'reject', reason: '请先做容量评估' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', rejectionReason: '请先做容量评估' });
    const notes = (await operator.get('/api/v1/notifications')).json().items;
    expect(notes.find((note: { kind: string }) => note.kind === 'cloud.order.rejected').body).toContain('请先做容量评估');
    const vcpu = await bed.t.platform.ctx.db.selectFrom('cloud_quotas').select('reserved').where('department_id', '=', bed.directory.departments.own).where('dimension', '=', 'vcpu').executeTakeFirstOrThrow();
    expect(vcpu.reserved).toBe(0);
  });
});

describe('failed provisioning', () => {
  let bed: CloudTestbed;
  beforeAll(async () => {
    bed = await createCloudTestbed();
    await bed.endpoint('simulated', { latencyMs: 0, failKinds: ['broken_db'] });
  });
  afterAll(() => bed.close());

  it('releases the reserved quota and tells the department why', async () => {
    const offeringId = await bed.offering({ code: 'broken', kind: 'broken_db' });
    await bed.policy({ steps: [{ approver: 'dept_head' }], autoApproveMaxFen: 1_000_000 });
    await bed.quota(bed.directory.departments.own, 'vcpu', 10);
    const operator = await bed.actor('own_op');
    const cart = await bed.t.platform.cloud.orders.addItem(operator, bed.systems.own, { offeringId, name: 'doomed', parameters: { vcpu: 3 } });
    const order = await bed.t.platform.cloud.orders.submit(operator, cart.id, { purpose: '测试失败' });
    expect(order.status).toBe('provisioning');
    await bed.settle();
    const failed = await bed.t.platform.cloud.orders.get(operator, order.id);
    expect(failed.status).toBe('failed');
    expect(failed.items[0].failureReason).toBeTruthy();
    const quota = await bed.t.platform.ctx.db.selectFrom('cloud_quotas').selectAll().where('department_id', '=', bed.directory.departments.own).executeTakeFirstOrThrow();
    expect(quota).toMatchObject({ reserved: 0, committed: 0 });
    const { items } = await bed.t.platform.notifier.list(operator, {});
    const note = items.find((item) => item.kind === 'cloud.resource.failed');
    expect(note?.body).toContain(failed.items[0].failureReason!.slice(0, 20));
  });
});

describe('the bill', () => {
  let bed: CloudTestbed;
  beforeAll(async () => {
    bed = await createCloudTestbed();
  });
  afterAll(() => bed.close());

  it('charges for a full month exactly the monthly price the order form quoted', async () => {
    const { platform } = bed.t;
    const offeringId = await bed.offering({
      code: 'tiered-disk',
      category: 'storage',
      kind: 'volume',
      schema: { type: 'object', properties: { sizeGb: { type: 'integer', minimum: 10, maximum: 20_000, default: 10 } }, required: ['sizeGb'] },
      quotaMap: { storage_gb: 'sizeGb' },
      components: [{ code: 'disk', name: '容量', type: 'tiered', parameter: 'sizeGb', unit: 'GB', tiers: [{ upTo: 1000, priceFen: 77 }, { upTo: null, priceFen: 53 }] }],
    });
    await bed.policy({ steps: [{ approver: 'dept_head' }], autoApproveMaxFen: 1_000_000 });
    const operator = await bed.actor('own_op');
    const { quote } = await platform.cloud.catalog.quote(offeringId, { sizeGb: 1337 });
    expect(quote.monthlyFen).toBe(1000 * 77 + 337 * 53);
    const cart = await platform.cloud.orders.addItem(operator, bed.systems.own, { offeringId, name: '数据盘', parameters: { sizeGb: 1337 } });
    await platform.cloud.orders.submit(operator, cart.id, { purpose: '存储' });
    await bed.settle();
    // The disk has been running since before October (31 days) and all of it is metered.
    await platform.ctx.db.updateTable('cloud_resources').set({ ready_at: new Date('2026-09-15T00:00:00+08:00') }).execute();
    await platform.cloud.metering.backfill(new Date('2026-10-01T00:00:00+08:00'), new Date('2026-11-01T00:00:00+08:00'));
    await platform.cloud.bills.generate('2026-10');
    const bill = await platform.cloud.bills.get(operator, bed.directory.departments.own, '2026-10');
    expect(bill.lines).toHaveLength(1);
    expect(bill.lines[0]).toMatchObject({ hours: 31 * 24, amountFen: quote.monthlyFen });
    expect(bill.totalFen).toBe(quote.monthlyFen);
  });
});

const PG_URL = process.env.TEST_CLOUD_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe.runIf(await postgresReachable())('a PostgreSQL database ordered for real', () => {
  let bed: CloudTestbed;
  beforeAll(async () => {
    bed = await createCloudTestbed();
    const target = new URL(PG_URL);
    await bed.endpoint('postgresql', { host: target.hostname, port: Number(target.port || 5432), user: decodeURIComponent(target.username), database: target.pathname.slice(1) }, target.password ? { password: decodeURIComponent(target.password) } : {});
  });
  afterAll(() => bed.close());

  it('is ready within one worker pass after automatic approval, its credentials connect, and retiring drops it', async () => {
    const offeringId = await bed.offering({
      code: 'real-pg',
      driver: 'postgresql',
      kind: 'postgresql_database',
      schema: { type: 'object', properties: { connectionLimit: { type: 'integer', minimum: 1, maximum: 50, default: 5 } }, required: ['connectionLimit'] },
      quotaMap: { databases: 1 },
      components: [{ code: 'db', name: '数据库', type: 'fixed', priceFen: 30_000 }],
    });
    await bed.policy({ category: 'database', steps: [{ approver: 'dept_head' }], autoApproveMaxFen: 100_000 });
    const operator = await bed.t.login('own_op');
    const cart = await operator.post(`${API}/carts/${bed.systems.own}/items`, { offeringId, name: 'journey', parameters: { connectionLimit: 3 } });
    const order = (await operator.post(`${API}/orders/${cart.json().id}/submit`, { purpose: '真实数据库' })).json();
    expect(order).toMatchObject({ autoApproved: true, status: 'provisioning' });
    await bed.t.platform.cloud.provisioner.runDue();
    expect((await operator.get(`${API}/orders/${order.id}`)).json().status).toBe('completed');

    const resource = (await operator.get(`${API}/resources`)).json().items[0];
    const { credentials, endpointInfo } = (await operator.post(`${API}/resources/${resource.id}/credentials`, {})).json();
    const client = new pg.Client({ host: String(endpointInfo.host), port: Number(endpointInfo.port), database: String(endpointInfo.database), user: credentials.username, password: credentials.password });
    await client.connect();
    try {
      await client.query('CREATE TABLE licences (id int PRIMARY KEY, holder text)');
      await client.query("INSERT INTO licences VALUES (1, '三水区好味餐饮店')");
      expect((await client.query('SELECT count(*)::int AS n FROM licences')).rows[0].n).toBe(1);
      const limit = await client.query('SELECT rolconnlimit FROM pg_roles WHERE rolname = current_user');
      expect(limit.rows[0].rolconnlimit).toBe(3);
    } finally {
      await client.end();
    }
    expect(bed.logLines.join('\n')).not.toContain(credentials.password);

    await operator.post(`${API}/resources/${resource.id}/retire`, { reason: '测试结束' });
    await bed.settle();
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [endpointInfo.database]);
      expect(left.rowCount).toBe(0);
      const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [credentials.username]);
      expect(role.rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  });
});
