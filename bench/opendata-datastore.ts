// `npm run bench:open-datastore [-- --rows N]`: the portal's datastore query (the call behind CKAN's
// datastore_search) on a dataset of 10,000,000 rows on PostgreSQL, over HTTP, against the same SQL sent through a
// raw pg client in the same run.
//
// 1. Data. One open catalog entry (record_no key, grid_code, name, amount, recorded_on, active, and a withheld
//    internal column) is published and its store created by the exchange as usual. The rows are then written
//    straight into the store with INSERT … SELECT generate_series: history rows first (_op 'I', _seq 1…N), then
//    the current table from them; the store's counters (row_count, last_change_seq) and its sequence are set to
//    match. BYPASSED on purpose — this is a read benchmark: the loading path's validation, the load row, the
//    rejected-rows report, the quality report and the audit entry of a load. Both tables' primary keys are
//    dropped during the insert and rebuilt afterwards; grid_code gets an index (10,000 values, N/10,000 rows
//    each); then VACUUM ANALYZE.
// 2. Publication. publisher.syncAll() publishes the dataset and cuts version 1 (this builds the history index
//    the publisher keeps for old versions; timed and printed).
// 3. Queries. A real listening server; one keep-alive client sends 500 requests per case, after 50 warm-ups:
//      key      GET /api/v1/open/datasets/{name}/records?filters={"record_no":"R…"}       (1 row)
//      indexed  GET /api/v1/open/datasets/{name}/records?filters={"grid_code":"G…"}&limit=20 (N/10,000 rows, total counted)
//    Baseline, interleaved (alternating which goes first): the statements the datastore sends (the page, and for
//    the indexed case the exact count beside it), through a raw pg client on the same database.
// 4. Prints p50/p95/p99 per case, the p95 ratio API / raw SQL, and whether the goal (API p95 < 50 ms) is met.
//    Never fails on a figure. Settings: --rows N (or BENCH_ROWS; default 10,000,000), BENCH_REQUESTS (500),
//    BENCH_DATABASE_URL (or DATABASE_URL; default postgres://postgres@127.0.0.1:5432/test).
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { createPlatform } from '../src/server/app.js';
import { cliActor } from '../src/server/platform/actor.js';
import { testConfig } from '../src/server/platform/config.js';
import type { DataItem } from '../src/server/modules/catalog/index.js';
import { entryInput, TEST_CLASSIFICATIONS } from '../src/server/modules/catalog/test-support.js';
import { seedBasicDirectory } from '../src/server/testing/harness.js';
import { openBackend, probePostgres, serverVersion } from './lib/backends.js';
import { ms, summarize, table, type Summary } from './lib/stats.js';

const GOAL_P95_MS = 50;
const GRIDS = 10_000;
const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

const ITEMS: DataItem[] = [
  { name: 'record_no', label: '记录编号', type: 'string', length: 12, required: true, key: true, sensitivity: 'public' },
  { name: 'grid_code', label: '网格编码', type: 'string', length: 8, required: true, key: false, sensitivity: 'public' },
  { name: 'item_name', label: '事项名称', type: 'string', length: 50, required: true, key: false, sensitivity: 'public' },
  { name: 'amount', label: '金额（元）', type: 'decimal', required: false, key: false, sensitivity: 'public' },
  { name: 'recorded_on', label: '登记日期', type: 'date', required: false, key: false, sensitivity: 'public' },
  { name: 'active', label: '是否有效', type: 'boolean', required: false, key: false, sensitivity: 'public' },
  { name: 'handler_phone', label: '经办人电话', type: 'string', length: 20, required: false, key: false, sensitivity: 'internal' },
];

function settings() {
  const argv = process.argv.slice(2);
  const flag = argv.indexOf('--rows');
  const raw = flag >= 0 ? argv[flag + 1] : process.env.BENCH_ROWS;
  const rows = raw ? Number(raw.replace(/[_,]/g, '')) : 10_000_000;
  if (!Number.isInteger(rows) || rows < 100) throw new Error(`--rows must be a whole number ≥ 100, got "${raw}"`);
  const requests = Number(process.env.BENCH_REQUESTS ?? 500);
  if (!Number.isInteger(requests) || requests < 10) throw new Error('BENCH_REQUESTS must be a whole number ≥ 10');
  const url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  return { rows, requests, warmup: 50, url };
}

