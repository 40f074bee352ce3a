import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../testing/harness.js';
import { insertDatasets, type DatasetFixture } from '../test-support.js';

const FIXTURES: DatasetFixture[] = [
  { name: 'bus-stops', title: '公交站点信息', notes: '全区公交站点的编号、名称和所在镇街。', organizationName: 'transport', themes: ['transport'], tags: ['公交', '站点'], formats: ['CSV', 'JSON'], modified: '2024-05-01T00:00:00.000Z' },
  { name: 'bus-routes', title: '公交线路', notes: '公交线路的走向。', organizationName: 'transport', themes: ['transport'], tags: ['公交'], formats: ['CSV'], modified: '2024-04-01T00:00:00.000Z' },
  { name: 'market-entities', title: '市场主体登记信息', notes: '统一社会信用代码与注册资本。', organizationName: 'market', themes: ['economy'], tags: ['登记'], licenseId: 'other-closed', openType: 'conditional', frequency: 'daily', formats: ['XLSX'], modified: '2024-03-01T00:00:00.000Z' },
  { name: 'hospitals', title: '医疗机构名录', notes: '医疗机构的名称与等级。', organizationName: 'health', themes: ['health'], tags: ['医疗'], formats: ['CSV', 'JSON'], modified: '2024-02-01T00:00:00.000Z' },
  { name: 'air-quality', title: '大气环境质量监测', notes: '空气质量逐日数据。', organizationName: 'environment', themes: ['environment'], tags: ['环境'], frequency: 'daily', formats: ['JSON'], modified: '2024-01-01T00:00:00.000Z' },
];

interface Answer {
  total: number;
  page: number;
  pageSize: number;
  relaxed: boolean;
  items: Array<{ name: string; title: string; formats: string[]; usage: { views: number }; organization: { name: string; title: string }; openType: string }>;
  facets: Record<string, Array<{ value: string; label: string; labelEn: string; count: number }>>;
}

describe('GET /api/v1/open/search', () => {
  let t: TestPlatform;
  const search = async (query: Record<string, string | string[]>) => {
    const response = await t.inject({ method: 'GET', url: '/api/v1/open/search', query });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Answer;
  };
  const names = (answer: Answer) => answer.items.map((item) => item.name);

  beforeAll(async () => {
    t = await createTestPlatform();
    await insertDatasets(t.platform.ctx.db, FIXTURES);
    await t.platform.ctx.db.updateTable('opendata_organizations').set({ title: '区交通运输局', title_en: 'Transport Bureau' }).where('name', '=', 'transport').execute();
  });
  afterAll(() => t.close());

  it('answers anyone with dataset summaries, newest first without words, and every facet labelled in both languages', async () => {
    const answer = await search({});
    expect(answer.total).toBe(5);
    expect(answer.page).toBe(1);
    expect(answer.pageSize).toBe(10);
    expect(answer.relaxed).toBe(false);
    expect(names(answer)).toEqual(['bus-stops', 'bus-routes', 'market-entities', 'hospitals', 'air-quality']);
    expect(answer.items[0]).toMatchObject({ title: '公交站点信息', formats: ['CSV', 'JSON'], organization: { name: 'transport', title: '区交通运输局' }, usage: { views: 0 } });
    expect(Object.keys(answer.facets).sort()).toEqual(['format', 'frequency', 'license', 'openType', 'organization', 'tag', 'theme']);
    expect(answer.facets.organization[0]).toEqual({ value: 'transport', label: '区交通运输局', labelEn: 'Transport Bureau', count: 2 });
    expect(answer.facets.theme).toContainEqual({ value: 'health', label: '医疗卫生', labelEn: 'Health', count: 1 });
    expect(answer.facets.format[0]).toEqual({ value: 'CSV', label: 'CSV', labelEn: 'CSV', count: 3 });
    expect(answer.facets.openType).toContainEqual({ value: 'conditional', label: '有条件开放', labelEn: 'Conditionally open', count: 1 });
    expect(answer.facets.license).toContainEqual({ value: 'other-closed', label: '有条件开放（须申请）', labelEn: 'Conditional (by application)', count: 1 });
    expect(answer.facets.frequency[0]).toMatchObject({ value: 'monthly', label: '每月', labelEn: 'Monthly', count: 3 });
  });

  it('finds Chinese words, their synonyms and parts of compounds', async () => {
    expect(names(await search({ q: '公交站' }))).toEqual(['bus-stops']);
    expect(names(await search({ q: '医院' }))).toEqual(['hospitals']);
    expect(names(await search({ q: '企业' }))).toEqual(['market-entities']);
    expect(names(await search({ q: '空气' }))).toEqual(['air-quality']);
    expect((await search({ q: '公交' })).facets.organization).toEqual([{ value: 'transport', label: '区交通运输局', labelEn: 'Transport Bureau', count: 2 }]);
  });

  it('ORs repeated parameters within a field and ANDs the fields', async () => {
    expect(names(await search({ theme: ['transport', 'health'] }))).toEqual(['bus-stops', 'bus-routes', 'hospitals']);
    expect(names(await search({ theme: ['transport', 'health'], format: 'json' }))).toEqual(['bus-stops', 'hospitals']);
    expect(names(await search({ organization: 'market', openType: 'conditional', license: 'other-closed', frequency: 'daily' }))).toEqual(['market-entities']);
    expect(names(await search({ tag: '公交', q: '线路' }))).toEqual(['bus-routes']);
    expect((await search({ organization: 'nobody' })).total).toBe(0);
  });

  it('sorts by name (pinyin), newest and most used, and pages', async () => {
    expect(names(await search({ sort: 'name' }))).toEqual(['air-quality', 'bus-routes', 'bus-stops', 'market-entities', 'hospitals']);
    expect(names(await search({ sort: 'modified', q: '公交' }))).toEqual(['bus-stops', 'bus-routes']);
    const popular = await search({ sort: 'popular', pageSize: '2' });
    expect(popular.items).toHaveLength(2);
    const second = await search({ page: '2', pageSize: '2' });
    expect(second).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(names(second)).toEqual(['market-entities', 'hospitals']);
    expect((await search({ page: '4', pageSize: '2' })).items).toEqual([]);
  });

  it('relaxes a query whose words find nothing together, and says so', async () => {
    const answer = await search({ q: '公交 医疗 名录' });
    expect(answer.relaxed).toBe(true);
    expect(names(answer)).toEqual(['hospitals']);
    expect(answer.total).toBe(1);
    const nothing = await search({ q: '火星 探测' });
    expect(nothing).toMatchObject({ total: 0, relaxed: false, items: [] });
  });

  it('refuses parameters out of range with problem+json', async () => {
    const invalid: Array<Record<string, string>> = [{ pageSize: '101' }, { page: '0' }, { sort: 'random' }, { openType: 'closed' }];
    for (const query of invalid) {
      const response = await t.inject({ method: 'GET', url: '/api/v1/open/search', query });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe('validation.failed');
    }
  });
});
