/**
 * Fixtures for the metering part's tests and benchmark: the platform with two departments (harness.ts), a
 * business system in each, a provider with a simulated endpoint, an offering with a rate card, and resources
 * written directly with SQL (each with the completed order and item that made it), as the provisioning part would.
 */
import { randomUUID } from 'node:crypto';
import { cliActor, type CliActor } from '../../../platform/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { json } from '../../../platform/db/database.js';
import type { ResourceStatus } from '../../../platform/db/schema.js';
import { createTestPlatform, seedBasicDirectory, type BasicDirectory, type TestPlatform } from '../../../testing/harness.js';
import type { ProvisioningDriver } from '../drivers/driver.js';
import type { QuotaDemand, SystemDataReader } from '../index.js';
import type { DriverPool } from '../parts.js';
import { createMeteringServices } from './part.js';
import type { BillsService } from './bills.js';
import type { InsightsService } from './insights.js';
import type { MeteringOptions, MeteringService } from './metering.js';

export interface CatalogFixture {
  providerId: string;
  endpointId: string;
  offeringId: string;
  rateCardId: string;
}

let sequence = 0;

/** A provider with one endpoint of the given driver, an offering and its rate card (version 1). */
export async function insertCatalog(db: Db, input: { code?: string; name?: string; offeringName?: string; driver?: 'simulated' | 'postgresql' } = {}): Promise<CatalogFixture> {
  const code = input.code ?? `prov-${++sequence}-${randomUUID().slice(0, 6)}`;
  const provider = await db
    .insertInto('cloud_providers')
    .values({ code, name: input.name ?? `服务商${sequence}`, name_en: null, framework_contract_no: `FC-${code}`, framework_valid_from: '2024-01-01', framework_valid_to: '2030-12-31', contact: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const driver = input.driver ?? 'simulated';
  const endpoint = await db.insertInto('cloud_provider_endpoints').values({ provider_id: provider.id, driver, settings: json({}) }).returning('id').executeTakeFirstOrThrow();
  const offering = await db
    .insertInto('cloud_offerings')
    .values({
      code: `${code}-db`, provider_id: provider.id, category: 'database', resource_kind: 'postgresql_database', driver,
      name: input.offeringName ?? 'PostgreSQL 数据库', name_en: 'PostgreSQL database',
      parameters_schema: json({ type: 'object', properties: { vcpu: { type: 'integer' }, storageGb: { type: 'integer' } } }),
      quota_map: json({ vcpu: 'vcpu', storage_gb: 'storageGb', databases: 1 }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rateCard = await db
    .insertInto('cloud_rate_cards')
    .values({
      offering_id: offering.id, version: 1, effective_from: new Date('2024-01-01T00:00:00+08:00'),
      components: json([
        { code: 'base', name: '实例费', type: 'fixed', priceFen: 3000 },
        { code: 'vcpu', name: 'vCPU', type: 'per_unit', parameter: 'vcpu', unit: '核', priceFen: 4111 },
        { code: 'storage', name: '存储', type: 'per_unit', parameter: 'storageGb', unit: 'GB', priceFen: 37 },
      ]),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { providerId: provider.id, endpointId: endpoint.id, offeringId: offering.id, rateCardId: rateCard.id };
}

export interface ResourceFixture {
  departmentId: string;
  businessSystemId: string;
  catalog: CatalogFixture;
  createdBy: string;
  monthlyFen: number;
  readyAt: Date;
  name?: string;
  status?: ResourceStatus;
  retiredAt?: Date | null;
  externalId?: string | null;
  parameters?: Record<string, unknown>;
  quotaDemand?: QuotaDemand;
}

/** A completed one-item order and the resource it made. Returns the resource id. */
export async function insertResource(db: Db, input: ResourceFixture): Promise<string> {
  const parameters = input.parameters ?? { vcpu: 2, storageGb: 100 };
  const quotaDemand = input.quotaDemand ?? { vcpu: 2, storage_gb: 100, databases: 1, monthly_budget_fen: input.monthlyFen };
  const submittedAt = new Date(input.readyAt.getTime() - 60_000);
  const order = await db
    .insertInto('cloud_orders')
    .values({
      department_id: input.departmentId, business_system_id: input.businessSystemId, status: 'completed', purpose: '测试',
      total_monthly_fen: input.monthlyFen, created_by: input.createdBy, submitted_at: submittedAt, decided_at: submittedAt, completed_at: input.readyAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const item = await db
    .insertInto('cloud_order_items')
    .values({
      order_id: order.id, offering_id: input.catalog.offeringId, rate_card_id: input.catalog.rateCardId, name: input.name ?? 'db',
      parameters: json(parameters), quote: json({ monthlyFen: input.monthlyFen }), monthly_fen: input.monthlyFen,
      quota_demand: json(quotaDemand), status: 'ready', ready_at: input.readyAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const resource = await db
    .insertInto('cloud_resources')
    .values({
      order_item_id: item.id, department_id: input.departmentId, business_system_id: input.businessSystemId,
      provider_id: input.catalog.providerId, offering_id: input.catalog.offeringId, endpoint_id: input.catalog.endpointId,
      driver: 'simulated', resource_kind: 'postgresql_database', name: input.name ?? 'db',
      external_id: input.externalId === undefined ? `sim-${item.id}` : input.externalId,
      status: input.status ?? 'active', parameters: json(parameters), rate_card_id: input.catalog.rateCardId, monthly_fen: input.monthlyFen,
      quota_demand: json(quotaDemand), ready_at: input.readyAt, retired_at: input.retiredAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return resource.id;
}

/** A driver pool whose drivers measure from a table of sizes by external id, or fail for the endpoints listed. */
export function standInDrivers(sizes: Map<string, Record<string, number>>, failing: Set<string> = new Set()): DriverPool & { calls: string[][] } {
  const calls: string[][] = [];
  const driver = (endpointId: string): ProvisioningDriver => ({
    kind: 'simulated',
    test: async () => {},
    create: () => Promise.reject(new Error('not in this test')),
    resize: () => Promise.reject(new Error('not in this test')),
    retire: () => Promise.reject(new Error('not in this test')),
    poll: () => Promise.reject(new Error('not in this test')),
    list: async () => [],
    async measure(externalIds) {
      calls.push(externalIds);
      if (failing.has(endpointId)) throw new Error('connection refused');
      return new Map(externalIds.filter((id) => sizes.has(id)).map((id) => [id, sizes.get(id)!]));
    },
    close: async () => {},
  });
  return { calls, forEndpoint: async (endpointId) => driver(endpointId), invalidate: async () => {}, closeAll: async () => {} };
}

export interface MeteringTestbed {
  t: TestPlatform;
  db: Db;
  directory: BasicDirectory;
  cli: CliActor;
  systems: { own: string; other: string };
  users: { ownOp: string; otherOp: string };
  catalog: CatalogFixture;
  /** Metering services on the test database with the given drivers (and options). */
  services(drivers: DriverPool, options?: MeteringOptions, systemData?: SystemDataReader | null): { metering: MeteringService; bills: BillsService; insights: InsightsService };
  resource(input: Partial<ResourceFixture> & { monthlyFen: number; readyAt: Date }): Promise<string>;
  close(): Promise<void>;
}

export async function createMeteringTestbed(): Promise<MeteringTestbed> {
  const t = await createTestPlatform();
  const directory = await seedBasicDirectory(t.platform);
  const cli = cliActor('test');
  const service = t.platform.directory.service;
  const own = await service.createBusinessSystem(cli, { departmentId: directory.departments.own, code: 'market-portal', name: '市场监管业务系统' });
  const other = await service.createBusinessSystem(cli, { departmentId: directory.departments.other, code: 'relief', name: '社会救助系统' });
  const ownOp = (await service.findUserByUsername('own_op'))!.id;
  const otherOp = (await service.findUserByUsername('other_op'))!.id;
  const db = t.platform.ctx.db;
  const catalog = await insertCatalog(db);
  const systems = { own: own.id, other: other.id };
  return {
    t, db, directory, cli, systems, users: { ownOp, otherOp }, catalog,
    services(drivers, options = {}, systemData = null) {
      return createMeteringServices({ ctx: t.platform.ctx, drivers, systemData }, options) as { metering: MeteringService; bills: BillsService; insights: InsightsService };
    },
    resource(input) {
      const department = input.departmentId ?? directory.departments.own;
      return insertResource(db, {
        departmentId: department,
        businessSystemId: input.businessSystemId ?? (department === directory.departments.own ? systems.own : systems.other),
        catalog: input.catalog ?? catalog,
        createdBy: input.createdBy ?? (department === directory.departments.own ? ownOp : otherOp),
        ...input,
      });
    },
    close: () => t.close(),
  };
}
