/**
 * The data-access log (exchange_access_log): every read of shared data, allowed or refused, as one link of a
 * hash chain (platform/access-chain.ts; the verifier hashes through the same function).
 *
 * GROUP COMMIT. `append()` queues the entry and resolves once the batch holding it is committed, so a response
 * is sent only after its access record exists. One flush runs at a time per process; entries appended while
 * it runs form the next batch. A flush is one transaction: pg_advisory_xact_lock(72000003) (orders the chain
 * across processes and nodes), read the last hash, hash the batch in queue order, one multi-row INSERT.
 * A failed flush rejects every entry of its batch (the caller answers 500: no unrecorded access is answered).
 */
import { sql } from 'kysely';
import { actorLabel } from '../../../platform/actor.js';
import { accessLinkHash, accessRow, type AccessHashInput } from '../../../platform/access-chain.js';
import { GENESIS_HASH } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import type { Executor } from '../../../platform/db/database.js';
import type { AccessLogEntry, AccessLogWriter } from '../index.js';

export const ACCESS_CHAIN_LOCK = 72_000_003;
/** Rows per INSERT (17 parameters each, far below PostgreSQL's 65,535). */
const MAX_BATCH = 500;

interface Pending {
  input: AccessHashInput;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** PostgreSQL text and jsonb hold neither U+0000 nor lone surrogates; the log keeps the rest of the value. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const clean = (text: string): string => text.replace(UNSTORABLE, '\uFFFD');

function cleanValue(value: unknown): unknown {
  if (typeof value === 'string') return clean(value);
  if (Array.isArray(value)) return value.map(cleanValue);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) if (member !== undefined) out[clean(key)] = cleanValue(member);
    return out;
  }
  return value;
}

