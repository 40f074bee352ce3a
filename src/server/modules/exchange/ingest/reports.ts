/**
 * Files for people: the error report of a load (row, column, value, reason — CSV, XLSX or JSON, streamed from
 * exchange_load_errors page by page) and the file template of a resource (header of data-item names; the XLSX
 * adds a sheet describing each item). Headers are Chinese and English; reasons are Chinese first.
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Db } from '../../../platform/db/database.js';
import type { DataItemType } from '../../catalog/index.js';
import type { StoreDefinition } from '../index.js';

const PAGE = 1000;

export const ERROR_COLUMNS = [
  { header: '行 Row', key: 'row', width: 8 },
  { header: '列 Column', key: 'field', width: 26 },
  { header: '值 Value', key: 'value', width: 30 },
  { header: '原因 Reason', key: 'reason', width: 70 },
  { header: '代码 Code', key: 'code', width: 32 },
] as const;

/** Chinese for the validator's codes; the English message follows it. */
const REASONS_ZH: Record<string, string> = {
  'exchange.required': '必填项为空',
  'exchange.unknown_field': '不是本资源的信息项',
  'exchange.invalid_op': '操作只能是 upsert 或 delete',
  'exchange.invalid_integer': '应为整数',
  'exchange.integer_out_of_range': '整数超出范围',
  'exchange.invalid_decimal': '应为数值，如 1234.56',
  'exchange.invalid_number': '不是有效数字',
  'exchange.invalid_date': '日期无效，应为 YYYY-MM-DD',
  'exchange.invalid_datetime': '日期时间无效，应为 YYYY-MM-DD HH:mm:ss',
  'exchange.invalid_boolean': '应为 是/否（true/false）',
  'exchange.too_long': '超出长度',
  'exchange.invalid_citizen_id': '公民身份号码无效（GB 11643）',
  'exchange.invalid_credit_code': '统一社会信用代码无效（GB 32100）',
  'exchange.invalid_phone': '电话号码无效',
  'exchange.invalid_division_code': '行政区划代码无效（GB/T 2260）',
  'exchange.invalid_email': '电子邮箱无效',
  'exchange.pattern_mismatch': '不符合格式要求',
  'exchange.not_in_code_list': '不在代码表中',
  'exchange.nested_value': '值不能是对象或数组',
};

export const reasonOf = (code: string, message: string) => (REASONS_ZH[code] ? `${REASONS_ZH[code]} / ${message}` : message);

export interface ErrorReportRow {
  row: number;
  field: string | null;
  value: string | null;
  code: string;
  reason: string;
}

/** Every stored rejected row of a load, in order, a page at a time (keyset on seq). */
export async function* errorRows(db: Db, loadId: string): AsyncGenerator<ErrorReportRow> {
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('exchange_load_errors')
      .select(['seq', 'row_number', 'field', 'value', 'code', 'message'])
      .where('load_id', '=', loadId)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const error of page) {
      yield { row: Number(error.row_number), field: error.field, value: error.value, code: error.code, reason: reasonOf(error.code, error.message) };
    }
    if (page.length < PAGE) return;
    after = page[page.length - 1].seq;
  }
}

