/**
 * What a records request asks for, read from its query string and headers: PostgREST-style filters on data
 * items, the reserved `_` parameters, the purpose header, keys and cursors. Pure; the service checks the
 * result against the grant.
 */
import { DomainError, type FieldError } from '../../../platform/errors.js';
import type { SecretBox } from '../../../platform/secret-box.js';
import type { RowCondition, StoreDefinition } from '../index.js';
import { columnIndex, MAX_IN_VALUES, normaliseConditionValue } from './enforce.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
export const PREVIEW_LIMIT = 50;
export const MAX_PURPOSE = 200;

export type RawQuery = Record<string, string | string[] | undefined>;

export interface RecordsQuery {
  filter: RowCondition[];
  fields: string[] | null;
  limit: number;
  after: string | null;
  format: 'ndjson' | 'csv' | null;
}

const OPERATORS = new Set(['eq', 'in', 'prefix', 'gte', 'gt', 'lte', 'lt']);
const FIELD_NAME = /^[a-z][a-z0-9_]{0,62}$/;

const invalid = (errors: FieldError[], message = 'The query is invalid.') => new DomainError('validation.failed', 400, message, errors);

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[value.length - 1] : value);

/**
 * Reads filters and reserved parameters. `allowed` names the reserved parameters this endpoint takes.
 * Problems are reported all at once, each with a pointer `/<parameter>`.
 */
export function parseRecordsQuery(
  query: RawQuery,
  allowed: ReadonlySet<string>,
  options: { maxLimit?: number; defaultLimit?: number; known?: { has(name: string): boolean } } = {},
): RecordsQuery {
  const errors: FieldError[] = [];
  const filter: RowCondition[] = [];
  let fields: string[] | null = null;
  let limit = options.defaultLimit ?? DEFAULT_LIMIT;
  const maxLimit = options.maxLimit ?? MAX_LIMIT;
  let after: string | null = null;
  let format: RecordsQuery['format'] = null;

  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    const pointer = `/${name}`;
    if (name.startsWith('_')) {
      if (!allowed.has(name)) {
        errors.push({ pointer, code: 'exchange.unknown_parameter', message: `Unknown parameter ${name}.` });
        continue;
      }
      const value = single(raw) ?? '';
      switch (name) {
        case '_fields': {
          const names = value.split(',').map((part) => part.trim()).filter(Boolean);
          if (names.length === 0) errors.push({ pointer, code: 'exchange.invalid_fields', message: 'Name at least one data item.' });
          else if (names.some((part) => !FIELD_NAME.test(part) || (options.known && !options.known.has(part)))) {
            errors.push({ pointer, code: 'exchange.unknown_field', message: `Unknown data item in ${names.join(',')}.` });
          }
          else fields = [...new Set(names)];
          break;
        }
        case '_limit': {
          const number = /^\d{1,7}$/.test(value) ? Number(value) : NaN;
          if (!Number.isInteger(number) || number < 1 || number > maxLimit) {
            errors.push({ pointer, code: 'exchange.invalid_limit', message: `Give a whole number from 1 to ${maxLimit}.` });
          } else limit = number;
          break;
        }
        case '_after':
          if (value.length === 0 || value.length > 4096) errors.push({ pointer, code: 'exchange.invalid_cursor', message: 'The cursor is not one this API gave.' });
          else after = value;
          break;
        case '_format':
          if (value === 'ndjson' || value === 'csv') format = value;
          else errors.push({ pointer, code: 'exchange.invalid_format', message: 'Use _format=ndjson or _format=csv.' });
          break;
      }
      continue;
    }
    if (!FIELD_NAME.test(name) || (options.known && !options.known.has(name))) {
      errors.push({ pointer, code: 'exchange.unknown_field', message: `The resource has no data item "${name}".` });
      continue;
    }
    for (const text of Array.isArray(raw) ? raw : [raw]) {
      const dot = text.indexOf('.');
      const op = dot < 0 ? '' : text.slice(0, dot);
      const operand = dot < 0 ? '' : text.slice(dot + 1);
      if (!OPERATORS.has(op)) {
        errors.push({ pointer, code: 'exchange.invalid_operator', message: 'Write <field>=<op>.<value> with op one of eq, in, prefix, gte, gt, lte, lt.' });
        continue;
      }
      if (operand.includes('\u0000')) {
        errors.push({ pointer, code: 'exchange.invalid_filter_value', message: 'The value contains a NUL character.' });
        continue;
      }
      if (op === 'in') {
        const list = operand.startsWith('(') && operand.endsWith(')') ? operand.slice(1, -1) : operand;
        const values = list.split(',');
        if (list.length === 0 || values.length > MAX_IN_VALUES) {
          errors.push({ pointer, code: 'exchange.invalid_filter_value', message: `Give 1 to ${MAX_IN_VALUES} comma-separated values.` });
          continue;
        }
        filter.push({ field: name, op: 'in', values });
      } else {
        filter.push({ field: name, op: op as 'eq', value: operand });
      }
    }
  }
  if (errors.length > 0) throw invalid(errors);
  return { filter, fields, limit, after, format };
}

