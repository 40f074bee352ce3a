// `npm run bench:cloud-orders`: the cloud portal's order path, through the HTTP API of a running platform.
//
// 1. Automatically approved PostgreSQL database, order → ready: `--orders N` (default 20) orders one after
//    another, each a cart item + submit; the clock runs from the submit request until the order reads
//    completed (polled every 20 ms), i.e. quota reservation, automatic approval, the provisioning worker, the
//    driver creating a real role and database on the PostgreSQL server (BENCH_CLOUD_PG_URL, default
//    postgres://postgres@127.0.0.1:5432/test; the simulated driver with no latency when it is unreachable), the
//    quota commit and the order's completion. Baseline in the same run: the driver's own SQL on a raw client
//    (CREATE ROLE, CREATE DATABASE, COMMENT, then DROP) — what a DBA typing it would wait for. Goal (issue #5):
//    median under 5 s.
// 2. Submission throughput: `--users N` (default 20) department users at once, each submitting orders in a
//    loop for `--seconds S` (default 10) against one department's quota (the worst case: every reservation
//    updates the same quota rows), manual approval so nothing is provisioned. Baseline: the same users reading
//    their order (GET) in the same way. Prints orders/s and submit latency p50/p95.
// The platform runs on PGlite, or on PostgreSQL when BENCH_DATABASE_URL / DATABASE_URL is set (a throw-away
// schema). Every database the bench makes is retired (really dropped) at the end. It never fails on a figure.
import type { AddressInfo } from 'node:net';
import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import { createPlatform, type Platform } from '../src/server/app.js';
import { cliActor } from '../src/server/platform/actor.js';
import { testConfig } from '../src/server/platform/config.js';
import { json } from '../src/server/platform/db/database.js';
import { makeCreditCode } from '../src/server/platform/identifiers.js';
import { openBackend, probePostgres, type BackendName } from './lib/backends.js';
import { ms, summarize, table } from './lib/stats.js';

const PASSWORD = 'Bench-Passw0rd!';

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const raw = index >= 0 ? process.argv[index + 1] : process.env[`BENCH_${name.toUpperCase()}`];
  return raw ? Number(raw) : fallback;
}

const ORDERS = arg('orders', 20);
const USERS = arg('users', 20);
const SECONDS = arg('seconds', 10);
const PG_TARGET = process.env.BENCH_CLOUD_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? '';

interface Client {
  post(path: string, body: unknown): Promise<{ status: number; body: any }>;
  get(path: string): Promise<{ status: number; body: any }>;
}

async function login(base: string, username: string): Promise<Client> {
  const answer = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (answer.status !== 200) throw new Error(`login ${username}: ${answer.status} ${await answer.text()}`);
  const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = (await answer.json()) as { csrfToken: string };
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  return { post: (path, body) => call('POST', path, body), get: (path) => call('GET', path) };
}

