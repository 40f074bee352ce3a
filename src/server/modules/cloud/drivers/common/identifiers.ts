/**
 * Names the database drivers give what they make. A name derives only from the idempotency key (and a readable
 * slug of the user's name), so a repeated create with the same key lands on the same database, role or user.
 * The key is hashed rather than copied: order item ids that share a prefix (time-ordered UUIDs) must not share
 * a name. Only [a-z0-9_] ever reaches the server, and the drivers still quote every identifier they send.
 */
import { createHash } from 'node:crypto';

export const IDENTIFIER_PREFIX = 'zs_';
/** PostgreSQL truncates names at 63 bytes; MariaDB database names stop at 64. */
export const MAX_IDENTIFIER_LENGTH = 63;
const DIGEST_HEX = 12;

/** The first 12 hex digits of SHA-256 of the idempotency key. */
export function keyDigest(idempotencyKey: string): string {
  if (idempotencyKey.length === 0) throw new Error('An idempotency key is required.');
  return createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, DIGEST_HEX);
}

/** Lower-case ASCII letters, digits and single underscores; '' when the name has none (e.g. all Chinese). */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** zs_<12 hex of the key>[_<slug>], at most maxLength characters. */
export function resourceIdentifier(idempotencyKey: string, name: string, maxLength = MAX_IDENTIFIER_LENGTH): string {
  const base = `${IDENTIFIER_PREFIX}${keyDigest(idempotencyKey)}`;
  const slug = slugOf(name);
  if (!slug || maxLength <= base.length + 1) return base.slice(0, maxLength);
  return `${base}_${slug}`.slice(0, maxLength).replace(/_+$/, '');
}

const MANAGED = /^zs_[0-9a-f]{12}(_[a-z0-9_]*)?$/;

/**
 * True for a name this family of drivers could have made. Drivers refuse to drop anything else, so a corrupted
 * external id can never reach `DROP DATABASE postgres`.
 */
export function isManagedIdentifier(value: string): boolean {
  return value.length <= 64 && MANAGED.test(value);
}

/** A glob pattern (Redis MATCH, ACL key patterns, SQL LIKE is not one) matching exactly `literal`. */
export function escapeGlob(literal: string): string {
  return literal.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
}
