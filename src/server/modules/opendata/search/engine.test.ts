import { describe, expect, it } from 'vitest';
import type { SearchQuery } from '../index.js';
import { SearchEngine } from './engine.js';
import { sketchDataset, type DatasetSketch } from './testing.js';

const CATALOG: DatasetSketch[] = [
  { name: 'bus-stops', title: '公交站点信息', titleEn: 'Bus stops', notes: '全区公交站点的编号、名称和所在镇街。', organization: 'transport', organizationTitle: '区交通运输局', themes: ['transport'], tags: ['公交', '站点'], formats: ['CSV', 'JSON'], modified: '2024-05-01T00:00:00.000Z' },
  { name: 'bus-routes', title: '公交线路', titleEn: 'Bus routes', notes: '公交线路的走向与首末班时间。', organization: 'transport', organizationTitle: '区交通运输局', themes: ['transport'], tags: ['线路'], formats: ['CSV'], modified: '2024-04-01T00:00:00.000Z' },
  { name: 'market-entities', title: '市场主体登记信息', notes: '市场主体的统一社会信用代码、名称和注册资本。', organization: 'market', organizationTitle: '区市场监督管理局', themes: ['economy'], tags: ['登记'], formats: ['XLSX'], licenseId: 'other-closed', openType: 'conditional', frequency: 'daily', modified: '2024-03-01T00:00:00.000Z' },
  { name: 'hospitals', title: '医疗机构名录', notes: '辖区内医疗机构的名称、地址、等级。', organization: 'health', organizationTitle: '区卫生健康局', themes: ['health'], tags: ['医疗'], formats: ['csv'], modified: '2024-02-01T00:00:00.000Z' },
  { name: 'schools', title: '中小学名单', notes: '全区中小学的名称与地址。', organization: 'education', organizationTitle: '区教育局', themes: ['education'], tags: ['教育'], frequency: 'yearly', modified: '2024-01-15T00:00:00.000Z' },
  { name: 'subsistence', title: '最低生活保障对象统计', notes: '按镇街统计的最低生活保障对象人数。', organization: 'civil', organizationTitle: '区民政局', themes: ['society'], tags: ['救助'], frequency: 'quarterly', modified: '2024-01-10T00:00:00.000Z' },
  { name: 'parking', title: '公共停车场泊位', notes: '公共停车场的位置和泊位数。', organization: 'transport', organizationTitle: '区交通运输局', themes: ['transport', 'regions'], tags: ['停车'], modified: '2023-12-01T00:00:00.000Z' },
  { name: 'air-quality', title: '大气环境质量监测', titleEn: 'Air quality monitoring', notes: '空气质量监测站点的逐日数据。', organization: 'environment', organizationTitle: '区生态环境局', themes: ['environment'], tags: ['环境'], formats: ['CSV', 'XLSX', 'JSON'], frequency: 'daily', modified: '2023-11-01T00:00:00.000Z' },
  { name: 'enterprise-credit', title: '企业信用评价结果', notes: '按年度发布的企业信用评价等级。', organization: 'market', organizationTitle: '区市场监督管理局', themes: ['economy'], tags: ['信用'], modified: '2023-10-01T00:00:00.000Z', source: { name: 'city-portal', title: '市开放平台' } },
  { name: 'bus-gtfs', title: 'GTFS 公交时刻表', titleEn: 'Bus timetable (GTFS)', notes: 'General Transit Feed Specification data for buses.', organization: 'transport', organizationTitle: '区交通运输局', themes: ['transport'], tags: ['gtfs'], formats: ['ZIP'], modified: '2023-09-01T00:00:00.000Z' },
];

function engineWith(sketches: DatasetSketch[] = CATALOG) {
  const engine = new SearchEngine();
  engine.apply(sketches.map(sketchDataset));
  return engine;
}

const names = (engine: SearchEngine, result: { ids: string[] }) => result.ids.map((id) => engine.store.names[engine.store.slotOfId.get(id)!]);

function find(engine: SearchEngine, query: Partial<SearchQuery>): string[] {
  return names(engine, engine.search({ start: 0, rows: 100, ...query }));
}

