/**
 * Exports of the audit log and the data-access log as CSV or XLSX, streamed page by page so a file of 200,000
 * rows costs little memory. CSV is UTF-8 with a byte-order mark (Excel on Chinese Windows reads it as UTF-8 only
 * then) and neutralises cells that a spreadsheet would run as a formula (=, +, -, @ at the start): audit data
 * holds strings that outsiders chose, such as the usernames of failed logins.
 */
import { PassThrough, Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { AccessRow, AuditRow } from './audit-repository.js';

export type ExportFormat = 'csv' | 'xlsx';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MIME = 'text/csv; charset=utf-8';
/** At most this many rows per file: narrow the filters (time range) for more. */
export const AUDIT_EXPORT_MAX_ROWS = 200_000;

type Cell = string | number | null;

export interface ExportColumn<R> {
  header: string;
  width: number;
  value(row: R): Cell;
}

const iso = (value: Date): string => value.toISOString();
const jsonText = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

export const AUDIT_COLUMNS: ExportColumn<AuditRow>[] = [
  { header: '序号 Id', width: 10, value: (row) => row.id },
  { header: '时间 Time (UTC)', width: 26, value: (row) => iso(row.at) },
  { header: '操作人类型 Actor type', width: 12, value: (row) => row.actor_type },
  { header: '操作人 Actor', width: 18, value: (row) => row.actor_name },
  { header: '操作人 ID Actor id', width: 38, value: (row) => row.actor_id },
  { header: '部门 ID Department id', width: 38, value: (row) => row.department_id },
  { header: '操作 Action', width: 26, value: (row) => row.action },
  { header: '对象类型 Target type', width: 16, value: (row) => row.target_type },
  { header: '对象 ID Target id', width: 38, value: (row) => row.target_id },
  { header: '结果 Result', width: 10, value: (row) => row.result },
  { header: 'IP', width: 16, value: (row) => row.ip },
  { header: '请求号 Request id', width: 38, value: (row) => row.request_id },
  { header: '变更前 Before', width: 40, value: (row) => jsonText(row.before) },
  { header: '变更后 After', width: 40, value: (row) => jsonText(row.after) },
  { header: '前一哈希 Previous hash', width: 66, value: (row) => row.prev_hash },
  { header: '哈希 Hash', width: 66, value: (row) => row.hash },
];

export const ACCESS_COLUMNS: ExportColumn<AccessRow>[] = [
  { header: '序号 Id', width: 10, value: (row) => row.id },
  { header: '时间 Time (UTC)', width: 26, value: (row) => iso(row.at) },
  { header: '业务系统 System', width: 18, value: (row) => row.system_code },
  { header: '系统名称 System name', width: 24, value: (row) => row.system_name },
  { header: '部门 Department', width: 24, value: (row) => row.department_name },
  { header: '访问者类型 Actor type', width: 12, value: (row) => row.actor_type },
  { header: '访问者 ID Actor id', width: 38, value: (row) => row.actor_id },
  { header: '授权 ID Grant id', width: 38, value: (row) => row.grant_id },
  { header: '资源代码 Resource code', width: 22, value: (row) => row.resource_code },
  { header: '操作 Operation', width: 14, value: (row) => row.operation },
  { header: '用途 Purpose', width: 30, value: (row) => row.purpose },
  { header: '条件 Filter', width: 30, value: (row) => jsonText(row.filter) },
  { header: '字段 Fields', width: 30, value: (row) => (row.fields ? row.fields.join(',') : null) },
  { header: '记录数 Records', width: 10, value: (row) => row.record_count },
  { header: '结果 Result', width: 10, value: (row) => row.result },
  { header: '状态码 Status', width: 8, value: (row) => row.status_code },
  { header: '请求号 Request id', width: 38, value: (row) => row.request_id },
  { header: '哈希 Hash', width: 66, value: (row) => row.hash },
];

/** A text cell a spreadsheet would evaluate gets a leading apostrophe (OWASP CSV injection advice). */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = neutralise(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvStream<R>(columns: ExportColumn<R>[], pages: AsyncIterable<R[]>): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield `\uFEFF${columns.map((column) => csvCell(column.header)).join(',')}\r\n`;
    for await (const page of pages) {
      yield page.map((row) => `${columns.map((column) => csvCell(column.value(row))).join(',')}\r\n`).join('');
    }
  }
  return Readable.from(lines());
}

export async function writeXlsx<R>(output: Writable, sheetName: string, columns: ExportColumn<R>[], pages: AsyncIterable<R[]>): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Zhongshu';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column, index) => ({ key: String(index), width: column.width }));
  const header = sheet.addRow(columns.map((column) => column.header));
  header.font = { bold: true };
  header.commit();
  for await (const page of pages) {
    // Text cells are stored as strings (never formulas) in XLSX, so no neutralising is needed here.
    for (const row of page) sheet.addRow(columns.map((column) => column.value(row))).commit();
  }
  sheet.commit();
  await workbook.commit();
}

/** The XLSX as a stream for the reply; an error while writing cuts the download short and is reported. */
export function xlsxStream<R>(sheetName: string, columns: ExportColumn<R>[], pages: AsyncIterable<R[]>, onError: (error: unknown) => void): PassThrough {
  const body = new PassThrough();
  writeXlsx(body, sheetName, columns, pages).catch((error: unknown) => {
    onError(error);
    body.destroy(error as Error);
  });
  return body;
}

/** The date in China, where the platform's users are, whatever the server's time zone: YYYYMMDD. */
export function exportDate(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now).replace(/-/g, '');
}

/** RFC 6266 with both the plain and the UTF-8 (RFC 5987) form. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
