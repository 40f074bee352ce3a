import { FieldErrors } from '../../platform/errors.js';

/**
 * The security policy the security admin sets (settings key 'security_policy'). Login and session checks read it
 * on every use, so a change applies to the very next request.
 */
export interface SecurityPolicy {
  passwordMinLength: number;
  passwordMinClasses: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  sessionIdleMinutes: number;
}

export const SECURITY_POLICY_KEY = 'security_policy';

/** Allowed ranges; the HTTP schema uses the same numbers. */
export const SECURITY_POLICY_RANGES: Record<keyof SecurityPolicy, { min: number; max: number }> = {
  passwordMinLength: { min: 8, max: 128 },
  passwordMinClasses: { min: 1, max: 4 },
  lockoutThreshold: { min: 1, max: 100 },
  lockoutMinutes: { min: 1, max: 24 * 60 },
  sessionIdleMinutes: { min: 1, max: 24 * 60 },
};

export function defaultSecurityPolicy(sessionIdleMinutes: number): SecurityPolicy {
  return { passwordMinLength: 8, passwordMinClasses: 3, lockoutThreshold: 5, lockoutMinutes: 15, sessionIdleMinutes };
}

/** Every out-of-range or non-integer field, reported together. */
export function assertValidSecurityPolicy(policy: SecurityPolicy): void {
  const errors = new FieldErrors();
  for (const [field, range] of Object.entries(SECURITY_POLICY_RANGES) as Array<[keyof SecurityPolicy, { min: number; max: number }]>) {
    const value = policy[field];
    if (!Number.isInteger(value) || value < range.min || value > range.max) {
      errors.add(`/${field}`, 'validation.range', `must be a whole number from ${range.min} to ${range.max}`);
    }
  }
  errors.throwIfAny('directory.invalid_security_policy', 'The security policy has values out of range.');
}

/** A stored value merged over the defaults, so a policy saved by an older version still has every field. */
export function mergeStoredPolicy(stored: unknown, defaults: SecurityPolicy): SecurityPolicy {
  if (!stored || typeof stored !== 'object') return defaults;
  const merged = { ...defaults };
  for (const field of Object.keys(SECURITY_POLICY_RANGES) as Array<keyof SecurityPolicy>) {
    const value = (stored as Record<string, unknown>)[field];
    if (typeof value === 'number' && Number.isInteger(value)) merged[field] = value;
  }
  return merged;
}
