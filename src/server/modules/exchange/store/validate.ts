/**
 * Checks one incoming record against a store's columns and rules and turns it into the text form the merge
 * stages (one string or null per column, in column order). Every problem of a record is reported, not only the
 * first, with the field and value, so the error report tells a department exactly what to fix.
 */
import { isDivisionCodeFormat, isValidCitizenId, isValidCreditCode } from '../../../platform/identifiers.js';
import type { FieldRule, RawRecord, RejectedRow, StoreColumn, StoreDefinition } from '../index.js';

export type RecordOp = 'upsert' | 'delete';

export interface CheckedRecord {
  op: RecordOp;
  /** Text form per column (column order); null = SQL NULL. Undefined when the record was rejected. */
  values?: Array<string | null>;
  errors: RejectedRow[];
}

export interface FieldTally {
  present: number;
  invalid: number;
}

const MAX_TEXT = 10_000;
const PHONE = /^(1[3-9]\d{9}|(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?|400-?\d{3}-?\d{4})$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/;
const INTEGER = /^[+-]?\d{1,19}$/;
const DECIMAL = /^[+-]?(\d{1,40}(\.\d{0,20})?|\.\d{1,20})$/;
const DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const DATETIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const TRUE_WORDS = new Set(['true', '1', 'y', 'yes', 't', '是']);
const FALSE_WORDS = new Set(['false', '0', 'n', 'no', 'f', '否']);
const BIGINT_MAX = 9223372036854775807n;

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || year < 1 || year > 9999) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

type Normaliser = (text: string) => string | { code: string; message: string };

