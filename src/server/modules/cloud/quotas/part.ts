/** STUB (quotas part): the quota ledger and its routes. */
import type { QuotaLedger } from '../index.js';
import type { CloudBase, CloudPart, CloudParts } from '../parts.js';
import { notYet } from '../stub.js';

export function createQuotaLedger(_base: CloudBase): QuotaLedger {
  return notYet<QuotaLedger>('QuotaLedger');
}

export function createQuotasPart(_parts: CloudParts): CloudPart {
  return {};
}
