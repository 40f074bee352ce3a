/**
 * Writes the catalog workbook: the empty template departments fill in, and the export, which is the same
 * template with rows, so an exported file can be edited in Excel and imported again. Streams through
 * exceljs's WorkbookWriter: one sheet is finished before the next begins, so memory stays flat.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { DataItem, ResourceInput } from './index.js';
import {
  ENTRIES_SHEET, ENTRY_COLUMNS, INSTRUCTIONS_SHEET, ITEM_COLUMNS, ITEMS_SHEET, columnLetter, headerText, type ColumnSpec,
} from './xlsx-columns.js';
import {
  DATA_TYPE, FORMAT, LIST_JOINER, OPEN_TYPE, SENSITIVITY, SHARING_METHOD, SHARING_TYPE, UPDATE_CYCLE, YES_NO, allowedWords, wordFor,
  type Enumeration,
} from './xlsx-enums.js';

/** What export hands over per resource: the input fields, its code and the provider's credit code. */
export interface WorkbookResource extends ResourceInput {
  code: string;
  providerDepartmentId?: string | null;
  providerCreditCode?: string | null;
}

type CellValue = string | number | null;

const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } } as const;
const REQUIRED_FONT = { bold: true, color: { argb: 'FFC00000' } } as const;
// Dropdowns reach this far below the last written row. Not the whole column: some readers (exceljs's own
// non-streaming loader among them) expand a validation range cell by cell.
const DROPDOWN_SPARE_ROWS = 2000;
// Yield to the event loop now and then so the zip stream drains instead of buffering the whole sheet.
const ROWS_PER_YIELD = 500;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function entryRow(resource: WorkbookResource, entryNo: number): CellValue[] {
  const text = (value: string | null | undefined) => (value === null || value === undefined || value === '' ? null : value);
  const values: Record<(typeof ENTRY_COLUMNS)[number]['key'], CellValue> = {
    entryNo,
    name: resource.name,
    nameEn: text(resource.nameEn),
    classificationCode: resource.classificationCode,
    provider: text(resource.providerCreditCode ?? resource.providerDepartmentId),
    summary: resource.summary,
    format: wordFor(FORMAT, resource.format),
    sharingType: wordFor(SHARING_TYPE, resource.sharingType),
    sharingConditions: text(resource.sharingConditions),
    sharingMethods: text(resource.sharingMethods.map((method) => wordFor(SHARING_METHOD, method)).join(LIST_JOINER)),
    notSharedBasis: text(resource.notSharedBasis),
    openType: wordFor(OPEN_TYPE, resource.openType),
    openConditions: text(resource.openConditions),
    updateCycle: wordFor(UPDATE_CYCLE, resource.updateCycle),
    publishDate: text(resource.publishDate),
    keywords: text(resource.keywords.join(LIST_JOINER)),
    relatedCodes: text(resource.relatedCodes.join(LIST_JOINER)),
    code: text(resource.code),
  };
  return ENTRY_COLUMNS.map((column) => values[column.key]);
}

export function itemRow(item: DataItem, entryNo: number): CellValue[] {
  const values: Record<(typeof ITEM_COLUMNS)[number]['key'], CellValue> = {
    entryNo,
    name: item.name,
    label: item.label,
    type: wordFor(DATA_TYPE, item.type),
    length: item.length ?? null,
    required: wordFor(YES_NO, String(item.required)),
    key: wordFor(YES_NO, String(item.key)),
    codeList: item.codeList ?? null,
    sensitivity: wordFor(SENSITIVITY, item.sensitivity),
  };
  return ITEM_COLUMNS.map((column) => values[column.key]);
}

function startSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: ColumnSpec[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({ key: column.key, width: column.width }));
  const header = sheet.addRow(columns.map(headerText));
  header.eachCell((cell, col) => {
    cell.fill = HEADER_FILL;
    cell.font = columns[col - 1].requiredHeader ? REQUIRED_FONT : { bold: true };
    cell.note = columns[col - 1].note;
  });
  header.commit();
  return sheet;
}

/** The streaming writer keeps validations per range; exceljs's typings leave this member out. */
type WithDataValidations = ExcelJS.Worksheet & { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } };

