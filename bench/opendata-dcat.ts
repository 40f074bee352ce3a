// `npm run bench:open-dcat [-- --datasets N] [--max-old-space MB]`: the whole DCAT-AP catalog as JSON-LD from a
// real server, and the server's memory while it streams.
//
// Writes N datasets (default 100,000; each with three resources, 40 organisations) with insertDatasets() into a
// fresh database — PGlite in a temporary data directory, or a throw-away schema on PostgreSQL when DATABASE_URL
// is set — then starts the real server on it as its own process (`zhongshu serve`, from the sources through
// tsx), reads GET /catalog.jsonld to the end and samples the server's resident memory (VmRSS in
// /proc/<pid>/status) every 50 ms. It does the same for N/10 datasets first, and streams the N datasets a second
// time with V8's old space capped (default 384 MB; 0 skips that run): the catalog must fit in a fixed heap.
// Prints bytes, seconds, datasets/s, RSS before, peak RSS, the peak in each half of the stream and the RSS after
// each tenth; nothing fails on a figure. See docs/opendata/dcat.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createPlatform } from '../src/server/app.js';
import { testConfig } from '../src/server/platform/config.js';
import { openPglite, openPostgres, type DatabaseHandle } from '../src/server/platform/db/database.js';
import { insertDatasets, type DatasetFixture } from '../src/server/modules/opendata/test-support.js';
import { FREQUENCIES, THEMES } from '../src/server/modules/opendata/vocabulary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE_MS = 50;

interface Arguments {
  datasets: number;
  /** A second run of the large catalog with V8's old space of the server capped (MB; default 384); null: no such run. */
  maxOldSpace: number | null;
}

function readArguments(argv: string[]): Arguments {
  const result: Arguments = { datasets: 100_000, maxOldSpace: 384 };
  for (let index = 0; index < argv.length; index++) {
    const [name, inline] = argv[index].split('=', 2);
    const value = inline ?? argv[++index];
    if (!/^\d+$/.test(value ?? '')) throw new Error(`${name} needs a whole number`);
    if (name === '--datasets' && Number(value) >= 10) result.datasets = Number(value);
    else if (name === '--max-old-space' && (Number(value) === 0 || Number(value) >= 64)) result.maxOldSpace = Number(value) || null;
    else throw new Error(`unknown or out-of-range argument "${argv[index]}" (use --datasets N ≥ 10, --max-old-space MB ≥ 64 or 0)`);
  }
  return result;
}

const TOPICS = ['公交站点', '空气质量监测', '企业登记', '学校名录', '医疗机构', '道路施工', '停车场', '公共厕所', '图书馆', '养老机构', '农贸市场', '河道水位'];
const TOWNS = ['西南街道', '云东海街道', '白坭镇', '乐平镇', '芦苞镇', '大塘镇', '南山镇'];

/** Dataset `index` of the synthetic catalog: deterministic, with the variety of a real portal's metadata. */
function fixture(index: number): DatasetFixture {
  const topic = TOPICS[index % TOPICS.length];
  const town = TOWNS[index % TOWNS.length];
  const year = 2015 + (index % 10);
  return {
    name: `bench-${String(index).padStart(6, '0')}`,
    title: `${town}${topic}信息（${year}年）`,
    notes: `${town}${year}年${topic}的名称、位置、类别、联系方式与更新时间，按月汇总发布，供公众查询与再利用。数据由主管部门维护，如有疑问请联系数据提供方。`,
    organizationName: `department-${String(index % 40).padStart(2, '0')}`,
    themes: [THEMES[index % THEMES.length].key],
    tags: [topic, town, String(year)],
    licenseId: index % 10 === 0 ? 'odc-by' : 'cc-by-4.0',
    frequency: FREQUENCIES[index % FREQUENCIES.length].key,
    formats: ['CSV', 'XLSX', 'JSON'],
    modified: new Date(Date.UTC(2024, 0, 1) + index * 60_000).toISOString(),
  };
}

interface Prepared {
  description: string;
  /** Environment of the server process for this database. */
  env: Record<string, string>;
  cleanUp(): Promise<void>;
}

