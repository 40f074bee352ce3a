/**
 * Raw sheet rows → ResourceInputs. Converts each cell by its column's kind (Chinese words or API values for
 * enumerations, dates, numbers, yes/no, lists), joins data items to their entry by Entry No., and reports every
 * cell it cannot convert. Rules about content (required fields, conditions, codes) are left to the catalog
 * service's validateInput, so the importer and the API can never disagree.
 */
import type { DataItem, DataItemType, OpenType, ResourceInput, Sensitivity, SharingType } from './index.js';
import { cellText, toDate, toInteger, type PlainCell } from './xlsx-cells.js';
import { ENTRIES_SHEET, ENTRY_COLUMNS, ITEM_COLUMNS, ITEMS_SHEET, type ColumnSpec, type EntryColumnKey, type ItemColumnKey } from './xlsx-columns.js';
import { YES_NO, allowedWords, parseEnumeration, splitList } from './xlsx-enums.js';
import { cellKey, columnHeader, type EntryLocation, type ImportError, type SheetHeaders } from './import-errors.js';
import type { RawRow, ReadResult } from './import-reader.js';

export type ProviderResolution = { id: string } | { code: string; reason: string };

export interface ConvertContext {
  /** Resolves the provider cell (credit code, id or name; '' = default) and checks the importer may use it. */
  resolveProvider(text: string): ProviderResolution;
}

export interface ParsedEntry {
  entryNo: string;
  input: ResourceInput;
  location: EntryLocation;
}

export interface ConvertResult {
  entries: ParsedEntry[];
  errors: ImportError[];
  /** Cells that already have an error: the service's complaints about them would only repeat it. */
  flaggedCells: Set<string>;
}

type Value = string | string[] | number | boolean | null;

function convertCell(column: ColumnSpec, raw: PlainCell | undefined): { value: Value } | { reason: string } {
  const value = raw ?? null;
  switch (column.kind) {
    case 'text':
      return { value: cellText(value) };
    case 'list':
      return { value: splitList(cellText(value)) };
    case 'enum': {
      const text = cellText(value);
      if (text === '') return { value: '' };
      const parsed = parseEnumeration(column.enumeration!, text);
      return parsed !== undefined ? { value: parsed } : { reason: `取值无效，可选 / not allowed; use: ${allowedWords(column.enumeration!).join('、')}` };
    }
    case 'enumList': {
      const parts = splitList(cellText(value));
      const parsed = parts.map((part) => parseEnumeration(column.enumeration!, part));
      const wrong = parts.filter((_, index) => parsed[index] === undefined);
      if (wrong.length > 0) return { reason: `无法识别 / not allowed: ${wrong.join('、')}; use: ${allowedWords(column.enumeration!).join('、')}` };
      return { value: [...new Set(parsed as string[])] };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { value };
      const text = cellText(value);
      // Blank stays blank (not "no"): the service then applies its own default, e.g. a key item is required.
      if (text === '') return { value: null };
      const parsed = parseEnumeration(YES_NO, text);
      return parsed !== undefined ? { value: parsed === 'true' } : { reason: '应填“是”或“否” / expected 是 or 否' };
    }
    case 'integer': {
      const converted = toInteger(value);
      return converted.ok ? { value: converted.value } : { reason: converted.reason };
    }
    case 'date': {
      const converted = toDate(value);
      return converted.ok ? { value: converted.value } : { reason: converted.reason };
    }
  }
}

class RowConverter {
  constructor(private readonly result: ConvertResult, private readonly headers: SheetHeaders) {}

  /** Converts a row's cells; returns the values by key and the cells' text (for error reports). */
  convert<K extends string>(sheet: string, columns: ColumnSpec<K>[], row: RawRow<K>): { values: Record<K, Value>; texts: Partial<Record<K, string>> } {
    const values = {} as Record<K, Value>;
    const texts: Partial<Record<K, string>> = {};
    for (const column of columns) {
      const raw = row.cells[column.key];
      if (raw !== undefined && raw !== null) texts[column.key] = cellText(raw);
      const converted = convertCell(column, raw);
      if ('reason' in converted) {
        this.fail(sheet, row.row, column.key, texts[column.key] ?? '', converted.reason, 'catalog.import_invalid_value');
        values[column.key] = column.kind === 'enumList' ? [] : column.kind === 'integer' || column.kind === 'date' ? null : '';
      } else {
        values[column.key] = converted.value;
      }
    }
    return { values, texts };
  }

