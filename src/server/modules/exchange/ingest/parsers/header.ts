/**
 * The header row of a CSV or XLSX file: data-item names (or their labels, as a department officer may type
 * them), plus an optional `_op` column (upsert | delete). With the store's columns at hand, a header that names
 * no data item stops the load with the list of such headers, and so does a missing key column.
 */
import { DomainError } from '../../../../platform/errors.js';
import type { StoreColumn } from '../../index.js';

export const OP_COLUMN = '_op';

export interface HeaderMap {
  /** Per position: the data-item name, '_op', or null (an unnamed column). */
  names: Array<string | null>;
  /** Keys for values in unnamed or surplus columns (reported by the validator as unknown fields). */
  unnamed(position: number): string;
}

export interface HeaderOptions {
  columns?: readonly Pick<StoreColumn, 'name' | 'label' | 'key'>[];
}

const clean = (cell: unknown) => (cell === null || cell === undefined ? '' : String(cell).replace(/^\uFEFF/, '').trim());

export function mapHeader(cells: readonly unknown[], options: HeaderOptions = {}): HeaderMap {
  const byName = new Map<string, string>();
  const byLabel = new Map<string, string>();
  for (const column of options.columns ?? []) {
    byName.set(column.name.toLowerCase(), column.name);
    if (!byLabel.has(column.label)) byLabel.set(column.label, column.name);
  }
  const names: Array<string | null> = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const cell of cells) {
    const text = clean(cell);
    if (text === '') {
      names.push(null);
      continue;
    }
    let name: string | undefined;
    if (text.toLowerCase() === OP_COLUMN) name = OP_COLUMN;
    else if (!options.columns) name = text;
    else name = byName.get(text.toLowerCase()) ?? byLabel.get(text);
    if (!name) {
      unknown.push(text);
      names.push(null);
      continue;
    }
    if (seen.has(name)) duplicates.push(text);
    seen.add(name);
    names.push(name);
  }
  if (unknown.length) {
    throw new DomainError('exchange.unknown_columns', 400, `These header cells name no data item of this resource: ${unknown.join(', ')}.`, [], {
      columns: unknown, known: (options.columns ?? []).map((column) => column.name),
    });
  }
  if (duplicates.length) {
    throw new DomainError('exchange.duplicate_columns', 400, `These columns appear more than once: ${duplicates.join(', ')}.`, [], { columns: duplicates });
  }
  if (options.columns) {
    const missing = options.columns.filter((column) => column.key && !seen.has(column.name)).map((column) => column.name);
    if (missing.length) {
      throw new DomainError('exchange.missing_key_columns', 400, `The header lacks the key column(s) ${missing.join(', ')}.`, [], { columns: missing });
    }
  }
  if (seen.size === 0) throw new DomainError('exchange.empty_header', 400, 'The first row must name the data items (the header row).');
  return { names, unnamed: (position) => `(column ${position + 1})` };
}

/** One data row → a record: empty cells are null; values of unnamed columns are kept (and rejected) only when present. */
export function rowToRecord(header: HeaderMap, cells: readonly unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const width = Math.max(cells.length, header.names.length);
  for (let position = 0; position < width; position++) {
    let value = cells[position];
    if (value === undefined || value === '') value = null;
    const name = position < header.names.length ? header.names[position] : null;
    if (name !== null) record[name] = value;
    else if (value !== null) record[header.unnamed(position)] = value;
  }
  return record;
}
