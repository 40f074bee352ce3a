import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationName, ProvisioningDriver } from '../drivers/driver.js';
import { createSimulatedDriver } from '../drivers/simulated.js';
import { MAX_FAILED_ATTEMPTS } from './worker.js';
import { createProvisioningBed, type ProvisioningBed } from './test-support.js';

let bed: ProvisioningBed;
/** Calls the stand-in drivers received, by operation. */
const calls: Array<{ op: OperationName | 'poll'; key?: string }> = [];
/** Keys whose first create "loses the answer": the provider made it, the worker crashed before hearing back. */
const crashAfterCreate = new Set<string>();

function counting(inner: ProvisioningDriver): ProvisioningDriver {
  return {
    ...inner,
    kind: inner.kind,
    async create(request) {
      calls.push({ op: 'create', key: request.idempotencyKey });
      const state = await inner.create(request);
      if (crashAfterCreate.delete(request.idempotencyKey)) throw new Error('connection reset by peer');
      return state;
    },
    async resize(request) {
      calls.push({ op: 'resize', key: request.idempotencyKey });
      return inner.resize(request);
    },
    async retire(request) {
      calls.push({ op: 'retire', key: request.idempotencyKey });
      return inner.retire(request);
    },
    async poll(operation, ref) {
      calls.push({ op: 'poll' });
      return inner.poll(operation, ref);
    },
  };
}

beforeAll(async () => {
  bed = await createProvisioningBed({
    driverFactories: {
      simulated: (endpoint) => counting(createSimulatedDriver(endpoint, { db: bed.db })),
      // a provider that cannot be reached at all
      postgresql: () => ({
        kind: 'postgresql',
        test: async () => {},
        create: async () => { throw new Error('connect ECONNREFUSED 10.0.0.9:5432'); },
        resize: async () => { throw new Error('unreachable'); },
        retire: async () => { throw new Error('unreachable'); },
        poll: async () => { throw new Error('unreachable'); },
        list: async () => [],
        close: async () => {},
      }),
    },
  });
});
afterAll(() => bed.close());

