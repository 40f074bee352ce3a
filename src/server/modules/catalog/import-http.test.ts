// Import through HTTP on a real database: upload → job (drained here) → result, report and entries.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, seedBasicDirectory, type BasicDirectory, type HttpSession, type TestPlatform } from '../../testing/harness.js';
import { WORKBOOK_XML, buildWorkbook, buildZip, deflatedZeros, fillTemplate, multipart, seedClassifications, type CellInput } from './import-fixtures.js';
import { ENTRY_COLUMNS, ITEM_COLUMNS, headerText } from './xlsx-columns.js';

let t: TestPlatform;
let directory: BasicDirectory;
let dataDir: string;
let op: HttpSession;
let ownCredit: string;
let otherCredit: string;
const uploads = () => fs.readdir(path.join(dataDir, 'uploads')).catch(() => [] as string[]);

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zs-import-http-'));
  t = await createTestPlatform({ dataDir, uploadMaxBytes: 2 * 1024 * 1024 });
  directory = await seedBasicDirectory(t.platform);
  await seedClassifications(t.platform.catalog.service);
  const departments = await t.platform.directory.service.listDepartments();
  ownCredit = departments.find((department) => department.id === directory.departments.own)!.creditCode;
  otherCredit = departments.find((department) => department.id === directory.departments.other)!.creditCode;
  op = await t.login(directory.users.dept_operator);
});

