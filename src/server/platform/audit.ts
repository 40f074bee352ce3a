import { sql } from 'kysely';
import type { Actor } from './actor.js';
import { actorLabel } from './actor.js';
import type { CryptoService } from './crypto.js';
import type { Executor } from './db/database.js';
import { json } from './db/database.js';

/**
 * The append-only audit log. Every write is recorded in the same transaction as the change it describes, as a
 * link of a hash chain: hash = H(prevHash + "\n" + canonical(entry)). An advisory lock orders the links.
 */
export interface AuditEvent {
  actor: Actor;
  action: string;
  targetType?: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
  result?: 'success' | 'failure';
}

const AUDIT_CHAIN_LOCK = 72_000_002;
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Dates become ISO strings, undefined disappears: the value as it will read back from jsonb. */
const asStored = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

export interface AuditHashInput {
  at: string;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  result: string;
}

export function auditLinkHash(crypto: CryptoService, prevHash: string, input: AuditHashInput): string {
  return crypto.digestHex(`${prevHash}\n${canonicalJson(input)}`);
}

export class AuditLog {
  constructor(private readonly crypto: CryptoService) {}

  async record(executor: Executor, event: AuditEvent): Promise<void> {
    const who = actorLabel(event.actor);
    const at = new Date().toISOString();
    const input: AuditHashInput = {
      at,
      actorType: who.type,
      actorId: who.id,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      before: asStored(event.before),
      after: asStored(event.after),
      result: event.result ?? 'success',
    };
    await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(executor);
    const last = await executor.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const prevHash = last?.hash ?? GENESIS_HASH;
    await executor
      .insertInto('audit_log')
      .values({
        at,
        actor_type: input.actorType as 'user' | 'credential' | 'cli',
        actor_id: input.actorId,
        actor_name: who.name,
        department_id: event.actor.departmentId,
        action: input.action,
        target_type: input.targetType,
        target_id: input.targetId,
        before: input.before === null ? null : json(input.before),
        after: input.after === null ? null : json(input.after),
        request_id: event.actor.requestId ?? null,
        ip: event.actor.ip ?? null,
        result: input.result,
        prev_hash: prevHash,
        hash: auditLinkHash(this.crypto, prevHash, input),
      })
      .execute();
  }
}
