/**
 * SQL over a dataset's store, shared by the datastore query and the downloads. Only the dataset's public columns
 * are ever selected, filtered or sorted on; every value travels as a bound parameter cast to its column's type;
 * identifiers are data item names (^[a-z][a-z0-9_]*$) checked again here before they are quoted.
 *
 * The current data is the store's current table (`_id` = `_seq`, the history sequence of the row's last change).
 * A published version is rebuilt from the history: for each key the latest change at or below the version's
 * `up_to_seq`, left out when that change is a deletion (ADR 0010). An index on the history's (key, _seq DESC),
 * made by the publisher, lets PostgreSQL read a version in key order without sorting the whole history.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import { conflict } from '../../../platform/errors.js';
import type { DataItemType } from '../../catalog/index.js';
import type { StoreDefinition } from '../../exchange/index.js';
import type { Dataset, DatastoreFieldType } from '../index.js';

const SQL_TYPE: Record<DataItemType, string> = {
  string: 'text', code: 'text', integer: 'bigint', decimal: 'numeric', date: 'date', datetime: 'timestamptz', boolean: 'boolean',
};
const FIELD_TYPE: Record<DataItemType, DatastoreFieldType> = {
  string: 'text', code: 'text', integer: 'int', decimal: 'numeric', date: 'date', datetime: 'timestamp', boolean: 'bool',
};

export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a safe identifier: ${name}`);
  return `"${name}"`;
}

export interface PublicColumn {
  name: string;
  label: string;
  type: DataItemType;
  sqlType: string;
  fieldType: DatastoreFieldType;
  key: boolean;
}

/** What a query may touch: the dataset's public fields that the store has, in the dataset's order. */
export interface StoreView {
  definition: StoreDefinition;
  columns: PublicColumn[];
  byName: Map<string, PublicColumn>;
  /** Every key column of the store (also non-public ones: they order rows but are never returned). */
  keys: Array<{ name: string; sqlType: string }>;
}

export function storeView(dataset: Pick<Dataset, 'fields'>, definition: StoreDefinition): StoreView {
  const stored = new Map(definition.columns.map((column) => [column.name, column]));
  const columns: PublicColumn[] = [];
  for (const field of dataset.fields) {
    const column = stored.get(field.name);
    // Public by the dataset's metadata AND by the store's current catalog version: a field made internal since
    // the last sync is withheld at once.
    if (!column || column.sensitivity !== 'public') continue;
    columns.push({ name: column.name, label: column.label, type: column.type, sqlType: SQL_TYPE[column.type], fieldType: FIELD_TYPE[column.type], key: column.key });
  }
  const keys = definition.keyColumns.map((name) => ({ name, sqlType: SQL_TYPE[stored.get(name)?.type ?? 'string'] }));
  return { definition, columns, byName: new Map(columns.map((column) => [column.name, column])), keys };
}

export const invalidField = (name: string, where: string) =>
  conflict('opendata.invalid_field', `"${name}" is not a field of this dataset (${where}).`, [{ pointer: `/${where}`, code: 'opendata.invalid_field', message: `Unknown field: ${name}` }]);

const invalidValue = (name: string, value: unknown, type: string) =>
  conflict('opendata.invalid_filter', `The value ${JSON.stringify(value)} does not fit the field "${name}" (${type}).`, [
    { pointer: `/filters/${name}`, code: 'opendata.invalid_filter', message: `Not a valid ${type}.` },
  ]);

/** A filter value as the text PostgreSQL casts to the column's type; refuses values that cannot be cast. */
export function filterText(column: Pick<PublicColumn, 'name' | 'type'> | { name: '_id'; type: 'integer' }, value: unknown): string {
  if (typeof value === 'object' && value !== null) throw invalidValue(column.name, value, column.type);
  const text = String(value).trim();
  switch (column.type) {
    case 'integer':
      if (!/^-?\d{1,18}$/.test(text)) throw invalidValue(column.name, value, 'integer');
      return text;
    case 'decimal':
      if (!/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw invalidValue(column.name, value, 'number');
      return text;
    case 'date': {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      const parsed = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
      if (!parsed || parsed.toISOString().slice(0, 10) !== text) throw invalidValue(column.name, value, 'date (YYYY-MM-DD)');
      return text;
    }
    case 'datetime':
      if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/.test(text) || Number.isNaN(Date.parse(text.replace(' ', 'T')))) {
        throw invalidValue(column.name, value, 'date-time');
      }
      return text;
    case 'boolean':
      if (!/^(true|false|t|f|1|0)$/i.test(text)) throw invalidValue(column.name, value, 'boolean');
      return /^(true|t|1)$/i.test(text) ? 'true' : 'false';
    default:
      return String(value);
  }
}

