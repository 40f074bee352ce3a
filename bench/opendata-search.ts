// `npm run bench:open-search`: package_search latency over a large open data portal, through a real listening
// server, next to the HTTP floor of the same server.
//
// Inserts `--datasets N` synthetic datasets (default 100,000; realistic Chinese titles, descriptions and tags
// recombined from the demo district's catalog, ~60 organisations, every theme, format, licence and frequency)
// with insertDatasets() on PGlite, or on PostgreSQL when DATABASE_URL is set (a throw-away schema). Starts the
// platform on a port, loads the search index, then sends `--requests N` (default 600) package_search requests
// of a query mix one after another: no words with facets, one Chinese word, two words, an organisation filter,
// newest first — each with the page (10 rows), the total and facets on six fields. Uses
// /api/3/action/package_search when the CKAN API answers, else /api/v1/open/search. In the same run, interleaved,
// /api/3/action/status_show (or /health) measures the floor: what any request costs on this server and client.
// Prints p50/p95 per query kind and overall, the ratio to the floor and the goal (issue #4: p95 under 50 ms at
// 100,000 datasets). It never fails on a figure. See bench/README.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createPlatform, type Platform } from '../src/server/app.js';
import { testConfig } from '../src/server/platform/config.js';
import type { Db } from '../src/server/platform/db/database.js';
import { insertDatasets, type DatasetFixture } from '../src/server/modules/opendata/test-support.js';
import { FREQUENCIES, LICENCES, THEMES, themeOf } from '../src/server/modules/opendata/vocabulary.js';
import { buildDemoDistrict } from '../src/server/modules/seed/demo-data/index.js';
import { createRandom } from '../src/server/modules/seed/demo-data/random.js';
import { openBackend, probePostgres, type BackendName, type OpenedBackend } from './lib/backends.js';
import { ms, summarize, table, type Summary } from './lib/stats.js';

const GOAL_DATASETS = 100_000;
const GOAL_P95_MS = 50;
const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
const FACETS = ['organization', 'groups', 'tags', 'res_format', 'license_id', 'frequency'];

// ---------------------------------------------------------------- the synthetic portal

const TOWNS = ['西南街道', '云东海街道', '大塘镇', '乐平镇', '白坭镇', '芦苞镇', '南山镇'];
const TITLE_VARIANTS = ['', '信息', '数据', '统计', '名录', '明细', '汇总表', '年度报表', '月度报表', '变更记录', '（历史数据）'];
const NOTE_OPENINGS = ['本数据集公开', '按月更新的', '面向社会开放的', '经脱敏处理后开放的', '由部门业务系统汇聚的'];
const EXTRA_FORMATS = ['PDF', 'ZIP', 'API', 'GeoJSON', 'XML'];
/** Neighbouring districts: organisations met while harvesting the city's portals (with the 47 departments, ~60). */
const HARVESTED_ORGANISATIONS: Array<[string, string, string]> = [
  ['chancheng-data', '禅城区政务服务数据管理局', 'Chancheng Data Bureau'],
  ['nanhai-data', '南海区政务服务数据管理局', 'Nanhai Data Bureau'],
  ['shunde-data', '顺德区政务服务数据管理局', 'Shunde Data Bureau'],
  ['gaoming-data', '高明区政务服务数据管理局', 'Gaoming Data Bureau'],
  ['foshan-transport', '佛山市交通运输局', 'Foshan Transport Bureau'],
  ['foshan-health', '佛山市卫生健康局', 'Foshan Health Commission'],
  ['foshan-education', '佛山市教育局', 'Foshan Education Bureau'],
  ['foshan-ecology', '佛山市生态环境局', 'Foshan Ecology and Environment Bureau'],
  ['foshan-market', '佛山市市场监督管理局', 'Foshan Market Supervision Administration'],
  ['foshan-stats', '佛山市统计局', 'Foshan Statistics Bureau'],
  ['foshan-housing', '佛山市住房和城乡建设局', 'Foshan Housing and Urban-Rural Development Bureau'],
  ['foshan-civil', '佛山市民政局', 'Foshan Civil Affairs Bureau'],
  ['foshan-culture', '佛山市文化广电旅游体育局', 'Foshan Culture, Tourism and Sports Bureau'],
];

