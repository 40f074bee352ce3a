import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCrypto } from '../../../platform/crypto.js';
import { backoffSeconds, MAX_BACKOFF_SECONDS, signatureHeader, verifySignature } from './signature.js';

describe('webhook signature and backoff', () => {
  it('signs "<t>.<body>" with HMAC-SHA256, or HMAC-SM3 in national-crypto mode, and the receiver check accepts only that', () => {
    const body = '{"changes":[]}';
    const now = 1_760_000_000;
    const standard = signatureHeader(createCrypto('standard').hmacHex, 'whsec_test', body, now);
    expect(standard).toBe(`t=${now},v1=${crypto.createHmac('sha256', 'whsec_test').update(`${now}.${body}`).digest('hex')}`);
    expect(verifySignature(standard, body, 'whsec_test', { now })).toBe(true);
    // A replay outside the window, another algorithm or a changed timestamp fail.
    expect(verifySignature(standard, body, 'whsec_test', { now: now + 301 })).toBe(false);
    expect(verifySignature(standard, body, 'whsec_test', { now, algorithm: 'hmac-sm3' })).toBe(false);
    expect(verifySignature(standard.replace(`t=${now}`, `t=${now + 1}`), body, 'whsec_test', { now })).toBe(false);

    const sm = signatureHeader(createCrypto('sm').hmacHex, 'whsec_test', body, now);
    expect(sm).not.toBe(standard);
    expect(verifySignature(sm, body, 'whsec_test', { now, algorithm: 'hmac-sm3' })).toBe(true);
  });

  it('backs off exponentially from one second, with jitter, capped at ten minutes', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 10].map((attempt) => backoffSeconds(attempt, middle))).toEqual([1, 2, 4, 8, 512]);
    expect(backoffSeconds(11, middle)).toBe(MAX_BACKOFF_SECONDS);
    expect(backoffSeconds(40, () => 0.999)).toBe(MAX_BACKOFF_SECONDS);
    expect(backoffSeconds(1, () => 0)).toBeCloseTo(0.8);
    expect(backoffSeconds(1, () => 1)).toBeCloseTo(1.2);
  });
});