describe('search engine: Chinese queries', () => {
  const engine = engineWith();

  it('matches an English synonym as a whole word only: 公交 (synonym "bus") does not find "business" licences', () => {
    const withBusiness = engineWith([
      ...CATALOG,
      { name: 'food-licences', title: '食品经营许可信息', titleEn: 'Food business licences', notes: '食品经营许可的核发信息。', organization: 'market', organizationTitle: '区市场监督管理局', themes: ['economy'], modified: '2024-06-01T00:00:00.000Z' },
    ]);
    expect(find(withBusiness, { text: '公交' })).not.toContain('food-licences');
    expect(find(withBusiness, { text: 'busi' })).toEqual(['food-licences']);
  });

  it('finds a dataset by a part of a compound word (公交 in 公交站点) and a compound containing the query (公交站)', () => {
    expect(find(engine, { text: '公交' })).toEqual(expect.arrayContaining(['bus-stops', 'bus-routes', 'bus-gtfs']));
    expect(find(engine, { text: '公交站' })).toEqual(['bus-stops']);
    expect(find(engine, { text: '站点' })).toEqual(['bus-stops']);
    expect(find(engine, { text: '监测站' })).toEqual(['air-quality']);
  });

  it('requires every word (AND), after dropping function words', () => {
    expect(find(engine, { text: '公交 线路' })).toEqual(['bus-routes']);
    expect(find(engine, { text: '公交和线路' })).toEqual(['bus-routes']);
    expect(find(engine, { text: '公交 医疗' })).toEqual([]);
  });

  it('finds what people mean through synonyms, both ways', () => {
    expect(find(engine, { text: '企业' })).toEqual(expect.arrayContaining(['market-entities', 'enterprise-credit']));
    expect(find(engine, { text: '公司' })).toEqual(expect.arrayContaining(['market-entities', 'enterprise-credit']));
    expect(find(engine, { text: '医院' })).toEqual(['hospitals']);
    expect(find(engine, { text: '学校' })).toEqual(['schools']);
    expect(find(engine, { text: '低保' })).toEqual(['subsistence']);
    expect(find(engine, { text: '停车' })).toEqual(['parking']);
    expect(find(engine, { text: '泊位' })).toEqual(['parking']);
    expect(find(engine, { text: '空气' })).toEqual(['air-quality']);
    expect(find(engine, { text: '公共交通' })).toEqual(expect.arrayContaining(['bus-stops', 'bus-routes']));
  });

  it('splits a word around a synonym it contains (公交车站 → 公交 + 站)', () => {
    expect(find(engine, { text: '公交车站' })).toEqual(['bus-stops']);
  });

  it('mixes Chinese and English, with English prefixes of two letters or more', () => {
    expect(find(engine, { text: 'gtfs 公交' })).toEqual(['bus-gtfs']);
    expect(find(engine, { text: 'Bus' })).toEqual(expect.arrayContaining(['bus-stops', 'bus-routes', 'bus-gtfs']));
    expect(find(engine, { text: 'monitor' })).toEqual(['air-quality']);
    expect(find(engine, { text: 'timetab' })).toEqual(['bus-gtfs']);
  });

  it('treats words like 数据 and 信息 as optional, but not when they are all there is', () => {
    expect(find(engine, { text: '公交 数据' })).toEqual(expect.arrayContaining(['bus-stops', 'bus-routes', 'bus-gtfs']));
    expect(find(engine, { text: '信息' })).toEqual(['bus-stops', 'market-entities']);
  });

  it('ranks title matches first, then newest', () => {
    const hits = find(engine, { text: '站点' });
    expect(hits[0]).toBe('bus-stops');
    // 医疗 is in the title of one and only in a tag elsewhere: the title wins although the other is newer.
    const extra = engineWith([...CATALOG, { name: 'clinic-tag', title: '社区服务', tags: ['医疗机构'], modified: '2025-01-01T00:00:00.000Z' }]);
    expect(find(extra, { text: '医疗机构' })).toEqual(['hospitals', 'clinic-tag']);
  });

  it('finds nothing for words nobody used, and everything without words', () => {
    expect(find(engine, { text: '火星' })).toEqual([]);
    expect(engine.search({ text: '', start: 0, rows: 0 }).count).toBe(CATALOG.length);
  });

  it('answers with the datasets matching most words when asked to relax a query that finds nothing', () => {
    const strict = engine.search({ text: '公交 医疗 名录', start: 0, rows: 10 });
    expect(strict.count).toBe(0);
    const relaxed = engine.search({ text: '公交 医疗 名录', start: 0, rows: 10 }, { relax: true });
    expect(relaxed.relaxed).toBe(true);
    expect(names(engine, relaxed)).toEqual(['hospitals']);
    expect(engine.search({ text: '公交', start: 0, rows: 10 }, { relax: true }).relaxed).toBe(false);
  });
});

