/**
 * The SELECT a pull runs against its source, and the conversion of source values into what the store accepts.
 * Pure: unit-tested without a database, and the identifiers it quotes were checked against information_schema
 * by the caller.
 *
 * Incremental reads and their cursor:
 *   - a date/time cursor re-reads the safety window: `cursor >= stored − window`, so a row whose transaction
 *     committed late (its timestamp older than rows already read) is still picked up; re-read rows merge as
 *     `unchanged`. `>=` (not `>`) keeps rows that tie with the stored cursor even with a zero window.
 *   - an integer cursor (an id, a version counter) has no time window: the read continues strictly after the
 *     last committed (cursor, key…) tuple, so a run resumed after a crash starts exactly where the last
 *     committed chunk ended.
 * Rows are ordered by (cursor, key columns) so the last row of a committed chunk is a correct resume point.
 * Rows whose cursor is NULL are never read incrementally; the periodic reconcile (a full read) picks them up.
 */
import type { StoreColumn } from '../index.js';
import { PG_CURSOR_TYPES, type SourceColumn, type SourceKind, type ValueClass } from './source-client.js';

export const CURSOR_CLASSES: readonly ValueClass[] = ['integer', 'date', 'datetime_local', 'datetime_utc'];

export interface ReadPlanInput {
  kind: SourceKind;
  tableRef: string;
  quote(identifier: string): string;
  /** Source columns to select, in order (mapped columns, then cursor and key columns if not mapped). */
  select: SourceColumn[];
  cursor: SourceColumn | null;
  keys: SourceColumn[];
  /** null: read everything (first run, full refresh, reconcile). */
  from: { value: string; key: unknown[] | null; windowSeconds: number } | null;
}

export interface ReadPlan {
  sql: string;
  values: unknown[];
  /** Index of the cursor and of the key columns other than the cursor (the resume tuple) in each row array. */
  cursorIndex: number | null;
  keyIndexes: number[];
}

export function planRead(input: ReadPlanInput): ReadPlan {
  const { kind, quote, select, cursor, keys } = input;
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return kind === 'mysql' ? '?' : `$${values.length}`;
  };
  const typed = (column: SourceColumn, value: unknown) => {
    if (kind === 'postgres') {
      const type = PG_CURSOR_TYPES[column.valueClass];
      return type ? `CAST(${param(value)} AS ${type})` : param(value);
    }
    switch (column.valueClass) {
      case 'integer':
        return `CAST(${param(value)} AS DECIMAL(65,0))`;
      case 'date':
      case 'datetime_local':
      case 'datetime_utc':
        return `CAST(${param(value)} AS DATETIME(6))`;
      default:
        return param(value);
    }
  };

  const list = select.map((column) => quote(column.name)).join(', ');
  // The resume tuple and the order: the cursor, then the key columns that are not the cursor itself.
  const tieKeys = keys.filter((key) => key.name !== cursor?.name);
  let where = '';
  if (cursor && input.from) {
    const c = quote(cursor.name);
    if (cursor.valueClass === 'integer') {
      // (cursor, k1, k2…) > (v, a, b…) written out, which both dialects plan as an index range.
      const tuple = [cursor, ...tieKeys];
      const bounds = [input.from.value, ...(input.from.key ?? [])];
      const usable = tuple.slice(0, bounds.length);
      const terms: string[] = [];
      for (let i = 0; i < usable.length; i++) {
        const equal = usable.slice(0, i).map((column, j) => `${quote(column.name)} = ${typed(column, bounds[j])}`);
        terms.push([...equal, `${quote(usable[i].name)} > ${typed(usable[i], bounds[i])}`].join(' AND '));
      }
      where = ` WHERE (${terms.map((term) => `(${term})`).join(' OR ')})`;
    } else {
      const window = Math.max(0, Math.floor(input.from.windowSeconds));
      const bound = typed(cursor, input.from.value);
      where = kind === 'mysql'
        ? ` WHERE ${c} >= (${bound} - INTERVAL ${param(window)} SECOND)`
        : ` WHERE ${c} >= (${bound} - make_interval(secs => ${param(window)}))`;
    }
  }
  const orderColumns = [...(cursor ? [cursor] : []), ...tieKeys];
  const nulls = kind === 'postgres' ? ' NULLS FIRST' : '';
  const order = orderColumns.length
    ? ` ORDER BY ${orderColumns.map((column, index) => `${quote(column.name)}${index === 0 && cursor ? nulls : ''}`).join(', ')}`
    : '';
  const indexOf = (column: SourceColumn) => select.findIndex((candidate) => candidate.name === column.name);
  return {
    sql: `SELECT ${list} FROM ${input.tableRef}${where}${order}`,
    values,
    cursorIndex: cursor ? indexOf(cursor) : null,
    keyIndexes: (cursor ? tieKeys : keys).map(indexOf),
  };
}

const ZERO_DATE = /^0000-00-00/;

/** The cursor as stored: the source's own text form of the value (null when the value is NULL). */
export function cursorText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}

/**
 * A source value → a value the store's validator accepts for the data item's type. Naive date-times (MySQL
 * DATETIME, PostgreSQL timestamp) stay without an offset: the store reads them as China Standard Time, as it
 * does for every channel; UTC ones (TIMESTAMP read in a UTC session, timestamptz) get their offset.
 */
export function convertValue(value: unknown, source: ValueClass, item: StoreColumn['type']): unknown {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) {
    if (item === 'boolean' && value.length === 1) return value[0] === 0 ? 'false' : 'true';
    return value.toString('utf8');
  }
  if (typeof value !== 'string') return value;
  switch (item) {
    case 'date':
      if (ZERO_DATE.test(value)) return null;
      return /^\d{4}-\d{2}-\d{2}/.test(value) && source !== 'text' ? value.slice(0, 10) : value;
    case 'datetime': {
      if (ZERO_DATE.test(value)) return null;
      if (source === 'date') return value;
      if (source === 'datetime_utc') {
        const text = value.replace(' ', 'T');
        if (/[+-]\d{2}(:?\d{2})?$/.test(text)) return text.replace(/([+-]\d{2})$/, '$1:00');
        return `${text}Z`;
      }
      if (source === 'datetime_local') return value.replace(' ', 'T');
      return value;
    }
    default:
      return value;
  }
}
