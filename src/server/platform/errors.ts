/**
 * Domain errors carry a stable code that clients (and the console's translations) key on.
 * Services throw these; the HTTP edge renders them as RFC 9457 problem+json.
 */
export interface FieldError {
  /** JSON pointer into the request, e.g. /dataItems/2/name */
  pointer: string;
  code: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    /** Extra members added to the problem document (e.g. lockedUntil). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (code: string, message: string, fieldErrors: FieldError[] = []) =>
  new DomainError(code, 400, message, fieldErrors);
export const validationFailed = (fieldErrors: FieldError[], message = 'The request has invalid fields.') =>
  new DomainError('validation.failed', 400, message, fieldErrors);
export const unauthenticated = (message = 'Log in first.') => new DomainError('auth.unauthenticated', 401, message);
export const forbidden = (message = 'You are not allowed to do this.', code = 'auth.forbidden') =>
  new DomainError(code, 403, message);
export const notFound = (code: string, message: string) => new DomainError(code, 404, message);
export const conflict = (code: string, message: string, fieldErrors: FieldError[] = []) =>
  new DomainError(code, 409, message, fieldErrors);

/** Collects field errors so a service can report all of them at once, not only the first. */
export class FieldErrors {
  readonly list: FieldError[] = [];
  add(pointer: string, code: string, message: string): this {
    this.list.push({ pointer, code, message });
    return this;
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
  throwIfAny(code = 'validation.failed', message = 'The request has invalid fields.'): void {
    if (!this.empty) throw new DomainError(code, 400, message, this.list);
  }
}
