/** Passwords for the accounts the drivers create: random letters and digits, safe in any connection string. */
import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const PASSWORD_LENGTH = 32;

/** crypto.randomInt draws without modulo bias; 32 characters of 62 give about 190 bits. */
export function generatePassword(length = PASSWORD_LENGTH): string {
  if (length < 24) throw new Error('Generated passwords are at least 24 characters long.');
  let password = '';
  for (let index = 0; index < length; index += 1) password += ALPHABET[randomInt(ALPHABET.length)];
  return password;
}
