/**
 * Grant enforcement shared by every read path (records API, export, preview, change feed): masking of values,
 * presentation of a store row as a JSON record with only the granted fields, and the compilation of
 * RowCondition[] (grant row scopes and query filters) into a SQL condition with bound parameters only.
 * Pure apart from building SQL fragments; the presenters are compiled once per (store definition, grant,
 * field selection) and cached, so the per-row work is one loop over the selected fields.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import type { DataItemType } from '../../catalog/index.js';
import type { GrantInfo, MaskRule, RowCondition, StoreColumn, StoreDefinition } from '../index.js';
import { quoteIdent, SQL_TYPES } from '../store/columns.js';

// ---------------------------------------------------------------- masking

const STAR = '*';
const stars = (count: number): string => STAR.repeat(Math.max(0, count));

/** Keeps the first and last quarter of the characters (code points); at least one character is hidden. */
function maskPartial(value: string): string {
  const chars = Array.from(value);
  const n = chars.length;
  if (n === 0) return value;
  const keep = Math.floor(n / 4);
  return chars.slice(0, keep).join('') + stars(n - 2 * keep) + (keep > 0 ? chars.slice(n - keep).join('') : '');
}

/** 18-digit citizen id: first 6 + 8 stars + last 4; 15-digit (first generation): first 6 + 6 stars + last 3. */
function maskIdNumber(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 18) return trimmed.slice(0, 6) + stars(8) + trimmed.slice(14);
  if (trimmed.length === 15) return trimmed.slice(0, 6) + stars(6) + trimmed.slice(12);
  // Not a citizen id (passport, foreigner's permit…): the generic rule still hides the middle.
  return maskPartial(trimmed);
}

/**
 * Masks the digits of `value` whose digit index is in [from, to), keeping separators and other characters.
 */
function maskDigitRange(value: string, from: number, to: number): string {
  let index = 0;
  let out = '';
  for (const char of value) {
    if (char >= '0' && char <= '9') {
      out += index >= from && index < to ? STAR : char;
      index++;
    } else {
      out += char;
    }
  }
  return out;
}

/**
 * Mobile (11 digits starting with 1, optionally +86/0086): 138****1234. Landline with an area code (leading 0;
 * 010 and 02x are three digits, others four): keep the area code and the last 2 digits. Anything else: keep the
 * last 2 digits. At least one digit is always hidden.
 */
function maskPhone(value: string): string {
  let digits = 0;
  for (const char of value) if (char >= '0' && char <= '9') digits++;
  if (digits === 0) return maskPartial(value);
  const all = value.replace(/\D+/g, '');
  // International prefix of a mobile number: +86 138… / 0086 138…
  let offset = 0;
  if (/^\s*(\+86|0086)/.test(value) && (all.length === 13 || all.length === 15)) offset = all.length - 11;
  const national = all.slice(offset);
  if (national.length === 11 && national.startsWith('1')) return maskDigitRange(value, offset + 3, offset + 7);
  if (national.startsWith('0') && national.length >= 9) {
    const area = national[1] === '1' || national[1] === '2' ? 3 : 4;
    return maskDigitRange(value, offset + area, all.length - 2);
  }
  if (digits <= 2) return maskDigitRange(value, 0, digits);
  return maskDigitRange(value, 0, digits - 2);
}

/** A person's name: the first character, the rest '*' (张三 → 张*, 欧阳娜 → 欧**); a single character → '*'. */
function maskName(value: string): string {
  const chars = Array.from(value.trim());
  if (chars.length === 0) return value;
  if (chars.length === 1) return STAR;
  return chars[0] + stars(chars.length - 1);
}

export function maskValue(rule: MaskRule, value: string | null): string | null {
  if (value === null || value === undefined) return null;
  switch (rule) {
    case 'clear':
      return value;
    case 'hidden':
      return null;
    case 'id_number':
      return maskIdNumber(value);
    case 'phone':
      return maskPhone(value);
    case 'name':
      return maskName(value);
    case 'partial':
      return maskPartial(value);
    default:
      // An unknown rule (a newer grant format) must not leak the value.
      return null;
  }
}

// ---------------------------------------------------------------- presenting rows

