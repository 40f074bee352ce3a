/**
 * The quotas part (配额): the ledger every order and resource moves through (reserve at submission, commit when
 * provisioned, release on rejection, cancellation, failure or retirement) and its routes. See ledger.ts and
 * docs/cloud/quotas.md.
 */
import type { QuotaLedger } from '../index.js';
import type { CloudBase, CloudPart, CloudParts } from '../parts.js';
import { Ledger } from './ledger.js';
import { registerQuotaRoutes } from './routes.js';

export function createQuotaLedger(base: CloudBase): QuotaLedger {
  return new Ledger(base);
}

export function createQuotasPart(parts: CloudParts): CloudPart {
  return { routes: (app) => registerQuotaRoutes(app, parts.quotas) };
}

export { Ledger, quotaExceeded, unitsOf } from './ledger.js';
