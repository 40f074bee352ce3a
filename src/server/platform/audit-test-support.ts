/**
 * Test helpers for the audit chains: append data-access rows with correct hashes (the way the exchange's
 * appender does), and tamper with the append-only tables the way an intruder with database access would —
 * disabling the trigger inside a transaction, so it is back on afterwards whatever happens.
 */
import { sql } from 'kysely';
import { accessLinkHash, accessRow, type AccessHashInput } from './access-chain.js';
import { GENESIS_HASH } from './audit.js';
import type { CryptoService } from './crypto.js';
import type { Db, Tx } from './db/database.js';

const TRIGGERS = {
  audit_log: 'audit_log_no_update',
  exchange_access_log: 'exchange_access_log_no_update',
  audit_checkpoints: 'audit_checkpoints_no_update',
} as const;

export async function tamper<T>(db: Db, table: keyof typeof TRIGGERS, change: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER ${sql.id(TRIGGERS[table])}`.execute(trx);
    const result = await change(trx);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER ${sql.id(TRIGGERS[table])}`.execute(trx);
    return result;
  });
}

export interface AccessRowInput {
  systemId?: string | null;
  departmentId?: string | null;
  resourceCode?: string;
  operation?: string;
  purpose?: string | null;
  filter?: unknown;
  fields?: string[] | null;
  recordCount?: number;
  result?: string;
  statusCode?: number;
  at?: Date;
}

/** Appends one row to exchange_access_log, hashed like the real appender. Returns its id. */
export async function appendAccessRow(db: Db, crypto: CryptoService, entry: AccessRowInput = {}): Promise<number> {
  const last = await db.selectFrom('exchange_access_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const input: AccessHashInput = {
    at: (entry.at ?? new Date()).toISOString(),
    actorType: 'credential',
    actorId: 'cred-1',
    systemId: entry.systemId ?? null,
    departmentId: entry.departmentId ?? null,
    grantId: null,
    resourceCode: entry.resourceCode ?? '10101000100001',
    operation: entry.operation ?? 'query',
    purpose: entry.purpose === undefined ? '低保资格核查' : entry.purpose,
    filter: entry.filter === undefined ? { name: '张三' } : entry.filter,
    fields: entry.fields === undefined ? ['name', 'id_number'] : entry.fields,
    recordCount: entry.recordCount ?? 1,
    result: entry.result ?? 'success',
    statusCode: entry.statusCode ?? 200,
    requestId: null,
  };
  const row = await db
    .insertInto('exchange_access_log')
    .values(accessRow(input, prevHash, accessLinkHash(crypto, prevHash, input)))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