/** A JSON value of a record field. */
export type RecordValue = string | number | boolean | null;
export type PresentedRecord = Record<string, RecordValue>;

const pad2 = (value: number) => (value < 10 ? `0${value}` : String(value));

/** DB value → JSON value of the column's type (before masking). */
export function toJsonValue(type: DataItemType, value: unknown): RecordValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer': {
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
      const text = String(value);
      const number = Number(text);
      return Number.isSafeInteger(number) ? number : text;
    }
    case 'decimal':
      return String(value);
    case 'date':
      if (value instanceof Date) return `${value.getUTCFullYear()}-${pad2(value.getUTCMonth() + 1)}-${pad2(value.getUTCDate())}`;
      return String(value);
    case 'datetime':
      if (value instanceof Date) return value.toISOString();
      return new Date(String(value)).toISOString();
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return value === 't' || value === 'true' || value === 1;
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

/** The granted field names of a store, in column order (all columns for the provider, grant = null). */
export function grantedFields(definition: StoreDefinition, grant: GrantInfo | null): string[] {
  if (!grant) return definition.columns.map((column) => column.name);
  const granted = new Set(grant.fields);
  return definition.columns.filter((column) => granted.has(column.name)).map((column) => column.name);
}

/** The mask rule of a granted field ('clear' for the provider and unlisted fields). */
export function maskRuleOf(grant: GrantInfo | null, field: string): MaskRule {
  if (!grant) return 'clear';
  return grant.masking[field] ?? 'clear';
}

export type RowPresenter = (row: Record<string, unknown>) => PresentedRecord;

const presenterCache = new WeakMap<StoreDefinition, Map<string, RowPresenter>>();
const grantIds = new WeakMap<GrantInfo, string>();
let grantSerial = 0;

function grantKey(grant: GrantInfo | null): string {
  if (!grant) return '-';
  let key = grantIds.get(grant);
  if (!key) {
    key = `g${++grantSerial}`;
    grantIds.set(grant, key);
  }
  return key;
}

/**
 * A compiled presenter: only the selected fields (default: every granted field), each converted to its JSON
 * type and masked per the grant. `fields` must already be checked against the grant (see `selectFields`);
 * fields outside the grant are dropped here regardless.
 */
export function rowPresenter(definition: StoreDefinition, grant: GrantInfo | null, fields?: readonly string[]): RowPresenter {
  let perDefinition = presenterCache.get(definition);
  if (!perDefinition) {
    perDefinition = new Map();
    presenterCache.set(definition, perDefinition);
  }
  const cacheKey = `${grantKey(grant)}|${fields ? fields.join(',') : '*'}`;
  const cached = perDefinition.get(cacheKey);
  if (cached) return cached;

  const granted = grantedFields(definition, grant);
  const allowed = new Set(granted);
  const names = fields ? granted.filter((name) => fields.includes(name)) : granted;
  const columns = new Map(definition.columns.map((column) => [column.name, column]));
  const plan = names.map((name) => {
    const column = columns.get(name)!;
    const rule = maskRuleOf(grant, name);
    return { name, type: column.type, rule };
  }).filter((entry) => allowed.has(entry.name));

  const presenter: RowPresenter = (row) => {
    const record: PresentedRecord = {};
    for (const { name, type, rule } of plan) {
      const value = toJsonValue(type, row[name]);
      if (rule === 'clear' || value === null) record[name] = value;
      else record[name] = maskValue(rule, String(value));
    }
    return record;
  };
  if (perDefinition.size > 256) perDefinition.clear();
  perDefinition.set(cacheKey, presenter);
  return presenter;
}

/** DB row → JSON record with only the granted fields (all fields for grant null = the provider), masked. */
export function presentRecord(definition: StoreDefinition, grant: GrantInfo | null, row: Record<string, unknown>): PresentedRecord {
  return rowPresenter(definition, grant)(row);
}

// ---------------------------------------------------------------- conditions → SQL

const INTEGER = /^[+-]?\d{1,19}$/;
const DECIMAL = /^[+-]?(\d{1,40}(\.\d{0,20})?|\.\d{1,20})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?$/;
const BIGINT_MAX = 9223372036854775807n;
export const MAX_IN_VALUES = 1000;

function isRealDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number);
  if (month < 1 || month > 12 || day < 1 || year < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The value as the column's type accepts it, or an error message. Booleans are normalised to true/false. */
export function normaliseConditionValue(type: DataItemType, value: string): { ok: true; value: string } | { ok: false; message: string } {
  switch (type) {
    case 'integer':
      if (!INTEGER.test(value)) return { ok: false, message: 'Expected a whole number.' };
      {
        const big = BigInt(value);
        if (big > BIGINT_MAX || big < -BIGINT_MAX - 1n) return { ok: false, message: 'The number is out of range.' };
      }
      return { ok: true, value };
    case 'decimal':
      return DECIMAL.test(value) ? { ok: true, value } : { ok: false, message: 'Expected a decimal number such as 1234.56.' };
    case 'date':
      return DATE.test(value) && isRealDate(value) ? { ok: true, value } : { ok: false, message: 'Expected a date as YYYY-MM-DD.' };
    case 'datetime':
      return DATETIME.test(value) && isRealDate(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T')))
        ? { ok: true, value }
        : { ok: false, message: 'Expected an ISO 8601 date and time.' };
    case 'boolean': {
      const word = value.toLowerCase();
      if (word === 'true' || word === 't' || word === '1') return { ok: true, value: 'true' };
      if (word === 'false' || word === 'f' || word === '0') return { ok: true, value: 'false' };
      return { ok: false, message: 'Expected true or false.' };
    }
    default:
      if (value.length > 10_000) return { ok: false, message: 'The value is too long.' };
      return { ok: true, value };
  }
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (char) => `\\${char}`);

export interface CompileOptions {
  /** JSON pointer of a condition for error reports (default `/<field>`). */
  pointer?: (condition: RowCondition, index: number) => string;
  /** Qualify columns with this table alias. */
  alias?: string;
}

/**
 * RowCondition[] → one SQL condition (ANDed), values bound as parameters and cast to the column's SQL type;
 * null when there are no conditions. Unknown fields, operators the type does not support (prefix on a non-text
 * column) and values the type cannot hold throw 400 validation.failed with a pointer per problem.
 */
export function compileConditions(
  definition: StoreDefinition,
  conditions: readonly RowCondition[] | null | undefined,
  options: CompileOptions = {},
): RawBuilder<SqlBool> | null {
  if (!conditions || conditions.length === 0) return null;
  const columns = columnIndex(definition);
  const errors: FieldError[] = [];
  const parts: RawBuilder<unknown>[] = [];
  conditions.forEach((condition, index) => {
    const pointer = options.pointer ? options.pointer(condition, index) : `/${condition.field}`;
    const column = columns.get(condition.field);
    if (!column) {
      errors.push({ pointer, code: 'exchange.unknown_field', message: `The resource has no data item "${condition.field}".` });
      return;
    }
    const ref = sql.raw(options.alias ? `${quoteIdent(options.alias)}.${quoteIdent(column.name)}` : quoteIdent(column.name));
    const cast = sql.raw(SQL_TYPES[column.type]);
    const typed = (raw: string): RawBuilder<unknown> | null => {
      const checked = normaliseConditionValue(column.type, raw);
      if (!checked.ok) {
        errors.push({ pointer, code: 'exchange.invalid_filter_value', message: checked.message });
        return null;
      }
      return sql`${checked.value}::${cast}`;
    };
    switch (condition.op) {
      case 'eq': {
        const value = typed(condition.value);
        if (value) parts.push(sql`${ref} = ${value}`);
        break;
      }
      case 'in': {
        if (!Array.isArray(condition.values) || condition.values.length === 0 || condition.values.length > MAX_IN_VALUES) {
          errors.push({ pointer, code: 'exchange.invalid_filter_value', message: `Give 1 to ${MAX_IN_VALUES} values.` });
          break;
        }
        const values = condition.values.map(typed);
        if (values.every((value) => value !== null)) parts.push(sql`${ref} IN (${sql.join(values as RawBuilder<unknown>[])})`);
        break;
      }
      case 'prefix': {
        if (column.type !== 'string' && column.type !== 'code') {
          errors.push({ pointer, code: 'exchange.invalid_operator', message: 'prefix applies to text data items only.' });
          break;
        }
        if (typeof condition.value !== 'string' || condition.value.length === 0 || condition.value.length > 10_000) {
          errors.push({ pointer, code: 'exchange.invalid_filter_value', message: 'Give a non-empty prefix.' });
          break;
        }
        parts.push(sql`${ref} LIKE ${`${escapeLike(condition.value)}%`} ESCAPE '\\'`);
        break;
      }
      case 'gte':
      case 'gt':
      case 'lte':
      case 'lt': {
        if (column.type === 'boolean') {
          errors.push({ pointer, code: 'exchange.invalid_operator', message: 'Range filters do not apply to boolean data items.' });
          break;
        }
        const value = typed(condition.value);
        const operator = sql.raw({ gte: '>=', gt: '>', lte: '<=', lt: '<' }[condition.op]);
        if (value) parts.push(sql`${ref} ${operator} ${value}`);
        break;
      }
      default:
        errors.push({ pointer, code: 'exchange.invalid_operator', message: `Unknown operator "${(condition as { op: string }).op}".` });
    }
  });
  if (errors.length > 0) throw new DomainError('validation.failed', 400, 'The filter is invalid.', errors);
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

const columnIndexes = new WeakMap<StoreDefinition, Map<string, StoreColumn>>();

/** Column by name (cached per definition). */
export function columnIndex(definition: StoreDefinition): Map<string, StoreColumn> {
  let index = columnIndexes.get(definition);
  if (!index) {
    index = new Map(definition.columns.map((column) => [column.name, column]));
    columnIndexes.set(definition, index);
  }
  return index;
}

// ---------------------------------------------------------------- checks against the grant

/**
 * Checks a field selection and filter against the grant (grant null = the provider: everything allowed) and
 * returns the selected fields in column order. 400 for unknown fields, 403 exchange.field_not_granted for
 * fields outside the grant, 403 exchange.filter_on_masked_field for range/prefix filters on masked fields.
 */
export function checkAgainstGrant(
  definition: StoreDefinition,
  grant: GrantInfo | null,
  request: { fields?: readonly string[] | null; filter?: readonly RowCondition[] },
  pointers: { fields?: string; filter?: (condition: RowCondition, index: number) => string } = {},
): string[] {
  const columns = columnIndex(definition);
  const granted = grantedFields(definition, grant);
  const grantedSet = new Set(granted);
  const unknown: FieldError[] = [];
  const notGranted: string[] = [];
  const maskedRange: string[] = [];
  const fieldsPointer = pointers.fields ?? '/_fields';
  for (const field of request.fields ?? []) {
    if (!columns.has(field)) unknown.push({ pointer: fieldsPointer, code: 'exchange.unknown_field', message: `The resource has no data item "${field}".` });
    else if (!grantedSet.has(field)) notGranted.push(field);
  }
  (request.filter ?? []).forEach((condition, index) => {
    const pointer = pointers.filter ? pointers.filter(condition, index) : `/${condition.field}`;
    if (!columns.has(condition.field)) {
      unknown.push({ pointer, code: 'exchange.unknown_field', message: `The resource has no data item "${condition.field}".` });
    } else if (!grantedSet.has(condition.field)) {
      notGranted.push(condition.field);
    } else if (condition.op !== 'eq' && condition.op !== 'in' && maskRuleOf(grant, condition.field) !== 'clear') {
      maskedRange.push(condition.field);
    }
  });
  if (unknown.length > 0) throw new DomainError('validation.failed', 400, 'The request names unknown data items.', unknown);
  if (notGranted.length > 0) {
    const names = [...new Set(notGranted)];
    throw new DomainError('exchange.field_not_granted', 403, `The grant does not cover: ${names.join(', ')}.`, [], { fields: names });
  }
  if (maskedRange.length > 0) {
    const names = [...new Set(maskedRange)];
    throw new DomainError('exchange.filter_on_masked_field', 403, `Range and prefix filters are not allowed on masked fields: ${names.join(', ')}.`, [], { fields: names });
  }
  if (!request.fields || request.fields.length === 0) return granted;
  const wanted = new Set(request.fields);
  return granted.filter((name) => wanted.has(name));
}