function typeNormaliser(column: StoreColumn): Normaliser {
  switch (column.type) {
    case 'integer':
      return (text) => {
        if (!INTEGER.test(text)) return { code: 'exchange.invalid_integer', message: 'Expected a whole number.' };
        const value = BigInt(text);
        if (value > BIGINT_MAX || value < -BIGINT_MAX - 1n) return { code: 'exchange.integer_out_of_range', message: 'The number is too large.' };
        return value.toString();
      };
    case 'decimal':
      return (text) => (DECIMAL.test(text) ? text : { code: 'exchange.invalid_decimal', message: 'Expected a decimal number such as 1234.56.' });
    case 'date':
      return (text) => {
        const match = DATE.exec(text) ?? COMPACT_DATE.exec(text);
        if (!match) return { code: 'exchange.invalid_date', message: 'Expected a date as YYYY-MM-DD.' };
        const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
        if (!isRealDate(year, month, day)) return { code: 'exchange.invalid_date', message: 'No such date.' };
        return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
      };
    case 'datetime':
      return (text) => {
        const match = DATETIME.exec(text);
        if (!match) return { code: 'exchange.invalid_datetime', message: 'Expected a date and time as YYYY-MM-DDTHH:mm:ss with an optional offset.' };
        const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
        const [hour, minute, second] = [Number(match[4] ?? 0), Number(match[5] ?? 0), Number(match[6] ?? 0)];
        if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) {
          return { code: 'exchange.invalid_datetime', message: 'No such date or time.' };
        }
        // Without an offset, a time is China Standard Time, as government systems write it.
        const zone = match[8] === undefined ? '+08:00' : match[8] === 'Z' ? 'Z' : match[8].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
        return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${match[7] ?? ''}${zone}`;
      };
    case 'boolean':
      return (text) => {
        const word = text.toLowerCase();
        if (TRUE_WORDS.has(word)) return 'true';
        if (FALSE_WORDS.has(word)) return 'false';
        return { code: 'exchange.invalid_boolean', message: 'Expected true or false.' };
      };
    default:
      return (text) => {
        const length = [...text].length;
        if (length > (column.length ?? MAX_TEXT)) {
          return { code: 'exchange.too_long', message: `At most ${column.length ?? MAX_TEXT} characters.` };
        }
        return text;
      };
  }
}

function ruleChecker(rule: FieldRule | undefined, codeLists: ReadonlyMap<string, ReadonlySet<string>>): Array<(text: string) => { code: string; message: string } | null> {
  if (!rule) return [];
  const checks: Array<(text: string) => { code: string; message: string } | null> = [];
  switch (rule.check) {
    case 'citizen_id':
      checks.push((text) => (isValidCitizenId(text) ? null : { code: 'exchange.invalid_citizen_id', message: 'Not a valid citizen ID number (GB 11643).' }));
      break;
    case 'credit_code':
      checks.push((text) => (isValidCreditCode(text) ? null : { code: 'exchange.invalid_credit_code', message: 'Not a valid unified social credit code (GB 32100).' }));
      break;
    case 'phone':
      checks.push((text) => (PHONE.test(text) ? null : { code: 'exchange.invalid_phone', message: 'Not a valid phone number.' }));
      break;
    case 'division_code':
      checks.push((text) => (/^\d{6}(\d{6})?$/.test(text) && isDivisionCodeFormat(text) ? null : { code: 'exchange.invalid_division_code', message: 'Not an administrative division code (GB/T 2260).' }));
      break;
    case 'email':
      checks.push((text) => (EMAIL.test(text) ? null : { code: 'exchange.invalid_email', message: 'Not an e-mail address.' }));
      break;
    default:
      break;
  }
  if (rule.pattern) {
    const pattern = new RegExp(`^(?:${rule.pattern})$`, 'u');
    checks.push((text) => (pattern.test(text) ? null : { code: 'exchange.pattern_mismatch', message: `Does not match the pattern ${rule.pattern}.` }));
  }
  if (rule.codeListId) {
    const codes = codeLists.get(rule.codeListId);
    if (codes) checks.push((text) => (codes.has(text) ? null : { code: 'exchange.not_in_code_list', message: `Not a code of ${rule.codeListId}.` }));
  }
  return checks;
}

function asText(value: unknown): string | null | { code: string; message: string } {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : { code: 'exchange.invalid_number', message: 'Not a finite number.' };
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { code: 'exchange.invalid_datetime', message: 'Invalid date.' } : value.toISOString();
  return { code: 'exchange.nested_value', message: 'Values must be plain text, numbers or booleans, not objects or arrays.' };
}

const preview = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};

export interface RecordValidator {
  check(record: RawRecord, row: number): CheckedRecord;
  /** Per-field presence and failures over every record checked so far (the load's quality report). */
  readonly tally: Record<string, FieldTally>;
}

export function compileRecordValidator(definition: StoreDefinition, codeLists: ReadonlyMap<string, ReadonlySet<string>>): RecordValidator {
  const known = new Set(definition.columns.map((column) => column.name));
  const fields = definition.columns.map((column) => ({
    column,
    normalise: typeNormaliser(column),
    checks: ruleChecker(definition.rules[column.name], codeLists),
  }));
  const tally: Record<string, FieldTally> = Object.fromEntries(definition.columns.map((column) => [column.name, { present: 0, invalid: 0 }]));

  return {
    tally,
    check(record, row) {
      const errors: RejectedRow[] = [];
      const reject = (field: string | null, value: unknown, problem: { code: string; message: string }) =>
        errors.push({ row, field, value: preview(value), code: problem.code, message: problem.message });

      let op: RecordOp = 'upsert';
      const opValue = record._op;
      if (opValue !== undefined && opValue !== null && opValue !== '') {
        const word = String(opValue).toLowerCase();
        if (word === 'delete' || word === 'd') op = 'delete';
        else if (word !== 'upsert' && word !== 'u') reject('_op', opValue, { code: 'exchange.invalid_op', message: 'Use "upsert" or "delete".' });
      }
      for (const name of Object.keys(record)) {
        if (name !== '_op' && !known.has(name)) reject(name, record[name], { code: 'exchange.unknown_field', message: `"${name}" is not a data item of this resource.` });
      }

      const values: Array<string | null> = new Array(fields.length);
      for (let index = 0; index < fields.length; index++) {
        const { column, normalise, checks } = fields[index];
        const raw = record[column.name];
        const text = asText(raw);
        if (text !== null && typeof text === 'object') {
          reject(column.name, raw, text);
          tally[column.name].invalid++;
          continue;
        }
        if (text === null) {
          values[index] = null;
          if (column.key || (op === 'upsert' && column.required)) {
            reject(column.name, raw, { code: 'exchange.required', message: `"${column.label}" (${column.name}) is required.` });
            if (op === 'upsert') tally[column.name].invalid++;
          }
          continue;
        }
        if (op === 'upsert') tally[column.name].present++;
        if (op === 'delete' && !column.key) {
          values[index] = null;
          continue;
        }
        const normalised = normalise(text);
        if (typeof normalised !== 'string') {
          reject(column.name, raw, normalised);
          if (op === 'upsert') tally[column.name].invalid++;
          continue;
        }
        let failed = false;
        for (const check of checks) {
          const problem = check(normalised);
          if (problem) {
            reject(column.name, raw, problem);
            failed = true;
            break;
          }
        }
        if (failed) {
          if (op === 'upsert') tally[column.name].invalid++;
          continue;
        }
        values[index] = normalised;
      }
      return errors.length ? { op, errors } : { op, values, errors };
    },
  };
}
