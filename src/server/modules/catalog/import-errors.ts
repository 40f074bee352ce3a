/**
 * Import errors point at cells: the sheet, the Excel row number and the column header as the department wrote
 * it. Service errors arrive as JSON pointers into one ResourceInput ('/dataItems/2/name'); this file turns them
 * into the cell the officer has to fix (the items sheet row of that third item, column 信息项名称).
 */
import type { FieldError } from '../../platform/errors.js';
import { ENTRIES_SHEET, ENTRY_COLUMNS, ITEM_COLUMNS, ITEMS_SHEET, headerText, type EntryColumnKey, type ItemColumnKey } from './xlsx-columns.js';

export interface ImportError {
  sheet: string;
  /** Excel row number (1 = header row); 0 when the problem concerns the whole file. */
  row: number;
  /** The column header as written in the file; '' for the whole row or file. */
  column: string;
  value: string;
  reason: string;
  code: string;
}

/** Where one entry of the file lives, and what its cells said, for mapping pointers back to cells. */
export interface EntryLocation {
  row: number;
  /** Excel row of each data item of the entry, in input order. */
  itemRows: number[];
  entryText: Partial<Record<EntryColumnKey, string>>;
  itemTexts: Array<Partial<Record<ItemColumnKey, string>>>;
}

export interface SheetHeaders {
  entries: Map<EntryColumnKey, string>;
  items: Map<ItemColumnKey, string>;
}

export interface CellRef {
  sheet: string;
  row: number;
  key: EntryColumnKey | ItemColumnKey | null;
}

const INPUT_FIELD_COLUMNS: Record<string, EntryColumnKey> = {
  name: 'name', nameEn: 'nameEn', classificationCode: 'classificationCode', providerDepartmentId: 'provider', summary: 'summary',
  format: 'format', sharingType: 'sharingType', sharingConditions: 'sharingConditions', sharingMethods: 'sharingMethods',
  notSharedBasis: 'notSharedBasis', openType: 'openType', openConditions: 'openConditions', updateCycle: 'updateCycle',
  publishDate: 'publishDate', keywords: 'keywords', relatedCodes: 'relatedCodes', code: 'code', dataItems: 'entryNo',
};
const ITEM_FIELDS = new Set<string>(ITEM_COLUMNS.map((column) => column.key));

const unescapePointer = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** The cell a pointer into the entry's ResourceInput refers to. */
export function cellForPointer(location: EntryLocation, pointer: string): CellRef {
  const [field = '', index, itemField] = pointer.split('/').slice(1).map(unescapePointer);
  if (field === 'dataItems' && index !== undefined && /^\d+$/.test(index)) {
    const itemRow = location.itemRows[Number(index)];
    if (itemRow !== undefined) {
      return { sheet: ITEMS_SHEET, row: itemRow, key: itemField !== undefined && ITEM_FIELDS.has(itemField) ? (itemField as ItemColumnKey) : null };
    }
  }
  return { sheet: ENTRIES_SHEET, row: location.row, key: INPUT_FIELD_COLUMNS[field] ?? null };
}

export function cellKey(ref: CellRef): string {
  return `${ref.sheet}\u0000${ref.row}\u0000${ref.key ?? ''}`;
}

export function columnHeader(headers: SheetHeaders, sheet: string, key: string | null): string {
  if (key === null) return '';
  if (sheet === ITEMS_SHEET) {
    const column = ITEM_COLUMNS.find((candidate) => candidate.key === key);
    return headers.items.get(key as ItemColumnKey) ?? (column ? headerText(column) : key);
  }
  const column = ENTRY_COLUMNS.find((candidate) => candidate.key === key);
  return headers.entries.get(key as EntryColumnKey) ?? (column ? headerText(column) : key);
}

function cellValue(location: EntryLocation, ref: CellRef): string {
  if (ref.key === null) return '';
  if (ref.sheet === ITEMS_SHEET) {
    const index = location.itemRows.indexOf(ref.row);
    return location.itemTexts[index]?.[ref.key as ItemColumnKey] ?? '';
  }
  return location.entryText[ref.key as EntryColumnKey] ?? '';
}

/** Turns the service's field errors for one entry into cell errors. */
export function mapFieldErrors(location: EntryLocation, headers: SheetHeaders, fieldErrors: FieldError[]): Array<{ ref: CellRef; error: ImportError }> {
  return fieldErrors.map((fieldError) => {
    const ref = cellForPointer(location, fieldError.pointer);
    return {
      ref,
      error: {
        sheet: ref.sheet,
        row: ref.row,
        column: columnHeader(headers, ref.sheet, ref.key),
        value: cellValue(location, ref),
        reason: fieldError.message,
        code: fieldError.code,
      },
    };
  });
}

const SHEET_ORDER = [ENTRIES_SHEET, ITEMS_SHEET];
const columnOrder = (sheet: string, column: string, headers: SheetHeaders): number => {
  const map: Map<string, string> = sheet === ITEMS_SHEET ? headers.items : headers.entries;
  const columns = sheet === ITEMS_SHEET ? ITEM_COLUMNS : ENTRY_COLUMNS;
  const index = columns.findIndex((spec) => (map.get(spec.key) ?? headerText(spec)) === column);
  return index === -1 ? columns.length : index;
};

/** File-level problems first, then sheet by sheet, row by row, in column order: how a person fixes them. */
export function sortErrors(errors: ImportError[], headers: SheetHeaders): ImportError[] {
  const sheetIndex = (sheet: string) => (sheet === '' ? -1 : SHEET_ORDER.includes(sheet) ? SHEET_ORDER.indexOf(sheet) : SHEET_ORDER.length);
  return errors
    .map((error, index) => ({ error, index }))
    .sort((a, b) =>
      sheetIndex(a.error.sheet) - sheetIndex(b.error.sheet) ||
      a.error.row - b.error.row ||
      columnOrder(a.error.sheet, a.error.column, headers) - columnOrder(b.error.sheet, b.error.column, headers) ||
      a.index - b.index)
    .map(({ error }) => error);
}

/** Prints an error the way the CLI shows it: 资源 Entries!4 格式 Format: reason. */
export function formatImportError(error: ImportError): string {
  const place = error.sheet ? `${error.sheet}!${error.row}${error.column ? ` ${error.column}` : ''}` : 'file';
  const value = error.value ? ` (${JSON.stringify(error.value)})` : '';
  return `${place}: ${error.reason}${value}`;
}