describe('search engine: filters', () => {
  const engine = engineWith();
  const term = (field: SearchQuery['facetFields'] extends (infer F)[] | undefined ? F : never, value: string) => ({ kind: 'term' as const, field, value });

  it('filters by each term field', () => {
    expect(find(engine, { filter: term('organization', 'market') }).sort()).toEqual(['enterprise-credit', 'market-entities']);
    expect(find(engine, { filter: term('groups', 'regions') })).toEqual(['parking']);
    expect(find(engine, { filter: term('tags', '公交') })).toEqual(['bus-stops']);
    expect(find(engine, { filter: term('res_format', 'xlsx') }).sort()).toEqual(['air-quality', 'market-entities']);
    expect(find(engine, { filter: term('res_format', 'CSV') })).toContain('hospitals');
    expect(find(engine, { filter: term('license_id', 'other-closed') })).toEqual(['market-entities']);
    expect(find(engine, { filter: term('frequency', 'daily') }).sort()).toEqual(['air-quality', 'market-entities']);
    expect(find(engine, { filter: term('name', 'schools') })).toEqual(['schools']);
    const id = engine.store.ids[engine.store.slotOfName.get('parking')!];
    expect(find(engine, { filter: term('id', id) })).toEqual(['parking']);
    expect(find(engine, { filter: term('open_type', 'conditional') })).toEqual(['market-entities']);
    expect(find(engine, { filter: term('source', 'city-portal') })).toEqual(['enterprise-credit']);
    expect(find(engine, { filter: term('source', 'local') })).not.toContain('enterprise-credit');
    expect(find(engine, { filter: term('organization', 'nobody') })).toEqual([]);
  });

  it('filters by date ranges with open ends, inclusive', () => {
    const from = find(engine, { filter: { kind: 'range', field: 'metadata_modified', from: '2024-03-01T00:00:00Z', to: null } });
    expect(from.sort()).toEqual(['bus-routes', 'bus-stops', 'market-entities']);
    const until = find(engine, { filter: { kind: 'range', field: 'metadata_created', from: null, to: '2023-10-01T00:00:00.000Z' } });
    expect(until.sort()).toEqual(['bus-gtfs', 'enterprise-credit']);
  });

  it('combines filters with and, or and not, and with the words', () => {
    const transport = term('organization', 'transport');
    expect(find(engine, { filter: { kind: 'and', items: [transport, term('res_format', 'JSON')] } })).toEqual(['bus-stops']);
    expect(find(engine, { filter: { kind: 'or', items: [term('groups', 'health'), term('groups', 'education')] } }).sort()).toEqual(['hospitals', 'schools']);
    expect(find(engine, { filter: { kind: 'not', item: transport } })).not.toContain('bus-stops');
    expect(find(engine, { filter: { kind: 'not', item: transport } })).toHaveLength(6);
    expect(find(engine, { text: '公交', filter: { kind: 'not', item: term('tags', 'gtfs') } }).sort()).toEqual(['bus-routes', 'bus-stops']);
    expect(find(engine, { filter: { kind: 'text', text: '停车' } })).toEqual(['parking']);
  });
});