/** RFC 4180 field: quoted when it holds a separator, quote or line break; formula triggers are neutralised. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A value starting with = + - @ would run as a formula when the report is opened in Excel.
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (cells: unknown[]) => `${cells.map(csvField).join(',')}\r\n`;

/** CSV with a UTF-8 BOM, so Excel opens the Chinese text correctly. */
export function errorReportCsv(rows: AsyncIterable<ErrorReportRow>): Readable {
  return Readable.from((async function* () {
    yield `\uFEFF${csvLine(ERROR_COLUMNS.map((column) => column.header))}`;
    let batch = '';
    for await (const row of rows) {
      batch += csvLine([row.row, row.field, row.value, row.reason, row.code]);
      if (batch.length > 64 * 1024) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  })(), { objectMode: false });
}

export function errorReportJson(rows: AsyncIterable<ErrorReportRow>, load: { id: string; errorCount: number }): Readable {
  return Readable.from((async function* () {
    yield `{"loadId":${JSON.stringify(load.id)},"errorCount":${load.errorCount},"errors":[`;
    let first = true;
    for await (const row of rows) {
      yield `${first ? '' : ','}${JSON.stringify({ row: row.row, column: row.field, value: row.value, reason: row.reason, code: row.code })}`;
      first = false;
    }
    yield ']}';
  })(), { objectMode: false });
}

/** Streams a workbook into a PassThrough the reply can send; errors end the stream. */
function workbookStream(write: (workbook: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<void>): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Zhongshu';
  write(workbook).then(() => workbook.commit()).catch((error: Error) => output.destroy(error));
  return output;
}

export function errorReportXlsx(rows: AsyncIterable<ErrorReportRow>, note: string | null): Readable {
  return workbookStream(async (workbook) => {
    const sheet = workbook.addWorksheet('错误 Errors', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = ERROR_COLUMNS.map(({ key, width }) => ({ key, width }));
    const header = sheet.addRow(ERROR_COLUMNS.map((column) => column.header));
    header.font = { bold: true };
    header.commit();
    for await (const row of rows) sheet.addRow([row.row, row.field, row.value, row.reason, row.code]).commit();
    if (note) sheet.addRow([note]).commit();
    sheet.commit();
  });
}

const TYPE_LABELS: Record<DataItemType, string> = {
  string: '字符 string', integer: '整数 integer', decimal: '数值 decimal', date: '日期 date (YYYY-MM-DD)',
  datetime: '日期时间 datetime (YYYY-MM-DD HH:mm:ss)', boolean: '布尔 boolean (是/否)', code: '代码 code',
};

export const TEMPLATE_NOTE_COLUMNS = ['信息项 Name', '名称 Label', '类型 Type', '长度 Length', '必填 Required', '主键 Key', '代码表 Code list'];

function noteRows(definition: StoreDefinition): unknown[][] {
  return definition.columns.map((column) => [
    column.name, column.label, TYPE_LABELS[column.type] ?? column.type, column.length, column.required || column.key ? '是 yes' : '否 no',
    column.key ? '是 yes' : '否 no', column.codeList,
  ]);
}

export function templateCsv(definition: StoreDefinition): string {
  return `\uFEFF${csvLine(definition.columns.map((column) => column.name))}`;
}

export function templateXlsx(definition: StoreDefinition): Readable {
  return workbookStream(async (workbook) => {
    const data = workbook.addWorksheet('数据 Data', { views: [{ state: 'frozen', ySplit: 1 }] });
    data.columns = definition.columns.map((column) => ({
      key: column.name, width: Math.max(14, column.name.length + 2), style: column.type === 'string' || column.type === 'code' ? { numFmt: '@' } : {},
    }));
    const header = data.addRow(definition.columns.map((column) => column.name));
    header.font = { bold: true };
    header.commit();
    data.commit();
    const notes = workbook.addWorksheet('说明 Notes');
    notes.columns = TEMPLATE_NOTE_COLUMNS.map((_, index) => ({ width: [24, 24, 36, 8, 12, 10, 40][index] }));
    const noteHeader = notes.addRow(TEMPLATE_NOTE_COLUMNS);
    noteHeader.font = { bold: true };
    noteHeader.commit();
    for (const row of noteRows(definition)) notes.addRow(row).commit();
    notes.addRow([]).commit();
    notes.addRow(['第一个工作表的第一行是信息项名称（可删去不需要的非必填列）；可加一列 _op 填 delete 表示按主键删除。']).commit();
    notes.addRow(['Row 1 of the first sheet names the data items (drop optional columns you do not need); an _op column with "delete" deletes by key.']).commit();
    notes.commit();
  });
}
