import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPortalUser } from '../engagement/test-support.js';
import { createOpendataTestbed, insertDatasets, stopRecords, type OpendataTestbed } from '../test-support.js';

interface Answer {
  fields: Array<{ id: string; type: string }>;
  records: Array<Record<string, unknown>>;
  total?: number;
  limit: number;
  offset?: number;
  _links: { start: string; next: string; prev?: string };
  [key: string]: unknown;
}

const STOPS = stopRecords(40);
const count = (predicate: (record: Record<string, unknown>) => boolean) => STOPS.filter(predicate).length;

describe('datastore_search', () => {
  let bed: OpendataTestbed;
  let openName: string;
  let openId: string;
  let conditionalName: string;
  let resourceIds: string[];

  const inject = (options: InjectOptions) => bed.t.inject(options);
  const get = (query: Record<string, string | string[]>) => inject({ method: 'GET', url: '/api/3/action/datastore_search', query });
  const answer = (response: LightMyRequestResponse): Answer => {
    expect(response.statusCode, response.body).toBe(200);
    return response.json().result as Answer;
  };
  const search = async (query: Record<string, string | string[]>) => answer(await get({ resource_id: resourceIds[0], ...query }));

  beforeAll(async () => {
    bed = await createOpendataTestbed();
    const db = bed.t.platform.ctx.db;
    const rows = await db.selectFrom('opendata_datasets').select(['id', 'name', 'open_type']).execute();
    const open = rows.find((row) => row.open_type === 'open')!;
    openName = open.name;
    openId = open.id;
    conditionalName = rows.find((row) => row.open_type === 'conditional')!.name;
    const resources = await db.selectFrom('opendata_resources').select('id').where('dataset_id', '=', open.id).orderBy('position').execute();
    resourceIds = resources.map((resource) => resource.id);
    await insertDatasets(db, [{ name: 'remote-dataset', title: '外部数据集', organizationName: 'remote-org', formats: ['CSV'] }]);
  });
  afterAll(() => bed.close());

  it('answers fields (_id first), records, total and links, 100 records by default', async () => {
    const result = await search({});
    expect(result.fields[0]).toEqual({ id: '_id', type: 'int' });
    expect(result.fields.map((field) => field.id)).toEqual(['_id', 'stop_code', 'stop_name', 'town', 'routes', 'opened_on', 'sheltered']);
    expect(result.fields.find((field) => field.id === 'routes')?.type).toBe('int');
    expect(result).toMatchObject({ limit: 100, total: 40, total_was_estimated: false, include_total: true, records_format: 'objects', resource_id: resourceIds[0] });
    expect(result.records).toHaveLength(40);
    expect(result.records[0]).toMatchObject({ _id: expect.any(Number), stop_code: expect.stringMatching(/^SS\d{5}$/) });
    expect(Object.keys(result.records[0])).not.toContain('operator_phone');
    expect(result).not.toHaveProperty('offset');
  });

  it('reads the same records through any of the dataset\'s resources and through the dataset name', async () => {
    const first = await search({ sort: 'stop_code asc', limit: '5' });
    for (const resource_id of [...resourceIds.slice(1), openName]) {
      expect((await get({ resource_id, sort: 'stop_code asc', limit: '5' })).json().result.records).toEqual(first.records);
    }
    // An alias answers with the real resource id, as CKAN does.
    expect((await get({ resource_id: openName, limit: '1' })).json().result.resource_id).toBe(resourceIds[0]);
  });

  it('filters by exact values, one or any of several (GET JSON string = POST object)', async () => {
    const one = await search({ filters: JSON.stringify({ town: '白坭镇' }) });
    expect(one.total).toBe(count((record) => record.town === '白坭镇'));
    expect(one.records.every((record) => record.town === '白坭镇')).toBe(true);
    const several = await search({ filters: JSON.stringify({ town: ['白坭镇', '乐平镇'], sheltered: true }) });
    expect(several.total).toBe(count((record) => (record.town === '白坭镇' || record.town === '乐平镇') && record.sheltered === true));
    const viaPost = answer(await inject({ method: 'POST', url: '/api/3/action/datastore_search', payload: { resource_id: resourceIds[0], filters: { town: ['白坭镇', '乐平镇'], sheltered: true } } }));
    expect(viaPost.records).toEqual(several.records);
    expect(viaPost.total).toBe(several.total);
  });

  it('searches text over every column (q string) or per column (q object)', async () => {
    const everywhere = await search({ q: '乐平镇' });
    expect(everywhere.total).toBe(count((record) => record.town === '乐平镇'));
    const perColumn = await search({ q: JSON.stringify({ stop_code: 'SS0001' }) });
    expect(perColumn.total).toBe(count((record) => String(record.stop_code).includes('SS0001')));
  });

  it('sorts by "field asc, field2 desc" and returns only the named fields', async () => {
    const sorted = await search({ sort: 'routes desc, stop_code asc', limit: '3' });
    const expected = [...STOPS].sort((a, b) => Number(b.routes) - Number(a.routes) || String(a.stop_code).localeCompare(String(b.stop_code))).slice(0, 3);
    expect(sorted.records.map((record) => record.stop_code)).toEqual(expected.map((record) => record.stop_code));
    const narrow = await search({ fields: 'stop_code,town', limit: '2' });
    expect(narrow.fields.map((field) => field.id)).toEqual(['_id', 'stop_code', 'town']);
    expect(Object.keys(narrow.records[0]).sort()).toEqual(['_id', 'stop_code', 'town']);
  });

  it('pages with limit and offset and links the next page', async () => {
    const page = await search({ limit: '5', offset: '10', sort: 'stop_code asc' });
    expect(page.records.map((record) => record.stop_code)).toEqual(STOPS.slice(10, 15).map((record) => record.stop_code));
    expect(page).toMatchObject({ limit: 5, offset: 10, total: 40 });
    expect(page._links.start).toBe(`/api/3/action/datastore_search?resource_id=${resourceIds[0]}&limit=5&sort=stop_code+asc`);
    expect(page._links.next).toBe(`/api/3/action/datastore_search?resource_id=${resourceIds[0]}&limit=5&offset=15&sort=stop_code+asc`);
    expect(page._links.prev).toBe(`/api/3/action/datastore_search?resource_id=${resourceIds[0]}&limit=5&offset=5&sort=stop_code+asc`);
    const viaPost = answer(await inject({ method: 'POST', url: '/api/3/action/datastore_search', payload: { resource_id: resourceIds[0], limit: 5 } }));
    expect(viaPost._links.next).toBe(`/api/3/action/datastore_search?resource_id=${resourceIds[0]}&offset=5`);
  });

  it('caps limit at 32000 without an error', async () => {
    const result = await search({ limit: '50000' });
    expect(result.limit).toBe(32000);
    expect(result.records).toHaveLength(40);
  });

  it('leaves the total out when include_total is false', async () => {
    const result = await search({ include_total: 'false', limit: '1' });
    expect(result).not.toHaveProperty('total');
    expect(result.include_total).toBe(false);
  });

  it('answers records as lists or CSV/TSV text when records_format asks', async () => {
    const lists = await search({ records_format: 'lists', fields: 'stop_code,routes', sort: 'stop_code asc', limit: '2' });
    expect(lists.records).toEqual([[expect.any(Number), 'SS00000', 1], [expect.any(Number), 'SS00001', 2]]);
    const csv = await search({ records_format: 'csv', fields: 'stop_code,routes', sort: 'stop_code asc', limit: '2' });
    expect(csv.records).toMatch(/^\d+,SS00000,1\n\d+,SS00001,2\n$/);
  });

  it('counts each call as an API call of the dataset', async () => {
    const usage = bed.t.platform.opendata.usage;
    await usage.flush();
    const before = (await usage.totals()).get(openId)?.apiCalls ?? 0;
    await search({ limit: '1' });
    await search({ limit: '1' });
    await usage.flush();
    expect((await usage.totals()).get(openId)?.apiCalls).toBe(before + 2);
  });

  describe('refusals', () => {
    it('409 Validation Error for fields, filters, sort and q columns the dataset does not have', async () => {
      for (const [query, key, value] of [
        [{ filters: '{"operator_phone": "0757"}' }, 'filters', 'operator_phone'],
        [{ fields: 'stop_code,nope' }, 'fields', 'nope'],
        [{ sort: 'nope desc' }, 'sort', 'nope desc'],
        [{ q: '{"nope": "x"}' }, 'q', 'nope'],
      ] as Array<[Record<string, string>, string, string]>) {
        const response = await get({ resource_id: resourceIds[0], ...query });
        expect(response.statusCode, key).toBe(409);
        expect(response.json().error).toEqual({ __type: 'Validation Error', [key]: [`invalid value "${value}"`] });
      }
    });

    it('409 Validation Error for a filter value that does not fit the column\'s type', async () => {
      const response = await get({ resource_id: resourceIds[0], filters: '{"routes": "many"}' });
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toEqual({ __type: 'Validation Error', filters: [expect.any(String)] });
    });

    it('409 Validation Error for a missing resource_id, a bad limit and unknown parameters', async () => {
      expect((await get({})).json().error).toEqual({ __type: 'Validation Error', resource_id: ['Missing value'] });
      expect((await get({ resource_id: resourceIds[0], limit: '-1' })).json().error).toEqual({ __type: 'Validation Error', limit: ['Must be a natural number'] });
      expect((await get({ resource_id: resourceIds[0], filters: 'not json' })).json().error).toEqual({ __type: 'Validation Error', filters: ['Could not parse as valid JSON'] });
      const junk = await get({ resource_id: resourceIds[0], colour: 'red' });
      expect(junk.statusCode).toBe(409);
      expect(junk.json().error).toEqual({ __type: 'Validation Error', __junk: ['The input field __junk was not expected.'] });
    });

    it('404 Not Found Error for an unknown resource and for one without datastore data', async () => {
      const remote = await bed.t.platform.ctx.db.selectFrom('opendata_resources').innerJoin('opendata_datasets', 'opendata_datasets.id', 'opendata_resources.dataset_id')
        .select('opendata_resources.id').where('opendata_datasets.name', '=', 'remote-dataset').executeTakeFirstOrThrow();
      for (const resource_id of ['00000000-0000-4000-8000-000000000000', 'no-such-thing', remote.id]) {
        const response = await get({ resource_id });
        expect(response.statusCode, resource_id).toBe(404);
        expect(response.json().error).toEqual({ __type: 'Not Found Error', message: `Not found: Resource "${resource_id}" was not found.` });
      }
    });
  });

  describe('conditionally open data', () => {
    it('is 403 Authorization Error for anyone without an approved application', async () => {
      const response = await get({ resource_id: conditionalName });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ success: false, error: { __type: 'Authorization Error' } });
      const browser = await registerPortalUser(bed.t);
      expect((await browser.get('/api/3/action/datastore_search', { resource_id: conditionalName })).statusCode).toBe(403);
    });

    it('answers a portal user whose application was approved, but never over JSONP', async () => {
      const browser = await registerPortalUser(bed.t);
      const applied = await browser.post(`/api/v1/open/datasets/${conditionalName}/applications`, { purpose: '企业征信服务的数据核验' });
      expect(applied.statusCode, applied.body).toBe(201);
      const admin = await bed.t.login('own_admin');
      const approved = await admin.post(`/api/v1/open/applications/${applied.json().id}/approve`, { validDays: 30 });
      expect(approved.statusCode, approved.body).toBe(200);
      const granted = answer(await browser.get('/api/3/action/datastore_search', { resource_id: conditionalName }));
      expect(granted.total).toBe(3);
      expect(granted.fields.map((field) => field.id)).toEqual(['_id', 'credit_code', 'entity_name', 'registered_capital']);
      expect((await browser.get('/api/3/action/datastore_search', { resource_id: conditionalName, callback: 'cb' })).statusCode).toBe(403);
    });
  });
});
