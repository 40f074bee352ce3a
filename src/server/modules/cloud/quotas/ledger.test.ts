import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../../platform/actor.js';
import { json } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { createTestPlatform, seedBasicDirectory, type BasicDirectory, type TestPlatform } from '../../../testing/harness.js';
import type { QuotaDemand, QuotaLedger } from '../index.js';
import { CLOUD_API } from '../parts.js';

let t: TestPlatform;
let dir: BasicDirectory;
let ledger: QuotaLedger;
const cli = cliActor('test');

beforeAll(async () => {
  t = await createTestPlatform();
  dir = await seedBasicDirectory(t.platform);
  ledger = t.platform.cloud.quotas;
});
afterAll(() => t.close());

const db = () => t.platform.ctx.db;
const row = (departmentId: string, dimension: string) =>
  db().selectFrom('cloud_quotas').select(['quota_limit', 'reserved', 'committed']).where('department_id', '=', departmentId).where('dimension', '=', dimension as 'vcpu').executeTakeFirstOrThrow();
const reserveAlone = (departmentId: string, demand: QuotaDemand) => db().transaction().execute((trx) => ledger.reserve(trx, departmentId, demand));

describe('reserving under concurrency', () => {
  it('50 concurrent reservations against room for 7 let exactly 7 through and never overshoot', async () => {
    const department = dir.departments.own;
    await ledger.setLimit(cli, department, 'databases', 10);
    await reserveAlone(department, { databases: 3 }); // nearly full: room for 7
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => reserveAlone(department, { databases: 1 })));
    const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(succeeded).toBe(7);
    expect(refused).toHaveLength(43);
    expect(refused.every((outcome) => outcome.reason instanceof DomainError && outcome.reason.code === 'cloud.quota_exceeded')).toBe(true);
    expect(await row(department, 'databases')).toEqual({ quota_limit: 10, reserved: 10, committed: 0 });
  });
});

