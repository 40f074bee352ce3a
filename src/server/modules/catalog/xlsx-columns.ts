/**
 * The layout of the catalog workbook: its sheets and their bilingual columns. Template, export and import
 * all read this one description, so a column added here appears in all three.
 */
import {
  DATA_TYPE, FORMAT, OPEN_TYPE, SENSITIVITY, SHARING_METHOD, SHARING_TYPE, UPDATE_CYCLE, YES_NO, type Enumeration,
} from './xlsx-enums.js';

export type CellKind = 'text' | 'enum' | 'enumList' | 'list' | 'boolean' | 'integer' | 'date';

export interface ColumnSpec<K extends string = string> {
  key: K;
  zh: string;
  en: string;
  kind: CellKind;
  enumeration?: Enumeration;
  /** The header must be present in an imported sheet. */
  requiredHeader?: boolean;
  /** Shown in the instructions sheet. */
  note: string;
  width: number;
}

export type EntryColumnKey =
  | 'entryNo' | 'name' | 'nameEn' | 'classificationCode' | 'provider' | 'summary' | 'format' | 'sharingType'
  | 'sharingConditions' | 'sharingMethods' | 'notSharedBasis' | 'openType' | 'openConditions' | 'updateCycle'
  | 'publishDate' | 'keywords' | 'relatedCodes' | 'code';

export type ItemColumnKey = 'entryNo' | 'name' | 'label' | 'type' | 'length' | 'required' | 'key' | 'codeList' | 'sensitivity';

export const ENTRIES_SHEET = '资源 Entries';
export const ITEMS_SHEET = '信息项 DataItems';
export const INSTRUCTIONS_SHEET = '说明 Instructions';

export const ENTRY_COLUMNS: ColumnSpec<EntryColumnKey>[] = [
  { key: 'entryNo', zh: '资源序号', en: 'Entry No.', kind: 'text', requiredHeader: true, width: 12, note: '本文件内的序号，信息项表用它关联资源 / Number within this file; data items refer to it' },
  { key: 'name', zh: '信息资源名称', en: 'Name', kind: 'text', requiredHeader: true, width: 28, note: '必填 / required' },
  { key: 'nameEn', zh: '英文名称', en: 'English name', kind: 'text', width: 28, note: '可选 / optional' },
  { key: 'classificationCode', zh: '分类代码', en: 'Classification code', kind: 'text', requiredHeader: true, width: 16, note: '目录分类代码，如 101001 / classification code' },
  { key: 'provider', zh: '提供方单位', en: 'Provider (credit code)', kind: 'text', width: 24, note: '统一社会信用代码；留空为本单位 / unified social credit code; blank = your department' },
  { key: 'summary', zh: '摘要', en: 'Summary', kind: 'text', requiredHeader: true, width: 40, note: '必填 / required' },
  { key: 'format', zh: '格式', en: 'Format', kind: 'enum', enumeration: FORMAT, requiredHeader: true, width: 12, note: '必填 / required' },
  { key: 'sharingType', zh: '共享类型', en: 'Sharing type', kind: 'enum', enumeration: SHARING_TYPE, requiredHeader: true, width: 14, note: '必填 / required' },
  { key: 'sharingConditions', zh: '共享条件', en: 'Sharing conditions', kind: 'text', width: 30, note: '有条件共享时必填 / required when conditional' },
  { key: 'sharingMethods', zh: '共享方式', en: 'Sharing methods', kind: 'enumList', enumeration: SHARING_METHOD, width: 18, note: '可填多个，用顿号或逗号分隔 / several allowed, separated by 、 or ,' },
  { key: 'notSharedBasis', zh: '不予共享依据', en: 'Legal basis', kind: 'text', width: 30, note: '不予共享时必填 / required when not shared' },
  { key: 'openType', zh: '开放类型', en: 'Open type', kind: 'enum', enumeration: OPEN_TYPE, requiredHeader: true, width: 14, note: '必填 / required' },
  { key: 'openConditions', zh: '开放条件', en: 'Open conditions', kind: 'text', width: 30, note: '可选 / optional' },
  { key: 'updateCycle', zh: '更新周期', en: 'Update cycle', kind: 'enum', enumeration: UPDATE_CYCLE, requiredHeader: true, width: 12, note: '必填 / required' },
  { key: 'publishDate', zh: '发布日期', en: 'Publish date', kind: 'date', width: 14, note: 'YYYY-MM-DD，可选 / optional' },
  { key: 'keywords', zh: '关键词', en: 'Keywords', kind: 'list', width: 24, note: '用顿号或逗号分隔 / separated by 、 or ,' },
  { key: 'relatedCodes', zh: '关联资源代码', en: 'Related codes', kind: 'list', width: 24, note: '已登记资源的代码，用顿号或逗号分隔 / codes of registered entries' },
  { key: 'code', zh: '信息资源代码', en: 'Code (optional)', kind: 'text', width: 20, note: '留空则自动生成 / blank = generated' },
];