describe('search engine: sorting, paging and facets', () => {
  const engine = engineWith();

  it('sorts by each field, in both directions, several keys at once', () => {
    expect(find(engine, {}).slice(0, 3)).toEqual(['bus-stops', 'bus-routes', 'market-entities']);
    expect(find(engine, { sort: [{ field: 'metadata_modified', direction: 'asc' }] })[0]).toBe('bus-gtfs');
    expect(find(engine, { sort: [{ field: 'name', direction: 'asc' }] })).toEqual([...CATALOG.map((c) => c.name)].sort());
    expect(find(engine, { sort: [{ field: 'name', direction: 'desc' }] })).toEqual([...CATALOG.map((c) => c.name)].sort().reverse());
    const ids = find(engine, { sort: [{ field: 'id', direction: 'asc' }] }).map((name) => engine.store.ids[engine.store.slotOfName.get(name)!]);
    expect(ids).toEqual([...ids].sort());
    // Pinyin order: 大气 (da) before 公交 (gong) before 中小学 (zhong); Latin letters after Chinese.
    const byTitle = find(engine, { sort: [{ field: 'title', direction: 'asc' }] });
    expect(byTitle.indexOf('air-quality')).toBeLessThan(byTitle.indexOf('bus-routes'));
    expect(byTitle.indexOf('bus-routes')).toBeLessThan(byTitle.indexOf('schools'));
    const multi = find(engine, { sort: [{ field: 'metadata_created', direction: 'desc' }, { field: 'name', direction: 'asc' }] });
    expect(multi[0]).toBe('bus-stops');
    const byTitleDesc = find(engine, { sort: [{ field: 'popularity', direction: 'desc' }, { field: 'title', direction: 'desc' }] });
    expect(byTitleDesc.slice(0, 3)).toEqual(['bus-gtfs', 'subsistence', 'schools']);
  });

  it('sorts by popularity from the usage totals, ties newest first', () => {
    const popular = engineWith();
    const id = (name: string) => popular.store.ids[popular.store.slotOfName.get(name)!];
    popular.setUsage(new Map([[id('schools'), { views: 10, downloads: 5, apiCalls: 0 }], [id('parking'), { views: 3, downloads: 0, apiCalls: 1 }]]));
    expect(find(popular, { sort: [{ field: 'popularity', direction: 'desc' }] }).slice(0, 3)).toEqual(['schools', 'parking', 'bus-stops']);
    expect(find(popular, { sort: [{ field: 'downloads', direction: 'desc' }] })[0]).toBe('schools');
    expect(find(popular, { sort: [{ field: 'views', direction: 'asc' }] }).slice(-2)).toEqual(['parking', 'schools']);
  });

  it('sorts by score then by another key', () => {
    // All three have 公交 in the title (equal scores): the second key decides.
    expect(find(engine, { text: '公交', sort: [{ field: 'score', direction: 'desc' }, { field: 'metadata_modified', direction: 'asc' }] })).toEqual(['bus-gtfs', 'bus-routes', 'bus-stops']);
    expect(find(engine, { text: '公交', sort: [{ field: 'score', direction: 'desc' }, { field: 'name', direction: 'desc' }] })).toEqual(['bus-stops', 'bus-routes', 'bus-gtfs']);
    const mixed = engineWith([...CATALOG, { name: 'zz-notes-only', title: '运营车辆', notes: '公交车辆的运营情况', modified: '2020-01-01T00:00:00.000Z' }]);
    expect(find(mixed, { text: '公交', sort: [{ field: 'score', direction: 'desc' }, { field: 'name', direction: 'desc' }] })).toEqual(['bus-stops', 'bus-routes', 'bus-gtfs', 'zz-notes-only']);
    expect(find(mixed, { text: '公交', sort: [{ field: 'score', direction: 'asc' }] })[0]).toBe('zz-notes-only');
    expect(find(engine, { text: '公交', sort: [{ field: 'metadata_modified', direction: 'asc' }] })).toEqual(['bus-gtfs', 'bus-routes', 'bus-stops']);
  });

  it('pages through the result without gaps or repeats', () => {
    const all = find(engine, {});
    const pages = [0, 3, 6, 9].flatMap((start) => names(engine, engine.search({ start, rows: 3 })));
    expect(pages).toEqual(all);
    expect(engine.search({ start: 100, rows: 3 }).ids).toEqual([]);
    expect(engine.search({ text: '公交', start: 1, rows: 1 }).count).toBe(3);
  });

  it('counts facets over the whole result, count desc then value asc, with limit and mincount', () => {
    const result = engine.search({ start: 0, rows: 1, facetFields: ['organization', 'res_format', 'groups', 'frequency'] });
    expect(result.facets.organization?.[0]).toEqual({ value: 'transport', count: 4 });
    expect(result.facets.organization?.slice(1, 2)).toEqual([{ value: 'market', count: 2 }]);
    expect(result.facets.organization?.slice(2).map((bucket) => bucket.value)).toEqual(['civil', 'education', 'environment', 'health']);
    expect(result.facets.res_format?.find((bucket) => bucket.value === 'CSV')?.count).toBe(8);
    expect(result.facets.groups?.find((bucket) => bucket.value === 'transport')?.count).toBe(4);
    const limited = engine.search({ start: 0, rows: 0, facetFields: ['organization'], facetLimit: 2 });
    expect(limited.facets.organization).toHaveLength(2);
    const mincount = engine.search({ start: 0, rows: 0, facetFields: ['organization'], facetMincount: 2 });
    expect(mincount.facets.organization?.map((bucket) => bucket.value)).toEqual(['transport', 'market']);
    const unlimited = engine.search({ start: 0, rows: 0, facetFields: ['tags'], facetLimit: -1 });
    expect(unlimited.facets.tags).toHaveLength(11);
    const narrowed = engine.search({ text: '公交', start: 0, rows: 0, facetFields: ['res_format'] });
    expect(narrowed.facets.res_format).toEqual([{ value: 'CSV', count: 2 }, { value: 'JSON', count: 1 }, { value: 'ZIP', count: 1 }]);
  });
});

