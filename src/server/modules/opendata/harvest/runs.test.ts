import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend } from '../../../platform/db/testing.js';
import { createTestPlatform, seedBasicDirectory, type HttpSession, type TestPlatform } from '../../../testing/harness.js';
import { insertDatasets } from '../test-support.js';
import { HarvestRunner } from './runner.js';
import { ckanSearch, startFakeSource, type FakeSource } from './test-support.js';

const SOURCES = '/api/v1/open/harvest/sources';

let t: TestPlatform;
let admin: HttpSession;
let runner: HarvestRunner;
const fakes: FakeSource[] = [];

beforeAll(async () => {
  t = await createTestPlatform();
  const directory = await seedBasicDirectory(t.platform);
  admin = await t.login(directory.users.data_admin);
  runner = t.platform.opendata.harvester as HarvestRunner;
  // A local dataset and organisation whose names a source also uses.
  await insertDatasets(t.platform.ctx.db, [{ name: 'taken-name', title: '本地数据集', organizationName: 'local-org' }]);
});
afterAll(async () => {
  await Promise.all(fakes.map((fake) => fake.close()));
  await t.close();
});

async function fake(handler: Parameters<typeof startFakeSource>[0]): Promise<FakeSource> {
  const source = await startFakeSource(handler);
  fakes.push(source);
  return source;
}

