/**
 * A department's bill as a streamed XLSX workbook, one sheet "账单 Bill": the header (department, month, status,
 * total), the line items (business system, provider, offering, resource, hours, monthly price, amount — money in
 * yuan with two decimals), then the sums by business system and by provider. Labels are Chinese with English.
 */
import ExcelJS from 'exceljs';
import type { Bill } from '../index.js';

export const BILL_SHEET = '账单 Bill';
const YUAN = '#,##0.00';
const yuan = (fen: number) => fen / 100;

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function billFilename(bill: Pick<Bill, 'departmentName' | 'month'>): string {
  return `云服务账单-${bill.departmentName}-${bill.month}.xlsx`;
}

/** RFC 6266 with the plain and the UTF-8 (RFC 5987) name, so every browser keeps the Chinese file name. */
export function billContentDisposition(bill: Pick<Bill, 'departmentName' | 'month'>): string {
  const filename = billFilename(bill);
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

function sums(bill: Bill, key: (line: Bill['lines'][number]) => string): Array<[string, number]> {
  const totals = new Map<string, number>();
  for (const line of bill.lines) totals.set(key(line), (totals.get(key(line)) ?? 0) + line.amountFen);
  return [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'));
}

export async function writeBillWorkbook(bill: Bill, out: NodeJS.WritableStream): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as import('node:stream').Stream, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Zhongshu';
  const sheet = workbook.addWorksheet(BILL_SHEET);
  sheet.columns = [{ width: 28 }, { width: 22 }, { width: 26 }, { width: 28 }, { width: 10 }, { width: 20 }, { width: 18 }];
  const bold = (row: ExcelJS.Row) => {
    row.font = { bold: true };
    return row;
  };

  bold(sheet.addRow(['云服务账单 Cloud service bill'])).commit();
  sheet.addRow(['部门 Department', bill.departmentName]).commit();
  sheet.addRow(['月份 Month', bill.month]).commit();
  sheet.addRow(['状态 Status', bill.status === 'closed' ? '已结账 closed' : '未结账 open']).commit();
  const total = sheet.addRow(['合计（元）Total (CNY)', yuan(bill.totalFen)]);
  total.getCell(2).numFmt = YUAN;
  bold(total).commit();
  sheet.addRow(['生成时间 Generated', bill.generatedAt]).commit();
  sheet.addRow([]).commit();

  bold(sheet.addRow(['业务系统 Business system', '服务商 Provider', '服务 Offering', '资源 Resource', '小时数 Hours', '月单价（元）Monthly price (CNY)', '金额（元）Amount (CNY)'])).commit();
  for (const line of bill.lines) {
    const row = sheet.addRow([line.businessSystemName, line.providerName, line.offeringName, line.resourceName, line.hours, yuan(line.monthlyFen), yuan(line.amountFen)]);
    row.getCell(6).numFmt = YUAN;
    row.getCell(7).numFmt = YUAN;
    row.commit();
  }
  sheet.addRow([]).commit();

  const summary = (title: string, entries: Array<[string, number]>) => {
    bold(sheet.addRow([title, '金额（元）Amount (CNY)'])).commit();
    for (const [name, fen] of entries) {
      const row = sheet.addRow([name, yuan(fen)]);
      row.getCell(2).numFmt = YUAN;
      row.commit();
    }
    sheet.addRow([]).commit();
  };
  summary('按业务系统汇总 By business system', sums(bill, (line) => line.businessSystemName));
  summary('按服务商汇总 By provider', sums(bill, (line) => line.providerName));

  sheet.commit();
  await workbook.commit();
}