describe('the ledger arithmetic', () => {
  it('a refused reservation reports every short dimension and keeps nothing reserved', async () => {
    const department = dir.departments.other;
    await ledger.setLimit(cli, department, 'vcpu', 8);
    await ledger.setLimit(cli, department, 'memory_gb', 16);
    await ledger.setLimit(cli, department, 'monthly_budget_fen', 100_000);
    const refusal = await reserveAlone(department, { vcpu: 4, memory_gb: 32, monthly_budget_fen: 150_000, storage_gb: 500 }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    const error = refusal as DomainError;
    expect(error.status).toBe(409);
    // storage_gb has no quota row: no limit, so it is never short
    expect(error.extra.shortfalls).toEqual([
      { dimension: 'memory_gb', limit: 16, inUse: 0, requested: 32 },
      { dimension: 'monthly_budget_fen', limit: 100_000, inUse: 0, requested: 150_000 },
    ]);
    // vcpu fitted but the transaction rolled back with the refusal
    expect((await row(department, 'vcpu')).reserved).toBe(0);
  });

  it('reserve → commit → release from committed returns the quota to empty; a smaller resize gives back', async () => {
    const department = dir.departments.other;
    await reserveAlone(department, { vcpu: 4, memory_gb: 8 });
    expect(await row(department, 'vcpu')).toMatchObject({ reserved: 4, committed: 0 });
    await db().transaction().execute((trx) => ledger.commit(trx, department, { vcpu: 4, memory_gb: 8 }));
    expect(await row(department, 'vcpu')).toMatchObject({ reserved: 0, committed: 4 });
    expect(await row(department, 'memory_gb')).toMatchObject({ reserved: 0, committed: 8 });

    // a resize 4 → 2 vCPU and 8 → 12 GB: only the increase is reserved, the decrease comes off committed at commit
    await reserveAlone(department, { vcpu: -2, memory_gb: 4 });
    expect(await row(department, 'vcpu')).toMatchObject({ reserved: 0, committed: 4 });
    expect(await row(department, 'memory_gb')).toMatchObject({ reserved: 4, committed: 8 });
    await db().transaction().execute((trx) => ledger.commit(trx, department, { vcpu: -2, memory_gb: 4 }));
    expect(await row(department, 'vcpu')).toMatchObject({ reserved: 0, committed: 2 });
    expect(await row(department, 'memory_gb')).toMatchObject({ reserved: 0, committed: 12 });

    await db().transaction().execute((trx) => ledger.release(trx, department, { vcpu: 2, memory_gb: 12 }, 'committed'));
    expect(await row(department, 'vcpu')).toMatchObject({ reserved: 0, committed: 0 });
    expect(await row(department, 'memory_gb')).toMatchObject({ reserved: 0, committed: 0 });
  });

  it('release never goes below zero and a rejected order gives its reservation back', async () => {
    const department = dir.departments.other;
    await reserveAlone(department, { vcpu: 3 });
    await db().transaction().execute((trx) => ledger.release(trx, department, { vcpu: 3 }, 'reserved'));
    expect(await row(department, 'vcpu')).toMatchObject({ reserved: 0, committed: 0 });
    await db().transaction().execute((trx) => ledger.release(trx, department, { vcpu: 5 }, 'reserved'));
    await db().transaction().execute((trx) => ledger.commit(trx, department, { vcpu: -9 }));
    expect(await row(department, 'vcpu')).toMatchObject({ reserved: 0, committed: 0 });
  });

  it('fractions round up the same way for reserve and release', async () => {
    const department = dir.departments.other;
    await reserveAlone(department, { memory_gb: 0.5 });
    expect((await row(department, 'memory_gb')).reserved).toBe(1);
    await db().transaction().execute((trx) => ledger.release(trx, department, { memory_gb: 0.5 }, 'reserved'));
    expect((await row(department, 'memory_gb')).reserved).toBe(0);
  });

  it('shortfalls answers without writing', async () => {
    const department = dir.departments.other;
    expect(await ledger.shortfalls(db(), department, { vcpu: 8, databases: 99 })).toEqual([]);
    expect(await ledger.shortfalls(db(), department, { vcpu: 9 })).toEqual([{ dimension: 'vcpu', limit: 8, inUse: 0, requested: 9 }]);
    expect((await row(department, 'vcpu')).reserved).toBe(0);
  });

  it('a dimension without a quota row has no limit and tracks nothing', async () => {
    await reserveAlone(dir.departments.other, { public_ips: 1_000 });
    const rows = await db().selectFrom('cloud_quotas').select('dimension').where('department_id', '=', dir.departments.other).where('dimension', '=', 'public_ips').execute();
    expect(rows).toEqual([]);
  });
});

describe('the first limit counts what the department already holds', () => {
  it('reserved from its waiting items, committed from its live resources', async () => {
    const department = dir.departments.own;
    const platformDb = db();
    const user = await platformDb.selectFrom('users').select('id').where('username', '=', 'own_op').executeTakeFirstOrThrow();
    const system = await t.platform.directory.service.createBusinessSystem(cli, { departmentId: department, code: 'quota-sys', name: '配额测试系统' });
    const provider = await platformDb.insertInto('cloud_providers').values({ code: 'qp', name: '服务商', framework_contract_no: 'F-1', framework_valid_from: '2024-01-01', framework_valid_to: '2030-12-31' }).returning('id').executeTakeFirstOrThrow();
    const endpoint = await platformDb.insertInto('cloud_provider_endpoints').values({ provider_id: provider.id, driver: 'simulated' }).returning('id').executeTakeFirstOrThrow();
    const offering = await platformDb
      .insertInto('cloud_offerings')
      .values({ code: 'vm', provider_id: provider.id, category: 'compute', resource_kind: 'vm', driver: 'simulated', name: '云主机', parameters_schema: json({ type: 'object', properties: {} }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const card = await platformDb.insertInto('cloud_rate_cards').values({ offering_id: offering.id, version: 1, effective_from: new Date('2024-01-01'), components: json([]) }).returning('id').executeTakeFirstOrThrow();
    const order = async (status: 'approving' | 'completed' | 'rejected') =>
      (await platformDb.insertInto('cloud_orders').values({ department_id: department, business_system_id: system.id, status, created_by: user.id }).returning('id').executeTakeFirstOrThrow()).id;
    const item = async (orderId: string, status: 'pending' | 'ready' | 'cancelled', vcpu: number) =>
      (
        await platformDb
          .insertInto('cloud_order_items')
          .values({ order_id: orderId, offering_id: offering.id, rate_card_id: card.id, name: 'vm', parameters: json({}), quote: json({}), monthly_fen: 0, quota_demand: json({ vcpu }), status })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const resource = async (itemId: string, status: 'active' | 'retired', vcpu: number) =>
      platformDb
        .insertInto('cloud_resources')
        .values({
          order_item_id: itemId, department_id: department, business_system_id: system.id, provider_id: provider.id, offering_id: offering.id, endpoint_id: endpoint.id,
          driver: 'simulated', resource_kind: 'vm', name: 'vm', status, parameters: json({}), rate_card_id: card.id, monthly_fen: 0, quota_demand: json({ vcpu }),
        })
        .execute();
    const waiting = await order('approving');
    await item(waiting, 'pending', 2);
    await item(waiting, 'pending', -1); // a smaller resize reserves nothing
    const done = await order('completed');
    await resource(await item(done, 'ready', 4), 'active', 4);
    await resource(await item(done, 'ready', 8), 'retired', 8);
    await item(await order('rejected'), 'cancelled', 16);

    const first = await ledger.setLimit(cli, department, 'vcpu', 20);
    expect(first).toMatchObject({ departmentId: department, dimension: 'vcpu', limit: 20, reserved: 2, committed: 4, available: 14 });
    // a later change moves the limit only
    await reserveAlone(department, { vcpu: 1 });
    expect(await ledger.setLimit(cli, department, 'vcpu', 6)).toMatchObject({ limit: 6, reserved: 3, committed: 4, available: 0 });
    const audit = await platformDb.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'cloud.quota.set').where('target_id', '=', `${department}/vcpu`).execute();
    expect(audit).toHaveLength(2);
  });
});

describe('the quota endpoints', () => {
  it('a department user sees only their department; the IT centre sees and sets all', async () => {
    const op = await t.login(dir.users.dept_operator);
    const own = await op.get(`${CLOUD_API}/quotas`);
    expect(own.statusCode).toBe(200);
    const items = own.json().items as Array<{ departmentId: string }>;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.departmentId === dir.departments.own)).toBe(true);
    expect((await op.get(`${CLOUD_API}/quotas`, { departmentId: dir.departments.other })).statusCode).toBe(403);
    expect((await op.put(`${CLOUD_API}/quotas/${dir.departments.own}/vcpu`, { limit: 100 })).statusCode).toBe(403);

    const admin = await t.login(dir.users.data_admin);
    const all = (await admin.get(`${CLOUD_API}/quotas`)).json().items as Array<{ departmentId: string }>;
    expect(new Set(all.map((item) => item.departmentId))).toEqual(new Set([dir.departments.own, dir.departments.other]));
    const set = await admin.put(`${CLOUD_API}/quotas/${dir.departments.other}/public_ips`, { limit: 3 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ dimension: 'public_ips', limit: 3, departmentName: '区民政局' });
    expect((await admin.put(`${CLOUD_API}/quotas/${dir.departments.other}/public_ips`, { limit: -1 })).statusCode).toBe(400);
    expect((await admin.put(`${CLOUD_API}/quotas/${dir.departments.other}/cores`, { limit: 1 })).statusCode).toBe(400);

    const auditor = await t.login(dir.users.audit_admin);
    expect((await auditor.get(`${CLOUD_API}/quotas`)).statusCode).toBe(403);
  });
});