/**
 * The X-Purpose header: UTF-8, percent-encoded when non-ASCII (raw UTF-8 bytes are accepted too), 1–200
 * characters after trimming, no control characters. 400 exchange.purpose_required otherwise.
 */
export function readPurpose(header: string | string[] | undefined, required = true): string | null {
  const purposeProblem = (message: string) =>
    new DomainError('exchange.purpose_required', 400, message, [{ pointer: '/X-Purpose', code: 'exchange.purpose_required', message }]);
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw.trim() === '') {
    if (!required) return null;
    throw purposeProblem('Say why you read this data in the X-Purpose header (UTF-8, percent-encoded).');
  }
  let text = raw;
  // Node hands raw header bytes over as latin1: re-read them as UTF-8.
  if (/[^\x00-\x7f]/.test(text)) {
    text = Buffer.from(text, 'latin1').toString('utf8');
    if (text.includes('\uFFFD')) throw purposeProblem('X-Purpose is not valid UTF-8.');
  }
  if (/%[0-9A-Fa-f]{2}/.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      throw purposeProblem('X-Purpose is not valid percent-encoded UTF-8.');
    }
  }
  text = text.trim();
  if (/[\u0000-\u001f\u007f]/.test(text)) throw purposeProblem('X-Purpose contains control characters.');
  const length = Array.from(text).length;
  if (length < 1 || length > MAX_PURPOSE) throw purposeProblem(`X-Purpose must be 1 to ${MAX_PURPOSE} characters.`);
  return text;
}

/**
 * A record key from the path: a single value; for composite keys 'a,2024' or a JSON array '["a",2024]'.
 * Values are checked against the key columns' types (400 exchange.invalid_key).
 */
export function parseKey(definition: StoreDefinition, raw: string): string[] {
  const problem = (message: string) => new DomainError('exchange.invalid_key', 400, message, [{ pointer: '/key', code: 'exchange.invalid_key', message }]);
  const keys = definition.keyColumns;
  let values: string[];
  if (raw.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw problem('The key is not a valid JSON array.');
    }
    if (!Array.isArray(parsed) || parsed.some((value) => typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')) {
      throw problem('A JSON key is an array of strings and numbers.');
    }
    values = parsed.map(String);
  } else if (keys.length === 1) {
    values = [raw];
  } else {
    values = raw.split(',');
  }
  if (values.length !== keys.length) throw problem(`The key has ${keys.length} part(s): ${keys.join(', ')}.`);
  const columns = columnIndex(definition);
  return values.map((value, index) => {
    if (value.includes('\u0000')) throw problem('The key contains a NUL character.');
    const checked = normaliseConditionValue(columns.get(keys[index])!.type, value);
    if (!checked.ok) throw problem(`${keys[index]}: ${checked.message}`);
    return checked.value;
  });
}

/**
 * Keyset cursors: the last key values of a page, sealed (encrypted and authenticated) so a caller can neither
 * read masked or ungranted key values from it nor forge one, and bound to the resource.
 */
export function sealCursor(secrets: SecretBox, resourceCode: string, keyValues: string[]): string {
  return Buffer.from(secrets.seal(JSON.stringify([resourceCode, ...keyValues])), 'utf8').toString('base64url');
}

export function openCursor(secrets: SecretBox, definition: StoreDefinition, cursor: string): string[] {
  const problem = () => new DomainError('exchange.invalid_cursor', 400, 'The cursor is not one this API gave for this resource.', [
    { pointer: '/_after', code: 'exchange.invalid_cursor', message: 'Pass the "next" value of the previous page unchanged.' },
  ]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(secrets.open(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw problem();
  }
  if (!Array.isArray(parsed) || parsed[0] !== definition.resourceCode || parsed.length !== definition.keyColumns.length + 1) throw problem();
  const values = parsed.slice(1);
  if (values.some((value) => typeof value !== 'string')) throw problem();
  return values as string[];
}
