/**
 * The orders part with the real catalog pricing, quota ledger and provisioner of the platform (the other tests use
 * stand-ins): submission prices through the catalog, reserves in the real ledger and, approved automatically, hands
 * the order to the real provisioner in the same transaction; a rejection gives the reservation back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor, type UserActor } from '../../../platform/actor.js';
import { json } from '../../../platform/db/database.js';
import { createTestPlatform, seedBasicDirectory, type BasicDirectory, type TestPlatform } from '../../../testing/harness.js';

let t: TestPlatform;
let directory: BasicDirectory;
let systemId: string;
let offeringId: string;

async function actor(username: string): Promise<UserActor> {
  const user = (await t.platform.directory.service.findUserByUsername(username))!;
  return { kind: 'user', userId: user.id, username, displayName: username, departmentId: user.departmentId, roles: user.roles, mustChangePassword: false };
}
const reserved = async () =>
  (await t.platform.ctx.db.selectFrom('cloud_quotas').select('reserved').where('department_id', '=', directory.departments.own).where('dimension', '=', 'vcpu').executeTakeFirstOrThrow()).reserved;

beforeAll(async () => {
  t = await createTestPlatform();
  directory = await seedBasicDirectory(t.platform);
  const db = t.platform.ctx.db;
  systemId = (await t.platform.directory.service.createBusinessSystem(cliActor('test'), { departmentId: directory.departments.own, code: 'own-app', name: '审批系统' })).id;
  const provider = await db.insertInto('cloud_providers').values({
    code: 'gov-cloud', name: '政务云', name_en: null, framework_contract_no: 'FW-1', framework_valid_from: '2020-01-01', framework_valid_to: '2099-12-31', contact: null,
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('cloud_provider_endpoints').values({ provider_id: provider.id, driver: 'simulated', settings: json({}), secrets_sealed: null }).execute();
  await db.insertInto('cloud_subcontracts').values({
    provider_id: provider.id, department_id: directory.departments.own, contract_no: 'SC-1', signed_on: '2020-01-01', valid_from: '2020-01-01', valid_to: '2099-12-31',
  }).execute();
  offeringId = (await db.insertInto('cloud_offerings').values({
    code: 'pg-db', provider_id: provider.id, category: 'database', resource_kind: 'postgresql_database', driver: 'simulated', name: 'PostgreSQL 数据库', name_en: null, description_en: null,
    parameters_schema: json({ type: 'object', properties: { vcpu: { type: 'integer', minimum: 1, maximum: 16, default: 2 } } }),
    quota_map: json({ vcpu: 'vcpu', databases: 1 }),
  }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('cloud_rate_cards').values({
    offering_id: offeringId, version: 1, effective_from: new Date('2020-01-01T00:00:00Z'), note: null, created_by: null,
    components: json([{ code: 'vcpu', name: 'vCPU', type: 'per_unit', parameter: 'vcpu', unit: '核', priceFen: 10_000 }]),
  }).execute();
  await db.insertInto('cloud_quotas').values({ department_id: directory.departments.own, dimension: 'vcpu', quota_limit: 100 }).execute();
  await db.insertInto('cloud_approval_policies').values({
    name: '数据库自动审批', category: 'database', steps: json([{ approver: 'dept_head', deadlineHours: 8, escalateTo: 'it_centre' }]), auto_approve_max_fen: 30_000,
  }).execute();
});
afterAll(() => t.close());

describe('orders with the real catalog, quota ledger and provisioner', () => {
  it('approves a cheap database at once and hands it to provisioning in the same transaction', async () => {
    const { orders } = t.platform.cloud;
    const op = await actor('own_op');
    const cart = await orders.addItem(op, systemId, { offeringId, name: 'app-db', parameters: {} });
    expect(cart.items[0]).toMatchObject({ parameters: { vcpu: 2 }, monthlyFen: 20_000 });
    expect(cart.items[0].quotaDemand).toMatchObject({ vcpu: 2, monthly_budget_fen: 20_000 });
    const order = await orders.submit(op, cart.id, { purpose: '审批系统数据库' });
    expect(order).toMatchObject({ autoApproved: true, status: 'provisioning' });
    expect(order.items[0].status).toBe('provisioning');
    expect(await reserved()).toBe(2);
    const resources = await t.platform.ctx.db.selectFrom('cloud_resources').select(['status', 'order_item_id']).execute();
    expect(resources).toEqual([{ status: 'provisioning', order_item_id: order.items[0].id }]);
  });

  it('gives the reservation back to the real ledger when the department head rejects', async () => {
    const { orders } = t.platform.cloud;
    const op = await actor('own_op');
    await orders.addItem(op, systemId, { offeringId, name: 'big-db', parameters: { vcpu: 8 } });
    const cart = await orders.cart(op, systemId);
    const order = await orders.submit(op, cart.id, { purpose: '大库' });
    expect(order).toMatchObject({ status: 'approving', autoApproved: false });
    expect(await reserved()).toBe(10);
    const rejected = await orders.decide(await actor('own_admin'), order.id, { decision: 'reject', reason: '规格过大' });
    expect(rejected.status).toBe('rejected');
    expect(await reserved()).toBe(2);
  });
});
