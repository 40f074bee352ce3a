/**
 * The orders part's testbed: the platform with the basic directory, a business system per department, a provider
 * with two offerings, and the orders services built on small stand-ins of the parts they call (catalog pricing,
 * the quota ledger, the provisioner) — real SQL on the real tables, no mocked database. The orders routes are
 * served by an HTTP server of their own, with the directory's login.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { cliActor } from '../../../platform/actor.js';
import type { Tx } from '../../../platform/db/database.js';
import { json } from '../../../platform/db/database.js';
import { DomainError, forbidden, validationFailed } from '../../../platform/errors.js';
import { createHttpServer } from '../../../platform/http/server.js';
import { createTestPlatform, seedBasicDirectory, TEST_PASSWORD, type BasicDirectory, type TestPlatform } from '../../../testing/harness.js';
import type { CloudCatalog, Provisioner, QuotaDemand, QuotaDimension, QuotaLedger, QuotaShortfall, Quote } from '../index.js';
import type { DriverPool } from '../parts.js';
import { createOrderServices } from './part.js';
import { registerOrderRoutes } from './routes.js';

export interface Session {
  userId: string;
  get(url: string, query?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export interface OrdersTestbed {
  t: TestPlatform;
  directory: BasicDirectory;
  http: FastifyInstance;
  services: ReturnType<typeof createOrderServices>;
  systems: { own: string; other: string };
  offerings: { database: string; compute: string };
  providerId: string;
  rateCardId: string;
  /** The stand-in catalog's price of one vCPU per month (change it to see submission re-price). */
  pricing: { vcpuFen: number };
  /** Departments holding a sub-contract with the provider. */
  contracted: Set<string>;
  /** startOrder calls: the order id and its status as the same transaction saw it. */
  started: Array<{ orderId: string; statusInTransaction: string }>;
  kicks: { count: number };
  login(username: string): Promise<Session>;
  close(): Promise<void>;
}

const PARAMETER_LIMITS = { vcpu: { minimum: 1, maximum: 64, default: 2 } };

