/**
 * Fixtures for the provisioning tests: the platform with the basic directory, a provider with a simulated
 * endpoint, offerings with a rate card, quotas, and approved orders written directly (the orders part is not what
 * these tests are about). The provisioner under test is built here with small stand-ins of its neighbours that
 * work on the real database — a catalog that reads endpoints, a quota ledger over cloud_quotas, and a notifier
 * that writes notification rows — so the tests do not depend on those parts being finished.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { cliActor } from '../../../platform/actor.js';
import type { Db, Executor, Tx } from '../../../platform/db/database.js';
import { json } from '../../../platform/db/database.js';
import type { CloudDriverKind, QuotaDimension } from '../../../platform/db/schema.js';
import { conflict } from '../../../platform/errors.js';
import type { Notifier, NotificationInput } from '../../../platform/notifications/index.js';
import { createTestPlatform, seedBasicDirectory, type BasicDirectory, type TestPlatform } from '../../../testing/harness.js';
import type { CloudCatalog, QuotaDemand, QuotaLedger } from '../index.js';
import type { CloudBase, CloudOptions } from '../parts.js';
import { EndpointDriverPool } from './pool.js';
import { ProvisioningService } from './service.js';

/** A catalog that only knows where endpoints are (what the provisioner asks it). */
export function catalogStandIn(db: Db, secrets: { open(sealed: string): string }): CloudCatalog {
  const endpoint = async (where: { id?: string; offeringId?: string }) => {
    let query = db.selectFrom('cloud_provider_endpoints as e').selectAll('e');
    if (where.id) query = query.where('e.id', '=', where.id);
    if (where.offeringId) {
      query = query
        .innerJoin('cloud_offerings as f', (join) => join.onRef('f.provider_id', '=', 'e.provider_id').onRef('f.driver', '=', 'e.driver'))
        .where('f.id', '=', where.offeringId);
    }
    const row = await query.executeTakeFirstOrThrow();
    return {
      endpointId: row.id, driver: row.driver, settings: row.settings,
      secrets: row.secrets_sealed ? (JSON.parse(secrets.open(row.secrets_sealed)) as Record<string, string>) : {},
    };
  };
  const unused = () => Promise.reject(new Error('not used by provisioning'));
  return {
    listOfferings: unused, getOffering: unused, quote: unused, assertContracted: unused,
    endpointFor: (offeringId) => endpoint({ offeringId }),
    endpointById: (id) => endpoint({ id }),
  };
}

/** The quota ledger's contract over cloud_quotas, in a few statements (a dimension without a row has no limit). */
export function quotaStandIn(db: Db): QuotaLedger {
  const entries = (demand: QuotaDemand) => Object.entries(demand).filter(([, value]) => Number(value) !== 0) as Array<[QuotaDimension, number]>;
  const unused = () => Promise.reject(new Error('not used by provisioning'));
  return {
    async reserve(trx, departmentId, demand) {
      for (const [dimension, value] of entries(demand)) {
        if (value <= 0) continue;
        const row = await trx.selectFrom('cloud_quotas').select('quota_limit').where('department_id', '=', departmentId).where('dimension', '=', dimension).executeTakeFirst();
        if (!row) continue;
        const updated = await trx.updateTable('cloud_quotas').set({ reserved: sql<number>`reserved + ${value}` })
          .where('department_id', '=', departmentId).where('dimension', '=', dimension)
          .where(sql<boolean>`quota_limit - reserved - committed >= ${value}`).executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) throw conflict('cloud.quota_exceeded', `Quota ${dimension} exceeded.`);
      }
    },
    async commit(trx, departmentId, demand) {
      for (const [dimension, value] of entries(demand)) {
        await trx.updateTable('cloud_quotas')
          .set({ reserved: sql<number>`greatest(reserved - ${Math.max(value, 0)}, 0)`, committed: sql<number>`greatest(committed + ${value}, 0)` })
          .where('department_id', '=', departmentId).where('dimension', '=', dimension).execute();
      }
    },
    async release(trx, departmentId, demand, from) {
      for (const [dimension, value] of entries(demand)) {
        const column = from === 'reserved' ? 'reserved' : 'committed';
        await trx.updateTable('cloud_quotas').set({ [column]: sql<number>`greatest(${sql.ref(column)} - ${value}, 0)` })
          .where('department_id', '=', departmentId).where('dimension', '=', dimension).execute();
      }
    },
    shortfalls: unused, list: unused, setLimit: unused,
  };
}