async function fill(database: DatabaseHandle, count: number, dataDir: string): Promise<void> {
  const platform = await createPlatform(testConfig({ dataDir }), { database, worker: false });
  try {
    const started = performance.now();
    for (let from = 0; from < count; from += 10_000) {
      const batch = Array.from({ length: Math.min(10_000, count - from) }, (_, offset) => fixture(from + offset));
      await insertDatasets(platform.ctx.db, batch);
    }
    // insertDatasets analyses the datasets table only; without statistics on the resources PostgreSQL plans the
    // per-dataset resource lookup badly (as a fresh production table would until autovacuum analyses it).
    await sql`ANALYZE opendata_resources`.execute(platform.ctx.db);
    await sql`ANALYZE opendata_organizations`.execute(platform.ctx.db);
    console.log(`  inserted ${count.toLocaleString('en')} datasets in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await platform.close();
  }
}

async function prepare(count: number, dataDir: string, postgresUrl: string | undefined): Promise<Prepared> {
  if (!postgresUrl) {
    await fill(await openPglite(dataDir), count, dataDir);
    return { description: 'PGlite (data directory on disk)', env: { DATA_DIR: dataDir }, cleanUp: async () => {} };
  }
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = openPostgres(postgresUrl, { max: 1 });
  await sql.raw(`CREATE SCHEMA ${schema}`).execute(admin.db);
  await fill(openPostgres(postgresUrl, { searchPath: schema, max: 4 }), count, dataDir);
  const url = new URL(postgresUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    description: `PostgreSQL, schema ${schema}`,
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    async cleanUp() {
      await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(admin.db);
      await admin.close();
    },
  };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

function get(port: number, url: string, onData?: (chunk: Buffer) => void): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: url, headers: { accept: 'application/ld+json' } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        onData?.(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** Resident memory (MB) of a process: all of it, and its anonymous part (heaps, not file pages it maps). */
function memory(pid: number): { rss: number; anon: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) / 1024;
  return { rss: field('VmRSS'), anon: field('RssAnon') };
}
const rssMb = (pid: number) => memory(pid).rss;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startServer(env: Record<string, string>, logFile: string, maxOldSpace: number | null): Promise<{ server: ChildProcess; port: number }> {
  const port = await freePort();
  const v8 = maxOldSpace ? [`--max-old-space-size=${maxOldSpace}`] : [];
  const server = spawn(process.execPath, [...v8, '--import', 'tsx', path.join(root, 'src/server/cli.ts'), 'serve'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), ZHONGSHU_SEED_DEMO: 'false', ZHONGSHU_ADMIN_PASSWORD: 'Bench-Passw0rd!', LOG_LEVEL: 'warn' },
    stdio: ['ignore', openSync(logFile, 'w'), 'inherit'],
  });
  for (let attempt = 0; ; attempt++) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}; see ${logFile}`);
    try {
      if ((await get(port, '/ready')).status === 200) return { server, port };
    } catch {
      // not listening yet
    }
    if (attempt > 240) throw new Error('server did not start');
    await sleep(500);
  }
}

interface Figures {
  datasets: number;
  maxOldSpace: number | null;
  bytes: number;
  seconds: number;
  served: number;
  rssBefore: number;
  rssPeak: number;
  /** The anonymous part of RSS (RssAnon: the JavaScript heap, buffers, PGlite's memory), before and at its peak. */
  anonBefore: number;
  anonPeak: number;
  /** RSS (MB) when each tenth of the datasets had arrived. */
  progress: number[];
  /** Peak RSS (MB) while the first and the second half of the datasets were streamed. */
  halfPeaks: number[];
}

/** One server run on a prepared database: GET /catalog.jsonld to the end, memory sampled meanwhile. */
async function stream(count: number, prepared: Prepared, logFile: string, maxOldSpace: number | null): Promise<Figures> {
  let server: ChildProcess | undefined;
  try {
    const started = await startServer(prepared.env, logFile, maxOldSpace);
    server = started.server;
    const pid = server.pid!;
    // The search index and the publisher's first run load at start: let them finish before the baseline.
    await get(started.port, '/api/v1/open/search?q=');
    await sleep(2000);
    const before = memory(pid);
    const rssBefore = before.rss;
    let rssPeak = rssBefore;
    let anonPeak = before.anon;
    // The peak in each half of the stream: memory held per dataset would make the second half climb higher.
    const halfPeaks = [rssBefore, rssBefore];
    let served = 0;
    const sample = () => {
      const now = memory(pid);
      rssPeak = Math.max(rssPeak, now.rss);
      anonPeak = Math.max(anonPeak, now.anon);
      const half = served < count / 2 ? 0 : 1;
      halfPeaks[half] = Math.max(halfPeaks[half], now.rss);
    };
    const sampler = setInterval(sample, SAMPLE_MS);
    let carry = '';
    const marker = '"@type":["dcat:Dataset"';
    // RSS after each tenth of the catalog: flat memory shows as a plateau, growth as a ramp.
    const progress: number[] = [];
    const begin = performance.now();
    const answer = await get(started.port, '/catalog.jsonld', (chunk) => {
      // Count datasets as they pass (a marker may straddle two chunks).
      const text = carry + chunk.toString('latin1');
      served += text.split(marker).length - 1;
      carry = text.slice(-marker.length + 1);
      while (progress.length < 10 && served >= ((progress.length + 1) * count) / 10) progress.push(rssMb(pid));
    });
    const seconds = (performance.now() - begin) / 1000;
    clearInterval(sampler);
    sample();
    if (answer.status !== 200) throw new Error(`GET /catalog.jsonld answered ${answer.status}`);
    return { datasets: count, maxOldSpace, bytes: answer.bytes, seconds, served, rssBefore, rssPeak, anonBefore: before.anon, anonPeak, progress, halfPeaks };
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server!.once('exit', resolve));
    }
  }
}