/** `%`, `_` and `\` match themselves in a LIKE pattern. */
export const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/** The rows a query reads, as the derived table `t` (with `_seq` and the data columns). */
export function sourceOf(view: StoreView, upToSeq: number | null, after: RawBuilder<unknown> | null = null): RawBuilder<unknown> {
  const table = sql.raw(ident(view.definition.table));
  if (upToSeq === null) return after ? sql`(SELECT * FROM ${table} WHERE ${after}) AS t` : sql`${table} AS t`;
  const keys = sql.raw(view.keys.map((key) => ident(key.name)).join(', '));
  const history = sql.raw(ident(view.definition.history));
  const extra = after ? sql` AND ${after}` : sql``;
  return sql`(SELECT * FROM (
      SELECT DISTINCT ON (${keys}) * FROM ${history} WHERE _seq <= ${upToSeq}::bigint${extra} ORDER BY ${keys}, _seq DESC
    ) AS v WHERE v._op <> 'D') AS t`;
}

/** `(k1, k2) > ($1::type, $2::type)` for keyset paging in key order (values as text). */
export function afterKey(view: StoreView, values: string[], alias = ''): RawBuilder<unknown> {
  const prefix = alias ? `${alias}.` : '';
  const columns = sql.raw(view.keys.map((key) => `${prefix}${ident(key.name)}`).join(', '));
  const params = sql.join(view.keys.map((key, index) => sql`${values[index]}::${sql.raw(key.sqlType)}`));
  return sql`(${columns}) > (${params})`;
}

export const keyOrder = (view: StoreView, alias = 't'): string => view.keys.map((key) => `${alias}.${ident(key.name)}`).join(', ');

/** The key values of a row as text, read back from the `_k0…` columns of the select list. */
export const keySelect = (view: StoreView, alias = 't'): string => view.keys.map((key, index) => `${alias}.${ident(key.name)}::text AS "_k${index}"`).join(', ');

/** The history index that makes versions cheap to read (created once per store; idempotent). */
export async function ensureHistoryIndex(executor: Executor, definition: StoreDefinition): Promise<void> {
  const name = historyIndexName(definition.history);
  const exists = await sql<{ found: string | null }>`SELECT to_regclass(${name})::text AS found`.execute(executor);
  if (exists.rows[0]?.found) return;
  const keys = definition.keyColumns.map(ident).join(', ');
  await sql.raw(`CREATE INDEX IF NOT EXISTS ${ident(name)} ON ${ident(definition.history)} (${keys}, _seq DESC)`).execute(executor);
}

export function historyIndexName(history: string): string {
  const name = `${history}_key_seq`;
  if (name.length <= 63) return name;
  let hash = 0;
  for (const char of history) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `${history.slice(0, 40)}_${hash.toString(36)}_key_seq`;
}

/** A value from either driver as the API shows it: numbers for int/numeric, ISO text for timestamps. */
export function outputValue(column: Pick<PublicColumn, 'type'>, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'integer':
      return typeof value === 'number' ? value : Number(value);
    case 'decimal': {
      const text = String(value);
      const number = Number(text);
      // Keep the exact text when a JSON number would round it (more than 15 significant digits).
      return Number.isFinite(number) && text.replace(/\D/g, '').replace(/^0+/, '').length <= 15 ? number : text;
    }
    case 'datetime':
      return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
    case 'date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    case 'boolean':
      return typeof value === 'boolean' ? value : value === 't' || value === 'true';
    default:
      return String(value);
  }
}
