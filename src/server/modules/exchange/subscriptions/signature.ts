/**
 * Webhook signatures: `X-Zhongshu-Signature: t=<unix seconds>,v1=<hex HMAC(secret, "<t>.<body>")>` with
 * HMAC-SHA256, or HMAC-SM3 in national-crypto mode (named in X-Zhongshu-Signature-Algorithm). The secret's
 * UTF-8 bytes are the key. `verifySignature` is what a receiver does; the tests use it as the receiver.
 */
import crypto from 'node:crypto';
import type { CryptoMode } from '../../../platform/config.js';

export type SignatureAlgorithm = 'hmac-sha256' | 'hmac-sm3';

export const SIGNATURE_HEADER = 'x-zhongshu-signature';
export const ALGORITHM_HEADER = 'x-zhongshu-signature-algorithm';
export const DELIVERY_HEADER = 'x-zhongshu-delivery';

export const signatureAlgorithm = (mode: CryptoMode): SignatureAlgorithm => (mode === 'sm' ? 'hmac-sm3' : 'hmac-sha256');

/** A new signing secret: 32 random bytes, base64url, with a recognisable prefix. */
export const generateSecret = (): string => `whsec_${crypto.randomBytes(32).toString('base64url')}`;

export function signatureHeader(hmacHex: (key: string, data: string) => string, secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmacHex(secret, `${unixSeconds}.${body}`)}`;
}

/**
 * Checks a received signature: the header's v1 matches HMAC(secret, "<t>.<body>") and t is within `toleranceSeconds`
 * of now (replay window).
 */
export function verifySignature(
  header: string | undefined,
  body: string,
  secret: string,
  options: { algorithm?: SignatureAlgorithm; toleranceSeconds?: number; now?: number } = {},
): boolean {
  if (!header) return false;
  const parts = new Map(header.split(',').map((part) => {
    const index = part.indexOf('=');
    return [part.slice(0, index).trim(), part.slice(index + 1).trim()] as const;
  }));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]+$/.test(v1)) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) return false;
  const digest = options.algorithm === 'hmac-sm3' ? 'sm3' : 'sha256';
  const expected = crypto.createHmac(digest, secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** Exponential backoff from 1 s, doubled per failed attempt, capped at 10 minutes, with ±20 % jitter. */
export const MAX_BACKOFF_SECONDS = 600;
export function backoffSeconds(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_SECONDS, 2 ** Math.max(0, attempts - 1));
  const jittered = base * (0.8 + 0.4 * random());
  return Math.min(MAX_BACKOFF_SECONDS, Math.round(jittered * 1000) / 1000);
}