const orderStatus = async (id: string) => (await bed.db.selectFrom('cloud_orders').select(['status', 'completed_at']).where('id', '=', id).executeTakeFirstOrThrow());
const itemOf = (id: string) => bed.db.selectFrom('cloud_order_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('the provisioning worker', () => {
  it('turns an approved order into active resources: items ready, order completed, quota committed, orderer told', async () => {
    const before = await bed.quota('databases');
    const { orderId, itemIds } = await bed.orderAndStart([{ name: 'licensing-db', monthlyFen: 52_000, leaseMonths: 12 }]);

    // Handed over in the approval's transaction: resource provisioning, operation queued, reservation held.
    const queued = await bed.resourceOfItem(itemIds[0]);
    expect(queued.status).toBe('provisioning');
    expect((await orderStatus(orderId)).status).toBe('provisioning');
    expect((await itemOf(itemIds[0])).status).toBe('provisioning');
    expect((await bed.quota('databases')).reserved).toBe(before.reserved + 1);
    const order = await bed.db.selectFrom('cloud_orders').select('number').where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(queued.tags).toEqual({
      'managed-by': 'zhongshu', department: '23', 'business-system': 'own-licensing', order: order.number, 'order-item': itemIds[0], resource: queued.id,
    });
    const leaseDays = (new Date(queued.lease_ends_at!).getTime() - Date.now()) / 86_400_000;
    expect(leaseDays).toBeGreaterThan(360);
    expect(leaseDays).toBeLessThan(370);

    await bed.drain();
    const resource = await bed.resourceOfItem(itemIds[0]);
    expect(resource.status).toBe('active');
    expect(resource.external_id).toMatch(/^sim-postgresql-database-/);
    expect(resource.endpoint_info).toMatchObject({ host: 'sim.postgresql_database.local', port: 5432 });
    // Credentials are kept sealed only: the stored text is not the password, and opens to it.
    const opened = JSON.parse(bed.t.platform.ctx.secrets.open(resource.credentials_sealed!));
    expect(Object.keys(opened).sort()).toEqual(['password', 'username']);
    expect(resource.credentials_sealed).not.toContain(opened.password);

    const item = await itemOf(itemIds[0]);
    expect(item.status).toBe('ready');
    expect(item.ready_at).not.toBeNull();
    const finished = await orderStatus(orderId);
    expect(finished.status).toBe('completed');
    expect(finished.completed_at).not.toBeNull();
    expect(await bed.quota('databases')).toEqual({ reserved: before.reserved, committed: before.committed + 1 });
    expect((await bed.quota('monthly_budget_fen')).committed).toBeGreaterThanOrEqual(52_000);

    const ready = (await bed.notifications('cloud.resource.ready')).filter((note) => note.link === `/cloud/resources/${resource.id}`);
    expect(ready).toEqual([expect.objectContaining({ user_id: bed.userIds.ownOp })]);
    const audit = await bed.db.selectFrom('audit_log').select(['action', 'after']).where('target_id', 'in', [resource.id, orderId]).orderBy('id').execute();
    expect(audit.map((entry) => entry.action)).toEqual(['cloud.resource.create', 'cloud.resource.ready', 'cloud.order.provisioned']);
    expect(JSON.stringify(audit)).not.toContain(opened.password);
  });

  it('polls a provider that takes its time and settles when it says done', async () => {
    await bed.setEndpointSettings(bed.endpointId, { latencyMs: 60_000 });
    try {
      const { itemIds } = await bed.orderAndStart([{ name: 'slow-db' }]);
      await bed.provisioner.runDue();
      const op = await bed.db.selectFrom('cloud_operations').selectAll().where('order_item_id', '=', itemIds[0]).executeTakeFirstOrThrow();
      // The first call started it; the driver's handle is kept, and the next poll waits as long as the provider said.
      expect(op.status).toBe('running');
      expect(op.driver_ref).toMatch(/^sim-/);
      expect(new Date(op.next_poll_at).getTime() - Date.now()).toBeGreaterThan(30_000);
      const polls = calls.filter((call) => call.op === 'poll').length;
      await bed.provisioner.runDue();
      expect(calls.filter((call) => call.op === 'poll')).toHaveLength(polls);
      // The provider finishes; polled again, the worker settles it.
      await bed.db.updateTable('cloud_simulated_resources').set({ ready_at: new Date(Date.now() - 1000) }).where('external_id', '=', op.driver_ref!).execute();
      await bed.drain();
      expect((await bed.resourceOfItem(itemIds[0])).status).toBe('active');
      expect(calls.filter((call) => call.op === 'create' && call.key === itemIds[0])).toHaveLength(1);
      expect(calls.filter((call) => call.op === 'poll').length).toBeGreaterThan(polls);
    } finally {
      await bed.setEndpointSettings(bed.endpointId, { latencyMs: 0 });
    }
  });

  it('fails an item the provider refuses: reason kept, reservation released, order failed, orderer told why', async () => {
    await bed.setEndpointSettings(bed.endpointId, { latencyMs: 0, failKinds: ['postgresql_database'] });
    try {
      const before = await bed.quota('databases');
      const { orderId, itemIds } = await bed.orderAndStart([{ name: 'refused-db' }]);
      expect((await bed.quota('databases')).reserved).toBe(before.reserved + 1);
      await bed.drain();
      const item = await itemOf(itemIds[0]);
      expect(item.status).toBe('failed');
      expect(item.failure_reason).toContain('refuses postgresql_database');
      const resource = await bed.resourceOfItem(itemIds[0]);
      expect(resource.status).toBe('failed');
      expect(resource.failure_reason).toBe(item.failure_reason);
      expect(await bed.quota('databases')).toEqual(before);
      expect((await orderStatus(orderId)).status).toBe('failed');
      const failed = await bed.notifications('cloud.resource.failed');
      expect(failed.at(-1)).toMatchObject({ user_id: bed.userIds.ownOp, body: item.failure_reason });
    } finally {
      await bed.setEndpointSettings(bed.endpointId, { latencyMs: 0 });
    }
  });

  it('ends an order with one good and one refused item partially failed', async () => {
    const refused = await bed.addOffering({ driver: 'simulated', resourceKind: 'redis_user' });
    await bed.setEndpointSettings(bed.endpointId, { latencyMs: 0, failKinds: ['redis_user'] });
    try {
      const { orderId, itemIds } = await bed.orderAndStart([{ name: 'good-db' }, { name: 'bad-cache', offeringId: refused.offeringId }]);
      await bed.drain();
      expect((await itemOf(itemIds[0])).status).toBe('ready');
      expect((await itemOf(itemIds[1])).status).toBe('failed');
      expect((await orderStatus(orderId)).status).toBe('partially_failed');
    } finally {
      await bed.setEndpointSettings(bed.endpointId, { latencyMs: 0 });
    }
  });

  it(`gives up on a provider that cannot be reached after ${MAX_FAILED_ATTEMPTS} failed attempts, with the reason`, async () => {
    const unreachable = await bed.addOffering({ driver: 'postgresql', resourceKind: 'postgresql_database', settings: { host: '10.0.0.9' } });
    const before = await bed.quota('databases');
    const { orderId, itemIds } = await bed.orderAndStart([{ name: 'unreachable-db', offeringId: unreachable.offeringId }]);
    await bed.provisioner.runDue();
    const afterOne = await bed.db.selectFrom('cloud_operations').selectAll().where('order_item_id', '=', itemIds[0]).executeTakeFirstOrThrow();
    // One failed attempt is retried later, not fatal.
    expect(afterOne).toMatchObject({ status: 'running', attempts: 1, error: 'connect ECONNREFUSED 10.0.0.9:5432' });
    expect(new Date(afterOne.next_poll_at).getTime()).toBeGreaterThan(Date.now());
    await bed.drain();
    const op = await bed.db.selectFrom('cloud_operations').selectAll().where('order_item_id', '=', itemIds[0]).executeTakeFirstOrThrow();
    expect(op).toMatchObject({ status: 'failed', attempts: MAX_FAILED_ATTEMPTS });
    const item = await itemOf(itemIds[0]);
    expect(item.status).toBe('failed');
    expect(item.failure_reason).toContain(`after ${MAX_FAILED_ATTEMPTS} attempts: connect ECONNREFUSED`);
    expect(await bed.quota('databases')).toEqual(before);
    expect((await orderStatus(orderId)).status).toBe('failed');
  });

  it('fails at once an item whose provider has no endpoint for its driver', async () => {
    const nowhere = await bed.addOffering({ driver: 'mariadb', resourceKind: 'mariadb_database' });
    const before = await bed.quota('databases');
    const { orderId, itemIds } = await bed.orderAndStart([{ name: 'homeless-db', offeringId: nowhere.offeringId }]);
    const item = await itemOf(itemIds[0]);
    expect(item.status).toBe('failed');
    expect(item.failure_reason).toContain('no mariadb endpoint');
    expect(await bed.quota('databases')).toEqual(before);
    expect((await orderStatus(orderId)).status).toBe('failed');
  });

  it('refuses to provision an order that is not approved', async () => {
    const { orderId } = await bed.approvedOrder([{ name: 'not-yet' }]);
    await bed.db.updateTable('cloud_orders').set({ status: 'approving' }).where('id', '=', orderId).execute();
    await expect(bed.db.transaction().execute((trx) => bed.provisioner.startOrder(trx, orderId))).rejects.toMatchObject({ code: 'cloud.order_not_approved', status: 409 });
    expect(await bed.db.selectFrom('cloud_resources as r').innerJoin('cloud_order_items as i', 'i.id', 'r.order_item_id').select('r.id').where('i.order_id', '=', orderId).execute()).toEqual([]);
    expect((await orderStatus(orderId)).status).toBe('approving');
  });
});

