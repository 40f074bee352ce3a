import { randomInt } from 'node:crypto';
import { randomToken } from '../../platform/crypto.js';

/**
 * API credential tokens: `zs_<prefix>_<secret>`. The prefix (10 letters and digits) is public and finds the row;
 * the secret (32 random bytes, base64url) makes the token unguessable. The database keeps only the token's digest.
 * The prefix has no '_' or '-' so the token splits unambiguously even though the secret may contain both.
 */
const PREFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const PREFIX_LENGTH = 10;
const SECRET_BYTES = 32;
const TOKEN_PATTERN = /^zs_([A-Za-z0-9]{10})_([A-Za-z0-9_-]{43})$/;

export function newCredentialToken(): { prefix: string; token: string } {
  let prefix = '';
  for (let i = 0; i < PREFIX_LENGTH; i++) prefix += PREFIX_ALPHABET[randomInt(PREFIX_ALPHABET.length)];
  return { prefix, token: `zs_${prefix}_${randomToken(SECRET_BYTES)}` };
}

export function parseCredentialToken(token: string): { prefix: string } | null {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { prefix: match[1] } : null;
}