afterAll(async () => {
  await t?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function upload(session: HttpSession, content: Buffer) {
  const { payload, headers } = multipart(content);
  return session.inject({ method: 'POST', url: '/api/v1/catalog/import', payload, headers });
}

/** Uploads, runs the queued job and answers the finished job. */
async function importFile(session: HttpSession, content: Buffer) {
  const response = await upload(session, content);
  expect(response.statusCode, response.body).toBe(202);
  const { job } = response.json();
  expect(job.status).toBe('queued');
  await t.platform.jobs.drain();
  const finished = await session.get(`/api/v1/catalog/import/${job.id}`);
  expect(finished.statusCode).toBe(200);
  return finished.json().job;
}

const entry = (no: number, name: string, extra: Record<string, CellInput> = {}): Record<string, CellInput> => ({
  '资源序号 Entry No.': no, '信息资源名称 Name': name, '分类代码 Classification code': '201001', '摘要 Summary': `${name}的摘要`,
  '格式 Format': '数据库', '共享类型 Sharing type': '有条件共享', '共享条件 Sharing conditions': '用于市场监管', '共享方式 Sharing methods': '接口',
  '开放类型 Open type': '不予开放', '更新周期 Update cycle': '每月', '关键词 Keywords': '企业、登记', ...extra,
});
const item = (no: number, name: string, label: string, extra: Record<string, CellInput> = {}): Record<string, CellInput> => ({
  '资源序号 Entry No.': no, '信息项名称 Name': name, '中文名称 Label': label, '数据类型 Type': '字符型', '必填 Required': '是', '敏感级别 Sensitivity': '内部', ...extra,
});
const sheetRows = (headers: string[], list: Array<Record<string, CellInput>>) => [headers, ...list.map((row) => headers.map((header) => row[header]))];

describe('catalog import over HTTP', () => {
  it('imports a filled-in template as drafts with their data items, and deletes the upload', async () => {
    const template = await op.get('/api/v1/catalog/import/template');
    expect(template.statusCode).toBe(200);
    expect(template.headers['content-type']).toContain('spreadsheetml');
    const filled = await fillTemplate(template.rawPayload, {
      entries: [entry(1, '企业登记信息'), entry(2, '个体工商户信息', { '共享类型 Sharing type': '无条件共享', '共享条件 Sharing conditions': null }), entry(3, '食品经营许可', { '发布日期 Publish date': '2024-05-01' })],
      items: [
        item(1, 'credit_code', '统一社会信用代码', { '主键 Key': '是', '长度 Length': 18 }), item(1, 'name', '名称'),
        item(2, 'owner_name', '经营者姓名', { '敏感级别 Sensitivity': '敏感' }), item(3, 'licence_no', '许可证编号', { '数据类型 Type': '代码型', '代码表 Code list': 'SC' }),
      ],
    });
    const job = await importFile(op, filled);
    expect(job).toMatchObject({ status: 'succeeded', phase: 'importing', progress: 3, total: 3, result: { imported: 3 } });
    expect(await uploads()).toEqual([]);
    const codes: string[] = job.result.codes;
    expect(codes).toHaveLength(3);
    const first = (await op.get(`/api/v1/catalog/resources/${codes[0]}`)).json();
    expect(first).toMatchObject({
      name: '企业登记信息', status: 'draft', providerDepartmentId: directory.departments.own, sharingType: 'conditional', sharingMethods: ['api'], updateCycle: 'monthly',
      keywords: ['企业', '登记'],
      dataItems: [
        { name: 'credit_code', label: '统一社会信用代码', type: 'string', length: 18, key: true, required: true, sensitivity: 'internal' },
        { name: 'name', label: '名称', key: false, required: true },
      ],
    });
    expect((await op.get(`/api/v1/catalog/resources/${codes[2]}`)).json()).toMatchObject({ publishDate: '2024-05-01', dataItems: [{ type: 'code', codeList: 'SC' }] });
  });

  it('reports every error of both sheets with its cell, writes nothing, and offers the report as XLSX', async () => {
    const before = await t.platform.catalog.service.countResources();
    const file = await buildWorkbook([
      { name: '资源 Entries', rows: sheetRows(ENTRY_COLUMNS.map(headerText), [
        entry(1, '好的资源'),
        entry(2, '缺条件', { '共享条件 Sharing conditions': null }),
        entry(3, '', { '更新周期 Update cycle': '偶尔', '分类代码 Classification code': '999999' }),
      ]) },
      { name: '信息项 DataItems', rows: sheetRows(ITEM_COLUMNS.map(headerText), [
        item(1, 'id', '编号'), item(2, 'Bad Name', '坏名字'), item(2, 'ok', ''), item(3, 'x', '某项', { '数据类型 Type': '图片型' }), item(7, 'y', '孤儿'),
      ]) },
    ]);
    const job = await importFile(op, file);
    expect(job.status).toBe('failed');
    expect(job.errorCode).toBe('catalog.import_invalid');
    expect(await t.platform.catalog.service.countResources()).toBe(before);
    const errors: Array<{ sheet: string; row: number; column: string; value: string; reason: string; code: string }> = job.result.errors;
    const places = errors.map((error) => `${error.sheet}!${error.row} ${error.column}`);
    expect(places).toEqual([
      '资源 Entries!3 共享条件 Sharing conditions',
      '资源 Entries!4 信息资源名称 Name',
      '资源 Entries!4 分类代码 Classification code',
      '资源 Entries!4 更新周期 Update cycle',
      '信息项 DataItems!3 信息项名称 Name',
      '信息项 DataItems!4 中文名称 Label',
      '信息项 DataItems!5 数据类型 Type',
      '信息项 DataItems!6 资源序号 Entry No.',
    ]);
    for (const error of errors) expect(error.reason).not.toBe('');
    expect(errors.find((error) => error.column === '更新周期 Update cycle')).toMatchObject({ value: '偶尔', code: 'catalog.import_invalid_value' });
    expect(errors.find((error) => error.sheet === '信息项 DataItems' && error.row === 3)).toMatchObject({ value: 'Bad Name', code: 'catalog.invalid_data_item_name' });

    const report = await op.get(`/api/v1/catalog/import/${job.id}/errors.xlsx`);
    expect(report.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['工作表 Sheet', '行 Row', '列 Column', '值 Value', '原因 Reason', '代码 Code']);
    expect(sheet.rowCount).toBe(errors.length + 1);
    expect((sheet.getRow(2).values as unknown[]).slice(1, 4)).toEqual([errors[0].sheet, errors[0].row, errors[0].column]);
  });

  it('accepts Chinese words and API values in reordered columns', async () => {
    const entryHeaders = [...ENTRY_COLUMNS.map(headerText)].reverse();
    const itemHeaders = ['中文名称 Label', '数据类型 Type', '资源序号 Entry No.', '信息项名称 Name', '敏感级别 Sensitivity', '必填 Required'];
    const file = await buildWorkbook([
      { name: '信息项 DataItems', rows: sheetRows(itemHeaders, [item(1, 'amount', '金额', { '数据类型 Type': 'decimal', '敏感级别 Sensitivity': 'public', '必填 Required': '否' }), item(2, 'day', '日期', { '数据类型 Type': '日期型' })]) },
      { name: '资源 Entries', rows: sheetRows(entryHeaders, [
        entry(1, '财政收入', { '共享类型 Sharing type': 'unconditional', '共享条件 Sharing conditions': null, '更新周期 Update cycle': '每季度', '共享方式 Sharing methods': '文件下载, table_sync', '提供方单位 Provider (credit code)': ownCredit }),
        entry(2, '不共享的资源', { '共享类型 Sharing type': '不予共享', '不予共享依据 Legal basis': '《保守国家秘密法》', '开放类型 Open type': 'not_open', '格式 Format': '电子表格', '更新周期 Update cycle': 'half-yearly' }),
      ]) },
    ]);
    const job = await importFile(op, file);
    expect(job.status, JSON.stringify(job.result)).toBe('succeeded');
    const [first, second] = await Promise.all(job.result.codes.map(async (code: string) => (await op.get(`/api/v1/catalog/resources/${code}`)).json()));
    expect(first).toMatchObject({ sharingType: 'unconditional', updateCycle: 'quarterly', sharingMethods: ['file', 'table_sync'], dataItems: [{ type: 'decimal', sensitivity: 'public', required: false }] });
    expect(second).toMatchObject({ sharingType: 'not_shared', notSharedBasis: '《保守国家秘密法》', format: 'spreadsheet', updateCycle: 'half_yearly', dataItems: [{ type: 'date' }] });
  });

  it('refuses oversized uploads (413), files that are not XLSX (400), zip bombs and broken uploads, leaving no file behind', async () => {
    const big = await upload(op, Buffer.alloc(3 * 1024 * 1024, 1));
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('payload.too_large');
    const text = await upload(op, Buffer.from('资源序号,名称\n1,人口\n'));
    expect(text.statusCode).toBe(400);
    expect(text.json().code).toBe('catalog.import_invalid_file');
    const bomb = buildZip([
      { name: 'xl/workbook.xml', data: WORKBOOK_XML, method: 0, uncompressedSize: WORKBOOK_XML.length },
      { name: 'xl/worksheets/sheet1.xml', data: await deflatedZeros(250 * 1024 * 1024), uncompressedSize: 250 * 1024 * 1024 },
    ]);
    const refused = await upload(op, bomb);
    expect(refused.statusCode).toBe(413);
    expect(refused.json().code).toBe('catalog.import_too_large');
    const { payload, headers } = multipart(Buffer.alloc(5000, 7));
    const cut = await op.inject({ method: 'POST', url: '/api/v1/catalog/import', payload: payload.subarray(0, 3000), headers });
    expect(cut.json()).toMatchObject({ status: 400, code: 'catalog.import_invalid_upload' });
    const wrongField = multipart(Buffer.from('x'), { field: 'upload' });
    expect((await op.inject({ method: 'POST', url: '/api/v1/catalog/import', payload: wrongField.payload, headers: wrongField.headers })).json().code).toBe('catalog.import_no_file');
    expect((await op.post('/api/v1/catalog/import', { file: 'x' })).statusCode).toBe(415);
    expect(await uploads()).toEqual([]);
  });

  it('keeps a department operator to their own department', async () => {
    const before = await t.platform.catalog.service.countResources();
    const file = await buildWorkbook([
      { name: '资源 Entries', rows: sheetRows(ENTRY_COLUMNS.map(headerText), [entry(1, '他人资源', { '提供方单位 Provider (credit code)': otherCredit }), entry(2, '自己的', { '提供方单位 Provider (credit code)': ownCredit })]) },
      { name: '信息项 DataItems', rows: sheetRows(ITEM_COLUMNS.map(headerText), [item(1, 'a', '甲'), item(2, 'b', '乙')]) },
    ]);
    const job = await importFile(op, file);
    expect(job.status).toBe('failed');
    expect(job.result.errors).toEqual([expect.objectContaining({ sheet: '资源 Entries', row: 2, column: '提供方单位 Provider (credit code)', value: otherCredit, code: 'catalog.import_other_department' })]);
    expect(await t.platform.catalog.service.countResources()).toBe(before);
    // Another department's operator cannot see the job; a user without a catalog role cannot upload.
    const stranger = await t.login(directory.users.other_op);
    expect((await stranger.get(`/api/v1/catalog/import/${job.id}`)).statusCode).toBe(404);
    expect((await upload(await t.login(directory.users.no_role), file)).statusCode).toBe(403);
    // The data admin may import for any department and read any import job.
    const admin = await t.login(directory.users.data_admin);
    expect((await admin.get(`/api/v1/catalog/import/${job.id}`)).statusCode).toBe(200);
    expect((await importFile(admin, file)).status).toBe('succeeded');
  });

  it('reports progress of a 600-entry import up to its total', async () => {
    const entries = Array.from({ length: 600 }, (_, index) => entry(index + 1, `批量资源${index + 1}`));
    const file = await buildWorkbook([
      { name: '资源 Entries', rows: sheetRows(ENTRY_COLUMNS.map(headerText), entries) },
      { name: '信息项 DataItems', rows: sheetRows(ITEM_COLUMNS.map(headerText), entries.map((_, index) => item(index + 1, 'id', '编号'))) },
    ]);
    const job = await importFile(op, file);
    expect(job).toMatchObject({ status: 'succeeded', phase: 'importing', progress: 600, total: 600, result: { imported: 600 } });
    expect(job.result.phases.map((timing: { phase: string }) => timing.phase)).toEqual(['reading', 'validating', 'importing']);
  });
});
