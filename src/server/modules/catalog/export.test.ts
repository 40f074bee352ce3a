// Export over HTTP and the CLI, and the round trip: export → import again → the same entries.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogExportCommand, catalogImportCommand, type CommandOutput } from '../../cli/catalog-commands.js';
import { createTestPlatform, seedBasicDirectory, type BasicDirectory, type HttpSession, type TestPlatform } from '../../testing/harness.js';
import { buildWorkbook, multipart, seedClassifications, type CellInput } from './import-fixtures.js';
import { contentDisposition, splitExportQuery } from './export.js';
import { ENTRY_COLUMNS, ITEM_COLUMNS, headerText } from './xlsx-columns.js';

let t: TestPlatform;
let directory: BasicDirectory;
let dataDir: string;
let op: HttpSession;

const sheetRows = (headers: string[], list: Array<Record<string, CellInput>>) => [headers, ...list.map((row) => headers.map((header) => row[header]))];
const base = (no: number, name: string, extra: Record<string, CellInput> = {}): Record<string, CellInput> => ({
  '资源序号 Entry No.': no, '信息资源名称 Name': name, '分类代码 Classification code': '201001', '摘要 Summary': `${name}：摘要`, '格式 Format': '数据库',
  '共享类型 Sharing type': '无条件共享', '开放类型 Open type': '不予开放', '更新周期 Update cycle': '每日', ...extra,
});

async function importAsOperator(content: Buffer) {
  const { payload, headers } = multipart(content);
  const response = await op.inject({ method: 'POST', url: '/api/v1/catalog/import', payload, headers });
  expect(response.statusCode, response.body).toBe(202);
  await t.platform.jobs.drain();
  return (await op.get(`/api/v1/catalog/import/${response.json().job.id}`)).json().job;
}

/** An entry as exported, without what the database assigns (ids, times) or derives from the provider's id. */
function comparable(resource: Record<string, unknown>) {
  const { id: _id, createdAt: _c, updatedAt: _u, providerDepartmentId: _p, ...rest } = resource;
  return rest;
}

async function exportJson(session: HttpSession) {
  const response = await session.get('/api/v1/catalog/export', { format: 'json', status: 'all' });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zs-export-'));
  t = await createTestPlatform({ dataDir });
  directory = await seedBasicDirectory(t.platform);
  await seedClassifications(t.platform.catalog.service);
  op = await t.login(directory.users.dept_operator);
  const file = await buildWorkbook([
    { name: '资源 Entries', rows: sheetRows(ENTRY_COLUMNS.map(headerText), [
      base(1, '企业登记信息', { '英文名称 English name': 'Business registrations', '共享类型 Sharing type': '有条件共享', '共享条件 Sharing conditions': '用于监管', '共享方式 Sharing methods': '接口、库表同步', '信息资源代码 Code (optional)': '201001-000100', '关键词 Keywords': '企业、登记', '发布日期 Publish date': '2024-03-01' }),
      base(2, '涉密名单', { '共享类型 Sharing type': '不予共享', '不予共享依据 Legal basis': '《保守国家秘密法》', '开放类型 Open type': '有条件开放', '开放条件 Open conditions': '申请', '关联资源代码 Related codes': '201001-000100', '更新周期 Update cycle': '不定期', '格式 Format': '文档' }),
      base(3, '许可证', { '共享方式 Sharing methods': '文件下载' }),
    ]) },
    { name: '信息项 DataItems', rows: sheetRows(ITEM_COLUMNS.map(headerText), [
      { '资源序号 Entry No.': 1, '信息项名称 Name': 'credit_code', '中文名称 Label': '统一社会信用代码', '数据类型 Type': '字符型', '长度 Length': 18, '主键 Key': '是', '敏感级别 Sensitivity': '公开' },
      { '资源序号 Entry No.': 1, '信息项名称 Name': 'reg_date', '中文名称 Label': '成立日期', '数据类型 Type': '日期型', '必填 Required': '否' },
      { '资源序号 Entry No.': 2, '信息项名称 Name': 'person_id', '中文名称 Label': '身份证号', '数据类型 Type': '代码型', '代码表 Code list': 'GB 11643', '必填 Required': '是', '敏感级别 Sensitivity': '涉密' },
      { '资源序号 Entry No.': 3, '信息项名称 Name': 'licence_no', '中文名称 Label': '许可证号', '数据类型 Type': '整型', '敏感级别 Sensitivity': '内部' },
    ]) },
  ]);
  const job = await importAsOperator(file);
  expect(job.status, JSON.stringify(job.result)).toBe('succeeded');
});