export interface SyntheticPortal {
  fixtures: DatasetFixture[];
  organizations: Array<{ name: string; title: string; titleEn: string }>;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'org';
}

/** A seeded portal of `count` datasets: identical on every run and backend. */
export function syntheticPortal(count: number): SyntheticPortal {
  const random = createRandom('opendata-search-bench');
  const district = buildDemoDistrict();
  const organizations = new Map<string, { name: string; title: string; titleEn: string; kind: string | null }>();
  for (const department of district.departments) {
    organizations.set(department.key, { name: slug(department.nameEn), title: department.name, titleEn: department.nameEn, kind: department.kind });
  }
  const harvested = HARVESTED_ORGANISATIONS.map(([name, title, titleEn]) => ({ name, title, titleEn, kind: null }));
  const openResources = district.resources;
  const fixtures: DatasetFixture[] = [];
  const start = Date.UTC(2019, 0, 1);
  const span = Date.UTC(2026, 0, 1) - start;
  for (let index = 0; index < count; index++) {
    const resource = openResources[index % openResources.length];
    const town = random.chance(0.6) ? random.pick(TOWNS) : '';
    const year = 2019 + random.int(0, 7);
    const variant = random.pick(TITLE_VARIANTS);
    const title = `${town}${resource.name}${variant}${random.chance(0.3) ? `（${year}年）` : ''}`;
    const organization = random.chance(0.15) ? random.pick(harvested) : organizations.get(resource.providerKey)!;
    const labels = resource.dataItems.slice(0, 6).map((item) => item.label).join('、');
    const notes = `${random.pick(NOTE_OPENINGS)}${resource.summary}${town ? `范围为${town}。` : ''}包含字段：${labels}。数据年度：${year}年。`;
    const openType = random.chance(0.85) ? 'open' : 'conditional';
    const licence = openType === 'conditional' ? 'other-closed' : random.chance(0.7) ? 'cc-by-4.0' : random.pick(LICENCES.filter((entry) => entry.isOpen)).id;
    const formats = ['CSV', 'XLSX', 'JSON'].filter(() => random.chance(0.7));
    if (random.chance(0.1)) formats.push(random.pick(EXTRA_FORMATS));
    const theme = themeOf(resource.classificationCode, organization.kind);
    const themes = random.chance(0.1) ? [...new Set([theme, random.pick(THEMES).key])] : [theme];
    fixtures.push({
      name: `ds-${index.toString(36)}-${resource.key}`.slice(0, 100),
      title,
      notes,
      organizationName: organization.name,
      themes,
      tags: [...new Set([...resource.keywords.slice(0, 4), ...(town ? [town] : [])])],
      licenseId: licence,
      frequency: random.chance(0.9) ? resource.updateCycle : random.pick(FREQUENCIES).key,
      openType,
      formats: formats.length ? formats : ['CSV'],
      modified: new Date(start + Math.floor(random.next() * span)).toISOString(),
    });
  }
  const used = new Set(fixtures.map((fixture) => fixture.organizationName));
  const all = [...organizations.values(), ...harvested].filter((organization) => used.has(organization.name));
  return { fixtures, organizations: all.map(({ name, title, titleEn }) => ({ name, title, titleEn })) };
}

async function loadPortal(db: Db, portal: SyntheticPortal, log: (message: string) => void): Promise<number> {
  const started = performance.now();
  const chunk = 10_000;
  for (let from = 0; from < portal.fixtures.length; from += chunk) {
    await insertDatasets(db, portal.fixtures.slice(from, from + chunk));
    log(`inserted ${Math.min(from + chunk, portal.fixtures.length).toLocaleString('en')} datasets`);
  }
  // insertDatasets names organisations by their slug; give them their real titles.
  for (const organization of portal.organizations) {
    await db.updateTable('opendata_organizations').set({ title: organization.title, title_en: organization.titleEn }).where('name', '=', organization.name).execute();
  }
  await sql`ANALYZE opendata_organizations`.execute(db);
  return (performance.now() - started) / 1000;
}

// ---------------------------------------------------------------- the queries

interface BenchRequest {
  kind: string;
  params: Record<string, string>;
}

const ONE_WORD = ['公交', '企业', '医院', '学校', '空气质量', '户籍', '社会保险', '低保', '营业执照', '不动产'];
const TWO_WORDS = ['公交 线路', '企业 信用', '食品 许可', '社会 救助', '房屋 登记', '学校 名录'];

