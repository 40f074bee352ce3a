/** The helpers the database drivers share: names, passwords, verifiers and errors that never carry a secret. */
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { driverError, DriverError, redact } from './errors.js';
import { escapeGlob, isManagedIdentifier, keyDigest, resourceIdentifier, slugOf } from './identifiers.js';
import { generatePassword } from './passwords.js';
import { integerParameter } from './settings.js';
import { mysqlNativePasswordHash, redisPasswordHash, scramSha256Verifier } from './verifiers.js';

describe('resource identifiers', () => {
  it('derive the same safe name from the same key, and different names from keys that share a prefix', () => {
    const key = '0190f5a2-7c41-7000-8000-000000000001';
    expect(resourceIdentifier(key, 'Permit DB')).toBe(resourceIdentifier(key, 'Permit DB'));
    expect(resourceIdentifier(key, 'Permit DB')).toBe(`zs_${keyDigest(key)}_permit_db`);
    // Time-ordered UUIDs created in the same millisecond share their first 12 hex digits.
    expect(resourceIdentifier(key, 'x')).not.toBe(resourceIdentifier('0190f5a2-7c41-7000-8000-000000000002', 'x'));
  });

  it('keep only [a-z0-9_], drop what has no ASCII form and stay within the length limit', () => {
    expect(slugOf('  Social-Security 社保 (2024)!! ')).toBe('social_security_2024');
    expect(resourceIdentifier(randomUUID(), '社保数据库')).toMatch(/^zs_[0-9a-f]{12}$/);
    expect(resourceIdentifier(randomUUID(), `"; DROP DATABASE postgres; --`)).toMatch(/^zs_[0-9a-f]{12}_drop_database_postgres$/);
    const long = resourceIdentifier(randomUUID(), 'a'.repeat(200));
    expect(long.length).toBe(63);
    expect(resourceIdentifier(randomUUID(), 'ab_' + 'c'.repeat(40), 32)).toMatch(/^zs_[0-9a-f]{12}_ab_c+$/);
    expect(resourceIdentifier(randomUUID(), 'abcdefghijklmnop_q', 32)).not.toMatch(/_$/);
    for (let index = 0; index < 50; index += 1) expect(isManagedIdentifier(resourceIdentifier(randomUUID(), `Name ${index} 名称`))).toBe(true);
  });

  it('recognise only names the drivers could have made', () => {
    for (const foreign of ['postgres', 'test', 'zs_short', 'zs_0123456789AB', 'zs_0123456789ab;drop', 'mysql', 'default', `zs_0123456789ab_${'a'.repeat(60)}`]) {
      expect(isManagedIdentifier(foreign)).toBe(false);
    }
    expect(isManagedIdentifier('zs_0123456789ab')).toBe(true);
  });

  it('escape glob characters so a pattern matches the literal prefix only', () => {
    expect(escapeGlob('a*b?c[d]e\\f')).toBe('a\\*b\\?c\\[d\\]e\\\\f');
  });
});

describe('generated passwords', () => {
  it('are long, letters and digits only, and never repeat', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 200; index += 1) {
      const password = generatePassword();
      expect(password).toMatch(/^[A-Za-z0-9]{32}$/);
      seen.add(password);
    }
    expect(seen.size).toBe(200);
    expect(() => generatePassword(12)).toThrow();
  });
});

describe('password verifiers', () => {
  it('match the servers’ own forms', () => {
    // MariaDB: SELECT PASSWORD('password')
    expect(mysqlNativePasswordHash('password')).toBe('*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19');
    expect(redisPasswordHash('password')).toBe(`#${createHash('sha256').update('password').digest('hex')}`);
  });

  it('produce a salted SCRAM-SHA-256 verifier that does not contain the password', async () => {
    const password = generatePassword();
    const first = await scramSha256Verifier(password);
    expect(first).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(first).not.toContain(password);
    expect(await scramSha256Verifier(password)).not.toBe(first);
  });
});

describe('driver errors', () => {
  it('carry a message without any secret and none of the library error’s properties', () => {
    const libraryError = Object.assign(new Error("Access denied near 'IDENTIFIED BY s3cretPw' for s3cretPw"), {
      code: 'ER_ACCESS_DENIED_ERROR',
      sql: "CREATE USER x IDENTIFIED BY 's3cretPw'",
      command: { name: 'acl', args: ['SETUSER', 'x', '>s3cretPw'] },
    });
    const error = driverError('Creating x failed', libraryError, ['s3cretPw', '']);
    expect(error).toBeInstanceOf(DriverError);
    expect(error.message).toBe("Creating x failed: Access denied near 'IDENTIFIED BY [redacted]' for [redacted]");
    expect(error.code).toBe('ER_ACCESS_DENIED_ERROR');
    expect(JSON.stringify(error)).not.toContain('s3cretPw');
    expect(Object.keys(error).sort()).toEqual(['code', 'name']);
    expect(redact('no secrets here', ['', undefined])).toBe('no secrets here');
  });
});

describe('integer parameters', () => {
  it('take whole numbers within bounds, the fallback when absent, and refuse anything else', () => {
    const rule = { min: 1, max: 100, fallback: 10 };
    expect(integerParameter({}, 'n', rule)).toBe(10);
    expect(integerParameter({ n: 5 }, 'n', rule)).toBe(5);
    expect(integerParameter({ n: '7' }, 'n', rule)).toBe(7);
    for (const bad of [0, 101, 2.5, 'many', true, '']) expect(() => integerParameter({ n: bad }, 'n', rule)).toThrow(/n must be a whole number from 1 to 100/);
  });
});
