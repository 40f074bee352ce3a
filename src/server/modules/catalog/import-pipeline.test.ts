// The import pipeline on its own: files built with exceljs, a stand-in catalog service that records what it
// is asked (the database-backed journey is in import-http.test.ts).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../../platform/actor.js';
import type { FieldError } from '../../platform/errors.js';
import type { JobProgress } from '../../platform/jobs.js';
import type { DepartmentRef } from '../directory/index.js';
import type { ResourceInput } from './index.js';
import { buildWorkbook, type CellInput } from './import-fixtures.js';
import { runCatalogImport, type ImportDeps } from './import.js';
import { ENTRY_COLUMNS, ITEM_COLUMNS, headerText } from './xlsx-columns.js';

const department = (id: string, creditCode: string, name: string): DepartmentRef => ({
  id, name, nameEn: null, shortCode: '01', creditCode, regionCode: '440607', parentId: null, kind: 'economy', status: 'active',
});
const OWN = department('00000000-0000-4000-8000-000000000001', '11440607MB2C30001A', '区市场监督管理局');
const OTHER = department('00000000-0000-4000-8000-000000000002', '11440607MB2C30012B', '区民政局');
const operator: UserActor = {
  kind: 'user', userId: 'u1', username: 'op', displayName: 'op', departmentId: OWN.id, roles: ['dept_operator'], mustChangePassword: false,
};

function fakeCatalog(check: (input: ResourceInput) => FieldError[] = () => []) {
  const created: ResourceInput[][] = [];
  const deps: ImportDeps = {
    directory: { listDepartments: async () => [OWN, OTHER] },
    catalog: {
      validateInput: async (_actor, input) => check(input),
      createMany: async (_actor, inputs, options) => {
        created.push(inputs);
        for (let done = 1; done <= inputs.length; done++) await options?.onProgress?.(done);
        return inputs.map((_, index) => `201001-${String(index + 1).padStart(6, '0')}`);
      },
    },
  };
  return { deps, created };
}

const ENTRY_HEADERS = ENTRY_COLUMNS.map(headerText);
const ITEM_HEADERS = ITEM_COLUMNS.map(headerText);

function entry(no: number, overrides: Record<string, CellInput> = {}): Record<string, CellInput> {
  return {
    '资源序号 Entry No.': no, '信息资源名称 Name': `企业登记信息${no}`, '分类代码 Classification code': '201001', '摘要 Summary': '市场主体登记',
    '格式 Format': '数据库', '共享类型 Sharing type': '无条件共享', '共享方式 Sharing methods': '接口、文件下载', '开放类型 Open type': '不予开放',
    '更新周期 Update cycle': '每日', '关键词 Keywords': '企业，登记', ...overrides,
  };
}
function item(no: number, name: string, overrides: Record<string, CellInput> = {}): Record<string, CellInput> {
  return { '资源序号 Entry No.': no, '信息项名称 Name': name, '中文名称 Label': name, '数据类型 Type': '字符型', '必填 Required': '是', '敏感级别 Sensitivity': '公开', ...overrides };
}
const rows = (headers: string[], list: Array<Record<string, CellInput>>) => [headers, ...list.map((row) => headers.map((header) => row[header]))];

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zs-import-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function fileOf(name: string, sheets: Array<{ name: string; rows: CellInput[][] }>): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, await buildWorkbook(sheets));
  return file;
}