function requestMix(organizations: string[]): BenchRequest[] {
  const facet = JSON.stringify(FACETS);
  const base = { rows: '10', 'facet.field': facet };
  const mix: BenchRequest[] = [];
  for (let round = 0; round < 10; round++) {
    mix.push({ kind: 'no words, facets', params: { ...base, q: '' } });
    mix.push({ kind: 'one Chinese word', params: { ...base, q: ONE_WORD[round % ONE_WORD.length] } });
    mix.push({ kind: 'two words', params: { ...base, q: TWO_WORDS[round % TWO_WORDS.length] } });
    mix.push({ kind: 'fq organization', params: { ...base, q: round % 2 ? ONE_WORD[round] : '', fq: `organization:${organizations[round % organizations.length]}` } });
    mix.push({ kind: 'sort modified desc', params: { ...base, q: round % 2 ? '' : TWO_WORDS[round % TWO_WORDS.length], sort: 'metadata_modified desc', start: String((round % 5) * 10) } });
  }
  return mix;
}

/** The portal's own endpoint takes other parameter names. */
function asPortalQuery(params: Record<string, string>): Record<string, string> {
  const query: Record<string, string> = { pageSize: params.rows ?? '10' };
  if (params.q) query.q = params.q;
  if (params.fq?.startsWith('organization:')) query.organization = params.fq.slice('organization:'.length);
  if (params.sort === 'metadata_modified desc') query.sort = 'modified';
  if (params.start) query.page = String(Math.floor(Number(params.start) / 10) + 1);
  return query;
}

async function timedGet(url: string): Promise<{ ms: number; status: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, body };
}

// ---------------------------------------------------------------- the run

interface Settings {
  datasets: number;
  requests: number;
  backend: BackendName;
  postgresUrl: string;
}

