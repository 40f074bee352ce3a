import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ENTRY_COLUMNS, ITEM_COLUMNS, headerText } from './xlsx-columns.js';
import { writeCatalogWorkbook, type WorkbookResource } from './xlsx-template.js';

async function written(resources: WorkbookResource[] = []): Promise<ExcelJS.Workbook> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeCatalogWorkbook(output, resources);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return workbook;
}

const resource: WorkbookResource = {
  code: '201001-000007', classificationCode: '201001', name: '企业登记信息', nameEn: 'Business registrations', providerDepartmentId: 'x',
  providerCreditCode: '11440607MB2C3000XX', summary: '企业登记', format: 'database', sharingType: 'conditional', sharingConditions: '用于监管',
  sharingMethods: ['api', 'table_sync'], notSharedBasis: null, openType: 'not_open', openConditions: null, updateCycle: 'daily',
  publishDate: '2024-03-01', keywords: ['企业', '登记'], relatedCodes: [],
  dataItems: [
    { name: 'credit_code', label: '统一社会信用代码', type: 'string', length: 18, required: true, key: true, codeList: null, sensitivity: 'public' },
    { name: 'reg_date', label: '成立日期', type: 'date', required: false, key: false, sensitivity: 'internal' },
  ],
};

describe('the catalog workbook', () => {
  it('has the two sheets with bilingual headers, dropdowns and an instructions sheet', async () => {
    const workbook = await written();
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['资源 Entries', '信息项 DataItems', '说明 Instructions']);
    const entries = workbook.getWorksheet('资源 Entries')!;
    expect((entries.getRow(1).values as unknown[]).slice(1)).toEqual(ENTRY_COLUMNS.map(headerText));
    expect((workbook.getWorksheet('信息项 DataItems')!.getRow(1).values as unknown[]).slice(1)).toEqual(ITEM_COLUMNS.map(headerText));
    const sharingType = ENTRY_COLUMNS.findIndex((column) => column.key === 'sharingType') + 1;
    expect(entries.getRow(500).getCell(sharingType).dataValidation).toMatchObject({ type: 'list', formulae: ['"无条件共享,有条件共享,不予共享"'] });
    const instructions = workbook.getWorksheet('说明 Instructions')!;
    const text: string[] = [];
    instructions.eachRow((row) => text.push((row.values as unknown[]).join(' ')));
    expect(text.join('\n')).toContain('每半年');
    expect(text.join('\n')).toContain('half_yearly');
  });

  it('writes resources with Chinese words, one item row per data item', async () => {
    const workbook = await written([resource]);
    const entries = workbook.getWorksheet('资源 Entries')!;
    const row = Object.fromEntries(ENTRY_COLUMNS.map((column, index) => [column.key, entries.getRow(2).getCell(index + 1).value]));
    expect(row).toMatchObject({
      entryNo: 1, sharingType: '有条件共享', sharingMethods: '接口、库表同步', updateCycle: '每日', format: '数据库', openType: '不予开放',
      provider: '11440607MB2C3000XX', keywords: '企业、登记', code: '201001-000007', publishDate: '2024-03-01', notSharedBasis: null,
    });
    const items = workbook.getWorksheet('信息项 DataItems')!;
    expect((items.getRow(2).values as unknown[]).slice(1)).toEqual([1, 'credit_code', '统一社会信用代码', '字符型', 18, '是', '是', undefined, '公开']);
    expect((items.getRow(3).values as unknown[]).slice(1)).toEqual([1, 'reg_date', '成立日期', '日期型', undefined, '否', '否', undefined, '内部']);
  });
});