async function addSource(input: Record<string, unknown>): Promise<{ id: string; name: string }> {
  const response = await admin.post(SOURCES, input);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const db = () => t.platform.ctx.db;
const harvested = (sourceId: string) =>
  db().selectFrom('opendata_datasets').selectAll().where('source_id', '=', sourceId).orderBy('source_identifier').execute();

/** A CKAN dataset dictionary as CKAN 2.10 writes it (UTC without a zone). */
function ckanDataset(index: number, overrides: Record<string, unknown> = {}) {
  const id = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
  return {
    id,
    name: `district-dataset-${index}`,
    title: `区数据集 ${index}`,
    notes: `第 ${index} 个数据集。`,
    license_id: 'cc-by-4.0',
    state: 'active',
    metadata_created: '2024-01-01T00:00:00.000000',
    metadata_modified: new Date(Date.UTC(2024, 0, 1, index)).toISOString().replace('Z', ''),
    organization: { id: 'org-1', name: 'transport', title: '区交通运输局', description: '' },
    groups: [{ name: 'transport' }],
    tags: [{ name: '交通' }],
    extras: [],
    resources: [{ id: `r-${index}`, url: `https://district.example/files/${index}.csv`, format: 'CSV', name: `文件 ${index}`, description: '', size: 100 + index }],
    ...overrides,
  };
}

describe('harvesting a CKAN portal', () => {
  it('pages by id, stores every dataset with its resources and organisation, then runs incrementally', async () => {
    let datasets = Array.from({ length: 25 }, (_, index) => ckanDataset(index + 1));
    const portal = await fake(ckanSearch(() => datasets));
    const source = await addSource({ name: 'district', title: '三水区开放平台', type: 'ckan', url: `${portal.url}/api/3/action`, config: { rows: 10, overlapSeconds: 60, fullEvery: 0 } });

    const first = await runner.run(source.id, 'manual');
    expect(first).toMatchObject({ status: 'succeeded', created: 25, updated: 0, unchanged: 0, deleted: 0, failed: 0, trigger: 'manual' });
    expect(first.message).toMatch(/^Full run/);
    const pages = portal.requests.map((url) => [url.searchParams.get('sort'), url.searchParams.get('start'), url.searchParams.get('rows'), url.searchParams.get('fq')]);
    expect(pages).toEqual([['id asc', '0', '10', null], ['id asc', '10', '10', null], ['id asc', '20', '10', null]]);

    const rows = await harvested(source.id);
    expect(rows).toHaveLength(25);
    const one = rows.find((row) => row.source_identifier === datasets[0].id)!;
    expect(one).toMatchObject({
      name: 'district-dataset-1', title: '区数据集 1', themes: ['transport'], tags: ['交通'], license_id: 'cc-by-4.0', state: 'active',
      source_url: `${portal.url}/dataset/district-dataset-1`,
    });
    expect(new Date(one.metadata_modified).toISOString()).toBe('2024-01-01T01:00:00.000Z');
    const organization = await db().selectFrom('opendata_organizations').selectAll().where('id', '=', one.organization_id).executeTakeFirstOrThrow();
    expect(organization).toMatchObject({ name: 'transport', title: '区交通运输局', source_id: source.id, department_id: null });
    const resources = await db().selectFrom('opendata_resources').selectAll().where('dataset_id', '=', one.id).execute();
    expect(resources).toMatchObject([{ position: 0, url: 'https://district.example/files/1.csv', format: 'CSV', name: '文件 1', size: 101, datastore_active: false }]);
    const sourceRow = await db().selectFrom('opendata_harvest_sources').selectAll().where('id', '=', source.id).executeTakeFirstOrThrow();
    expect(new Date(sourceRow.last_modified_seen!).toISOString()).toBe('2024-01-02T01:00:00.000Z');

    // One dataset changes (a newer metadata_modified), one is added; the rest are older than the window.
    const changeSeqBefore = new Map(rows.map((row) => [row.id, row.change_seq]));
    datasets = datasets.map((dataset, index) => (index === 4 ? { ...dataset, title: '区数据集 5（更新）', metadata_modified: '2024-03-01T00:00:00.000000' } : dataset));
    datasets.push(ckanDataset(26, { metadata_modified: '2024-03-01T00:00:00.000000' }));
    portal.requests.length = 0;
    const second = await runner.run(source.id, 'manual');
    // The window starts 60 s before the last modification seen, so the newest old dataset is read again, unchanged.
    expect(second).toMatchObject({ status: 'succeeded', created: 1, updated: 1, unchanged: 1, deleted: 0, failed: 0 });
    expect(second.message).toMatch(/^Incremental run/);
    expect(portal.requests[0].searchParams.get('fq')).toBe('metadata_modified:[2024-01-02T00:59:00.000Z TO *]');
    const after = await harvested(source.id);
    expect(after.find((row) => row.source_identifier === datasets[4].id)?.title).toBe('区数据集 5（更新）');
    // Unchanged datasets were not rewritten (their change_seq did not move).
    const untouched = after.filter((row) => row.source_identifier !== datasets[4].id && changeSeqBefore.has(row.id));
    expect(untouched.every((row) => row.change_seq === changeSeqBefore.get(row.id))).toBe(true);

    // Gone at the source: an incremental run cannot see it; a full run marks the local copy deleted.
    const gone = datasets.splice(2, 1)[0];
    expect((await runner.run(source.id, 'manual')).deleted).toBe(0);
    const full = await runner.run(source.id, 'manual', { full: true });
    expect(full).toMatchObject({ status: 'succeeded', deleted: 1, created: 0, updated: 0, unchanged: 25 });
    expect((await harvested(source.id)).find((row) => row.source_identifier === gone.id)?.state).toBe('deleted');

    // Back at the source: it comes back to life under the same name.
    datasets.push({ ...gone, metadata_modified: '2024-04-01T00:00:00.000000' });
    expect(await runner.run(source.id, 'manual')).toMatchObject({ updated: 1, created: 0 });
    expect((await harvested(source.id)).find((row) => row.source_identifier === gone.id)).toMatchObject({ state: 'active', name: gone.name });
  });

  it('keeps names from the source when free and prefixes them with the source name when not', async () => {
    const portal = await fake(ckanSearch(() => [
      ckanDataset(1, { name: 'taken-name', organization: { name: 'local-org', title: '同名单位' } }),
      ckanDataset(2, { name: 'free-name', organization: null }),
    ]));
    const source = await addSource({ name: 'county', title: '某县平台', type: 'ckan', url: portal.url });
    expect(await runner.run(source.id, 'manual')).toMatchObject({ status: 'succeeded', created: 2 });
    const rows = await harvested(source.id);
    expect(rows.map((row) => row.name).sort()).toEqual(['county-taken-name', 'free-name']);
    const organizations = await db().selectFrom('opendata_organizations').select(['name', 'title']).where('source_id', '=', source.id).orderBy('name').execute();
    // A dataset without an organisation at the source belongs to the source's own organisation.
    expect(organizations).toEqual([{ name: 'county', title: '某县平台' }, { name: 'county-local-org', title: '同名单位' }]);
  });

  it('records a dataset it cannot read as an error of the run and goes on (partial)', async () => {
    const portal = await fake(ckanSearch(() => [
      ckanDataset(1),
      { ...ckanDataset(2), resources: 'broken' },
      ckanDataset(3),
    ]));
    const source = await addSource({ name: 'broken', title: '有问题的平台', type: 'ckan', url: portal.url });
    const run = await runner.run(source.id, 'manual');
    expect(run).toMatchObject({ status: 'partial', created: 2, failed: 1 });
    const detail = await admin.get(`/api/v1/open/harvest/runs/${run.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ status: 'partial', sourceName: 'broken', errorCount: 1, errors: [{ identifier: ckanDataset(2).id }] });
    expect(detail.json().errors[0].message).toMatch(/resources is not a list/);
  });

  it('fails the run with the reason when the source answers an error, keeping what was harvested', async () => {
    let down = false;
    const search = ckanSearch(() => [ckanDataset(1)]);
    const portal = await fake((url, request) => (down ? { status: 500, type: 'text/plain', body: 'Internal Server Error' } : search(url, request)));
    const source = await addSource({ name: 'flaky', title: '不稳定', type: 'ckan', url: portal.url });
    expect((await runner.run(source.id, 'manual')).status).toBe('succeeded');
    down = true;
    const failed = await runner.run(source.id, 'manual');
    expect(failed.status).toBe('failed');
    expect(failed.message).toMatch(/^opendata\.harvest_http_status: .* answered HTTP 500/);
    expect((await harvested(source.id)).map((row) => row.state)).toEqual(['active']);

    const unreachable = await addSource({ name: 'nowhere', title: '无法连接', type: 'ckan', url: 'http://127.0.0.1:1/' });
    expect((await runner.run(unreachable.id, 'manual')).message).toMatch(/^opendata\.harvest_unreachable/);
  });

  it('runs now in the background (202 + run id), one run per source at a time', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const search = ckanSearch(() => [ckanDataset(7)]);
    const portal = await fake(async (url, request) => {
      await gate;
      return search(url, request);
    });
    const source = await addSource({ name: 'slow', title: '慢速平台', type: 'ckan', url: portal.url });
    const started = await admin.post(`${SOURCES}/${source.id}/run`, {});
    expect(started.statusCode, started.body).toBe(202);
    const { runId, run } = started.json();
    expect(run).toMatchObject({ id: runId, status: 'running', trigger: 'manual' });
    const again = await admin.post(`${SOURCES}/${source.id}/run`, { full: true });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('opendata.harvest_running');
    expect((await admin.get(`/api/v1/open/harvest/runs/${runId}`)).json().status).toBe('running');
    release();
    await runner.whenIdle();
    expect((await admin.get(`/api/v1/open/harvest/runs/${runId}`)).json()).toMatchObject({ status: 'succeeded', created: 1, finishedAt: expect.any(String) });
    const runs = await admin.get(`${SOURCES}/${source.id}/runs`);
    expect(runs.json()).toMatchObject({ total: 1, items: [{ id: runId }] });
    const audit = await db().selectFrom('audit_log').select(['action', 'after']).where('target_id', '=', source.id).where('action', '=', 'opendata.harvest_source.run').execute();
    expect(audit).toMatchObject([{ after: { runId } }]);
    const listed = (await admin.get(SOURCES)).json().items.find((item: { id: string }) => item.id === source.id);
    expect(listed).toMatchObject({ datasetCount: 1, lastRun: { id: runId, status: 'succeeded' } });
  });

  it.runIf(testBackend() === 'postgres')('leaves a source alone while another server holds its lock', async () => {
    const portal = await fake(ckanSearch(() => [ckanDataset(8)]));
    const source = await addSource({ name: 'shared', title: '两台服务器', type: 'ckan', url: portal.url });
    // Another node running this source holds the session advisory lock on its own connection.
    const other = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock(72000047, hashtext($1))', [source.id]);
      await expect(runner.run(source.id, 'manual')).rejects.toMatchObject({ code: 'opendata.harvest_running' });
      expect((await admin.post(`${SOURCES}/${source.id}/run`, {})).json().code).toBe('opendata.harvest_running');
      expect(await db().selectFrom('opendata_harvest_runs').select('id').where('source_id', '=', source.id).execute()).toEqual([]);
      await other.query('SELECT pg_advisory_unlock(72000047, hashtext($1))', [source.id]);
      expect(await runner.run(source.id, 'manual')).toMatchObject({ status: 'succeeded', created: 1 });
    } finally {
      await other.end();
    }
  });

  it('runs due sources on their schedule and moves the next run on; a run left behind by a dead process is failed', async () => {
    const portal = await fake(ckanSearch(() => [ckanDataset(9)]));
    const source = await addSource({ name: 'nightly', title: '每晚', type: 'ckan', url: portal.url, schedule: '0 3 * * *' });
    const dead = await db().insertInto('opendata_harvest_runs').values({ source_id: source.id, trigger: 'schedule', status: 'running' }).returning('id').executeTakeFirstOrThrow();
    await db().updateTable('opendata_harvest_sources').set({ next_run_at: new Date(Date.now() - 60_000) }).where('id', '=', source.id).execute();
    const done = await runner.runDue();
    expect(done).toMatchObject([{ sourceId: source.id, trigger: 'schedule', status: 'succeeded', created: 1 }]);
    const row = await db().selectFrom('opendata_harvest_sources').selectAll().where('id', '=', source.id).executeTakeFirstOrThrow();
    expect(new Date(row.next_run_at!).getTime()).toBeGreaterThan(Date.now());
    expect(new Date(row.next_run_at!).getHours()).toBe(3);
    const stale = await db().selectFrom('opendata_harvest_runs').selectAll().where('id', '=', dead.id).executeTakeFirstOrThrow();
    expect(stale.status).toBe('failed');
    expect(stale.message).toMatch(/^opendata\.harvest_interrupted/);
    expect(await runner.runDue()).toEqual([]);
  });

  it('deletes a source together with what it harvested', async () => {
    const portal = await fake(ckanSearch(() => [ckanDataset(11)]));
    const source = await addSource({ name: 'short-lived', title: '临时', type: 'ckan', url: portal.url });
    await runner.run(source.id, 'manual');
    expect(await harvested(source.id)).toHaveLength(1);
    expect((await admin.delete(`${SOURCES}/${source.id}`)).statusCode).toBe(204);
    expect(await harvested(source.id)).toHaveLength(0);
    expect(await db().selectFrom('opendata_organizations').select('id').where('source_id', '=', source.id).execute()).toHaveLength(0);
  });
});

const jsonldPage = (base: string, page: number, datasets: Array<{ name: string; title: string; modified?: string }>, next: boolean) => JSON.stringify({
  '@context': {
    dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/', foaf: 'http://xmlns.com/foaf/0.1/', hydra: 'http://www.w3.org/ns/hydra/core#',
    xsd: 'http://www.w3.org/2001/XMLSchema#',
  },
  '@graph': [
    { '@id': `${base}/catalog`, '@type': 'dcat:Catalog', 'dcat:dataset': datasets.map((dataset) => ({ '@id': `${base}/dataset/${dataset.name}` })) },
    ...datasets.map((dataset) => ({
      '@id': `${base}/dataset/${dataset.name}`,
      '@type': 'dcat:Dataset',
      'dct:title': { '@value': dataset.title, '@language': 'zh' },
      ...(dataset.modified ? { 'dct:modified': { '@value': dataset.modified, '@type': 'xsd:dateTime' } } : {}),
      'dct:publisher': { '@id': `${base}/organization/city-stats` },
      'dcat:theme': { '@id': 'http://publications.europa.eu/resource/authority/data-theme/ECON' },
      'dcat:distribution': { '@id': `${base}/dataset/${dataset.name}#csv` },
    })),
    { '@id': `${base}/organization/city-stats`, '@type': 'foaf:Organization', 'foaf:name': { '@value': '市统计局', '@language': 'zh' } },
    ...datasets.map((dataset) => ({
      '@id': `${base}/dataset/${dataset.name}#csv`, '@type': 'dcat:Distribution', 'dcat:downloadURL': { '@id': `${base}/files/${dataset.name}.csv` },
      'dct:format': { '@id': 'http://publications.europa.eu/resource/authority/file-type/CSV' },
    })),
    {
      '@id': `${base}/catalog.jsonld?page=${page}`, '@type': 'hydra:PartialCollectionView',
      ...(next ? { 'hydra:next': { '@id': `${base}/catalog.jsonld?page=${page + 1}` } } : {}),
    },
  ],
});