function readSettings(argv = process.argv.slice(2), env = process.env): Settings {
  const option = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    if (index >= 0) return argv[index + 1];
    return argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  };
  const integer = (name: string, fallback: number, min: number): number => {
    const raw = option(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got "${raw}"`);
    return value;
  };
  const postgresUrl = env.DATABASE_URL ?? '';
  return { datasets: integer('datasets', GOAL_DATASETS, 10), requests: integer('requests', 600, 10), backend: postgresUrl ? 'postgres' : 'pglite', postgresUrl };
}

async function main(): Promise<void> {
  const settings = readSettings();
  console.log(
    `Open data search benchmark: ${settings.datasets.toLocaleString('en')} datasets on ${settings.backend}, ${settings.requests} package_search requests\n` +
      `machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  if (settings.backend === 'postgres') {
    const problem = await probePostgres(settings.postgresUrl);
    if (problem) throw new Error(`cannot reach DATABASE_URL (${problem})`);
  }
  const log = (message: string) => console.log(`[${settings.backend}] ${message}`);
  const portal = syntheticPortal(settings.datasets);
  let opened: OpenedBackend | undefined;
  let platform: Platform | undefined;
  try {
    opened = await openBackend(settings.backend, settings.postgresUrl);
    log(opened.description);
    platform = await createPlatform(testConfig(), { database: opened.database, worker: false });
    const loadSeconds = await loadPortal(platform.ctx.db, portal, log);
    log(`load: ${loadSeconds.toFixed(1)} s for ${settings.datasets.toLocaleString('en')} datasets, ${portal.organizations.length} organisations`);

    const indexStarted = performance.now();
    await platform.opendata.search.refresh();
    const indexSeconds = (performance.now() - indexStarted) / 1000;
    const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
    log(`search index: loaded in ${indexSeconds.toFixed(1)} s (heap now ${heapMb.toFixed(0)} MB)`);

    await platform.http.listen({ host: '127.0.0.1', port: 0 });
    const { port } = platform.http.server.address() as AddressInfo;
    const origin = `http://127.0.0.1:${port}`;
    const ckan = (await timedGet(`${origin}/api/3/action/package_search?rows=1`)).status === 200;
    const searchUrl = (params: Record<string, string>) =>
      ckan ? `${origin}/api/3/action/package_search?${new URLSearchParams(params)}` : `${origin}/api/v1/open/search?${new URLSearchParams(asPortalQuery(params))}`;
    const floorUrl = ckan ? `${origin}/api/3/action/status_show` : `${origin}/health`;
    log(`endpoint: ${ckan ? '/api/3/action/package_search' : '/api/v1/open/search (the CKAN API does not answer yet)'}; floor: ${ckan ? '/api/3/action/status_show' : '/health'}`);

    const mix = requestMix(portal.organizations.map((organization) => organization.name));
    // Warm-up: JIT, sort orders, connection pools.
    for (const request of mix) {
      const answer = await timedGet(searchUrl(request.params));
      if (answer.status !== 200) throw new Error(`${request.kind}: HTTP ${answer.status} ${answer.body.slice(0, 300)}`);
      await timedGet(floorUrl);
    }

    const byKind = new Map<string, number[]>();
    const counts = new Map<string, number[]>();
    const all: number[] = [];
    const floor: number[] = [];
    for (let index = 0; index < settings.requests; index++) {
      const request = mix[index % mix.length];
      const answer = await timedGet(searchUrl(request.params));
      if (answer.status !== 200) throw new Error(`${request.kind}: HTTP ${answer.status}`);
      all.push(answer.ms);
      if (!byKind.has(request.kind)) byKind.set(request.kind, []);
      byKind.get(request.kind)!.push(answer.ms);
      const parsed = JSON.parse(answer.body) as { result?: { count: number }; total?: number };
      if (!counts.has(request.kind)) counts.set(request.kind, []);
      counts.get(request.kind)!.push(parsed.result?.count ?? parsed.total ?? 0);
      floor.push((await timedGet(floorUrl)).ms);
    }

    const search = summarize(all);
    const floorSummary = summarize(floor);
    const kinds = [...byKind.entries()].map(([kind, times]) => ({ kind, summary: summarize(times), medianCount: median(counts.get(kind)!) }));
    console.log('');
    console.log(table(
      ['query', 'requests', 'median hits', 'p50 ms', 'p95 ms', 'max ms'],
      [
        ...kinds.map(({ kind, summary, medianCount }) => [kind, String(summary.samples), medianCount.toLocaleString('en'), ms(summary.p50), ms(summary.p95), ms(summary.max)]),
        ['all searches', String(search.samples), '', ms(search.p50), ms(search.p95), ms(search.max)],
        [`floor (${ckan ? 'status_show' : '/health'})`, String(floorSummary.samples), '', ms(floorSummary.p50), ms(floorSummary.p95), ms(floorSummary.max)],
      ],
    ));
    console.log('');
    console.log(`search p50 ${ms(search.p50)} ms, p95 ${ms(search.p95)} ms; floor p50 ${ms(floorSummary.p50)} ms, p95 ${ms(floorSummary.p95)} ms; ratio p95 search/floor ${(search.p95 / floorSummary.p95).toFixed(1)}×`);
    const atGoalSize = settings.datasets >= GOAL_DATASETS;
    console.log(
      atGoalSize
        ? `goal (issue #4): package_search p95 under ${GOAL_P95_MS} ms at ${GOAL_DATASETS.toLocaleString('en')} datasets — ${search.p95 < GOAL_P95_MS ? 'met' : 'NOT met'}`
        : `goal (issue #4): p95 under ${GOAL_P95_MS} ms at ${GOAL_DATASETS.toLocaleString('en')} datasets — not judged at ${settings.datasets.toLocaleString('en')} (smoke run)`,
    );
    writeResults({ settings, endpoint: ckan ? 'package_search' : 'open/search', loadSeconds, indexSeconds, heapMb, search, floor: floorSummary, kinds });
  } finally {
    await platform?.close();
    await opened?.cleanUp();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function writeResults(results: {
  settings: Settings; endpoint: string; loadSeconds: number; indexSeconds: number; heapMb: number; search: Summary; floor: Summary;
  kinds: Array<{ kind: string; summary: Summary; medianCount: number }>;
}): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(RESULTS_DIR, `opendata-search-${stamp}.json`);
  const { postgresUrl: _url, ...settings } = results.settings;
  writeFileSync(file, `${JSON.stringify({ ...results, settings }, null, 2)}\n`);
  console.log(`results: ${path.relative(process.cwd(), file)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