/** Fills a database with `count` datasets and streams the catalog once per heap setting. */
async function measure(count: number, postgresUrl: string | undefined, heaps: Array<number | null>): Promise<Figures[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zs-bench-dcat-'));
  const prepared = await prepare(count, dataDir, postgresUrl);
  try {
    console.log(`  database: ${prepared.description}`);
    const results: Figures[] = [];
    for (const maxOldSpace of heaps) {
      console.log(maxOldSpace ? `  server with V8's old space capped at ${maxOldSpace} MB:` : '  server with Node\'s default heap:');
      const figures = await stream(count, prepared, path.join(dataDir, 'server.log'), maxOldSpace);
      report(figures);
      if (figures.served !== count) console.log(`    NOTE: ${figures.served} datasets in the document, ${count} inserted`);
      results.push(figures);
    }
    return results;
  } finally {
    await prepared.cleanUp();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(figures: Figures): void {
  const mb = (value: number) => `${value.toFixed(0)} MB`;
  console.log(`    GET /catalog.jsonld: ${(figures.bytes / 1024 / 1024).toFixed(1)} MB (${figures.bytes.toLocaleString('en')} bytes), ${figures.served.toLocaleString('en')} datasets, ` +
    `${figures.seconds.toFixed(1)} s, ${Math.round(figures.served / figures.seconds).toLocaleString('en')} datasets/s, ${(figures.bytes / 1024 / 1024 / figures.seconds).toFixed(1)} MB/s`);
  console.log(`    server RSS: before ${mb(figures.rssBefore)}, peak while streaming ${mb(figures.rssPeak)} (+${mb(figures.rssPeak - figures.rssBefore)})`);
  console.log(`    server RssAnon: before ${mb(figures.anonBefore)}, peak ${mb(figures.anonPeak)} (+${mb(figures.anonPeak - figures.anonBefore)})`);
  console.log(`    server RSS after each tenth of the catalog: ${figures.progress.map((value) => value.toFixed(0)).join(', ')} MB`);
}

async function main(): Promise<void> {
  const { datasets, maxOldSpace } = readArguments(process.argv.slice(2));
  // The only environment this bench reads: which database (as the server itself would).
  const postgresUrl = process.env.DATABASE_URL?.trim() || undefined;
  const small = Math.max(1, Math.round(datasets / 10));
  console.log(`bench:open-dcat — the whole catalog as JSON-LD, ${small.toLocaleString('en')} and ${datasets.toLocaleString('en')} datasets (${os.cpus().length} CPUs)`);
  console.log(`\n${small.toLocaleString('en')} datasets`);
  const [smallRun] = await measure(small, postgresUrl, [null]);
  console.log(`\n${datasets.toLocaleString('en')} datasets`);
  const [largeRun, cappedRun] = await measure(datasets, postgresUrl, maxOldSpace ? [null, maxOldSpace] : [null]);

  const growth = (figures: Figures) => Math.max(0, figures.rssPeak - figures.rssBefore);
  const halves = (figures: Figures) => figures.halfPeaks.map((value) => `${value.toFixed(0)} MB`).join(' / ');
  console.log(`\nmemory (peak RSS over the start of the stream; peak in the first / second half of it):`);
  console.log(`  ${small.toLocaleString('en')} datasets, default heap: +${growth(smallRun).toFixed(0)} MB (${halves(smallRun)})`);
  console.log(`  ${datasets.toLocaleString('en')} datasets, default heap: +${growth(largeRun).toFixed(0)} MB (${halves(largeRun)}); ratio to ${small.toLocaleString('en')}: ${(growth(largeRun) / Math.max(1, growth(smallRun))).toFixed(2)}`);
  if (cappedRun) {
    console.log(`  ${datasets.toLocaleString('en')} datasets, old space capped at ${cappedRun.maxOldSpace} MB: +${growth(cappedRun).toFixed(0)} MB (${halves(cappedRun)}); ` +
      `${(cappedRun.bytes / 1024 / 1024).toFixed(0)} MB of catalog through a ${cappedRun.maxOldSpace} MB heap`);
  }
  console.log('  With Node\'s default heap V8 lets garbage pile up before a major collection (the drops in the trace), and the');
  console.log('  more so the bigger the live heap (the search index of a larger catalog); with the old space capped it collects');
  console.log('  sooner and the stream still completes at a flat RSS: nothing is held per dataset.');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