export async function createOrdersTestbed(): Promise<OrdersTestbed> {
  const t = await createTestPlatform();
  const directory = await seedBasicDirectory(t.platform);
  const { ctx } = t.platform;
  const cli = cliActor('test');
  const dir = t.platform.directory.service;
  const own = await dir.createBusinessSystem(cli, { departmentId: directory.departments.own, code: 'own-licensing', name: '许可审批系统' });
  const other = await dir.createBusinessSystem(cli, { departmentId: directory.departments.other, code: 'other-relief', name: '社会救助系统' });

  const provider = await ctx.db.insertInto('cloud_providers').values({
    code: 'gov-cloud', name: '政务云服务商', name_en: 'Gov Cloud', framework_contract_no: 'FW-2025-01', framework_valid_from: '2025-01-01', framework_valid_to: '2030-12-31', contact: null,
  }).returning('id').executeTakeFirstOrThrow();
  const schema = json({ type: 'object', properties: { vcpu: { type: 'integer', ...PARAMETER_LIMITS.vcpu } } });
  const offering = async (code: string, category: 'database' | 'compute', name: string) =>
    (await ctx.db.insertInto('cloud_offerings').values({
      code, provider_id: provider.id, category, resource_kind: category === 'database' ? 'postgresql_database' : 'vm', driver: 'simulated', name, name_en: null, description_en: null,
      parameters_schema: schema, quota_map: json({ vcpu: 'vcpu' }),
    }).returning('id').executeTakeFirstOrThrow()).id;
  const offerings = { database: await offering('pg-db', 'database', 'PostgreSQL 数据库'), compute: await offering('vm-std', 'compute', '云主机') };
  const card = async (offeringId: string) =>
    (await ctx.db.insertInto('cloud_rate_cards').values({
      offering_id: offeringId, version: 1, effective_from: new Date('2025-01-01T00:00:00Z'), components: json([{ code: 'vcpu', name: 'vCPU', type: 'per_unit', parameter: 'vcpu', unit: '核', priceFen: 10000 }]), note: null, created_by: null,
    }).returning('id').executeTakeFirstOrThrow()).id;
  const rateCards = new Map([[offerings.database, await card(offerings.database)], [offerings.compute, await card(offerings.compute)]]);

  const pricing = { vcpuFen: 10_000 };
  const contracted = new Set([directory.departments.own, directory.departments.other]);
  const started: OrdersTestbed['started'] = [];
  const kicks = { count: 0 };

  // Stand-in of the catalog's pricing: vcpu × price, the schema's range checked, defaults applied.
  const catalog = {
    async quote(offeringId: string, parameters: Record<string, unknown>) {
      const vcpu = parameters.vcpu ?? PARAMETER_LIMITS.vcpu.default;
      if (typeof vcpu !== 'number' || !Number.isInteger(vcpu) || vcpu < PARAMETER_LIMITS.vcpu.minimum || vcpu > PARAMETER_LIMITS.vcpu.maximum) {
        throw validationFailed([{ pointer: '/parameters/vcpu', code: 'validation.maximum', message: 'vcpu: 1 to 64' }]);
      }
      const amountFen = vcpu * pricing.vcpuFen;
      const quote: Quote = {
        offeringId, rateCardId: rateCards.get(offeringId)!, rateCardVersion: 1, currency: 'CNY',
        lines: [{ code: 'vcpu', name: 'vCPU', nameEn: null, quantity: vcpu, unit: '核', amountFen }], monthlyFen: amountFen, quotaDemand: { vcpu },
      };
      return { parameters: { vcpu }, quote };
    },
    async assertContracted(departmentId: string) {
      if (!contracted.has(departmentId)) throw forbidden('No valid sub-contract with this provider.', 'cloud.not_contracted');
    },
  } as unknown as CloudCatalog;

  // Stand-in of the quota ledger on the real cloud_quotas table: a conditional reservation in the caller's transaction.
  const quotas = {
    async reserve(trx: Tx, departmentId: string, demand: QuotaDemand) {
      const shortfalls: QuotaShortfall[] = [];
      for (const [dimension, amount] of Object.entries(demand) as Array<[QuotaDimension, number]>) {
        if (amount <= 0) continue;
        const row = await trx.selectFrom('cloud_quotas').selectAll().where('department_id', '=', departmentId).where('dimension', '=', dimension).forUpdate().executeTakeFirst();
        if (row && row.quota_limit - row.reserved - row.committed < amount) shortfalls.push({ dimension, limit: row.quota_limit, inUse: row.reserved + row.committed, requested: amount });
      }
      if (shortfalls.length > 0) throw new DomainError('cloud.quota_exceeded', 409, 'The order exceeds the quota.', [], { shortfalls });
      for (const [dimension, amount] of Object.entries(demand) as Array<[QuotaDimension, number]>) {
        if (amount > 0) await trx.updateTable('cloud_quotas').set({ reserved: sql`reserved + ${amount}` }).where('department_id', '=', departmentId).where('dimension', '=', dimension).execute();
      }
    },
    async release(trx: Tx, departmentId: string, demand: QuotaDemand, from: 'reserved' | 'committed') {
      for (const [dimension, amount] of Object.entries(demand) as Array<[QuotaDimension, number]>) {
        await trx.updateTable('cloud_quotas').set(from === 'reserved' ? { reserved: sql`greatest(reserved - ${amount}, 0)` } : { committed: sql`greatest(committed - ${amount}, 0)` })
          .where('department_id', '=', departmentId).where('dimension', '=', dimension).execute();
      }
    },
  } as unknown as QuotaLedger;

  const provisioner = {
    async startOrder(trx: Tx, orderId: string) {
      const row = await trx.selectFrom('cloud_orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow();
      started.push({ orderId, statusInTransaction: row.status });
    },
    kick() {
      kicks.count += 1;
    },
  } as unknown as Provisioner;

  const drivers: DriverPool = { forEndpoint: () => Promise.reject(new Error('no drivers in the orders tests')), invalidate: async () => {}, closeAll: async () => {} };
  const services = createOrderServices({
    ctx, directory: dir, jobs: t.platform.jobs, notifier: t.platform.notifier, systemData: null, options: {}, catalog, quotas, drivers, provisioner,
  });
  const http = await createHttpServer(ctx, {
    resolver: t.platform.directory.resolver,
    modules: [t.platform.directory.routes, (app) => registerOrderRoutes(app, services.orders, services.policies)],
  });
  await http.ready();

  return {
    t, directory, http, services, systems: { own: own.id, other: other.id }, offerings, providerId: provider.id, rateCardId: rateCards.get(offerings.database)!,
    pricing, contracted, started, kicks,
    async login(username) {
      const response = await http.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password: TEST_PASSWORD } });
      if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
      const cookie = `zs_session=${response.cookies.find((c) => c.name === 'zs_session')!.value}`;
      const csrf = response.json().csrfToken as string;
      const userId = (await dir.findUserByUsername(username))!.id;
      const send = (method: InjectOptions['method'], url: string, payload?: unknown) =>
        http.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }) });
      return {
        userId,
        get: (url, query) => http.inject({ method: 'GET', url, query, headers: { cookie } }),
        post: (url, body) => send('POST', url, body ?? {}),
        put: (url, body) => send('PUT', url, body ?? {}),
        patch: (url, body) => send('PATCH', url, body ?? {}),
        delete: (url) => send('DELETE', url),
      };
    },
    async close() {
      await http.close();
      await t.close();
    },
  };
}