  fail(sheet: string, row: number, key: string | null, value: string, reason: string, code: string): void {
    this.result.errors.push({ sheet, row, column: columnHeader(this.headers, sheet, key), value, reason, code });
    this.result.flaggedCells.add(cellKey({ sheet, row, key: key as EntryColumnKey | null }));
  }
}

function dataItem(values: Record<ItemColumnKey, Value>): DataItem {
  return {
    name: values.name as string,
    label: values.label as string,
    type: values.type as DataItemType,
    length: values.length as number | null,
    required: values.required as boolean,
    key: (values.key as boolean | null) ?? false,
    codeList: (values.codeList as string) || null,
    sensitivity: values.sensitivity as Sensitivity,
  };
}

function resourceInput(values: Record<EntryColumnKey, Value>, providerDepartmentId: string | null): ResourceInput {
  const optional = (value: Value) => (value === '' || value === null ? null : (value as string));
  const input: ResourceInput = {
    classificationCode: values.classificationCode as string,
    name: values.name as string,
    nameEn: optional(values.nameEn),
    providerDepartmentId,
    summary: values.summary as string,
    format: values.format as string,
    dataItems: [],
    sharingType: values.sharingType as SharingType,
    sharingConditions: optional(values.sharingConditions),
    sharingMethods: values.sharingMethods as string[],
    notSharedBasis: optional(values.notSharedBasis),
    openType: values.openType as OpenType,
    openConditions: optional(values.openConditions),
    updateCycle: values.updateCycle as string,
    publishDate: optional(values.publishDate),
    keywords: values.keywords as string[],
    relatedCodes: values.relatedCodes as string[],
  };
  const code = optional(values.code);
  if (code !== null) input.code = code;
  return input;
}

/** Builds one ResourceInput per entry row and reports every cell and cross-row problem. */
export function convertRows(read: ReadResult, context: ConvertContext): ConvertResult {
  const result: ConvertResult = { entries: [], errors: [], flaggedCells: new Set() };
  const converter = new RowConverter(result, read.headers);
  const byEntryNo = new Map<string, ParsedEntry>();
  const codeRows = new Map<string, number>();

  for (const row of read.entries) {
    const { values, texts } = converter.convert(ENTRIES_SHEET, ENTRY_COLUMNS, row);
    const entryNo = values.entryNo as string;
    const provider = context.resolveProvider(values.provider as string);
    if ('code' in provider) converter.fail(ENTRIES_SHEET, row.row, 'provider', texts.provider ?? '', provider.reason, provider.code);
    const entry: ParsedEntry = {
      entryNo,
      input: resourceInput(values, 'id' in provider ? provider.id : null),
      location: { row: row.row, itemRows: [], entryText: texts, itemTexts: [] },
    };
    result.entries.push(entry);
    if (entryNo === '') {
      converter.fail(ENTRIES_SHEET, row.row, 'entryNo', '', '必填，信息项表用它关联资源 / required: data items refer to it', 'catalog.import_entry_no_required');
    } else if (byEntryNo.has(entryNo)) {
      converter.fail(ENTRIES_SHEET, row.row, 'entryNo', entryNo, `序号重复，见第 ${byEntryNo.get(entryNo)!.location.row} 行 / repeats row ${byEntryNo.get(entryNo)!.location.row}`, 'catalog.import_duplicate_entry_no');
    } else {
      byEntryNo.set(entryNo, entry);
    }
    const code = entry.input.code;
    if (code) {
      const firstRow = codeRows.get(code);
      if (firstRow !== undefined) {
        converter.fail(ENTRIES_SHEET, row.row, 'code', code, `代码在本文件中重复，见第 ${firstRow} 行 / the code repeats row ${firstRow}`, 'catalog.import_duplicate_code');
      } else {
        codeRows.set(code, row.row);
      }
    }
  }

  for (const row of read.items) {
    const { values, texts } = converter.convert(ITEMS_SHEET, ITEM_COLUMNS, row);
    const entryNo = values.entryNo as string;
    const entry = byEntryNo.get(entryNo);
    if (!entry) {
      const reason = entryNo === '' ? '必填，填写所属资源的序号 / required: the Entry No. of its entry' : '资源表中没有这个序号 / no entry has this Entry No.';
      converter.fail(ITEMS_SHEET, row.row, 'entryNo', entryNo, reason, 'catalog.import_unknown_entry_no');
      continue;
    }
    entry.input.dataItems.push(dataItem(values));
    entry.location.itemRows.push(row.row);
    entry.location.itemTexts.push(texts);
  }
  return result;
}