describe('idempotency', () => {
  it('does not make a second resource when the worker lost the answer of a create the provider carried out', async () => {
    const { itemIds } = await bed.approvedOrder([{ name: 'lost-answer-db' }]);
    crashAfterCreate.add(itemIds[0]);
    const { orderId } = await bed.db.selectFrom('cloud_order_items').select('order_id as orderId').where('id', '=', itemIds[0]).executeTakeFirstOrThrow();
    await bed.db.transaction().execute((trx) => bed.provisioner.startOrder(trx, orderId));
    await bed.drain();
    expect(calls.filter((call) => call.op === 'create' && call.key === itemIds[0])).toHaveLength(2);
    const made = await bed.db.selectFrom('cloud_simulated_resources').selectAll().where('idempotency_key', '=', itemIds[0]).execute();
    expect(made).toHaveLength(1);
    const resource = await bed.resourceOfItem(itemIds[0]);
    expect(resource.status).toBe('active');
    expect(resource.external_id).toBe(made[0].external_id);
  });

  it('runs an operation once when two workers look for due operations at the same time', async () => {
    const { itemIds } = await bed.orderAndStart([{ name: 'race-1' }, { name: 'race-2' }, { name: 'race-3' }]);
    const other = bed.provisioner.worker;
    await Promise.all([bed.provisioner.runDue(), other.runDue(), bed.provisioner.runDue()]);
    await bed.drain();
    for (const id of itemIds) {
      expect(calls.filter((call) => call.op === 'create' && call.key === id)).toHaveLength(1);
      expect((await bed.resourceOfItem(id)).status).toBe('active');
    }
    const resources = await bed.db.selectFrom('cloud_resources').select(sql<number>`count(*)::int`.as('n')).where('order_item_id', 'in', itemIds).executeTakeFirstOrThrow();
    expect(resources.n).toBe(3);
  });

  it('leaves an operation claimed by another node alone until that claim runs out', async () => {
    const { itemIds } = await bed.orderAndStart([{ name: 'claimed-elsewhere' }]);
    // Another node claimed it a moment ago (its claim lasts into the future).
    await bed.db.updateTable('cloud_operations').set({ status: 'running', next_poll_at: new Date(Date.now() + 60_000) }).where('order_item_id', '=', itemIds[0]).execute();
    await bed.provisioner.runDue();
    expect(calls.filter((call) => call.key === itemIds[0])).toHaveLength(0);
    // That node died: once its claim has run out the operation is taken over.
    await bed.db.updateTable('cloud_operations').set({ next_poll_at: new Date(Date.now() - 1000) }).where('order_item_id', '=', itemIds[0]).execute();
    await bed.drain();
    expect((await bed.resourceOfItem(itemIds[0])).status).toBe('active');
  });
});