describe('harvesting a DCAT catalog', () => {
  it('follows Hydra pages of JSON-LD, and deletes what left the catalog (every DCAT run is full)', async () => {
    let datasets = [
      { name: 'gdp', title: '地区生产总值', modified: '2024-01-01T00:00:00Z' },
      { name: 'cpi', title: '居民消费价格指数', modified: '2024-01-02T00:00:00Z' },
      { name: 'population', title: '常住人口', modified: '2024-01-03T00:00:00Z' },
    ];
    const catalog = await fake((url) => {
      const page = Number(url.searchParams.get('page') ?? 1);
      const slice = datasets.slice((page - 1) * 2, page * 2);
      return { type: 'application/ld+json', body: jsonldPage(catalog.url, page, slice, page * 2 < datasets.length) };
    });
    const source = await addSource({ name: 'city-dcat', title: '市统计开放目录', type: 'dcat', url: `${catalog.url}/catalog.jsonld` });
    const first = await runner.run(source.id, 'manual');
    expect(first).toMatchObject({ status: 'succeeded', created: 3 });
    expect(catalog.requests.map((url) => url.search)).toEqual(['', '?page=2']);
    const rows = await harvested(source.id);
    expect(rows.map((row) => [row.name, row.title, row.themes, row.source_identifier])).toEqual([
      ['cpi', '居民消费价格指数', ['economy'], `${catalog.url}/dataset/cpi`],
      ['gdp', '地区生产总值', ['economy'], `${catalog.url}/dataset/gdp`],
      ['population', '常住人口', ['economy'], `${catalog.url}/dataset/population`],
    ]);
    const organization = await db().selectFrom('opendata_organizations').selectAll().where('id', '=', rows[0].organization_id).executeTakeFirstOrThrow();
    expect(organization).toMatchObject({ name: 'city-stats', title: '市统计局' });
    const resources = await db().selectFrom('opendata_resources').select(['url', 'format']).where('dataset_id', '=', rows[0].id).execute();
    expect(resources).toEqual([{ url: `${catalog.url}/files/cpi.csv`, format: 'CSV' }]);

    datasets = datasets.filter((dataset) => dataset.name !== 'cpi').map((dataset) => (dataset.name === 'gdp' ? { ...dataset, title: '地区生产总值（修订）', modified: '2024-02-01T00:00:00Z' } : dataset));
    const second = await runner.run(source.id, 'manual');
    expect(second).toMatchObject({ status: 'succeeded', created: 0, updated: 1, unchanged: 1, deleted: 1 });
    expect((await harvested(source.id)).map((row) => [row.name, row.state])).toEqual([['cpi', 'deleted'], ['gdp', 'active'], ['population', 'active']]);
  });

  it('reads Turtle, and compares content when the catalog gives no modification time', async () => {
    let title = '空气质量';
    const catalog = await fake(() => ({
      type: 'text/turtle',
      body: `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
        <dataset/air> a dcat:Dataset ; dct:title "${title}"@zh ; dcat:keyword "环境"@zh .`,
    }));
    const source = await addSource({ name: 'ttl', title: 'Turtle 目录', type: 'dcat', url: `${catalog.url}/catalog.ttl` });
    expect(await runner.run(source.id, 'manual')).toMatchObject({ status: 'succeeded', created: 1 });
    expect(await runner.run(source.id, 'manual')).toMatchObject({ status: 'succeeded', unchanged: 1 });
    title = '空气质量（小时）';
    expect(await runner.run(source.id, 'manual')).toMatchObject({ status: 'succeeded', updated: 1 });
    expect((await harvested(source.id))[0]).toMatchObject({ name: 'air', title: '空气质量（小时）', tags: ['环境'], license_id: 'notspecified' });
  });

  it('stops at the size limit of an answer and at the page limit', async () => {
    const big = await fake(() => ({ type: 'text/turtle', body: `# ${'x'.repeat(1024 * 1024 + 10)}` }));
    const large = await addSource({ name: 'too-large', title: '太大', type: 'dcat', url: `${big.url}/catalog.ttl`, config: { maxPageMegabytes: 1 } });
    const tooLarge = await runner.run(large.id, 'manual');
    expect(tooLarge.status).toBe('failed');
    expect(tooLarge.message).toMatch(/^opendata\.harvest_too_large/);

    // A catalog whose every page names a next one.
    const endless = await fake((url) => {
      const page = Number(url.searchParams.get('page') ?? 1);
      return { type: 'application/ld+json', body: jsonldPage(endless.url, page, [{ name: `d${page}`, title: `第${page}页` }], true) };
    });
    const source = await addSource({ name: 'endless', title: '无尽', type: 'dcat', url: `${endless.url}/catalog.jsonld?page=1` });
    const capped = new HarvestRunner({ ctx: t.platform.ctx, search: t.platform.opendata.search }, { maxPages: 3 });
    const run = await capped.run(source.id, 'manual');
    expect(run).toMatchObject({ status: 'failed', created: 3, deleted: 0 });
    expect(run.message).toMatch(/^opendata\.harvest_too_many_pages/);
    expect(endless.requests).toHaveLength(3);
  });

  it('fails on a page that is not RDF', async () => {
    const catalog = await fake(() => ({ type: 'application/ld+json', body: '{"@context": "https://example.org/remote-context.jsonld", "@id": "x"}' }));
    const source = await addSource({ name: 'remote-context', title: '远程上下文', type: 'dcat', url: `${catalog.url}/catalog.jsonld` });
    const run = await runner.run(source.id, 'manual');
    expect(run.status).toBe('failed');
    expect(run.message).toMatch(/remote JSON-LD documents are not loaded/);
  });
});
