/**
 * The error report of a rejected import as a workbook: one row per problem with the sheet, row and column to
 * fix, what the cell said and why it is wrong. Streamed, so a report of many thousand rows costs little memory.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ImportError } from './import-errors.js';

export const ERROR_REPORT_SHEET = '错误 Errors';

const COLUMNS: Array<{ header: string; key: keyof ImportError; width: number }> = [
  { header: '工作表 Sheet', key: 'sheet', width: 18 },
  { header: '行 Row', key: 'row', width: 8 },
  { header: '列 Column', key: 'column', width: 26 },
  { header: '值 Value', key: 'value', width: 30 },
  { header: '原因 Reason', key: 'reason', width: 70 },
  { header: '代码 Code', key: 'code', width: 34 },
];

export async function writeErrorReport(output: Writable, errors: readonly ImportError[], note?: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Zhongshu';
  const sheet = workbook.addWorksheet(ERROR_REPORT_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map(({ key, width }) => ({ key, width }));
  const header = sheet.addRow(COLUMNS.map((column) => column.header));
  header.font = { bold: true };
  header.commit();
  for (const [index, error] of errors.entries()) {
    // Row 0 means "the whole file": leave the cell empty rather than print a row that does not exist.
    sheet.addRow([error.sheet, error.row > 0 ? error.row : null, error.column, error.value, error.reason, error.code]).commit();
    if (index % 500 === 499) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (note) sheet.addRow([note]).commit();
  sheet.commit();
  await workbook.commit();
}