describe('resizing', () => {
  it('changes an active resource: new parameters and price, the quota difference committed', async () => {
    const { itemIds } = await bed.orderAndStart([{ name: 'growing-db', parameters: { connectionLimit: 20, storageGb: 10 }, monthlyFen: 30_000 }]);
    await bed.drain();
    const resource = await bed.resourceOfItem(itemIds[0]);
    const budget = await bed.quota('monthly_budget_fen');

    const resize = await bed.orderAndStart([{
      name: 'growing-db', action: 'resize', resourceId: resource.id, parameters: { connectionLimit: 50, storageGb: 40 }, monthlyFen: 45_000, quotaDemand: { monthly_budget_fen: 15_000 },
    }]);
    expect((await bed.db.selectFrom('cloud_resources').select('status').where('id', '=', resource.id).executeTakeFirstOrThrow()).status).toBe('resizing');
    await bed.drain();

    const resized = await bed.db.selectFrom('cloud_resources').selectAll().where('id', '=', resource.id).executeTakeFirstOrThrow();
    expect(resized).toMatchObject({ status: 'active', parameters: { connectionLimit: 50, storageGb: 40 }, monthly_fen: 45_000 });
    expect(resized.quota_demand).toEqual({ databases: 1, monthly_budget_fen: 45_000 });
    expect((await itemOf(resize.itemIds[0])).status).toBe('ready');
    expect((await orderStatus(resize.orderId)).status).toBe('completed');
    expect(await bed.quota('monthly_budget_fen')).toEqual({ reserved: budget.reserved, committed: budget.committed + 15_000 });
    const atProvider = await bed.db.selectFrom('cloud_simulated_resources').select('parameters').where('external_id', '=', resource.external_id!).executeTakeFirstOrThrow();
    expect(atProvider.parameters).toEqual({ connectionLimit: 50, storageGb: 40 });
    expect(calls.filter((call) => call.op === 'resize' && call.key === resize.itemIds[0])).toHaveLength(1);
  });
});
