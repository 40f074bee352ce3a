import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../testing/harness.js';
import { insertDatasets, type DatasetFixture } from '../test-support.js';

const FIXTURES: DatasetFixture[] = [
  { name: 'bus-stops', title: '公交站点', organizationName: 'transport-bureau', themes: ['transport'], tags: ['公交', '交通'], formats: ['CSV', 'JSON'], modified: '2026-01-10T08:00:00.000Z' },
  { name: 'metro-lines', title: '地铁线路', organizationName: 'transport-bureau', themes: ['transport'], tags: ['地铁', '交通'], formats: ['CSV'], modified: '2026-02-10T08:00:00.000Z' },
  { name: 'air-quality', title: '空气质量监测', organizationName: 'ecology-bureau', themes: ['environment'], tags: ['空气', '环境'], formats: ['XLSX'], licenseId: 'odc-by', modified: '2025-06-01T08:00:00.000Z' },
  { name: 'river-levels', title: '河道水位', organizationName: 'ecology-bureau', themes: ['environment', 'regions'], tags: ['水位', '环境'], formats: ['CSV'], licenseId: 'cc-zero', modified: '2025-12-31T08:00:00.000Z' },
  { name: 'schools', title: '学校名录', organizationName: 'education-bureau', themes: ['education'], tags: ['学校'], formats: ['JSON'], modified: '2024-09-01T08:00:00.000Z' },
  { name: 'clinics', title: '诊所名录', organizationName: 'health-commission', themes: ['health'], tags: ['医疗'], formats: ['CSV'], licenseId: 'other-closed', openType: 'conditional', modified: '2026-03-01T08:00:00.000Z' },
];

