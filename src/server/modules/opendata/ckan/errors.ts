/**
 * CKAN's error answers. The Action API does not speak problem+json: CKAN clients (ckanapi, ckanext-harvest,
 * uData's CKAN backend) read `error.__type` and the HTTP status, so each failure is one of CKAN's types with
 * CKAN's status and message wording (ckan/views/api.py).
 */
import { DomainError } from '../../../platform/errors.js';

export type CkanErrorType = 'Authorization Error' | 'Not Found Error' | 'Validation Error' | 'Search Query Error' | 'Search Error' | 'Internal Server Error';

const STATUS: Record<CkanErrorType, number> = {
  'Authorization Error': 403,
  'Not Found Error': 404,
  'Validation Error': 409,
  'Search Query Error': 400,
  'Search Error': 409,
  'Internal Server Error': 500,
};

/** Field → messages (CKAN's ValidationError.error_dict); a message may also stand alone under `message`. */
export type ValidationErrors = Record<string, string[] | string>;

export class CkanError extends Error {
  readonly status: number;
  constructor(
    readonly type: CkanErrorType,
    message: string,
    /** Validation errors only: the error dict CKAN puts next to `__type`. */
    readonly fields: ValidationErrors | null = null,
  ) {
    super(message);
    this.name = 'CkanError';
    this.status = STATUS[type];
  }

  /** The `error` member of the envelope. */
  body(): Record<string, unknown> {
    if (this.type === 'Validation Error') return { __type: this.type, ...(this.fields ?? { message: this.message }) };
    return { __type: this.type, message: this.message };
  }
}

/**
 * A request CKAN refuses before it reaches an action (unknown action, undecodable body, bad JSONP callback):
 * status 400 and, as CKAN does, a bare JSON string "Bad request - …" instead of the envelope.
 */
export class CkanBadRequest extends Error {
  constructor(readonly detail: string) {
    super(`Bad request - ${detail}`);
    this.name = 'CkanBadRequest';
  }
}

export const notFound = (detail?: string) => new CkanError('Not Found Error', detail ? `Not found: ${detail}` : 'Not found');
export const accessDenied = (detail?: string) => new CkanError('Authorization Error', detail ? `Access denied: ${detail}` : 'Access denied');
export const invalid = (fields: ValidationErrors) => new CkanError('Validation Error', 'Validation error', fields);

/** CKAN's SearchQueryError as the API words it: `Search Query is invalid: %r` of the reason. */
export const searchQueryError = (reason: string) => new CkanError('Search Query Error', `Search Query is invalid: ${pyRepr(reason)}`);

/** Python's repr() of a str, which CKAN's messages embed (`'…'`, or `"…"` when the text holds a single quote only). */
export function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    if (char === '\\') out += '\\\\';
    else if (char === quote) out += `\\${quote}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else out += char;
  }
  return out + quote;
}

/** Python's repr() of a list of str: `['a', 'b']`. */
export const pyListRepr = (items: readonly string[]): string => `[${items.map(pyRepr).join(', ')}]`;

/** The first segment of a JSON pointer ("/filters/town" → "filters"), the CKAN field an error is about. */
function fieldOfPointer(pointer: string): string {
  const first = pointer.split('/').filter(Boolean)[0];
  return first ? first.replace(/~1/g, '/').replace(/~0/g, '~') : 'message';
}

/** Maps what other parts throw onto CKAN's types; anything unknown is an internal error (logged by the caller). */
export function toCkanError(error: unknown): CkanError | CkanBadRequest | null {
  if (error instanceof CkanError || error instanceof CkanBadRequest) return error;
  if (!(error instanceof DomainError)) return null;
  if (error.status === 404) return notFound(error.message);
  if (error.status === 401 || error.status === 403) return accessDenied(error.message);
  if (error.status === 400 || error.status === 409 || error.status === 422) {
    if (!error.fieldErrors.length) return new CkanError('Validation Error', error.message, { message: error.message });
    const fields: Record<string, string[]> = {};
    for (const fieldError of error.fieldErrors) (fields[fieldOfPointer(fieldError.pointer)] ??= []).push(fieldError.message);
    return invalid(fields);
  }
  return null;
}