afterAll(async () => {
  await t?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('catalog export', () => {
  it('answers JSON with the entries the caller may see', async () => {
    const exported = await exportJson(op);
    expect(exported).toMatchObject({ count: 3, truncated: false });
    expect(new Date(exported.exportedAt).getTime()).not.toBeNaN();
    expect(exported.resources.map((resource: { name: string }) => resource.name).sort()).toEqual(['企业登记信息', '涉密名单', '许可证']);
    // Drafts stay with their department; published is the default status.
    expect((await exportJson(await t.login(directory.users.other_op))).count).toBe(0);
    expect((await op.get('/api/v1/catalog/export', { format: 'json' })).json().count).toBe(0);
    expect((await t.inject({ method: 'GET', url: '/api/v1/catalog/export' })).statusCode).toBe(401);
  });

  it('streams XLSX in the template format, with a dated UTF-8 file name', async () => {
    const response = await op.get('/api/v1/catalog/export', { format: 'xlsx', status: 'all' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="catalog-\d{8}\.xlsx"; filename\*=UTF-8''catalog-\d{8}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const entries = workbook.getWorksheet('资源 Entries')!;
    expect(entries.rowCount).toBe(4);
    const names: unknown[] = [];
    entries.eachRow((row, number) => number > 1 && names.push(row.getCell(2).value));
    expect(names).toEqual(['企业登记信息', '涉密名单', '许可证']);
    expect(entries.getRow(2).getCell(ENTRY_COLUMNS.findIndex((column) => column.key === 'sharingType') + 1).value).toBe('有条件共享');
    expect(workbook.getWorksheet('信息项 DataItems')!.rowCount).toBe(5);
  });

  it('round-trips: the exported file imports again as the same entries', async () => {
    const before = (await exportJson(op)).resources.map(comparable);
    const file = (await op.get('/api/v1/catalog/export', { format: 'xlsx', status: 'all' })).rawPayload;
    for (const resource of before) expect((await op.delete(`/api/v1/catalog/resources/${resource.code}`)).statusCode).toBe(204);
    const job = await importAsOperator(file);
    expect(job.status, JSON.stringify(job.result)).toBe('succeeded');
    expect(job.result.codes).toEqual(before.map((resource: { code: string }) => resource.code));
    expect((await exportJson(op)).resources.map(comparable)).toEqual(before);
  });

  it('splits the format parameter into the file type and the resource-format filter', () => {
    expect(splitExportQuery({ format: ['json', 'database', 'document'], status: 'all' })).toEqual({ fileFormat: 'json', filters: { format: ['database', 'document'], status: 'all' } });
    expect(splitExportQuery({})).toEqual({ fileFormat: 'xlsx', filters: {} });
    // `file` names the file type on its own, so `format` stays purely the resource-format filter.
    expect(splitExportQuery({ file: 'json', format: ['database'] })).toEqual({ fileFormat: 'json', filters: { format: ['database'] } });
    expect(contentDisposition('目录-20240301.xlsx')).toBe(`attachment; filename="__-20240301.xlsx"; filename*=UTF-8''${encodeURIComponent('目录-20240301.xlsx')}`);
  });
});

describe('catalog CLI', () => {
  const capture = () => {
    const lines = { out: [] as string[], err: [] as string[] };
    const output: CommandOutput = { log: (line) => lines.out.push(line), error: (line) => lines.err.push(line) };
    return { lines, output };
  };

  it('exports to a file and imports it again with --publish, all or nothing', async () => {
    const out = path.join(dataDir, 'cli-export.xlsx');
    const exported = capture();
    expect(await catalogExportCommand(t.platform, { format: 'xlsx', out }, exported.output)).toBe(0);
    expect(exported.lines.out.join('\n')).toMatch(/exported 3 entries/);

    // Re-importing the same file collides with the existing codes: every entry is refused, nothing written.
    const count = await t.platform.catalog.service.countResources();
    const refused = capture();
    expect(await catalogImportCommand(t.platform, out, {}, refused.output)).toBe(1);
    expect(refused.lines.err.filter((line) => line.startsWith('资源 Entries!'))).toHaveLength(3);
    expect(refused.lines.err[0]).toMatch(/^资源 Entries!2 信息资源代码 Code \(optional\): .+/);
    expect(await t.platform.catalog.service.countResources()).toBe(count);

    const json = path.join(dataDir, 'cli-export.json');
    expect(await catalogExportCommand(t.platform, { format: 'json', out: json }, capture().output)).toBe(0);
    const codes: string[] = JSON.parse(await fs.readFile(json, 'utf8')).resources.map((resource: { code: string }) => resource.code);
    for (const code of codes) await op.delete(`/api/v1/catalog/resources/${code}`);
    const imported = capture();
    expect(await catalogImportCommand(t.platform, out, { publish: true }, imported.output), imported.lines.err.join('\n')).toBe(0);
    expect(imported.lines.out.join('\n')).toMatch(/imported 3 entries[\s\S]*published 3/);
    const published = (await op.get('/api/v1/catalog/export', { format: 'json' })).json();
    expect(published.resources.map((resource: { code: string; status: string }) => [resource.code, resource.status])).toEqual(codes.map((code) => [code, 'published']));
  });

  it('gives blank providers the --department default', async () => {
    const departments = await t.platform.directory.service.listDepartments();
    const other = departments.find((department) => department.id === directory.departments.other)!;
    const file = path.join(dataDir, 'cli-default.xlsx');
    await fs.writeFile(file, await buildWorkbook([
      { name: '资源 Entries', rows: sheetRows(ENTRY_COLUMNS.map(headerText), [base(1, '民政资源')]) },
      { name: '信息项 DataItems', rows: sheetRows(ITEM_COLUMNS.map(headerText), [{ '资源序号 Entry No.': 1, '信息项名称 Name': 'id', '中文名称 Label': '编号', '数据类型 Type': '整型' }]) },
    ]));
    const noDefault = capture();
    expect(await catalogImportCommand(t.platform, file, {}, noDefault.output)).toBe(1);
    expect(noDefault.lines.err[0]).toMatch(/^资源 Entries!2 提供方单位 Provider \(credit code\): /);
    const withDefault = capture();
    expect(await catalogImportCommand(t.platform, file, { department: other.creditCode }, withDefault.output), withDefault.lines.err.join('\n')).toBe(0);
  });
});
