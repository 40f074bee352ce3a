import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpSession } from '../../../testing/harness.js';
import { createExchangeTestbed, VALID_CREDIT_CODES, VALID_ID_NUMBERS, type ExchangeTestbed } from '../test-support.js';

function multipart(file: Buffer, filename: string, fields: Record<string, string> = {}) {
  const boundary = `----ingest${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('file uploads: job, progress, load history, error report, template', () => {
  let bed: ExchangeTestbed;
  let dataDir: string;
  let operator: HttpSession;
  const uploadsOf = () => fs.readdir(path.join(dataDir, 'exchange-uploads')).catch(() => [] as string[]);
  const upload = (session: HttpSession, code: string, file: Buffer, filename: string, fields: Record<string, string> = {}) => {
    const { payload, headers } = multipart(file, filename, fields);
    return session.inject({ method: 'POST', url: `/api/v1/exchange/resources/${code}/uploads`, payload, headers });
  };

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ingest-upload-'));
    bed = await createExchangeTestbed({ dataDir });
    operator = await bed.t.login('own_op');
  });
  afterAll(async () => {
    await bed.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('a GBK CSV goes to disk, loads as a job with progress, and its rejected rows download as a report', async () => {
    const csv = [
      '公民身份号码,姓名,出生日期,household_size',
      `${VALID_ID_NUMBERS[0]},张三,1949-12-31,3`,
      '110105194912310021,李四,1980-01-01,2',
      `${VALID_ID_NUMBERS[1]},王五,2023-02-30,=1+1`,
    ].join('\r\n');
    const file = iconv.encode(csv, 'gbk');
    const accepted = await upload(operator, bed.personCode, file, '人口.csv');
    expect(accepted.statusCode).toBe(202);
    const { loadId, jobId } = accepted.json();
    expect(await uploadsOf()).toEqual([loadId]);

    const queued = await operator.get(`/api/v1/exchange/loads/${loadId}`);
    expect(queued.json()).toMatchObject({ status: 'queued', channel: 'upload', format: 'csv', fileName: '人口.csv', fileBytes: file.length, jobId, job: { status: 'queued' } });

    await bed.t.platform.jobs.drain();
    const done = (await operator.get(`/api/v1/exchange/loads/${loadId}`)).json();
    expect(done).toMatchObject({ status: 'succeeded', received: 3, inserted: 1, rejected: 2, errorCount: 3, job: null });
    const job = await bed.t.platform.jobs.get(jobId);
    expect(job).toMatchObject({ status: 'succeeded', phase: 'done', progress: file.length, total: file.length });
    expect(await uploadsOf()).toEqual([]);

    const report = await operator.get(`/api/v1/exchange/loads/${loadId}/errors`, { format: 'csv' });
    expect(report.headers['content-type']).toContain('text/csv');
    const lines = report.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('行 Row,列 Column,值 Value,原因 Reason,代码 Code');
    expect(lines.slice(1)).toEqual([
      '2,id_number,110105194912310021,公民身份号码无效（GB 11643） / Not a valid citizen ID number (GB 11643).,exchange.invalid_citizen_id',
      '3,birth_date,2023-02-30,日期无效，应为 YYYY-MM-DD / No such date.,exchange.invalid_date',
      // A formula-looking value is neutralised so the report cannot run it in Excel.
      "3,household_size,'=1+1,应为整数 / Expected a whole number.,exchange.invalid_integer",
    ]);

    const json = (await operator.get(`/api/v1/exchange/loads/${loadId}/errors`, { format: 'json' })).json();
    expect(json).toMatchObject({ loadId, errorCount: 3 });
    expect(json.errors[0]).toEqual({ row: 2, column: 'id_number', value: '110105194912310021', reason: expect.stringContaining('公民身份号码无效'), code: 'exchange.invalid_citizen_id' });

    const xlsx = await operator.get(`/api/v1/exchange/loads/${loadId}/errors`, { format: 'xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, '行 Row', '列 Column', '值 Value', '原因 Reason', '代码 Code']);
    expect(sheet.getRow(3).values).toEqual([undefined, 3, 'birth_date', '2023-02-30', '日期无效，应为 YYYY-MM-DD / No such date.', 'exchange.invalid_date']);
  });

  it('the XLSX template comes back filled in and loads atomically', async () => {
    const csvTemplate = await operator.get(`/api/v1/exchange/resources/${bed.licenceCode}/template`, { format: 'csv' });
    expect(csvTemplate.body).toBe('\uFEFFlicence_no,issue_year,holder_name,holder_credit_code\r\n');
    const template = await operator.get(`/api/v1/exchange/resources/${bed.licenceCode}/template`, { format: 'xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['数据 Data', '说明 Notes']);
    expect(workbook.worksheets[1].getRow(2).values).toEqual([undefined, 'licence_no', '许可证号', '字符 string', 30, '是 yes', '是 yes']);
    const data = workbook.worksheets[0];
    data.addRow(['XK-100', 2024, '丙公司', VALID_CREDIT_CODES[3]]);
    data.addRow(['XK-101', 2024, '丁公司', VALID_CREDIT_CODES[1]]);
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());

    const accepted = await upload(operator, bed.licenceCode, filled, 'licences.xlsx', { mode: 'atomic' });
    expect(accepted.statusCode).toBe(202);
    await bed.t.platform.jobs.drain();
    expect((await operator.get(`/api/v1/exchange/loads/${accepted.json().loadId}`)).json()).toMatchObject({ status: 'succeeded', format: 'xlsx', inserted: 2, rejected: 0 });
  });

  it('a file the parser refuses fails its load and writes nothing; an old .xls is refused at once', async () => {
    const store = await bed.t.platform.exchange.stores.forResource(bed.personCode);
    const before = await sql.raw<{ n: number }>(`SELECT count(*)::int AS n FROM ${store.history}`).execute(bed.t.platform.ctx.db);
    const file = Buffer.from(`id_number,shoe_size\n${VALID_ID_NUMBERS[0]},42\n`);
    const accepted = await upload(operator, bed.personCode, file, 'wrong.csv');
    await bed.t.platform.jobs.drain();
    const load = (await operator.get(`/api/v1/exchange/loads/${accepted.json().loadId}`)).json();
    expect(load).toMatchObject({ status: 'failed', errorCode: 'exchange.unknown_columns', inserted: 0 });
    expect(load.errorDetail).toContain('shoe_size');
    expect((await bed.t.platform.jobs.get(accepted.json().jobId))).toMatchObject({ status: 'failed', error_code: 'exchange.unknown_columns' });
    const after = await sql.raw<{ n: number }>(`SELECT count(*)::int AS n FROM ${store.history}`).execute(bed.t.platform.ctx.db);
    expect(after.rows[0].n).toBe(before.rows[0].n);
    expect(await uploadsOf()).toEqual([]);

    const loads = await bed.t.platform.ctx.db.selectFrom('exchange_loads').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const xls = await upload(operator, bed.personCode, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'old.xls');
    expect(xls.json()).toMatchObject({ status: 400, code: 'exchange.unsupported_file' });
    const loadsAfter = await bed.t.platform.ctx.db.selectFrom('exchange_loads').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(loadsAfter.n).toBe(loads.n);
    expect(await uploadsOf()).toEqual([]);
  });

  it('the load history shows each department its own loads only', async () => {
    const mine = (await operator.get('/api/v1/exchange/loads', { resourceCode: bed.personCode })).json();
    expect(mine.total).toBe(2);
    expect(mine.items.every((load: { resourceCode: string }) => load.resourceCode === bed.personCode)).toBe(true);
    const other = await bed.t.login('other_admin');
    expect((await other.get('/api/v1/exchange/loads')).json().total).toBe(0);
    const id = mine.items[0].id;
    expect((await other.get(`/api/v1/exchange/loads/${id}`)).statusCode).toBe(404);
    expect((await other.get(`/api/v1/exchange/loads/${id}/errors`)).statusCode).toBe(404);
    expect((await upload(other, bed.personCode, Buffer.from('id_number\n'), 'x.csv')).statusCode).toBe(403);
    const admin = await bed.t.login('dataadmin');
    expect((await admin.get('/api/v1/exchange/loads')).json().total).toBe(3);
  });
});