describe('runCatalogImport', () => {
  it('converts Chinese words and reordered columns into ResourceInputs', async () => {
    const reversedEntries = [...ENTRY_HEADERS].reverse();
    const file = await fileOf('words.xlsx', [
      { name: '信息项 DataItems', rows: rows([...ITEM_HEADERS].reverse(), [item(1, 'credit_code', { '主键 Key': '是', '长度 Length': 18 }), item(1, 'reg_date', { '数据类型 Type': '日期型', '必填 Required': '否' })]) },
      { name: '资源 Entries', rows: rows(reversedEntries, [entry(1, { '共享类型 Sharing type': '有条件共享', '共享条件 Sharing conditions': '用于监管', '发布日期 Publish date': new Date(Date.UTC(2024, 2, 1)) })]) },
    ]);
    const { deps, created } = fakeCatalog();
    const outcome = await runCatalogImport(deps, operator, file);
    expect(outcome).toMatchObject({ ok: true, imported: 1 });
    expect(created[0][0]).toMatchObject({
      name: '企业登记信息1', providerDepartmentId: OWN.id, format: 'database', sharingType: 'conditional', sharingConditions: '用于监管',
      sharingMethods: ['api', 'file'], openType: 'not_open', updateCycle: 'daily', publishDate: '2024-03-01', keywords: ['企业', '登记'],
      dataItems: [
        { name: 'credit_code', type: 'string', length: 18, required: true, key: true, sensitivity: 'public' },
        { name: 'reg_date', type: 'date', required: false, key: false },
      ],
    });
  });

  it('reports every problem of both sheets with its cell, and writes nothing', async () => {
    const file = await fileOf('errors.xlsx', [
      { name: '资源 Entries', rows: rows([...ENTRY_HEADERS, '备注 Remarks'], [
        entry(1, { '共享类型 Sharing type': '随便共享' }),
        entry(2, { '提供方单位 Provider (credit code)': OTHER.creditCode, '发布日期 Publish date': '明天' }),
        entry(2, { '信息资源代码 Code (optional)': '201001-000001' }),
        entry(4, { '信息资源代码 Code (optional)': '201001-000001', '信息资源名称 Name': 'BAD' }),
      ]) },
      { name: '信息项 DataItems', rows: rows(ITEM_HEADERS, [item(1, 'a'), item(1, 'b', { '长度 Length': 'long' }), item(9, 'c'), item(4, 'd'), item(4, 'e')]) },
    ]);
    const { deps, created } = fakeCatalog((input) => (input.name === 'BAD' ? [
      { pointer: '/dataItems/1/name', code: 'catalog.duplicate_data_item', message: 'repeated' },
    ] : input.sharingType === ('' as never) ? [{ pointer: '/sharingType', code: 'validation.required', message: 'repeats the cell error' }] : []));
    const outcome = await runCatalogImport(deps, operator, file);
    expect(created).toEqual([]);
    if (outcome.ok) throw new Error('expected a rejection');
    expect(outcome.code).toBe('catalog.import_invalid');
    const brief = outcome.errors.map((error) => [error.sheet, error.row, error.column, error.code]);
    expect(brief).toEqual([
      ['资源 Entries', 1, '备注 Remarks', 'catalog.import_unknown_column'],
      ['资源 Entries', 2, '共享类型 Sharing type', 'catalog.import_invalid_value'],
      ['资源 Entries', 3, '提供方单位 Provider (credit code)', 'catalog.import_other_department'],
      ['资源 Entries', 3, '发布日期 Publish date', 'catalog.import_invalid_value'],
      ['资源 Entries', 4, '资源序号 Entry No.', 'catalog.import_duplicate_entry_no'],
      ['资源 Entries', 5, '信息资源代码 Code (optional)', 'catalog.import_duplicate_code'],
      ['信息项 DataItems', 3, '长度 Length', 'catalog.import_invalid_value'],
      ['信息项 DataItems', 4, '资源序号 Entry No.', 'catalog.import_unknown_entry_no'],
      ['信息项 DataItems', 6, '信息项名称 Name', 'catalog.duplicate_data_item'],
    ]);
    expect(outcome.errors[1]).toMatchObject({ value: '随便共享' });
    expect(outcome.errors[1].reason).toMatch(/无条件共享/);
    expect(outcome.errorCount).toBe(9);
  });

  it('passes over a title above the header row and sheets it does not know', async () => {
    const file = await fileOf('title.xlsx', [
      { name: '说明 Instructions', rows: [['随便写的说明']] },
      { name: '资源 Entries', rows: [['某区信息资源目录（2024年）'], [], ...rows(ENTRY_HEADERS, [entry(1)])] },
      { name: '信息项 DataItems', rows: [['信息项'], ...rows(ITEM_HEADERS, [item(1, 'id')])] },
      { name: 'Sheet4', rows: [['whatever']] },
    ]);
    const { deps, created } = fakeCatalog();
    expect(await runCatalogImport(deps, operator, file)).toMatchObject({ ok: true, imported: 1 });
    expect(created[0][0].dataItems).toHaveLength(1);
  });

  it('reports missing sheets and columns once, not once per row', async () => {
    const file = await fileOf('missing.xlsx', [{ name: '资源 Entries', rows: rows(ENTRY_HEADERS.filter((header) => !header.startsWith('摘要')), [entry(1), entry(2)]) }]);
    const { deps } = fakeCatalog((input) => [
      ...(input.summary === '' ? [{ pointer: '/summary', code: 'validation.required', message: 'required' }] : []),
      ...(input.dataItems.length === 0 ? [{ pointer: '/dataItems', code: 'catalog.data_items_required', message: 'no items' }] : []),
    ]);
    const outcome = await runCatalogImport(deps, operator, file);
    if (outcome.ok) throw new Error('expected a rejection');
    expect(outcome.errors.map((error) => error.code)).toEqual(['catalog.import_missing_column', 'catalog.import_missing_sheet']);
  });

  it('reports progress at least every 100 rows through reading, validating and importing', async () => {
    const entries = Array.from({ length: 600 }, (_, index) => entry(index + 1));
    const file = await fileOf('many.xlsx', [
      { name: '资源 Entries', rows: rows(ENTRY_HEADERS, entries) },
      { name: '信息项 DataItems', rows: rows(ITEM_HEADERS, entries.map((_, index) => item(index + 1, 'id'))) },
    ]);
    const reports: JobProgress[] = [];
    const { deps } = fakeCatalog();
    const outcome = await runCatalogImport(deps, operator, file, { report: (progress) => void reports.push(progress) });
    expect(outcome).toMatchObject({ ok: true, imported: 600 });
    const phases = reports.filter((report) => report.phase).map((report) => report.phase);
    expect(phases).toEqual(['reading', 'validating', 'importing']);
    let phase = '';
    let last = 0;
    for (const report of reports) {
      if (report.phase) [phase, last] = [report.phase, 0];
      expect(report.progress! - last).toBeLessThanOrEqual(100);
      last = report.progress!;
      if (phase !== 'reading') expect(report.total).toBe(600);
    }
    expect(reports.at(-1)).toEqual({ progress: 600, total: 600 });
    if (outcome.ok) expect(outcome.phases.map((timing) => timing.phase)).toEqual(['reading', 'validating', 'importing']);
  });

  it('stops streaming at the row cap', async () => {
    const file = await fileOf('cap.xlsx', [{ name: '资源 Entries', rows: rows(ENTRY_HEADERS, Array.from({ length: 30 }, (_, index) => entry(index + 1))) }]);
    const { deps } = fakeCatalog();
    const outcome = await runCatalogImport(deps, operator, file, { readLimits: { maxEntries: 20, maxItems: 100 } });
    expect(outcome).toMatchObject({ ok: false, code: 'catalog.import_too_large' });
  });
});
