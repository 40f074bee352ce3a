/**
 * Action parameters as CKAN's validators read them. A parameter arrives as a string (query string, form) or as
 * a JSON value (POST body); both must give the same answer, so each reader accepts either and words its
 * refusal as CKAN does (ckan/logic/validators.py).
 */
import { invalid } from './errors.js';

/** The action's input: query-string and form values are strings (arrays when repeated), JSON values as sent. */
export type Params = Record<string, unknown>;

export const isMissing = (value: unknown): boolean => value === undefined || value === null;

/** CKAN's int_validator: integers, integral floats, and strings that read as integers; '' is missing. */
export function readInt(params: Params, key: string): number | undefined {
  const value = params[key];
  if (isMissing(value)) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    if (!value.trim()) return undefined;
    if (/^\s*[-+]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  }
  throw invalid({ [key]: ['Invalid integer'] });
}

/** CKAN's natural_number_validator: an integer ≥ 0. */
export function readNatural(params: Params, key: string): number | undefined {
  const value = readInt(params, key);
  if (value !== undefined && value < 0) throw invalid({ [key]: ['Must be a natural number'] });
  return value;
}

const TRUE = new Set(['true', 'yes', 'on', 'y', 't', '1']);
const FALSE = new Set(['false', 'no', 'off', 'n', 'f', '0', '']);

/** CKAN's asbool / boolean_validator. */
export function readBool(params: Params, key: string, fallback: boolean): boolean {
  const value = params[key];
  if (isMissing(value)) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (TRUE.has(text)) return true;
    if (FALSE.has(text)) return false;
  }
  throw invalid({ [key]: ['Invalid boolean'] });
}

/** A text parameter (the first value when repeated). */
export function readString(params: Params, key: string): string | undefined {
  const value = params[key];
  if (isMissing(value)) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value[0];
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw invalid({ [key]: ['Must be a string'] });
}

/**
 * A list given as a JSON list, a JSON-encoded list in a string, a comma- (or space-) separated string, or a
 * repeated query parameter.
 */
export function readList(params: Params, key: string, options: { json?: boolean; separator?: RegExp } = {}): string[] | undefined {
  let value = params[key];
  if (isMissing(value)) return undefined;
  if (typeof value === 'string') {
    const text = value.trim();
    if (options.json !== false && text.startsWith('[')) {
      try {
        value = JSON.parse(text) as unknown;
      } catch {
        throw invalid({ [key]: ['Could not parse as valid JSON'] });
      }
    } else {
      return text ? text.split(options.separator ?? /\s*,\s*/).map((item) => item.trim()).filter(Boolean) : [];
    }
  }
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.map((item) => item.trim()).filter(Boolean);
  throw invalid({ [key]: ['Not a list of strings'] });
}

/** A JSON object given as an object or as a JSON-encoded string (CKAN's json_validator). */
export function readObject(params: Params, key: string): Record<string, unknown> | undefined {
  let value = params[key];
  if (isMissing(value)) return undefined;
  if (typeof value === 'string') {
    if (!value.trim()) return undefined;
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      throw invalid({ [key]: ['Could not parse as valid JSON'] });
    }
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw invalid({ [key]: ['Not a JSON object'] });
}

/** CKAN's get_or_bust: a required value, refused with CKAN's "Missing value". */
export function requireString(params: Params, key: string, asList = false): string {
  const value = readString(params, key);
  if (value === undefined || value === '') throw invalid({ [key]: asList ? ['Missing value'] : 'Missing value' });
  return value;
}
