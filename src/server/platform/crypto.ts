import crypto from 'node:crypto';
import type { CryptoMode } from './config.js';

/**
 * Hashing and tokens. In national-crypto mode (ZHONGSHU_CRYPTO=sm) digests use SM3 instead of SHA-256;
 * Node's OpenSSL provides both.
 */
export interface CryptoService {
  readonly mode: CryptoMode;
  readonly digestName: 'sha256' | 'sm3';
  digestHex(data: string | Buffer): string;
  hmacHex(key: string | Buffer, data: string | Buffer): string;
}

export function createCrypto(mode: CryptoMode): CryptoService {
  const digestName = mode === 'sm' ? 'sm3' : 'sha256';
  return {
    mode,
    digestName,
    digestHex: (data) => crypto.createHash(digestName).update(data).digest('hex'),
    hmacHex: (key, data) => crypto.createHmac(digestName, key).update(data).digest('hex'),
  };
}

/** URL-safe random token with `bytes` of entropy. */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** Compares two strings without leaking where they differ through timing. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/** A random password that satisfies the default policy (upper, lower, digit, symbol). */
export function generatePassword(length = 16): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!@#%^*-_+='];
  const all = sets.join('');
  const chars = sets.map((set) => set[crypto.randomInt(set.length)]);
  while (chars.length < length) chars.push(all[crypto.randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