/** A deterministic pseudo-random sequence (mulberry32), so every run asks for the same keys. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const recordNo = (index: number) => `R${String(index).padStart(10, '0')}`;
const gridCode = (index: number) => `G${String(index % GRIDS).padStart(5, '0')}`;

async function seconds<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

function get(agent: http.Agent, port: number, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: url, agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

async function main(): Promise<void> {
  const { rows, requests, warmup, url } = settings();
  const problem = await probePostgres(url);
  if (problem) {
    console.log(`bench:open-datastore needs PostgreSQL (${problem}); skipped.`);
    return;
  }
  console.log(`bench:open-datastore — ${rows.toLocaleString('en')} rows, ${requests} requests per case after ${warmup} warm-ups`);
  const opened = await openBackend('postgres', url);
  console.log(`  database: ${opened.description} (${await serverVersion(opened.database)})`);
  const platform = await createPlatform(testConfig({}), { database: opened.database, worker: false });
  const schema = (await sql<{ name: string }>`SELECT current_schema() AS name`.execute(opened.database.db)).rows[0].name;
  const raw = new pg.Pool({ connectionString: url, max: 2, options: `-c search_path=${schema}` });
  try {
    const cli = cliActor('bench');
    const directory = await seedBasicDirectory(platform);
    await platform.catalog.service.upsertClassifications(cli, TEST_CLASSIFICATIONS);
    const { code } = await platform.catalog.service.create(cli, entryInput({
      providerDepartmentId: directory.departments.own, classificationCode: '202001', name: '网格事项登记信息', nameEn: 'Grid service records',
      summary: '基准测试数据集：网格内登记的事项。', dataItems: ITEMS, sharingType: 'unconditional', sharingConditions: null, openType: 'open', updateCycle: 'daily',
      keywords: ['基准测试'],
    }));
    await platform.catalog.service.submit(cli, code);
    await platform.catalog.service.publish(cli, code);
    const store = await platform.exchange.stores.forResource(code);
    const db = platform.ctx.db;
    const sequence = store.table.replace(/^xs_/, 'xq_');

    console.log('data:');
    await seconds(`history, ${rows.toLocaleString('en')} rows (INSERT … SELECT generate_series)`, async () => {
      await sql`SET synchronous_commit = off`.execute(db);
      await sql.raw(`ALTER TABLE ${store.history} DROP CONSTRAINT ${store.history}_pkey`).execute(db);
      await sql.raw(`
        INSERT INTO ${store.history} (_seq, _op, record_no, grid_code, item_name, amount, recorded_on, active, handler_phone, _load_id, _at)
        SELECT g, 'I', 'R' || lpad(g::text, 10, '0'), 'G' || lpad((g % ${GRIDS})::text, 5, '0'), '网格事项' || (g % 997),
               round(((g * 7919) % 1000000) / 100.0, 2), DATE '2015-01-01' + (g % 4000)::int, g % 3 <> 0, '0757-8771' || lpad((g % 10000)::text, 4, '0'),
               NULL, now()
          FROM generate_series(1::bigint, ${rows}::bigint) AS g`).execute(db);
      await sql.raw(`ALTER TABLE ${store.history} ADD PRIMARY KEY (_seq)`).execute(db);
    });
    await seconds('current table from the history, primary key rebuilt', async () => {
      await sql.raw(`ALTER TABLE ${store.table} DROP CONSTRAINT ${store.table}_pkey`).execute(db);
      await sql.raw(`
        INSERT INTO ${store.table} (record_no, grid_code, item_name, amount, recorded_on, active, handler_phone, _seq, _load_id, _updated_at)
        SELECT record_no, grid_code, item_name, amount, recorded_on, active, handler_phone, _seq, NULL, _at FROM ${store.history}`).execute(db);
      await sql.raw(`ALTER TABLE ${store.table} ADD PRIMARY KEY (record_no)`).execute(db);
    });
    await seconds('index on grid_code', () => sql.raw(`CREATE INDEX ${store.table}_grid_code ON ${store.table} (grid_code)`).execute(db));
    await sql.raw(`SELECT setval('${sequence}', ${rows})`).execute(db);
    await db.updateTable('exchange_stores').set({ row_count: rows, last_change_seq: rows, last_load_at: new Date() }).where('resource_id', '=', store.resourceId).execute();
    platform.exchange.stores.invalidate(code);
    await seconds('VACUUM ANALYZE', async () => {
      await sql.raw(`VACUUM ANALYZE ${store.table}`).execute(db);
      await sql.raw(`VACUUM ANALYZE ${store.history}`).execute(db);
    });
    const report = await seconds('publication (dataset, version 1, history index)', () => platform.opendata.publisher.syncAll());
    const dataset = (await db.selectFrom('opendata_datasets').select(['name', 'row_count', 'current_version']).where('catalog_code', '=', code).executeTakeFirstOrThrow());
    console.log(`  published ${dataset.name}: version ${dataset.current_version}, ${dataset.row_count.toLocaleString('en')} rows (${JSON.stringify(report)})`);

    await platform.http.listen({ port: 0, host: '127.0.0.1' });
    const { port } = platform.http.server.address() as { port: number };
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const base = `/api/v1/open/datasets/${dataset.name}/records`;
    const columns = '_seq AS "_id", "record_no", "grid_code", "item_name", "amount", "recorded_on", "active"';
    const cases = {
      key: {
        api: (value: string) => `${base}?filters=${encodeURIComponent(JSON.stringify({ record_no: value }))}&limit=20`,
        // A lookup by key: the datastore counts only when the page is full, so one statement.
        statements: [`SELECT ${columns} FROM ${store.table} WHERE record_no = $1::text ORDER BY record_no LIMIT 20 OFFSET 0`],
        value: (next: () => number) => recordNo(1 + Math.floor(next() * rows)),
      },
      indexed: {
        api: (value: string) => `${base}?filters=${encodeURIComponent(JSON.stringify({ grid_code: value }))}&limit=20`,
        statements: [
          `SELECT ${columns} FROM ${store.table} WHERE grid_code = $1::text ORDER BY record_no LIMIT 20 OFFSET 0`,
          `SELECT count(*)::bigint AS n FROM ${store.table} WHERE grid_code = $1::text`,
        ],
        value: (next: () => number) => gridCode(Math.floor(next() * rows)),
      },
    };

    const figures: Record<string, { api: Summary; raw: Summary; errors: number; rowsPerAnswer: number }> = {};
    for (const [name, spec] of Object.entries(cases)) {
      const next = random(name.length * 7919);
      const apiTimes: number[] = [];
      const rawTimes: number[] = [];
      let errors = 0;
      let answered = 0;
      for (let index = 0; index < warmup + requests; index++) {
        const value = spec.value(next);
        // Interleaved: each value goes through the API and through the raw client, in alternating order (the
        // second one would otherwise find the rows already cached by the first).
        const viaApi = async () => {
          const started = performance.now();
          const answer = await get(agent, port, spec.api(value));
          if (answer.status !== 200) errors++;
          else answered += (JSON.parse(answer.body) as { records: unknown[] }).records.length;
          return performance.now() - started;
        };
        const viaRaw = async () => {
          const started = performance.now();
          await Promise.all(spec.statements.map((statement) => raw.query(statement, [value])));
          return performance.now() - started;
        };
        let apiMs: number;
        let rawMs: number;
        if (index % 2 === 0) {
          apiMs = await viaApi();
          rawMs = await viaRaw();
        } else {
          rawMs = await viaRaw();
          apiMs = await viaApi();
        }
        if (index >= warmup) {
          apiTimes.push(apiMs);
          rawTimes.push(rawMs);
        }
      }
      figures[name] = { api: summarize(apiTimes), raw: summarize(rawTimes), errors, rowsPerAnswer: answered / (warmup + requests) };
    }
    agent.destroy();

    console.log(`\n${table(['case', 'path', 'p50 ms', 'p95 ms', 'p99 ms', 'rows/answer', 'non-200'], Object.entries(figures).flatMap(([name, entry]) => [
      [name === 'key' ? 'filter on the key column' : 'filter on an indexed column', 'HTTP /records (datastore)', ms(entry.api.p50), ms(entry.api.p95), ms(entry.api.p99), entry.rowsPerAnswer.toFixed(1), String(entry.errors)],
      ['', 'raw pg client, same SQL', ms(entry.raw.p50), ms(entry.raw.p95), ms(entry.raw.p99), '', ''],
    ]))}`);
    for (const [name, entry] of Object.entries(figures)) {
      const ratio = entry.api.p95 / entry.raw.p95;
      console.log(`${name}: API p95 ${ms(entry.api.p95)} ms, raw SQL p95 ${ms(entry.raw.p95)} ms, ratio ${ratio.toFixed(2)}; goal API p95 < ${GOAL_P95_MS} ms: ${entry.api.p95 < GOAL_P95_MS ? 'met' : 'NOT met'}`);
    }
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(path.join(RESULTS_DIR, 'opendata-datastore.json'), JSON.stringify({
      benchmark: 'opendata-datastore', at: new Date().toISOString(), rows, requests, goal: { p95Ms: GOAL_P95_MS }, figures,
    }, null, 2));
  } finally {
    await raw.end();
    await platform.close();
    await opened.cleanUp();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