describe('search engine: changes', () => {
  it('replaces a changed dataset, drops a deleted one and stays correct after compaction', () => {
    const engine = new SearchEngine();
    const first = Array.from({ length: 3000 }, (_, index) => sketchDataset({ name: `d-${index}`, title: `公交站点 ${index}`, modified: new Date(Date.UTC(2020, 0, 1) + index * 60_000).toISOString() }));
    engine.apply(first);
    expect(engine.search({ text: '公交', start: 0, rows: 0 }).count).toBe(3000);
    // Rename half of them (new slots), delete a quarter: compaction runs along the way.
    engine.apply(first.slice(0, 1500).map((dataset) => ({ ...dataset, title: `医疗机构 ${dataset.name}`, changeSeq: dataset.changeSeq + 10_000 })));
    engine.apply(first.slice(2250).map((dataset) => ({ ...dataset, state: 'deleted' as const, changeSeq: dataset.changeSeq + 20_000 })));
    expect(engine.store.dead).toBeLessThan(engine.store.count);
    expect(engine.search({ text: '公交', start: 0, rows: 0 }).count).toBe(750);
    expect(engine.search({ text: '医院', start: 0, rows: 0 }).count).toBe(1500);
    expect(engine.search({ start: 0, rows: 0 }).count).toBe(2250);
    const newest = engine.search({ start: 0, rows: 2, sort: [{ field: 'metadata_modified', direction: 'desc' }] });
    expect(names(engine, newest)).toEqual(['d-2249', 'd-2248']);
    const byName = engine.search({ start: 0, rows: 1, sort: [{ field: 'name', direction: 'asc' }], filter: { kind: 'term', field: 'name', value: 'd-10' } });
    expect(names(engine, byName)).toEqual(['d-10']);
    expect(engine.search({ start: 0, rows: 0, filter: { kind: 'term', field: 'name', value: 'd-2999' } }).count).toBe(0);
  });

  it('keeps sort orders right when datasets arrive between searches', () => {
    const engine = engineWith();
    expect(find(engine, { sort: [{ field: 'title', direction: 'asc' }] })[0]).toBe('air-quality');
    engine.apply([sketchDataset({ name: 'aaa', title: '阿里山数据', modified: '2022-01-01T00:00:00.000Z' })]);
    expect(find(engine, { sort: [{ field: 'title', direction: 'asc' }] }).slice(0, 2)).toEqual(['aaa', 'air-quality']);
    expect(find(engine, {}).at(-1)).toBe('aaa');
    expect(find(engine, { sort: [{ field: 'name', direction: 'asc' }] })[0]).toBe('aaa');
  });
});