/** A notifier that keeps what it is told in the notifications table, in the caller's transaction. */
export function notifierStandIn(): Notifier {
  const unused = () => Promise.reject(new Error('not used by provisioning'));
  return {
    async notify(trx: Tx, input: NotificationInput) {
      const to = input.to;
      await trx.insertInto('notifications').values({
        user_id: 'userId' in to ? to.userId : null,
        role: 'role' in to ? to.role : null,
        department_id: 'role' in to ? (to.departmentId ?? null) : null,
        kind: input.kind, title: input.title, title_en: input.titleEn ?? null, body: input.body ?? '', link: input.link ?? null,
      }).execute();
    },
    list: unused, markRead: unused, sendPendingMail: unused, routes: async () => {}, start() {}, stop: async () => {},
  };
}

export const DB_SCHEMA = {
  type: 'object',
  properties: { connectionLimit: { type: 'integer', minimum: 1, maximum: 200, default: 20 }, storageGb: { type: 'integer', minimum: 1, default: 10 } },
};

export interface OrderItemSpec {
  name?: string;
  offeringId?: string;
  parameters?: Record<string, unknown>;
  monthlyFen?: number;
  quotaDemand?: QuotaDemand;
  leaseMonths?: number | null;
  action?: 'create' | 'resize';
  resourceId?: string;
}

