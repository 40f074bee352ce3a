import { canonicalJson } from './audit.js';
import { json } from './db/database.js';
import type { CryptoService } from './crypto.js';

/**
 * The data-access chain (exchange_access_log): hash = H(prevHash + "\n" + canonical(entry)), like the audit log,
 * over exactly these members. The writer (modules/exchange/query/access-log.ts) and the verifier
 * (`zhongshu audit verify`) both hash through here, so they cannot drift apart.
 */
export interface AccessHashInput {
  /** ISO 8601 with milliseconds, as stored (timestamptz round-trips milliseconds exactly). */
  at: string;
  actorType: string;
  actorId: string | null;
  systemId: string | null;
  departmentId: string | null;
  grantId: string | null;
  resourceCode: string;
  operation: string;
  purpose: string | null;
  /** As it reads back from jsonb (undefined members dropped). */
  filter: unknown;
  fields: string[] | null;
  recordCount: number;
  result: string;
  statusCode: number;
  requestId: string | null;
}

const text = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));

/**
 * canonicalJson(input) for this fixed shape, without sorting keys on every call (it runs once per data access):
 * the members in sorted order, each value as canonicalJson writes it. access-chain.test.ts holds the two equal.
 */
export function canonicalAccessEntry(input: AccessHashInput): string {
  return `{"actorId":${text(input.actorId)},"actorType":${text(input.actorType)},"at":${text(input.at)},` +
    `"departmentId":${text(input.departmentId)},"fields":${input.fields === null ? 'null' : canonicalJson(input.fields)},` +
    `"filter":${canonicalJson(input.filter)},"grantId":${text(input.grantId)},"operation":${text(input.operation)},` +
    `"purpose":${text(input.purpose)},"recordCount":${JSON.stringify(input.recordCount)},"requestId":${text(input.requestId)},` +
    `"resourceCode":${text(input.resourceCode)},"result":${text(input.result)},"statusCode":${JSON.stringify(input.statusCode)},` +
    `"systemId":${text(input.systemId)}}`;
}

export function accessLinkHash(crypto: CryptoService, prevHash: string, input: AccessHashInput): string {
  return crypto.digestHex(`${prevHash}\n${canonicalAccessEntry(input)}`);
}

/** The exchange_access_log row of a linked entry (the appender and the test fixtures write through here). */
export function accessRow(input: AccessHashInput, prevHash: string, hash: string) {
  return {
    at: input.at,
    actor_type: input.actorType,
    actor_id: input.actorId,
    system_id: input.systemId,
    department_id: input.departmentId,
    grant_id: input.grantId,
    resource_code: input.resourceCode,
    operation: input.operation,
    purpose: input.purpose,
    filter: input.filter === null ? null : json(input.filter),
    fields: input.fields,
    record_count: input.recordCount,
    result: input.result,
    status_code: input.statusCode,
    request_id: input.requestId,
    prev_hash: prevHash,
    hash,
  };
}
