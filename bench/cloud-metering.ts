// `npx tsx bench/cloud-metering.ts [N]`: the hourly metering job over N active resources (issue #5: 3,000),
// next to a plain INSERT … SELECT of the same rows in the same run.
//
// Seeds N resources (argument, or BENCH_RESOURCES, default 3,000) — each with the completed order and item that
// made it and its simulated "cloud" row — over two departments, six business systems and three providers, on
// PGlite in memory, or on PostgreSQL when DATABASE_URL is set (a throw-away schema, dropped afterwards). Then, for
// BENCH_ROUNDS rounds (default 3), each on hours not metered before:
//   - meterHour with measuring off: the usage rows of the hour straight from the resources;
//   - meterHour with measuring on: the platform's metering service, which asks the simulated driver of each
//     endpoint (through the platform's driver pool) for sizes, then writes the rows in batches of 1,000 and the
//     measurements on the resources;
//   - the floor: a plain INSERT … SELECT of the same columns from the same resources into a scratch table with the
//     same primary key (no partition, no conflict handling, no measurement).
// Partitions are created before timing. Prints the median ms, rows/s and the ratio to the floor. Never fails on a
// figure. See docs/cloud/metering.md.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createPlatform, type Platform } from '../src/server/app.js';
import { cliActor } from '../src/server/platform/actor.js';
import { testConfig } from '../src/server/platform/config.js';
import { json, type Db } from '../src/server/platform/db/database.js';
import type { NewRow } from '../src/server/platform/db/schema.js';
import { seedBasicDirectory } from '../src/server/testing/harness.js';
import { MeteringService } from '../src/server/modules/cloud/metering/metering.js';
import { HOUR_MS, hourFloor, monthOf } from '../src/server/modules/cloud/metering/months.js';
import { insertCatalog, type CatalogFixture } from '../src/server/modules/cloud/metering/test-support.js';
import { openBackend, probePostgres, type OpenedBackend } from './lib/backends.js';
import { ms, table } from './lib/stats.js';

const GOAL_RESOURCES = 3000;
const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