describe('package_search', () => {
  let t: TestPlatform;
  let ids: Map<string, string>;

  const search = async (query: Record<string, string | string[]>) => {
    const response = await t.inject({ method: 'GET', url: '/api/3/action/package_search', query });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().result as { count: number; results: Array<Record<string, unknown> & { name: string }>; facets: Record<string, Record<string, number>>; search_facets: Record<string, { title: string; items: Array<{ name: string; display_name: string; count: number }> }>; sort: string };
  };
  const names = async (query: Record<string, string | string[]>) => (await search({ rows: '100', sort: 'name asc', ...query })).results.map((dataset) => dataset.name);

  beforeAll(async () => {
    t = await createTestPlatform();
    const inserted = await insertDatasets(t.platform.ctx.db, FIXTURES);
    ids = new Map(FIXTURES.map((fixture, index) => [fixture.name, inserted[index]]));
    await t.platform.opendata.search.refresh();
  });
  afterAll(() => t.close());

  describe('q', () => {
    it('returns every dataset, newest first by default, for no q or *:*', async () => {
      const all = await search({});
      expect(all.count).toBe(6);
      expect(all.results).toHaveLength(6);
      expect(all.sort).toBe('score desc, metadata_modified desc');
      expect(all.results.map((dataset) => dataset.name)).toEqual(['clinics', 'metro-lines', 'bus-stops', 'river-levels', 'air-quality', 'schools']);
      expect((await search({ q: '*:*' })).count).toBe(6);
    });

    it('matches plain words with AND semantics', async () => {
      expect(await names({ q: '交通' })).toEqual(['bus-stops', 'metro-lines']);
      expect(await names({ q: '交通 地铁' })).toEqual(['metro-lines']);
      expect(await names({ q: '地铁 学校' })).toEqual([]);
    });

    it('takes field:value terms in q', async () => {
      expect(await names({ q: 'tags:环境' })).toEqual(['air-quality', 'river-levels']);
      expect(await names({ q: 'organization:transport-bureau 地铁' })).toEqual(['metro-lines']);
    });
  });

  describe('fq', () => {
    it.each([
      ['organization:ecology-bureau', ['air-quality', 'river-levels']],
      ['groups:regions', ['river-levels']],
      ['tags:交通', ['bus-stops', 'metro-lines']],
      ['res_format:CSV', ['bus-stops', 'clinics', 'metro-lines', 'river-levels']],
      ['license_id:odc-by', ['air-quality']],
      ['name:schools', ['schools']],
      ['metadata_modified:[2026-01-01T00:00:00Z TO *]', ['bus-stops', 'clinics', 'metro-lines']],
      ['metadata_modified:[* TO 2025-12-31T23:59:59Z]', ['air-quality', 'river-levels', 'schools']],
      ['metadata_created:[2025-01-01T00:00:00Z TO 2025-12-31T23:59:59Z]', ['air-quality', 'river-levels']],
      ['metadata_modified:[* TO NOW]', ['air-quality', 'bus-stops', 'clinics', 'metro-lines', 'river-levels', 'schools']],
      ['-organization:transport-bureau', ['air-quality', 'clinics', 'river-levels', 'schools']],
      ['groups:environment -tags:空气', ['river-levels']],
      ['groups:environment AND NOT tags:空气', ['river-levels']],
      ['tags:地铁 OR tags:学校', ['metro-lines', 'schools']],
      ['tags:(地铁 OR 学校)', ['metro-lines', 'schools']],
      ['(groups:transport OR groups:education) -res_format:JSON', ['metro-lines']],
      ['+state:active +capacity:public +dataset_type:dataset organization:education-bureau', ['schools']],
      ['tags:"交通"', ['bus-stops', 'metro-lines']],
    ])('fq=%s', async (fq, expected) => {
      expect(await names({ fq })).toEqual(expected);
    });

    it('filters by id and by owner_org (organisation id)', async () => {
      expect(await names({ fq: `id:${ids.get('schools')}` })).toEqual(['schools']);
      const organization = (await search({ fq: 'name:clinics' })).results[0].organization as { id: string };
      expect(await names({ fq: `owner_org:${organization.id}` })).toEqual(['clinics']);
    });

    it('ANDs fq with q and with fq_list', async () => {
      expect(await names({ q: '交通', fq: 'res_format:JSON' })).toEqual(['bus-stops']);
      expect(await names({ fq: 'res_format:CSV', fq_list: '["groups:environment"]' })).toEqual(['river-levels']);
    });

    it('matches nothing for a state no dataset has', async () => {
      expect(await search({ fq: '+state:deleted' })).toMatchObject({ count: 0, results: [] });
    });
  });

  describe('sort and paging', () => {
    it('sorts by id asc (the harvest order), metadata_modified, name and title_string', async () => {
      const byId = (await search({ sort: 'id asc' })).results.map((dataset) => dataset.id as string);
      expect(byId).toEqual([...ids.values()].sort());
      expect((await search({ sort: 'metadata_modified asc' })).results.map((dataset) => dataset.name)).toEqual(['schools', 'air-quality', 'river-levels', 'bus-stops', 'metro-lines', 'clinics']);
      expect((await search({ sort: 'name desc' })).results.map((dataset) => dataset.name)).toEqual(['schools', 'river-levels', 'metro-lines', 'clinics', 'bus-stops', 'air-quality']);
      expect((await search({ sort: 'title_string asc' })).results).toHaveLength(6);
      expect((await search({ sort: 'metadata_created desc', rows: '1' })).sort).toBe('metadata_created desc');
    });

    it('pages with start and rows', async () => {
      expect(await names({ rows: '2', start: '2' })).toEqual(['clinics', 'metro-lines']);
      const page = await search({ rows: '2', start: '5', sort: 'name asc' });
      expect(page.count).toBe(6);
      expect(page.results.map((dataset) => dataset.name)).toEqual(['schools']);
      expect((await search({ rows: '0' })).results).toEqual([]);
    });

    it('answers an unknown sort field as a Search Query Error', async () => {
      const response = await t.inject({ method: 'GET', url: '/api/3/action/package_search', query: { sort: 'colour asc' } });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toEqual({ __type: 'Search Query Error', message: `Search Query is invalid: 'Invalid "sort" parameter'` });
    });
  });

  describe('facets', () => {
    it('counts facet.field values as facets and search_facets with display names', async () => {
      const answer = await search({ 'facet.field': '["organization","groups","tags","res_format","license_id"]', rows: '0' });
      expect(answer.facets.organization).toEqual({ 'transport-bureau': 2, 'ecology-bureau': 2, 'education-bureau': 1, 'health-commission': 1 });
      expect(answer.facets.groups).toMatchObject({ transport: 2, environment: 2, regions: 1, education: 1, health: 1 });
      expect(answer.facets.res_format).toEqual({ CSV: 4, JSON: 2, XLSX: 1 });
      expect(answer.facets.license_id).toEqual({ 'cc-by-4.0': 3, 'odc-by': 1, 'cc-zero': 1, 'other-closed': 1 });
      expect(answer.search_facets.groups.title).toBe('groups');
      expect(answer.search_facets.groups.items).toContainEqual({ name: 'environment', display_name: '生态环境', count: 2 });
      expect(answer.search_facets.license_id.items).toContainEqual({ name: 'odc-by', display_name: '开放数据共享署名许可', count: 1 });
      expect(answer.search_facets.tags.items).toContainEqual({ name: '交通', display_name: '交通', count: 2 });
    });

    it('counts facets over the filtered result', async () => {
      const answer = await search({ fq: 'groups:environment', 'facet.field': '["tags"]' });
      expect(answer.facets.tags).toEqual({ '环境': 2, '空气': 1, '水位': 1 });
    });

    it('honours facet.limit (default 50, -1 = all) and facet.mincount', async () => {
      expect(Object.keys((await search({ 'facet.field': '["tags"]', 'facet.limit': '2' })).facets.tags)).toHaveLength(2);
      expect(Object.keys((await search({ 'facet.field': '["tags"]', 'facet.limit': '-1' })).facets.tags)).toHaveLength(8);
      expect((await search({ 'facet.field': '["tags"]', 'facet.mincount': '2' })).facets.tags).toEqual({ '交通': 2, '环境': 2 });
    });

    it('takes facet.field as a repeated parameter or a JSON list, and facet=false turns facets off', async () => {
      const repeated = await search({ 'facet.field': ['organization', 'res_format'] });
      expect(Object.keys(repeated.facets).sort()).toEqual(['organization', 'res_format']);
      expect((await search({ 'facet.field': '["tags"]', facet: 'false' })).facets).toEqual({});
      expect((await search({})).facets).toEqual({});
    });
  });

  describe('parameters', () => {
    it('returns only the fields named in fl', async () => {
      const answer = await search({ fl: 'id,name,metadata_modified', fq: 'name:schools' });
      expect(answer.results).toEqual([{ id: ids.get('schools'), name: 'schools', metadata_modified: '2024-09-01T08:00:00.000000' }]);
    });

    it('accepts the Solr parameters CKAN passes on and ext_ extras', async () => {
      expect((await search({ wt: 'json', defType: 'edismax', qf: 'title^4', ext_bbox: '1,2,3,4', include_private: 'true', use_default_schema: 'true' })).count).toBe(6);
    });

    it('answers unknown parameters 400 Search Query Error naming them', async () => {
      const response = await t.inject({ method: 'GET', url: '/api/3/action/package_search', query: { q: 'x', limit: '5', foo: 'bar' } });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toEqual({ __type: 'Search Query Error', message: `Search Query is invalid: "Invalid search parameters: ['limit', 'foo']"` });
    });

    it('answers invalid rows, start, facet.limit and facet.mincount 409 Validation Error', async () => {
      for (const [key, value, message] of [['rows', 'many', 'Invalid integer'], ['rows', '-5', 'Must be a natural number'], ['start', '1.5', 'Invalid integer'], ['facet.limit', 'x', 'Invalid integer'], ['facet.mincount', '-1', 'Must be a natural number']]) {
        const response = await t.inject({ method: 'GET', url: '/api/3/action/package_search', query: { [key]: value } });
        expect(response.statusCode, key).toBe(409);
        expect(response.json().error).toEqual({ __type: 'Validation Error', [key]: [message] });
      }
    });

    it('answers a q or fq it cannot parse 400 Search Query Error', async () => {
      const response = await t.inject({ method: 'GET', url: '/api/3/action/package_search', query: { fq: 'tags:(a OR b' } });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.__type).toBe('Search Query Error');
    });

    it('caps rows at 1000 without an error', async () => {
      await insertDatasets(t.platform.ctx.db, Array.from({ length: 1000 }, (_, index) => ({ name: `filler-${String(index).padStart(4, '0')}`, title: `填充数据集 ${index}`, organizationName: 'filler-office', tags: ['filler'] })));
      await t.platform.opendata.search.refresh();
      const answer = await search({ rows: '5000', fl: 'name' });
      expect(answer.count).toBe(1006);
      expect(answer.results).toHaveLength(1000);
    });
  });
});
