import { describe, expect, it } from 'vitest';
import { characterClassCount, hashPassword, passwordPolicyErrors, verifyAgainstDummy, verifyPassword } from './password.js';

const rules = { passwordMinLength: 8, passwordMinClasses: 3 };
const check = (password: string, username = 'alice') =>
  passwordPolicyErrors(password, rules, { username, pointer: '/newPassword' }).map((error) => error.code);

describe('password policy', () => {
  it('accepts a long enough password mixing three classes', () => {
    expect(check('Abcdefg1')).toEqual([]);
    expect(check('abcdef1!')).toEqual([]);
    expect(check('密码Abc12345')).toEqual([]);
  });

  it('lists every broken rule at the given pointer', () => {
    const errors = passwordPolicyErrors('abc', rules, { username: 'alice', pointer: '/newPassword' });
    expect(errors.map((error) => error.code)).toEqual(['password.too_short', 'password.too_few_classes']);
    expect(errors.every((error) => error.pointer === '/newPassword' && error.message.length > 0)).toBe(true);
  });

  it('refuses the username as password, whatever the case', () => {
    expect(check('Admin-2024x', 'admin-2024X')).toEqual(['password.equals_username']);
  });

  it('counts characters, not UTF-16 units, and caps the length', () => {
    expect(check('Aa1😀😀😀😀')).toEqual(['password.too_short']);
    expect(check(`Aa1${'x'.repeat(300)}`)).toEqual(['password.too_long']);
  });

  it('follows the policy numbers it is given', () => {
    expect(passwordPolicyErrors('abcdefghijkl', { passwordMinLength: 12, passwordMinClasses: 1 }, { username: 'x', pointer: '/p' })).toEqual([]);
    expect(passwordPolicyErrors('Abcdefghij1!', { passwordMinLength: 8, passwordMinClasses: 4 }, { username: 'x', pointer: '/p' })).toEqual([]);
    expect(passwordPolicyErrors('Abcdefghij12', { passwordMinLength: 8, passwordMinClasses: 4 }, { username: 'x', pointer: '/p' })).toHaveLength(1);
  });

  it('counts the four character classes', () => {
    expect(characterClassCount('abc')).toBe(1);
    expect(characterClassCount('aB3')).toBe(3);
    expect(characterClassCount('aB3 ')).toBe(4);
  });
});

describe('password hashing', () => {
  it('uses argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('Correct-Horse-1');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 'Correct-Horse-1')).toBe(true);
    expect(await verifyPassword(hash, 'correct-horse-1')).toBe(false);
  });

  it('treats a malformed stored hash as a mismatch, and the dummy check never throws', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever')).toBe(false);
    await expect(verifyAgainstDummy('whatever')).resolves.toBeUndefined();
  });
});