/** The filter as it reads back from jsonb: undefined members dropped, text that PostgreSQL can hold. */
function storedFilter(filter: unknown): unknown {
  if (filter === undefined || filter === null) return null;
  return cleanValue(JSON.parse(JSON.stringify(filter)));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (value: string | null | undefined): string | null => (value && UUID.test(value) ? value : null);

export function hashInputOf(entry: AccessLogEntry, at: Date): AccessHashInput {
  const who = actorLabel(entry.actor);
  return {
    at: at.toISOString(),
    actorType: who.type,
    actorId: who.id,
    systemId: uuidOrNull(entry.systemId),
    departmentId: uuidOrNull(entry.departmentId),
    grantId: uuidOrNull(entry.grantId),
    resourceCode: clean(entry.resourceCode),
    operation: entry.operation,
    purpose: entry.purpose === null || entry.purpose === undefined ? null : clean(entry.purpose),
    filter: storedFilter(entry.filter),
    fields: entry.fields ? entry.fields.map(clean) : null,
    recordCount: Math.max(0, Math.trunc(entry.recordCount)),
    result: entry.result,
    statusCode: entry.statusCode,
    requestId: entry.requestId ?? entry.actor.requestId ?? null,
  };
}

type AccessRowValues = ReturnType<typeof accessRow>;

const COLUMN_LIST =
  'at, actor_type, actor_id, system_id, department_id, grant_id, resource_code, operation, purpose, filter, fields, record_count, result, status_code, request_id, prev_hash, hash';

/** One row of the VALUES list, every parameter cast (a multi-row VALUES does not infer types from the target). */
function valuesTuple(row: AccessRowValues) {
  return sql`(${row.at}::timestamptz, ${row.actor_type}::text, ${row.actor_id}::text, ${row.system_id}::uuid, ${row.department_id}::uuid,
    ${row.grant_id}::uuid, ${row.resource_code}::text, ${row.operation}::text, ${row.purpose}::text, ${row.filter}::jsonb, ${row.fields}::text[],
    ${row.record_count}::integer, ${row.result}::text, ${row.status_code}::integer, ${row.request_id}::text, ${row.prev_hash}::text, ${row.hash}::text)`;
}

export class GroupCommitAccessLog implements AccessLogWriter {
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;
  /** The last hash this process committed; undefined before its first flush and after a failed one. */
  private head: string | undefined = undefined;
  private idle: Array<() => void> = [];

  constructor(private readonly ctx: AppContext) {}

  append(entry: AccessLogEntry): Promise<void> {
    let input: AccessHashInput;
    try {
      input = hashInputOf(entry, new Date());
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.kick();
    });
  }

  /** Starts a flush loop unless one is running; it drains the queue batch by batch. */
  private kick(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      const waiting = this.idle;
      this.idle = [];
      for (const wake of waiting) wake();
      // An append that raced with the end of the loop.
      if (this.queue.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    // Let the appends of the current tick join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.ctx.dbKind !== 'postgres') {
      while (this.queue.length > 0) await this.flushBatch((batch) => this.writeEmbedded(batch));
      return;
    }
    // PostgreSQL: one connection kept for as long as entries keep coming, so a flush never queues in the pool
    // behind the requests it is holding up; after a failed batch the next one starts on a fresh connection.
    while (this.queue.length > 0) {
      try {
        await this.ctx.db.connection().execute(async (conn) => {
          while (this.queue.length > 0) {
            if (!(await this.flushBatch((batch) => this.writePostgres(conn, batch)))) return;
          }
        });
      } catch (error) {
        // No connection at all: everything waiting fails now rather than hanging.
        this.fail(this.queue.splice(0), error);
      }
    }
  }

  /** Writes the next batch; false when it failed (its entries are rejected). */
  private async flushBatch(write: (batch: Pending[]) => Promise<void>): Promise<boolean> {
    const batch = this.queue.splice(0, MAX_BATCH);
    try {
      await write(batch);
    } catch (error) {
      this.fail(batch, error);
      return false;
    }
    for (const pending of batch) pending.resolve();
    return true;
  }

  private fail(batch: Pending[], error: unknown): void {
    if (batch.length === 0) return;
    this.ctx.log.error({ err: error, entries: batch.length }, 'access log flush failed');
    for (const pending of batch) pending.reject(error);
  }

  /** The batch's rows, linked from `prevHash`; returns them with the new head. */
  private link(batch: Pending[], prevHash: string): { rows: AccessRowValues[]; head: string } {
    let prev = prevHash;
    const rows = batch.map(({ input }) => {
      const hash = accessLinkHash(this.ctx.crypto, prev, input);
      const row = accessRow(input, prev, hash);
      prev = hash;
      return row;
    });
    return { rows, head: prev };
  }

  /** PGlite (in process, no round trips to save): lock, read the head, insert, in one Kysely transaction. */
  private async writeEmbedded(batch: Pending[]): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${ACCESS_CHAIN_LOCK})`.execute(trx);
      const last = await trx.selectFrom('exchange_access_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
      const { rows } = this.link(batch, last?.hash ?? GENESIS_HASH);
      await trx.insertInto('exchange_access_log').values(rows).execute();
    });
  }

  /**
   * PostgreSQL. Usual case, one round trip: the batch linked from the head this process committed last, as one
   * INSERT in its own implicit transaction. The unique index on prev_hash (migration 0006) makes it fail if any
   * other process appended after that head; then (and after any failure) the batch is relinked under the chain's
   * advisory lock from the head read inside the lock: BEGIN + lock, read, INSERT, COMMIT.
   */
  private async writePostgres(conn: Executor, batch: Pending[]): Promise<void> {
    if (this.head !== undefined) {
      const linked = this.link(batch, this.head);
      try {
        await sql`INSERT INTO exchange_access_log (${sql.raw(COLUMN_LIST)}) VALUES ${sql.join(linked.rows.map(valuesTuple))}`.execute(conn);
        this.head = linked.head;
        return;
      } catch (error) {
        this.head = undefined;
        if ((error as { code?: string }).code !== '23505') throw error;
      }
    }
    try {
      await sql.raw(`BEGIN; SELECT pg_advisory_xact_lock(${ACCESS_CHAIN_LOCK})`).execute(conn);
      const last = await conn.selectFrom('exchange_access_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
      const linked = this.link(batch, last?.hash ?? GENESIS_HASH);
      await conn.insertInto('exchange_access_log').values(linked.rows).execute();
      const commit = await sql<{ command?: string }>`COMMIT`.execute(conn);
      if (commit.rows[0]?.command === 'ROLLBACK') throw new Error('the access log transaction was rolled back');
      this.head = linked.head;
    } catch (error) {
      this.head = undefined;
      await sql`ROLLBACK`.execute(conn).catch(() => undefined);
      throw error;
    }
  }

  /** Resolves when everything appended so far is committed (or failed). */
  async flush(): Promise<void> {
    while (this.running || this.queue.length > 0) {
      if (!this.running) this.kick();
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
  }

  async close(): Promise<void> {
    await this.flush();
  }
}

export function createAccessLogWriter(ctx: AppContext): AccessLogWriter {
  return new GroupCommitAccessLog(ctx);
}