/** Dropdowns of the Chinese words; only a warning on other text, since import also accepts synonyms. */
function addDropdowns(worksheet: ExcelJS.Worksheet, columns: ColumnSpec[], lastRow: number): void {
  const sheet = worksheet as WithDataValidations;
  columns.forEach((column, index) => {
    if (!column.enumeration) return;
    const letter = columnLetter(index + 1);
    const several = column.kind === 'enumList';
    sheet.dataValidations.add(`${letter}2:${letter}${lastRow}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${allowedWords(column.enumeration).join(',')}"`],
      showErrorMessage: true,
      errorStyle: several ? 'information' : 'warning',
      errorTitle: column.zh,
      error: several ? '可填写多个值，用顿号分隔 / several values separated by 、' : `可选 / allowed: ${allowedWords(column.enumeration).join('、')}`,
    });
  });
}

async function writeRows(sheet: ExcelJS.Worksheet, columns: ColumnSpec[], rows: Iterable<CellValue[]>): Promise<void> {
  let written = 0;
  for (const values of rows) {
    sheet.addRow(values).commit();
    if (++written % ROWS_PER_YIELD === 0) await yieldToEventLoop();
  }
  // The streaming writer puts validations after the rows, so they can be sized to what was written.
  addDropdowns(sheet, columns, written + 1 + DROPDOWN_SPARE_ROWS);
  sheet.commit();
}

const ENUMERATIONS: Enumeration[] = [FORMAT, SHARING_TYPE, SHARING_METHOD, OPEN_TYPE, UPDATE_CYCLE, DATA_TYPE, SENSITIVITY, YES_NO];

function writeInstructions(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const sheet = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  sheet.columns = [{ width: 18 }, { width: 34 }, { width: 70 }, { width: 40 }];
  const bold = (row: ExcelJS.Row) => {
    row.font = { bold: true };
    return row;
  };
  const lines: Array<[CellValue[], boolean]> = [
    [['中枢 信息资源目录批量导入模板 / Zhongshu catalog import template'], true],
    [['每个资源在“资源 Entries”表占一行；其信息项在“信息项 DataItems”表中，以“资源序号”关联。导入前检查全部行，有任何错误则不导入任何数据。'], false],
    [['One row per entry in "资源 Entries"; its data items go to "信息项 DataItems", linked by Entry No. Every row is checked first; if any is wrong, nothing is imported.'], false],
    [['列可以调整顺序；红色列名为必需列。枚举列可填中文或英文取值。/ Columns may be reordered; red headers are required. Enumerations accept the Chinese word or the API value.'], false],
    [[], false],
    [['工作表 Sheet', '列 Column', '说明 Notes', '可选值 Allowed values'], true],
  ];
  const columnLine = (sheetName: string, column: ColumnSpec): CellValue[] => [
    sheetName, headerText(column), column.note, column.enumeration ? allowedWords(column.enumeration).join('、') : null,
  ];
  for (const column of ENTRY_COLUMNS) lines.push([columnLine(ENTRIES_SHEET, column), false]);
  for (const column of ITEM_COLUMNS) lines.push([columnLine(ITEMS_SHEET, column), false]);
  lines.push([[], false], [['取值 Enumeration', '中文 Word', 'API value'], true]);
  for (const enumeration of ENUMERATIONS) {
    for (const [value, word] of Object.entries(enumeration.words)) lines.push([[enumeration.title, word, value], false]);
  }
  for (const [values, isHeading] of lines) {
    const row = sheet.addRow(values);
    if (isHeading) bold(row);
    row.commit();
  }
  sheet.commit();
}

/**
 * The template (no resources) or an export. Entries and items are written in two passes over `resources`
 * because a streaming sheet must be finished before the next one starts.
 */
export async function writeCatalogWorkbook(output: Writable, resources: readonly WorkbookResource[] = []): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Zhongshu';
  const entries = startSheet(workbook, ENTRIES_SHEET, ENTRY_COLUMNS);
  await writeRows(entries, ENTRY_COLUMNS, resources.map((resource, index) => entryRow(resource, index + 1)));
  const items = startSheet(workbook, ITEMS_SHEET, ITEM_COLUMNS);
  await writeRows(items, ITEM_COLUMNS, (function* () {
    for (const [index, resource] of resources.entries()) for (const item of resource.dataItems) yield itemRow(item, index + 1);
  })());
  writeInstructions(workbook);
  await workbook.commit();
}