function expectOk(answer: { status: number; body: any }, what: string): any {
  if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

interface Setup {
  department: string;
  systems: string[];
  pgOffering: string;
  simOffering: string;
  driver: 'postgresql' | 'simulated';
}

/** One department with USERS operators (each with a business system), a head, the IT centre; a provider whose
 *  PostgreSQL endpoint points at the target server; an offering auto-approved under ¥1,000/month. */
async function setUp(platform: Platform): Promise<Setup> {
  const db = platform.ctx.db;
  const cli = cliActor('bench');
  const directory = platform.directory.service;
  await directory.upsertRegion(cli, { code: '440607', name: '三水区', nameEn: 'Sanshui', level: 'county', parentCode: null });
  const department = await directory.createDepartment(cli, { name: '区数据统筹局', nameEn: 'Data bureau', creditCode: makeCreditCode('11', '440607', 'MB2C3900'), regionCode: '440607', kind: 'platform', shortCode: '01' });
  const user = async (username: string, role: 'data_admin' | 'dept_admin' | 'dept_operator') => {
    const created = await directory.createUser(cli, { username, displayName: username, departmentId: department.id, password: PASSWORD, mustChangePassword: false });
    await directory.setRoles(cli, created.id, [role]);
  };
  await user('itcentre', 'data_admin');
  await user('head', 'dept_admin');
  const systems: string[] = [];
  for (let index = 0; index < USERS; index++) {
    await user(`op${index}`, 'dept_operator');
    systems.push((await directory.createBusinessSystem(cli, { departmentId: department.id, code: `bench-system-${index}`, name: `压测系统${index}` })).id);
  }

  const reachable = (await probePostgres(PG_TARGET)) === null;
  const driver = reachable ? 'postgresql' : 'simulated';
  const target = new URL(PG_TARGET);
  const provider = await db
    .insertInto('cloud_providers')
    .values({ code: 'bench', name: '压测服务商', framework_contract_no: 'BENCH-1', framework_valid_from: '2026-01-01', framework_valid_to: '2030-12-31' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const settings = reachable
    ? { host: target.hostname, port: Number(target.port || 5432), user: decodeURIComponent(target.username || 'postgres'), database: target.pathname.slice(1) || 'postgres' }
    : { latencyMs: 0 };
  const secrets = reachable && target.password ? platform.ctx.secrets.seal(JSON.stringify({ password: decodeURIComponent(target.password) })) : null;
  await db.insertInto('cloud_provider_endpoints').values({ provider_id: provider.id, driver, settings: json(settings), secrets_sealed: secrets }).execute();
  await db.insertInto('cloud_provider_endpoints').values({ provider_id: provider.id, driver: 'simulated', settings: json({ latencyMs: 0 }) }).onConflict((c) => c.doNothing()).execute();
  await db
    .insertInto('cloud_subcontracts')
    .values({ provider_id: provider.id, department_id: department.id, contract_no: 'BENCH-1-01', signed_on: '2026-01-01', valid_from: '2026-01-01', valid_to: '2030-12-31' })
    .execute();
  const offering = async (code: string, category: 'database' | 'compute', offeringDriver: 'postgresql' | 'simulated', kind: string) => {
    const row = await db
      .insertInto('cloud_offerings')
      .values({
        code,
        provider_id: provider.id,
        category,
        resource_kind: kind,
        driver: offeringDriver,
        name: code,
        parameters_schema: json({ type: 'object', properties: { connectionLimit: { type: 'integer', minimum: 1, maximum: 100, default: 5 } }, required: ['connectionLimit'] }),
        quota_map: json({ databases: 1 }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('cloud_rate_cards').values({ offering_id: row.id, version: 1, effective_from: '2026-01-01T00:00:00Z', components: json([{ code: 'db', name: '数据库', type: 'fixed', priceFen: 30_000 }]) }).execute();
    return row.id;
  };
  const pgOffering = await offering('bench-pg', 'database', driver, reachable ? 'postgresql_database' : 'postgresql_database');
  const simOffering = await offering('bench-sim', 'compute', 'simulated', 'vm');
  await db
    .insertInto('cloud_approval_policies')
    .values([
      { name: 'database auto', category: 'database', steps: json([{ approver: 'dept_head', deadlineHours: 24, escalateTo: null }]), auto_approve_max_fen: 100_000 },
      { name: 'default manual', steps: json([{ approver: 'dept_head', deadlineHours: 24, escalateTo: null }]), auto_approve_max_fen: null },
    ])
    .execute();
  // A quota with room for every bench order (the submission test reserves on these rows concurrently).
  await db
    .insertInto('cloud_quotas')
    .values([
      { department_id: department.id, dimension: 'databases', quota_limit: 1_000_000 },
      { department_id: department.id, dimension: 'monthly_budget_fen', quota_limit: 1_000_000_000_000 },
    ])
    .execute();
  return { department: department.id, systems, pgOffering, simOffering, driver };
}

async function orderToReady(base: string, setup: Setup): Promise<number[]> {
  const operator = await login(base, 'op0');
  const durations: number[] = [];
  for (let index = 0; index < ORDERS; index++) {
    const system = setup.systems[0];
    expectOk(await operator.post(`/api/v1/cloud/carts/${system}/items`, { offeringId: setup.pgOffering, name: `benchdb${index}`, parameters: { connectionLimit: 5 } }), 'add item');
    const cart = expectOk(await operator.get(`/api/v1/cloud/carts/${system}`), 'cart');
    const started = performance.now();
    const submitted = expectOk(await operator.post(`/api/v1/cloud/orders/${cart.id}/submit`, { purpose: 'benchmark' }), 'submit');
    for (;;) {
      const order = expectOk(await operator.get(`/api/v1/cloud/orders/${submitted.id}`), 'order');
      if (['completed', 'failed', 'partially_failed', 'rejected'].includes(order.status)) {
        if (order.status !== 'completed') throw new Error(`order ${order.number} ended ${order.status}: ${JSON.stringify(order.items.map((item: any) => item.failureReason))}`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    durations.push(performance.now() - started);
  }
  return durations;
}

/** The driver's SQL on a raw client: the floor of making a database with its own role. */
async function rawProvisioning(rounds: number): Promise<number[]> {
  const client = new pg.Client({ connectionString: PG_TARGET });
  await client.connect();
  const durations: number[] = [];
  try {
    for (let index = 0; index < rounds; index++) {
      const name = `zs_bench_raw_${process.pid}_${index}`;
      const started = performance.now();
      await client.query(`CREATE ROLE ${name} LOGIN PASSWORD 'Raw-${index}-x9' CONNECTION LIMIT 5`);
      await client.query(`CREATE DATABASE ${name} OWNER ${name}`);
      await client.query(`COMMENT ON DATABASE ${name} IS '{"managed-by":"bench"}'`);
      durations.push(performance.now() - started);
      await client.query(`DROP DATABASE ${name}`);
      await client.query(`DROP ROLE ${name}`);
    }
  } finally {
    await client.end();
  }
  return durations;
}

async function loop(users: Client[], seconds: number, work: (client: Client, index: number) => Promise<void>): Promise<{ count: number; durations: number[]; elapsed: number }> {
  const deadline = performance.now() + seconds * 1000;
  const durations: number[] = [];
  const started = performance.now();
  await Promise.all(
    users.map(async (client, index) => {
      while (performance.now() < deadline) {
        const begin = performance.now();
        await work(client, index);
        durations.push(performance.now() - begin);
      }
    }),
  );
  return { count: durations.length, durations, elapsed: performance.now() - started };
}

async function submissionThroughput(base: string, setup: Setup) {
  const users = await Promise.all(Array.from({ length: USERS }, (_, index) => login(base, `op${index}`)));
  const lastOrder = new Map<number, string>();
  const submit = await loop(users, SECONDS, async (client, index) => {
    const system = setup.systems[index];
    expectOk(await client.post(`/api/v1/cloud/carts/${system}/items`, { offeringId: setup.simOffering, name: `vm${index}`, parameters: { connectionLimit: 2 } }), 'add item');
    const cart = expectOk(await client.get(`/api/v1/cloud/carts/${system}`), 'cart');
    const order = expectOk(await client.post(`/api/v1/cloud/orders/${cart.id}/submit`, { purpose: 'throughput' }), 'submit');
    lastOrder.set(index, order.id);
  });
  const read = await loop(users, SECONDS, async (client, index) => {
    expectOk(await client.get(`/api/v1/cloud/orders/${lastOrder.get(index)}`), 'read order');
  });
  return { submit, read };
}

async function retireEverything(platform: Platform): Promise<void> {
  const resources = await platform.ctx.db.selectFrom('cloud_resources').select('id').where('status', '=', 'active').execute();
  const cli = cliActor('bench');
  for (const resource of resources) await platform.cloud.provisioner.retire(cli, resource.id, { reason: 'benchmark over' });
  for (let round = 0; round < 200; round++) {
    await platform.cloud.provisioner.runDue();
    const left = await platform.ctx.db.selectFrom('cloud_resources').select('id').where('status', '=', 'retiring').execute();
    if (left.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main(): Promise<void> {
  const backendName: BackendName = DATABASE_URL ? 'postgres' : 'pglite';
  const backend = await openBackend(backendName, DATABASE_URL);
  console.log(`cloud orders bench — ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, platform on ${backend.description}`);
  const platform = await createPlatform(testConfig({ logLevel: 'silent' }), { database: backend.database, worker: true, cloud: { provisioningPollMs: 200 } });
  try {
    const setup = await setUp(platform);
    await platform.http.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(platform.http.server.address() as AddressInfo).port}`;
    console.log(`driver for the database orders: ${setup.driver}${setup.driver === 'postgresql' ? ` on ${PG_TARGET.replace(/:[^:@/]*@/, ':***@')}` : ' (the target PostgreSQL is unreachable)'}`);

    const ready = summarize(await orderToReady(base, setup));
    const rows: string[][] = [['order → ready (auto-approved PostgreSQL database)', String(ready.samples), ms(ready.p50), ms(ready.p95), ms(ready.max)]];
    if (setup.driver === 'postgresql') {
      const raw = summarize(await rawProvisioning(Math.min(ORDERS, 10)));
      rows.push(['baseline: the same SQL on a raw client', String(raw.samples), ms(raw.p50), ms(raw.p95), ms(raw.max)]);
      console.log(table(['', 'n', 'p50', 'p95', 'max'], rows));
      console.log(`ratio (median): ${(ready.p50 / raw.p50).toFixed(1)}× the raw SQL; goal: median < 5 s (against 7 working days) — ${ready.p50 < 5000 ? 'met' : 'NOT met'}`);
    } else {
      console.log(table(['', 'n', 'p50', 'p95', 'max'], rows));
    }

    const { submit, read } = await submissionThroughput(base, setup);
    const submitStats = summarize(submit.durations);
    const readStats = summarize(read.durations);
    console.log(
      table(
        ['with ' + USERS + ' concurrent users', 'requests', 'per second', 'p50', 'p95'],
        [
          ['submit an order (add item + cart + submit)', String(submit.count), (submit.count / (submit.elapsed / 1000)).toFixed(1), ms(submitStats.p50), ms(submitStats.p95)],
          ['baseline: read an order', String(read.count), (read.count / (read.elapsed / 1000)).toFixed(1), ms(readStats.p50), ms(readStats.p95)],
        ],
      ),
    );
    console.log(`ratio: an order submission costs ${(submitStats.p50 / readStats.p50).toFixed(1)}× a read (p50)`);
    await retireEverything(platform);
  } finally {
    await platform.close();
    await backend.cleanUp();
  }
}

await main();
