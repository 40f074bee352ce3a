/**
 * Reads the catalog workbook with exceljs's streaming parsers (xlsx-reader.ts): rows arrive one at a time and
 * only the cells of known columns are kept, so memory grows with the catalog, not with the XML. Row caps stop
 * a huge sheet while it streams.
 */
import type ExcelJS from 'exceljs';
import { ArchiveRejected, type ArchiveDirectory } from './xlsx-zip.js';
import { worksheetsOf } from './xlsx-reader.js';
import { plainCell, type PlainCell } from './xlsx-cells.js';
import {
  ENTRIES_SHEET, ENTRY_COLUMNS, ITEM_COLUMNS, ITEMS_SHEET, mapHeaders, sheetRole, type ColumnSpec, type EntryColumnKey, type HeaderMap,
  type ItemColumnKey,
} from './xlsx-columns.js';
import type { ImportError, SheetHeaders } from './import-errors.js';

export interface RawRow<K extends string> {
  row: number;
  cells: Partial<Record<K, PlainCell>>;
}

export interface ReadResult {
  entries: RawRow<EntryColumnKey>[];
  items: RawRow<ItemColumnKey>[];
  headers: SheetHeaders;
  /** The sheets' names as the file spells them (errors quote them). */
  sheetNames: { entries: string; items: string };
  /** Columns whose header is missing: every row would otherwise repeat the complaint. */
  missingColumns: { entries: Set<EntryColumnKey>; items: Set<ItemColumnKey> };
  errors: ImportError[];
}

export interface ReadLimits {
  maxEntries: number;
  maxItems: number;
}

const MAX_TITLE_ROWS = 5;

export const DEFAULT_READ_LIMITS: ReadLimits = { maxEntries: 50_000, maxItems: 500_000 };

interface SheetState<K extends string> {
  /** The canonical name; errors use it and the importer translates it to `fileName` at the end. */
  name: string;
  fileName: string;
  columns: ColumnSpec<K>[];
  header?: HeaderMap<K>;
  /** Non-empty rows seen before the header row (a title above the table). */
  rowsBeforeHeader: number;
  rows: RawRow<K>[];
  limit: number;
}

function collect<K extends string>(state: SheetState<K>, row: ExcelJS.Row, errors: ImportError[]): void {
  const cells = new Map<number, PlainCell>();
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const value = plainCell(cell.value);
    if (value !== null) cells.set(col, value);
  });
  if (cells.size === 0) return;
  if (!state.header) {
    // The header row is the first one naming a known column; a few rows above it (a title) are passed over.
    const headers = new Map([...cells].map(([col, value]) => [col, String(value instanceof Date ? value.toISOString() : value)]));
    const header = mapHeaders(state.columns, headers);
    if (header.byColumn.size === 0 && ++state.rowsBeforeHeader < MAX_TITLE_ROWS) return;
    state.header = header;
    for (const problem of state.header.problems) {
      errors.push({ sheet: state.name, row: problem.col === 0 ? 0 : row.number, column: problem.header, value: problem.col === 0 ? '' : problem.header, reason: problem.reason, code: problem.code });
    }
    return;
  }
  const mapped: Partial<Record<K, PlainCell>> = {};
  let any = false;
  for (const [col, value] of cells) {
    const key = state.header.byColumn.get(col);
    if (key !== undefined) {
      mapped[key] = value;
      any = true;
    }
  }
  if (!any) return;
  if (state.rows.length >= state.limit) {
    throw new ArchiveRejected('catalog.import_too_large', `The sheet "${state.name}" has more than ${state.limit} rows; split the file.`);
  }
  state.rows.push({ row: row.number, cells: mapped });
}

/**
 * Streams the two sheets into raw rows keyed by column. `onRow` is called for every row read (progress).
 * Throws ArchiveRejected when a row cap is passed or the file is not a readable workbook.
 */
export async function readCatalogWorkbook(
  path: string,
  directory: ArchiveDirectory,
  limits: ReadLimits,
  onRow: (rowsRead: number) => Promise<void> | void,
): Promise<ReadResult> {
  const errors: ImportError[] = [];
  const entries: SheetState<EntryColumnKey> = { name: ENTRIES_SHEET, fileName: ENTRIES_SHEET, columns: ENTRY_COLUMNS, rowsBeforeHeader: 0, rows: [], limit: limits.maxEntries };
  const items: SheetState<ItemColumnKey> = { name: ITEMS_SHEET, fileName: ITEMS_SHEET, columns: ITEM_COLUMNS, rowsBeforeHeader: 0, rows: [], limit: limits.maxItems };
  const seen = new Set<string>();
  let rowsRead = 0;
  try {
    for await (const worksheet of worksheetsOf(path, directory)) {
      const name = worksheet.name;
      const role = sheetRole(name);
      if (role !== 'entries' && role !== 'items') continue;
      if (seen.has(role)) {
        errors.push({ sheet: name, row: 0, column: '', value: '', reason: '工作表重复，已忽略 / a second sheet of this kind; ignored', code: 'catalog.import_duplicate_sheet' });
        continue;
      }
      seen.add(role);
      const state: SheetState<string> = (role === 'entries' ? entries : items) as SheetState<string>;
      state.fileName = name;
      for await (const row of worksheet.rows) {
        collect(state, row, errors);
        rowsRead++;
        await onRow(rowsRead);
      }
    }
  } catch (error) {
    if (error instanceof ArchiveRejected) throw error;
    throw new ArchiveRejected('catalog.import_invalid_file', `The workbook cannot be read: ${(error as Error).message}`);
  }
  for (const [role, state] of [['entries', entries], ['items', items]] as const) {
    if (!seen.has(role)) {
      errors.push({ sheet: state.name, row: 0, column: '', value: '', reason: '缺少工作表 / the sheet is missing', code: 'catalog.import_missing_sheet' });
    } else if (!state.header) {
      errors.push({ sheet: state.name, row: 1, column: '', value: '', reason: '缺少表头行 / the header row is missing', code: 'catalog.import_missing_header' });
    }
  }
  const missing = <K extends string>(state: SheetState<K>) =>
    new Set(state.header ? state.columns.filter((column) => column.requiredHeader && !state.header!.headerOf.has(column.key)).map((column) => column.key) : state.columns.map((column) => column.key));
  return {
    entries: entries.rows,
    items: items.rows,
    headers: { entries: entries.header?.headerOf ?? new Map(), items: items.header?.headerOf ?? new Map() },
    sheetNames: { entries: entries.fileName, items: items.fileName },
    missingColumns: { entries: missing(entries), items: missing(items) },
    errors,
  };
}
