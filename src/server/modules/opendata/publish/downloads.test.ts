import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpendataTestbed, stopRecords, type OpendataTestbed } from '../test-support.js';

const STOPS = 2_500;
const HEADER = 'stop_code,stop_name,town,routes,opened_on,sheltered';

describe('downloads of a dataset (streamed in keyset batches)', () => {
  let bed: OpendataTestbed;
  let name: string;
  const download = (format: string, extra = '') => bed.t.inject({ method: 'GET', url: `/api/v1/open/datasets/${name}/download?format=${format}${extra}` });

  beforeAll(async () => {
    bed = await createOpendataTestbed({}, { stopCount: STOPS });
    name = (await bed.t.platform.ctx.db.selectFrom('opendata_datasets').select('name').where('catalog_code', '=', bed.openCode).executeTakeFirstOrThrow()).name;
  });
  afterAll(() => bed.close());

  it('gives CSV in UTF-8 with a BOM, a header of column names and every row, without withheld columns', async () => {
    const answer = await download('csv');
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.headers['content-disposition']).toBe(`attachment; filename="${name}.csv"; filename*=UTF-8''${name}.csv`);
    const body = answer.rawPayload;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines).toHaveLength(STOPS + 1);
    expect(lines[1]).toBe('SS00000,西南街道第1站,西南街道,1,2010-01-10,false');
    expect(lines[STOPS]).toBe(`SS0${STOPS - 1},${stopRecords(1, STOPS - 1)[0].stop_name},${stopRecords(1, STOPS - 1)[0].town},${(STOPS - 1) % 9 + 1},${stopRecords(1, STOPS - 1)[0].opened_on},${stopRecords(1, STOPS - 1)[0].sheltered}`);
    expect(new Set(lines.map((line) => line.split(',')[0])).size).toBe(STOPS + 1);
    expect(body.toString('utf8')).not.toContain('0757-87712345');
  });

  it('gives an XLSX workbook exceljs can read, with the labels as header', async () => {
    const answer = await download('xlsx');
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(answer.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, '站点编号', '站点名称', '所在镇街', '途经线路数', '启用日期', '是否有候车亭']);
    expect(sheet.rowCount).toBe(STOPS + 1);
    expect(sheet.getRow(2).values).toEqual([undefined, 'SS00000', '西南街道第1站', '西南街道', 1, '2010-01-10', false]);
  });

  it('gives a JSON array of records with typed values', async () => {
    const answer = await download('json');
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    const records = JSON.parse(answer.body) as Array<Record<string, unknown>>;
    expect(records).toHaveLength(STOPS);
    expect(records[0]).toEqual({ stop_code: 'SS00000', stop_name: '西南街道第1站', town: '西南街道', routes: 1, opened_on: '2010-01-10', sheltered: false });
  });

  it('downloads a published version with its own data after the data changed', async () => {
    await bed.load(bed.openCode, [{ ...stopRecords(1)[0], stop_name: '西南街道总站' }, { stop_code: 'SS00002', _op: 'delete' }]);
    await bed.t.platform.opendata.publisher.syncAll();
    const current = (await download('csv')).body.split('\r\n');
    expect(current[1]).toContain('西南街道总站');
    expect(current).toHaveLength(STOPS + 1);
    const old = await download('csv', '&version=1');
    expect(old.headers['content-disposition']).toContain(`${name}-v1.csv`);
    const lines = old.body.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(STOPS + 1);
    expect(lines[1]).toBe('SS00000,西南街道第1站,西南街道,1,2010-01-10,false');
    expect(lines[3].startsWith('SS00002,')).toBe(true);
    const oldJson = JSON.parse((await download('json', '&version=1')).body) as unknown[];
    expect(oldJson).toHaveLength(STOPS);
    expect((await download('csv', '&version=7')).json()).toMatchObject({ status: 404, code: 'opendata.version_not_found' });
  });

  it('answers 404 for an unknown dataset and 400 for an unknown format', async () => {
    expect((await bed.t.inject({ method: 'GET', url: '/api/v1/open/datasets/nope/download?format=csv' })).json()).toMatchObject({ status: 404, code: 'opendata.dataset_not_found' });
    expect((await download('pdf')).statusCode).toBe(400);
  });
});