export interface ProvisioningBed {
  t: TestPlatform;
  db: Db;
  directory: BasicDirectory;
  provisioner: ProvisioningService;
  pool: EndpointDriverPool;
  userIds: Record<'ownAdmin' | 'ownOp' | 'otherAdmin' | 'dataAdmin', string>;
  systems: { own: string; other: string };
  providerId: string;
  /** The provider's simulated endpoint. */
  endpointId: string;
  /** A simulated postgresql_database offering (demand: databases 1 + the monthly price). */
  offeringId: string;
  rateCardId: string;
  /** Another offering of the same provider on another driver (for stand-in drivers). */
  addOffering(input: { driver: CloudDriverKind; resourceKind: string; settings?: Record<string, unknown> }): Promise<{ offeringId: string; endpointId: string | null; rateCardId: string }>;
  setEndpointSettings(endpointId: string, settings: Record<string, unknown>): Promise<void>;
  /** An approved order of the own (or other) department with its quota reserved, ready for startOrder. */
  approvedOrder(items: OrderItemSpec[], options?: { department?: 'own' | 'other'; createdBy?: string }): Promise<{ orderId: string; itemIds: string[] }>;
  /** approvedOrder + startOrder in one transaction, as the orders part does. */
  orderAndStart(items: OrderItemSpec[], options?: { department?: 'own' | 'other'; createdBy?: string }): Promise<{ orderId: string; itemIds: string[] }>;
  /** Runs the worker until `done` holds (operations left due again are made due at once, so no test waits out a back-off). */
  drain(done?: () => Promise<boolean>): Promise<void>;
  quota(dimension: QuotaDimension, department?: 'own' | 'other'): Promise<{ reserved: number; committed: number }>;
  resourceOfItem(itemId: string): Promise<import('./repository.js').ResourceRow>;
  notifications(kind: string): Promise<Array<{ user_id: string | null; role: string | null; department_id: string | null; title: string; body: string; link: string | null }>>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function createProvisioningBed(options: CloudOptions = {}): Promise<ProvisioningBed> {
  const t = await createTestPlatform();
  const directory = await seedBasicDirectory(t.platform);
  const { ctx } = t.platform;
  const db = ctx.db;
  const cli = cliActor('test');
  const dir = t.platform.directory.service;
  const ownSystem = await dir.createBusinessSystem(cli, { departmentId: directory.departments.own, code: 'own-licensing', name: '许可审批系统' });
  const otherSystem = await dir.createBusinessSystem(cli, { departmentId: directory.departments.other, code: 'other-relief', name: '社会救助系统' });
  const idOf = async (username: string) => (await dir.findUserByUsername(username))!.id;
  const userIds = {
    ownAdmin: await idOf(directory.users.dept_admin), ownOp: await idOf(directory.users.dept_operator),
    otherAdmin: await idOf(directory.users.other_admin), dataAdmin: await idOf(directory.users.data_admin),
  };

  const provider = await db.insertInto('cloud_providers').values({
    code: 'sim-cloud', name: '模拟云', name_en: 'Simulated cloud', framework_contract_no: 'FC-2025-001', framework_valid_from: '2025-01-01', framework_valid_to: '2030-12-31', contact: null,
  }).returning('id').executeTakeFirstOrThrow();
  const endpoint = await db.insertInto('cloud_provider_endpoints').values({ provider_id: provider.id, driver: 'simulated', settings: json({ latencyMs: 0 }) }).returning('id').executeTakeFirstOrThrow();

  let offerings = 0;
  const insertOffering = async (driver: CloudDriverKind, resourceKind: string) => {
    offerings++;
    const offering = await db.insertInto('cloud_offerings').values({
      code: `offering-${offerings}`, provider_id: provider.id, category: 'database', resource_kind: resourceKind, driver, name: `数据库 ${offerings}`, name_en: `Database ${offerings}`,
      parameters_schema: json(DB_SCHEMA), quota_map: json({ databases: 1 }),
    }).returning('id').executeTakeFirstOrThrow();
    const card = await db.insertInto('cloud_rate_cards').values({
      offering_id: offering.id, version: 1, effective_from: new Date('2025-01-01T00:00:00Z'),
      components: json([{ code: 'base', name: '基础费', type: 'fixed', priceFen: 30_000 }]),
    }).returning('id').executeTakeFirstOrThrow();
    return { offeringId: offering.id, rateCardId: card.id };
  };
  const main = await insertOffering('simulated', 'postgresql_database');

  for (const department of [directory.departments.own, directory.departments.other]) {
    await db.insertInto('cloud_quotas').values([
      { department_id: department, dimension: 'databases', quota_limit: 20 },
      { department_id: department, dimension: 'monthly_budget_fen', quota_limit: 10_000_000 },
    ]).execute();
  }

  const catalog = catalogStandIn(db, ctx.secrets);
  const quotas = quotaStandIn(db);
  const notifier = notifierStandIn();
  const base: CloudBase = { ctx, directory: dir, jobs: t.platform.jobs, notifier, systemData: null, options };
  const pool = new EndpointDriverPool(base, catalog);
  const provisioner = new ProvisioningService({ ...base, catalog, quotas, drivers: pool });

  const approvedOrder = async (trx: Executor, items: OrderItemSpec[], orderOptions: { department?: 'own' | 'other'; createdBy?: string } = {}) => {
    const department = orderOptions.department ?? 'own';
    const departmentId = directory.departments[department];
    const orderId = randomUUID();
    const total = items.reduce((sum, item) => sum + (item.monthlyFen ?? 30_000), 0);
    await trx.insertInto('cloud_orders').values({
      id: orderId, number: `CO-20250101-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`, department_id: departmentId,
      business_system_id: department === 'own' ? ownSystem.id : otherSystem.id, status: 'approved', purpose: '测试', total_monthly_fen: total,
      created_by: orderOptions.createdBy ?? (department === 'own' ? userIds.ownOp : userIds.otherAdmin), submitted_at: new Date(), decided_at: new Date(),
    }).execute();
    const itemIds: string[] = [];
    for (const [index, item] of items.entries()) {
      const offeringId = item.offeringId ?? main.offeringId;
      const card = await trx.selectFrom('cloud_rate_cards').select('id').where('offering_id', '=', offeringId).executeTakeFirstOrThrow();
      const monthlyFen = item.monthlyFen ?? 30_000;
      const demand = item.quotaDemand ?? { databases: 1, monthly_budget_fen: monthlyFen };
      const id = randomUUID();
      await trx.insertInto('cloud_order_items').values({
        id, order_id: orderId, offering_id: offeringId, rate_card_id: card.id, action: item.action ?? 'create', resource_id: item.resourceId ?? null,
        name: item.name ?? `db-${index + 1}`, parameters: json(item.parameters ?? { connectionLimit: 20, storageGb: 10 }), quote: json({ monthlyFen }),
        monthly_fen: monthlyFen, quota_demand: json(demand), lease_months: item.leaseMonths ?? null, status: 'pending',
      }).execute();
      await quotas.reserve(trx as Tx, departmentId, demand);
      itemIds.push(id);
    }
    return { orderId, itemIds };
  };

  const bed: ProvisioningBed = {
    t, db, directory, provisioner, pool, userIds,
    systems: { own: ownSystem.id, other: otherSystem.id },
    providerId: provider.id, endpointId: endpoint.id, offeringId: main.offeringId, rateCardId: main.rateCardId,
    async addOffering(input) {
      const created = await insertOffering(input.driver, input.resourceKind);
      let endpointId: string | null = null;
      if (input.settings) {
        const existing = await db.selectFrom('cloud_provider_endpoints').select('id').where('provider_id', '=', provider.id).where('driver', '=', input.driver).executeTakeFirst();
        endpointId = existing?.id ?? (await db.insertInto('cloud_provider_endpoints').values({ provider_id: provider.id, driver: input.driver, settings: json(input.settings) }).returning('id').executeTakeFirstOrThrow()).id;
      }
      return { ...created, endpointId };
    },
    async setEndpointSettings(endpointId, settings) {
      await db.updateTable('cloud_provider_endpoints').set({ settings: json(settings) }).where('id', '=', endpointId).execute();
      await pool.invalidate(endpointId);
    },
    approvedOrder: (items, orderOptions) => db.transaction().execute((trx) => approvedOrder(trx, items, orderOptions)),
    orderAndStart: (items, orderOptions) =>
      db.transaction().execute(async (trx) => {
        const order = await approvedOrder(trx, items, orderOptions);
        await provisioner.startOrder(trx, order.orderId);
        return order;
      }),
    async drain(done) {
      for (let round = 0; round < 200; round++) {
        await provisioner.runDue();
        if (done ? await done() : (await db.selectFrom('cloud_operations').select('id').where('status', 'in', ['queued', 'running']).execute()).length === 0) return;
        // What is left waits for a back-off or the provider's latency: make it due now instead of waiting it out.
        await sleep(10);
        await db.updateTable('cloud_operations').set({ next_poll_at: sql<Date>`now()` }).where('status', 'in', ['queued', 'running']).execute();
      }
      throw new Error('the operations did not finish');
    },
    async quota(dimension, department = 'own') {
      const row = await db.selectFrom('cloud_quotas').select(['reserved', 'committed']).where('department_id', '=', directory.departments[department]).where('dimension', '=', dimension).executeTakeFirstOrThrow();
      return { reserved: Number(row.reserved), committed: Number(row.committed) };
    },
    resourceOfItem: (itemId) => db.selectFrom('cloud_resources').selectAll().where('order_item_id', '=', itemId).executeTakeFirstOrThrow(),
    notifications: (kind) => db.selectFrom('notifications').select(['user_id', 'role', 'department_id', 'title', 'body', 'link']).where('kind', '=', kind).orderBy('created_at').execute(),
    async close() {
      await provisioner.sleep();
      await pool.closeAll();
      await t.close();
    },
  };
  return bed;
}
