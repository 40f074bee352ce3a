import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../testing/harness.js';
import type { SearchQuery } from '../index.js';
import { insertDatasets, type DatasetFixture } from '../test-support.js';
import { SearchIndexService } from './service.js';

const FIXTURES: DatasetFixture[] = [
  { name: 'bus-stops', title: '公交站点信息', notes: '全区公交站点的编号与名称。', organizationName: 'transport', themes: ['transport'], tags: ['公交'], formats: ['CSV', 'JSON'], modified: '2024-05-01T00:00:00.000Z' },
  { name: 'market-entities', title: '市场主体登记信息', notes: '统一社会信用代码与注册资本。', organizationName: 'market', themes: ['economy'], tags: ['登记'], licenseId: 'other-closed', openType: 'conditional', frequency: 'daily', formats: ['XLSX'], modified: '2024-04-01T00:00:00.000Z' },
  { name: 'schools', title: '中小学名单', notes: '全区中小学的名称与地址。', organizationName: 'education', themes: ['education'], tags: ['教育'], frequency: 'yearly', modified: '2024-03-01T00:00:00.000Z' },
];

const query = (partial: Partial<SearchQuery>): SearchQuery => ({ start: 0, rows: 20, ...partial });

describe('search index on the database', () => {
  let t: TestPlatform;
  let index: SearchIndexService;
  let names: (ids: string[]) => Promise<string[]>;

  beforeAll(async () => {
    t = await createTestPlatform();
    await insertDatasets(t.platform.ctx.db, FIXTURES);
    await t.platform.ctx.db.updateTable('opendata_organizations').set({ title: '区交通运输局', title_en: 'Transport Bureau' }).where('name', '=', 'transport').execute();
    index = t.platform.opendata.search as SearchIndexService;
    names = async (ids) => (await t.platform.opendata.datasets.getMany(ids)).map((dataset) => dataset.name);
  });
  afterAll(() => t.close());

  it('is the service module.ts built, and loads every active dataset on the first search', async () => {
    expect(index).toBeInstanceOf(SearchIndexService);
    const result = await index.search(query({ facetFields: ['organization'] }));
    expect(result.count).toBe(3);
    expect(await names(result.ids)).toEqual(['bus-stops', 'market-entities', 'schools']);
    expect(result.facets.organization).toEqual([{ value: 'education', count: 1 }, { value: 'market', count: 1 }, { value: 'transport', count: 1 }]);
  });

  it('sees a new dataset, a changed one and a deleted one on the next search', async () => {
    expect((await index.search(query({ text: '名单' }))).count).toBe(1);
    await insertDatasets(t.platform.ctx.db, [{ name: 'hospitals', title: '医疗机构名录', organizationName: 'health', themes: ['health'], modified: '2024-06-01T00:00:00.000Z' }]);
    expect(await names((await index.search(query({ text: '医院' }))).ids)).toEqual(['hospitals']);

    await t.platform.ctx.db.updateTable('opendata_datasets').set({ title: '公共停车场泊位', metadata_modified: new Date('2024-07-01T00:00:00.000Z') }).where('name', '=', 'schools').execute();
    expect((await index.search(query({ text: '名单' }))).count).toBe(0);
    expect(await names((await index.search(query({ text: '停车' }))).ids)).toEqual(['schools']);
    expect(await names((await index.search(query({}))).ids)).toEqual(['schools', 'hospitals', 'bus-stops', 'market-entities']);

    await t.platform.ctx.db.updateTable('opendata_datasets').set({ state: 'deleted' }).where('name', '=', 'hospitals').execute();
    expect((await index.search(query({ text: '医院' }))).count).toBe(0);
    expect((await index.search(query({ filter: { kind: 'term', field: 'name', value: 'hospitals' } }))).count).toBe(0);
    expect((await index.search(query({}))).count).toBe(4 - 1);
  });

  it('keeps another node in step: a second index over the same database sees the same writes', async () => {
    const other = new SearchIndexService({ ctx: t.platform.ctx }, t.platform.opendata.datasets);
    const before = await other.search(query({}));
    expect(before.count).toBe((await index.search(query({}))).count);
    await insertDatasets(t.platform.ctx.db, [{ name: 'air-quality', title: '大气环境质量监测', organizationName: 'environment', themes: ['environment'] }]);
    expect((await other.search(query({ text: '空气' }))).count).toBe(1);
    expect((await index.search(query({ text: '空气' }))).count).toBe(1);
  });

  it('answers concurrent searches from one catch-up each, all seeing the write made before they asked', async () => {
    await insertDatasets(t.platform.ctx.db, [{ name: 'parking-lots', title: '停车场名录', organizationName: 'transport' }]);
    const answers = await Promise.all(Array.from({ length: 5 }, () => index.search(query({ text: '停车场' }))));
    for (const answer of answers) expect(answer.count).toBe(2);
  });

  it('sorts by popularity from the usage totals', async () => {
    const fresh = new SearchIndexService({ ctx: t.platform.ctx }, t.platform.opendata.datasets);
    fresh.attachUsage(t.platform.opendata.usage);
    const id = async (name: string) => (await t.platform.opendata.datasets.get(name))!.id;
    await t.platform.ctx.db.insertInto('opendata_dataset_stats').values([
      { dataset_id: await id('market-entities'), views: 50, downloads: 10, api_calls: 5 },
      { dataset_id: await id('bus-stops'), views: 5, downloads: 1, api_calls: 0 },
    ]).execute();
    const popular = await fresh.search(query({ sort: [{ field: 'popularity', direction: 'desc' }], rows: 2 }));
    expect(await names(popular.ids)).toEqual(['market-entities', 'bus-stops']);
    expect(fresh.usageOf(await id('market-entities'))).toEqual({ views: 50, downloads: 10, apiCalls: 5 });
  });

  it('labels facet values in Chinese and English', async () => {
    await index.search(query({}));
    expect(index.label('organization', 'transport')).toBe('区交通运输局');
    expect(index.label('organization', 'transport', 'en-US')).toBe('Transport Bureau');
    expect(index.label('organization', 'market', 'en-US')).toBe('market');
    expect(index.label('groups', 'transport')).toBe('交通运输');
    expect(index.label('groups', 'transport', 'en-US')).toBe('Transport');
    expect(index.label('license_id', 'cc-by-4.0')).toBe('知识共享署名 4.0');
    expect(index.label('frequency', 'daily', 'en-US')).toBe('Daily');
    expect(index.label('open_type', 'conditional')).toBe('有条件开放');
    expect(index.label('source', 'local', 'en-US')).toBe('This portal');
    expect(index.label('res_format', 'CSV')).toBe('CSV');
    expect(index.label('groups', 'no-such-theme')).toBe('no-such-theme');
  });

  it('reads again what changed in the last rounds when reconciling (a transaction that committed late)', async () => {
    const db = t.platform.ctx.db;
    const node = new SearchIndexService({ ctx: t.platform.ctx }, t.platform.opendata.datasets);
    await node.refresh();
    await node.reconcile();
    await node.reconcile();
    // A writer takes a sequence number and commits only after another writer's later number was read.
    const [{ seq }] = (await sql<{ seq: string }>`SELECT nextval('opendata_change_seq') AS seq`.execute(db)).rows;
    await insertDatasets(db, [{ name: 'early-bird', title: '先到的数据', organizationName: 'transport' }]);
    await node.refresh();
    await sql`INSERT INTO opendata_datasets (name, title, organization_id, license_id, change_seq)
              SELECT 'late-row', '迟到的标题', organization_id, 'cc-by-4.0', ${Number(seq)} FROM opendata_datasets WHERE name = 'bus-stops'`.execute(db);
    await node.refresh();
    expect((await node.search(query({ text: '迟到' }))).count).toBe(0);
    await node.reconcile();
    expect((await node.search(query({ text: '迟到' }))).count).toBe(1);
    expect((await node.search(query({ text: '先到' }))).count).toBe(1);
  });
});