function positive(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

const RESOURCES = positive(process.argv[2] ?? process.env.BENCH_RESOURCES, GOAL_RESOURCES, 'the number of resources');
const ROUNDS = positive(process.env.BENCH_ROUNDS, 3, 'BENCH_ROUNDS');
const POSTGRES_URL = process.env.DATABASE_URL ?? '';

interface Seeded {
  catalogs: CatalogFixture[];
  departments: string[];
  systems: Array<{ id: string; departmentId: string }>;
  creators: Map<string, string>;
}

async function seed(platform: Platform, count: number): Promise<Seeded> {
  const db = platform.ctx.db;
  const directory = await seedBasicDirectory(platform);
  const cli = cliActor('bench');
  const departments = [directory.departments.own, directory.departments.other];
  const systems: Seeded['systems'] = [];
  for (let index = 0; index < 6; index++) {
    const departmentId = departments[index % 2];
    const system = await platform.directory.service.createBusinessSystem(cli, { departmentId, code: `bench-system-${index}`, name: `业务系统${index + 1}` });
    systems.push({ id: system.id, departmentId });
  }
  const creators = new Map([
    [directory.departments.own, (await platform.directory.service.findUserByUsername('own_op'))!.id],
    [directory.departments.other, (await platform.directory.service.findUserByUsername('other_op'))!.id],
  ]);
  const catalogs: CatalogFixture[] = [];
  for (let index = 0; index < 3; index++) catalogs.push(await insertCatalog(db, { code: `bench-provider-${index}`, name: `服务商${index + 1}` }));

  const readyAt = new Date(Date.now() - 7 * 24 * HOUR_MS);
  const chunk = 500;
  for (let from = 0; from < count; from += chunk) {
    const orders: NewRow<'cloud_orders'>[] = [];
    const items: NewRow<'cloud_order_items'>[] = [];
    const resources: NewRow<'cloud_resources'>[] = [];
    const simulated: NewRow<'cloud_simulated_resources'>[] = [];
    for (let index = from; index < Math.min(count, from + chunk); index++) {
      const system = systems[index % systems.length];
      const catalog = catalogs[index % catalogs.length];
      const [orderId, itemId, resourceId] = [randomUUID(), randomUUID(), randomUUID()];
      const monthlyFen = 5_000 + (index % 97) * 137;
      const parameters = { vcpu: 1 + (index % 8), storageGb: 20 + (index % 50) * 10 };
      const quotaDemand = { vcpu: parameters.vcpu, storage_gb: parameters.storageGb, databases: 1, monthly_budget_fen: monthlyFen };
      const externalId = `sim-bench-${index}`;
      orders.push({
        id: orderId, department_id: system.departmentId, business_system_id: system.id, status: 'completed', purpose: 'bench',
        total_monthly_fen: monthlyFen, created_by: creators.get(system.departmentId)!, submitted_at: readyAt, completed_at: readyAt,
      });
      items.push({
        id: itemId, order_id: orderId, offering_id: catalog.offeringId, rate_card_id: catalog.rateCardId, name: `db-${index}`,
        parameters: json(parameters), quote: json({ monthlyFen }), monthly_fen: monthlyFen, quota_demand: json(quotaDemand), status: 'ready', ready_at: readyAt,
      });
      resources.push({
        id: resourceId, order_item_id: itemId, department_id: system.departmentId, business_system_id: system.id, provider_id: catalog.providerId,
        offering_id: catalog.offeringId, endpoint_id: catalog.endpointId, driver: 'simulated', resource_kind: 'postgresql_database',
        name: `db-${index}`, external_id: externalId, status: 'active', parameters: json(parameters), rate_card_id: catalog.rateCardId,
        monthly_fen: monthlyFen, quota_demand: json(quotaDemand), ready_at: readyAt,
      });
      simulated.push({
        external_id: externalId, kind: 'postgresql_database', idempotency_key: itemId, parameters: json(parameters),
        tags: json({ 'managed-by': 'zhongshu', resource: resourceId }), status: 'active', ready_at: readyAt,
      });
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('cloud_orders').values(orders).execute();
      await trx.insertInto('cloud_order_items').values(items).execute();
      await trx.insertInto('cloud_resources').values(resources).execute();
      await trx.insertInto('cloud_simulated_resources').values(simulated).execute();
    });
  }
  await sql`ANALYZE cloud_resources`.execute(db);
  return { catalogs, departments, systems, creators };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** The floor: the same rows, the same columns, one plain INSERT … SELECT into a table with the same key. */
async function baselineInsert(db: Db, hour: Date): Promise<number> {
  const result = await sql`
    INSERT INTO bench_usage_floor (resource_id, hour, department_id, business_system_id, provider_id, offering_id, rate_card_id, monthly_fen, allocated, measured)
    SELECT r.id, ${hour}::timestamptz, r.department_id, r.business_system_id, r.provider_id, r.offering_id, r.rate_card_id, r.monthly_fen,
           r.quota_demand - 'monthly_budget_fen', NULL
      FROM cloud_resources r
     WHERE r.status = 'active'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main(): Promise<void> {
  const backend = POSTGRES_URL ? 'postgres' : 'pglite';
  console.log(
    `Cloud metering benchmark: ${RESOURCES.toLocaleString('en')} active resources on ${backend}, ${ROUNDS} rounds\n` +
      `machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  if (backend === 'postgres') {
    const problem = await probePostgres(POSTGRES_URL);
    if (problem) throw new Error(`cannot reach DATABASE_URL (${problem})`);
  }
  let opened: OpenedBackend | undefined;
  let platform: Platform | undefined;
  try {
    opened = await openBackend(backend, POSTGRES_URL);
    console.log(`[${backend}] ${opened.description}`);
    platform = await createPlatform(testConfig(), { database: opened.database, worker: false });
    const db = platform.ctx.db;
    const seeding = await timed(() => seed(platform!, RESOURCES));
    console.log(`[${backend}] seeded ${RESOURCES.toLocaleString('en')} resources in ${(seeding.ms / 1000).toFixed(1)} s`);

    // Measuring on: the platform's own service and driver pool. Off: the same code without asking drivers.
    const measuring = platform.cloud.metering;
    if (!(measuring instanceof MeteringService)) throw new Error('the platform has no metering service yet');
    const notMeasuring = new MeteringService({ ctx: platform.ctx, drivers: { forEndpoint: () => Promise.reject(new Error('off')), invalidate: async () => {}, closeAll: async () => {} } }, { measure: false });
    await sql`CREATE TABLE bench_usage_floor (LIKE cloud_usage INCLUDING DEFAULTS, PRIMARY KEY (resource_id, hour))`.execute(db);

    // Hours nobody metered yet, newest first, two per round (off, on); the floor reuses the "off" hour.
    const lastCompleted = hourFloor(new Date()).getTime() - HOUR_MS;
    const hours = Array.from({ length: 2 * ROUNDS + 1 }, (_, index) => new Date(lastCompleted - index * HOUR_MS));
    for (const month of new Set(hours.map(monthOf))) {
      await measuring.ensurePartition(month);
      await notMeasuring.ensurePartition(month);
    }
    // Warm-up (plans, JIT, the driver pool's first open) on an hour of its own.
    await measuring.meterHour(hours[2 * ROUNDS]);
    await baselineInsert(db, hours[2 * ROUNDS]);

    const off: number[] = [];
    const on: number[] = [];
    const floor: number[] = [];
    let measuredRows = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const [offHour, onHour] = [hours[2 * round], hours[2 * round + 1]];
      const a = await timed(() => notMeasuring.meterHour(offHour));
      const b = await timed(() => measuring.meterHour(onHour));
      const c = await timed(() => baselineInsert(db, offHour));
      for (const [name, rows] of [['off', a.value.resources], ['on', b.value.resources], ['floor', c.value]] as const) {
        if (rows !== RESOURCES) throw new Error(`round ${round + 1}: ${name} wrote ${rows} rows, expected ${RESOURCES}`);
      }
      off.push(a.ms);
      on.push(b.ms);
      floor.push(c.ms);
      measuredRows = b.value.measured;
      console.log(`[${backend}] round ${round + 1}: off ${ms(a.ms)} ms, on ${ms(b.ms)} ms (${b.value.measured} measured), floor ${ms(c.ms)} ms`);
    }

    const summary = [
      { name: 'meterHour, measuring off', ms: median(off) },
      { name: 'meterHour, measuring on (simulated driver)', ms: median(on) },
      { name: 'floor: plain INSERT … SELECT', ms: median(floor) },
    ];
    const floorMs = median(floor);
    console.log('');
    console.log(table(
      ['variant', 'median ms', 'rows/s', '× floor'],
      summary.map((row) => [row.name, ms(row.ms), Math.round((RESOURCES / row.ms) * 1000).toLocaleString('en'), (row.ms / floorMs).toFixed(2)]),
    ));
    console.log('');
    console.log(`measured by the simulated driver: ${measuredRows.toLocaleString('en')} of ${RESOURCES.toLocaleString('en')} resources in the last round` +
      (measuredRows === 0 ? ' (the driver pool could not open the simulated driver: see the log)' : ''));
    console.log(`issue #5: the hourly metering job over ${GOAL_RESOURCES.toLocaleString('en')} resources — ${ms(median(on))} ms with measurement at ${RESOURCES.toLocaleString('en')}`);
    writeResults({ backend, resources: RESOURCES, rounds: ROUNDS, offMs: off, onMs: on, floorMs: floor, measuredRows });
  } finally {
    await platform?.close();
    await opened?.cleanUp();
  }
}

function writeResults(results: Record<string, unknown>): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(RESULTS_DIR, `cloud-metering-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results: ${path.relative(process.cwd(), file)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