export const ITEM_COLUMNS: ColumnSpec<ItemColumnKey>[] = [
  { key: 'entryNo', zh: '资源序号', en: 'Entry No.', kind: 'text', requiredHeader: true, width: 12, note: '所属资源在资源表中的序号 / the entry this item belongs to' },
  { key: 'name', zh: '信息项名称', en: 'Name', kind: 'text', requiredHeader: true, width: 22, note: '英文标识，小写字母开头，如 id_number / identifier [a-z][a-z0-9_]*' },
  { key: 'label', zh: '中文名称', en: 'Label', kind: 'text', requiredHeader: true, width: 22, note: '必填 / required' },
  { key: 'type', zh: '数据类型', en: 'Type', kind: 'enum', enumeration: DATA_TYPE, requiredHeader: true, width: 14, note: '必填 / required' },
  { key: 'length', zh: '长度', en: 'Length', kind: 'integer', width: 10, note: '整数，可选 / whole number, optional' },
  { key: 'required', zh: '必填', en: 'Required', kind: 'boolean', enumeration: YES_NO, width: 10, note: '是/否，留空为否 / blank = no' },
  { key: 'key', zh: '主键', en: 'Key', kind: 'boolean', enumeration: YES_NO, width: 10, note: '是/否，留空为否 / blank = no' },
  { key: 'codeList', zh: '代码表', en: 'Code list', kind: 'text', width: 20, note: '代码型信息项所用代码表，如 GB/T 2261.1 / code list of a code item' },
  { key: 'sensitivity', zh: '敏感级别', en: 'Sensitivity', kind: 'enum', enumeration: SENSITIVITY, width: 12, note: '必填 / required' },
];

export const headerText = (column: ColumnSpec): string => `${column.zh} ${column.en}`;

/** Headers are compared without case, spaces, punctuation or "*" marks that people add to required columns. */
export function normaliseHeader(text: string): string {
  return text.toLowerCase().replace(/[\s\u3000*＊.。:：()（）[\]【】]+/g, '');
}

function headerKeys(column: ColumnSpec): string[] {
  return [headerText(column), column.zh, column.en, column.key].map(normaliseHeader);
}

export interface HeaderProblem {
  /** 1-based column number; 0 when the problem is a missing column. */
  col: number;
  header: string;
  code: 'catalog.import_unknown_column' | 'catalog.import_duplicate_column' | 'catalog.import_missing_column';
  reason: string;
}

export interface HeaderMap<K extends string> {
  /** column number (1-based) → field key */
  byColumn: Map<number, K>;
  /** field key → the header text as written in the file (for error reports) */
  headerOf: Map<K, string>;
  problems: HeaderProblem[];
}

/**
 * Maps a header row onto the sheet's columns, whatever their order. Unknown and duplicate headers and missing
 * required columns are reported, not skipped in silence: a mistyped header would otherwise drop a column.
 */
export function mapHeaders<K extends string>(columns: ColumnSpec<K>[], headers: Map<number, string>): HeaderMap<K> {
  const lookup = new Map<string, ColumnSpec<K>>();
  for (const column of columns) for (const key of headerKeys(column)) lookup.set(key, column);
  const byColumn = new Map<number, K>();
  const headerOf = new Map<K, string>();
  const problems: HeaderProblem[] = [];
  for (const [col, header] of [...headers].sort(([a], [b]) => a - b)) {
    if (header.trim() === '') continue;
    const column = lookup.get(normaliseHeader(header));
    if (!column) {
      problems.push({ col, header, code: 'catalog.import_unknown_column', reason: '无法识别的列 / unknown column' });
    } else if (headerOf.has(column.key)) {
      problems.push({ col, header, code: 'catalog.import_duplicate_column', reason: `列重复 / column repeats "${headerOf.get(column.key)}"` });
    } else {
      byColumn.set(col, column.key);
      headerOf.set(column.key, header.trim());
    }
  }
  for (const column of columns) {
    if (column.requiredHeader && !headerOf.has(column.key)) {
      problems.push({ col: 0, header: headerText(column), code: 'catalog.import_missing_column', reason: '缺少必需的列 / required column is missing' });
    }
  }
  return { byColumn, headerOf, problems };
}

/** Which of our sheets a worksheet is, by its name; undefined for any other sheet (ignored). */
export function sheetRole(name: string): 'entries' | 'items' | 'instructions' | undefined {
  const key = normaliseHeader(name);
  if (key === normaliseHeader(ITEMS_SHEET) || key.includes('信息项') || key.includes('dataitem')) return 'items';
  if (key === normaliseHeader(ENTRIES_SHEET) || key.includes('资源') || key.includes('entries')) return 'entries';
  if (key.includes('说明') || key.includes('instruction')) return 'instructions';
  return undefined;
}

/** Excel's column letters for a 1-based column number (1 → A, 27 → AA). */
export function columnLetter(col: number): string {
  let letters = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
