import { hash, verify } from '@node-rs/argon2';
import type { FieldError } from '../../platform/errors.js';

/**
 * Password hashing (argon2id, the library's default algorithm, with OWASP's minimum parameters: 19 MiB, 2 passes)
 * and the password policy check.
 */
const HASH_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Longer inputs are refused before hashing so nobody can make the server hash megabytes. */
export const PASSWORD_MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, HASH_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash must not log anyone in, nor turn into a 500 that tells the user something.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Computes the dummy hash ahead of time, so even the first unknown username costs no more than one check. */
export function prepareDummyHash(): Promise<string> {
  dummyHash ??= hashPassword('dummy-password-for-timing');
  return dummyHash;
}

/**
 * Spends the same time as a real check, for usernames that do not exist, so response times do not tell an
 * attacker which accounts exist.
 */
export async function verifyAgainstDummy(password: string): Promise<void> {
  await verifyPassword(await prepareDummyHash(), password);
}

export interface PasswordRules {
  passwordMinLength: number;
  passwordMinClasses: number;
}

const CHARACTER_CLASSES: Array<[string, RegExp]> = [
  ['lower-case letters', /\p{Ll}/u],
  ['upper-case letters', /\p{Lu}/u],
  ['digits', /\p{Nd}/u],
  ['symbols', /[^\p{Ll}\p{Lu}\p{Nd}]/u],
];

export function characterClassCount(password: string): number {
  return CHARACTER_CLASSES.filter(([, pattern]) => pattern.test(password)).length;
}

/**
 * Every rule the password breaks, as field errors at `pointer` (the console shows them all at once).
 * An empty list means the password is acceptable.
 */
export function passwordPolicyErrors(
  password: string,
  rules: PasswordRules,
  context: { username: string; pointer: string },
): FieldError[] {
  const errors: FieldError[] = [];
  const { pointer } = context;
  const length = [...password].length;
  if (length < rules.passwordMinLength) {
    errors.push({ pointer, code: 'password.too_short', message: `Use at least ${rules.passwordMinLength} characters.` });
  }
  if (length > PASSWORD_MAX_LENGTH) {
    errors.push({ pointer, code: 'password.too_long', message: `Use at most ${PASSWORD_MAX_LENGTH} characters.` });
  }
  if (characterClassCount(password) < rules.passwordMinClasses) {
    errors.push({
      pointer,
      code: 'password.too_few_classes',
      message: `Mix at least ${rules.passwordMinClasses} of: ${CHARACTER_CLASSES.map(([name]) => name).join(', ')}.`,
    });
  }
  if (password.toLowerCase() === context.username.toLowerCase()) {
    errors.push({ pointer, code: 'password.equals_username', message: 'The password must not be the username.' });
  }
  return errors;
}
