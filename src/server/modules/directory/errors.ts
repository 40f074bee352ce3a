import { DomainError, type FieldError } from '../../platform/errors.js';

/** The directory's and authentication's error codes (the console localises by code). */
export const invalidCredentials = () =>
  new DomainError('auth.invalid_credentials', 401, 'The username or password is wrong.');

export const accountLocked = (lockedUntil: Date) =>
  new DomainError('auth.account_locked', 423, 'Too many failed logins: the account is locked for a while.', [], {
    lockedUntil: lockedUntil.toISOString(),
  });

export const sessionExpired = () => new DomainError('auth.session_expired', 401, 'The session ended after a period of inactivity. Log in again.');

export const passwordPolicy = (errors: FieldError[]) =>
  new DomainError('auth.password_policy', 400, 'The new password does not meet the password policy.', errors);

export const departmentNotFound = () => new DomainError('directory.department_not_found', 404, 'No such department.');
export const userNotFound = () => new DomainError('directory.user_not_found', 404, 'No such user.');
export const systemNotFound = () => new DomainError('directory.system_not_found', 404, 'No such business system.');
export const credentialNotFound = () => new DomainError('directory.credential_not_found', 404, 'No such credential for this business system.');
export const regionNotFound = () => new DomainError('directory.region_not_found', 404, 'No current region with this code.');

/**
 * Field problems of one request, each with its own error code. All are reported together; the problem's
 * top-level code is the first one's (a request with a bad credit code and an unknown region answers
 * directory.invalid_credit_code and lists both fields).
 */
export class Problems {
  private readonly items: Array<{ code: string; error: FieldError }> = [];

  add(code: string, pointer: string, message: string, fieldCode = code): this {
    this.items.push({ code, error: { pointer, code: fieldCode, message } });
    return this;
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  throwIfAny(status = 400): void {
    if (this.empty) return;
    const first = this.items[0];
    throw new DomainError(first.code, status, first.error.message, this.items.map((item) => item.error));
  }
}
