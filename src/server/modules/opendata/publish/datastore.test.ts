import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, DatastoreQuery } from '../index.js';
import { createOpendataTestbed, stopRecords, type OpendataTestbed } from '../test-support.js';

describe('datastore: querying a dataset and its versions', () => {
  let bed: OpendataTestbed;
  let stops: Dataset;
  const search = (query: Partial<DatastoreQuery>, dataset = stops) =>
    bed.t.platform.opendata.datastore.search(dataset, { limit: 100, offset: 0, includeTotal: true, ...query });

  beforeAll(async () => {
    bed = await createOpendataTestbed({}, { stopCount: 40 });
    const row = await bed.t.platform.ctx.db.selectFrom('opendata_datasets').select('name').where('catalog_code', '=', bed.openCode).executeTakeFirstOrThrow();
    stops = (await bed.t.platform.opendata.datasets.get(row.name))!;
  });
  afterAll(() => bed.close());

  it('answers every public column with _id first, typed, and the total from the store', async () => {
    const answer = await search({ limit: 3 });
    expect(answer.fields).toEqual([
      { id: '_id', type: 'int' },
      { id: 'stop_code', type: 'text', info: { label: '站点编号' } },
      { id: 'stop_name', type: 'text', info: { label: '站点名称' } },
      { id: 'town', type: 'text', info: { label: '所在镇街' } },
      { id: 'routes', type: 'int', info: { label: '途经线路数' } },
      { id: 'opened_on', type: 'date', info: { label: '启用日期' } },
      { id: 'sheltered', type: 'bool', info: { label: '是否有候车亭' } },
    ]);
    expect(answer.total).toBe(40);
    expect(answer.records).toHaveLength(3);
    expect(answer.records[0]).toEqual({ _id: expect.any(Number), stop_code: 'SS00000', stop_name: '西南街道第1站', town: '西南街道', routes: 1, opened_on: '2010-01-10', sheltered: false });
    expect(Object.keys(answer.records[0])).not.toContain('operator_phone');
  });

  it('filters by typed values (single values, any of a list, null), on key columns too', async () => {
    expect((await search({ filters: { town: '白坭镇' } })).total).toBe(stopRecords(40).filter((record) => record.town === '白坭镇').length);
    expect((await search({ filters: { stop_code: 'SS00003' } })).records.map((record) => record.stop_name)).toEqual(['乐平镇第4站']);
    expect((await search({ filters: { stop_code: ['SS00003', 'SS00004', 'nope'] } })).total).toBe(2);
    expect(await search({ filters: { stop_code: ['SS00003', 'SS00004', 'SS00005'] }, limit: 2 })).toMatchObject({ total: 3, records: [{ stop_code: 'SS00003' }, { stop_code: 'SS00004' }] });
    expect((await search({ filters: { stop_code: ['SS00003', 'SS00004', 'SS00005'] }, limit: 2, offset: 2 })).total).toBe(3);
    expect((await search({ filters: { routes: 3, sheltered: 'true' } })).records.every((record) => record.routes === 3 && record.sheltered === true)).toBe(true);
    expect((await search({ filters: { opened_on: '2010-01-10' } })).total).toBe(1);
    expect((await search({ filters: { town: null } })).total).toBe(0);
    const first = (await search({ limit: 1 })).records[0];
    expect((await search({ filters: { _id: first._id as number } })).records).toEqual([first]);
  });

  it('finds substrings in text columns, case-insensitively, over all of them or per column', async () => {
    const all = await search({ q: '乐平' });
    expect(all.total).toBe(stopRecords(40).filter((record) => String(record.stop_name).includes('乐平')).length);
    expect((await search({ q: 'ss0000' })).total).toBe(10);
    expect((await search({ q: { stop_name: '第1站' } })).total).toBe(1);
    expect((await search({ q: '100%' })).total).toBe(0);
  });

  it('sorts, selects fields and pages', async () => {
    const sorted = await search({ sort: [{ field: 'routes', direction: 'desc' }, { field: 'stop_code', direction: 'asc' }], fields: ['stop_code', 'routes'], limit: 3, offset: 1 });
    expect(sorted.fields.map((field) => field.id)).toEqual(['_id', 'stop_code', 'routes']);
    expect(sorted.records).toEqual([
      { _id: expect.any(Number), stop_code: 'SS00017', routes: 9 },
      { _id: expect.any(Number), stop_code: 'SS00026', routes: 9 },
      { _id: expect.any(Number), stop_code: 'SS00035', routes: 9 },
    ]);
    expect(sorted.total).toBe(40);
    const page = await search({ limit: 10, offset: 35 });
    expect(page.records.map((record) => record.stop_code)).toEqual(['SS00035', 'SS00036', 'SS00037', 'SS00038', 'SS00039']);
    expect((await search({ limit: 2, includeTotal: false })).total).toBeNull();
  });

  it('refuses unknown and withheld fields (409 opendata.invalid_field) and values of the wrong type', async () => {
    await expect(search({ filters: { operator_phone: '0757' } })).rejects.toMatchObject({ status: 409, code: 'opendata.invalid_field' });
    await expect(search({ fields: ['operator_phone'] })).rejects.toMatchObject({ status: 409, code: 'opendata.invalid_field' });
    await expect(search({ sort: [{ field: 'nope', direction: 'asc' }] })).rejects.toMatchObject({ status: 409, code: 'opendata.invalid_field' });
    await expect(search({ q: { operator_phone: '0757' } })).rejects.toMatchObject({ status: 409, code: 'opendata.invalid_field' });
    await expect(search({ filters: { routes: 'many' } })).rejects.toMatchObject({ status: 409, code: 'opendata.invalid_filter' });
    await expect(search({ filters: { opened_on: '2023-02-30' } })).rejects.toMatchObject({ status: 409, code: 'opendata.invalid_filter' });
  });

  it('cuts a new version after a load; the old version keeps its old data, deletions included', async () => {
    await bed.load(bed.openCode, [
      { ...stopRecords(1)[0], stop_name: '西南街道总站' },
      { stop_code: 'SS00001', _op: 'delete' },
      ...stopRecords(1, 40),
    ]);
    expect(await bed.t.platform.opendata.publisher.syncAll()).toMatchObject({ versions: 1 });
    stops = (await bed.t.platform.opendata.datasets.get(stops.name))!;
    expect(stops).toMatchObject({ currentVersion: 2, rowCount: 40 });
    const versions = await bed.t.platform.opendata.datasets.versions(stops.id);
    expect(versions.map((version) => [version.version, version.rowCount])).toEqual([[2, 40], [1, 40]]);

    const current = await search({ filters: { stop_code: ['SS00000', 'SS00001', 'SS00040'] } });
    expect(current.records.map((record) => [record.stop_code, record.stop_name])).toEqual([['SS00000', '西南街道总站'], ['SS00040', '大塘镇第41站']]);
    const old = await search({ version: 1, filters: { stop_code: ['SS00000', 'SS00001', 'SS00040'] } });
    expect(old.records.map((record) => [record.stop_code, record.stop_name])).toEqual([['SS00000', '西南街道第1站'], ['SS00001', '云东海街道第2站']]);
    expect((await search({ version: 1 })).total).toBe(40);
    expect((await search({ version: 1, q: '总站' })).total).toBe(0);
    expect((await search({ version: 2, q: '总站' })).total).toBe(1);
    const sortedOld = await search({ version: 1, sort: [{ field: 'stop_code', direction: 'desc' }], limit: 1 });
    expect(sortedOld.records[0].stop_code).toBe('SS00039');
    await expect(search({ version: 9 })).rejects.toMatchObject({ status: 404, code: 'opendata.version_not_found' });

    // The history index that keeps old versions cheap to read exists.
    const store = await bed.t.platform.exchange.stores.forResource(bed.openCode);
    const index = await sql<{ found: string | null }>`SELECT to_regclass(${`${store.history}_key_seq`})::text AS found`.execute(bed.t.platform.ctx.db);
    expect(index.rows[0].found).not.toBeNull();
  });

  it('deletes within a later version and keeps the row in the earlier ones', async () => {
    await bed.load(bed.openCode, [{ stop_code: 'SS00000', _op: 'delete' }]);
    await bed.t.platform.opendata.publisher.syncAll();
    stops = (await bed.t.platform.opendata.datasets.get(stops.name))!;
    expect(stops.currentVersion).toBe(3);
    expect((await search({ filters: { stop_code: 'SS00000' } })).total).toBe(0);
    expect((await search({ version: 2, filters: { stop_code: 'SS00000' } })).records[0]?.stop_name).toBe('西南街道总站');
    expect((await search({ version: 1, filters: { stop_code: 'SS00000' } })).records[0]?.stop_name).toBe('西南街道第1站');
    expect((await search({ version: 3 })).total).toBe(39);
  });
});
