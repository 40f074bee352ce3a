/**
 * The set-based write of one load into a store, batch by batch: each batch of checked records (one array
 * parameter per column, so a batch is one round trip) is merged with one statement that upserts by key,
 * skips records whose values did not change, deletes, and writes every change to the history with its
 * sequence number. One batch is in flight while Node checks the next, so parsing and writing overlap.
 * Runs inside the caller's transaction: a load is all or nothing. The store's advisory lock is taken before
 * the first batch and held to the end, so loads into one store are serialised and history sequence order is
 * commit order.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/database.js';
import type { StoreColumn, StoreDefinition } from '../index.js';
import { quoteIdent, SQL_TYPES, storeTableNames } from './columns.js';
import { lockStore } from './registry.js';

export interface MergeCounts {
  staged: number;
  /** Records left after the last one per key won, summed over batches. */
  distinctKeys: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  lastSeq: number;
}

const BATCH_ROWS = 5_000;

interface BatchCounts {
  inserted: number;
  updated: number;
  deleted: number;
  upserts: number;
  deletes: number;
  last_seq: number | null;
}

/** The statement that merges one batch, as text around the batch's array parameters (built once per load). */
function batchStatement(definition: StoreDefinition, loadId: string, keysTable: string | null) {
  const { table, history, sequence } = storeTableNames(definition.resourceCode);
  const columns = definition.columns;
  const keys = columns.filter((column) => column.key);
  const others = columns.filter((column) => !column.key);
  const q = quoteIdent;
  const cast = (column: StoreColumn, source: string) => `${source}.${q(column.name)}::${SQL_TYPES[column.type]}`;
  const allNames = columns.map((column) => q(column.name)).join(', ');
  const keyNames = keys.map((column) => q(column.name)).join(', ');
  const load = `'${loadId}'::uuid`;
  const onConflict = others.length
    ? `DO UPDATE SET ${others.map((column) => `${q(column.name)} = EXCLUDED.${q(column.name)}`).join(', ')},
         _seq = EXCLUDED._seq, _load_id = EXCLUDED._load_id, _updated_at = EXCLUDED._updated_at
       WHERE (${others.map((column) => `${table}.${q(column.name)}`).join(', ')})
             IS DISTINCT FROM (${others.map((column) => `EXCLUDED.${q(column.name)}`).join(', ')})`
    : 'DO NOTHING';
  const head = `AS s(_ord, _op, ${allNames})),`;
  const body = `
    last AS (
      SELECT DISTINCT ON (${keyNames}) * FROM incoming ORDER BY ${keyNames}, _ord DESC
    ),
    ${keysTable ? `kept AS (INSERT INTO ${keysTable} SELECT ${keyNames} FROM last WHERE _op = 'U'),` : ''}
    up AS (
      INSERT INTO ${table} (${allNames}, _seq, _load_id, _updated_at)
      SELECT ${columns.map((column) => cast(column, 'last')).join(', ')}, nextval('${sequence}'), ${load}, now()
        FROM last WHERE last._op = 'U'
      ON CONFLICT (${keyNames}) ${onConflict}
      RETURNING ${columns.map((column) => `${table}.${q(column.name)}`).join(', ')}, ${table}._seq, (${table}.xmax = 0) AS _inserted
    ),
    del AS (
      DELETE FROM ${table} USING last
       WHERE last._op = 'D' AND ${keys.map((column) => `${table}.${q(column.name)} = ${cast(column, 'last')}`).join(' AND ')}
      RETURNING ${columns.map((column) => `${table}.${q(column.name)}`).join(', ')}
    ),
    hist AS (
      INSERT INTO ${history} (_seq, _op, ${allNames}, _load_id, _at)
      SELECT _seq, CASE WHEN _inserted THEN 'I' ELSE 'U' END::"char", ${allNames}, ${load}, now() FROM up
      UNION ALL
      SELECT nextval('${sequence}'), 'D'::"char", ${allNames}, ${load}, now() FROM del
      RETURNING _op, _seq
    )
    SELECT count(*) FILTER (WHERE _op = 'I')::int AS inserted,
           count(*) FILTER (WHERE _op = 'U')::int AS updated,
           count(*) FILTER (WHERE _op = 'D')::int AS deleted,
           (SELECT count(*) FROM last WHERE _op = 'U')::int AS upserts,
           (SELECT count(*) FROM last WHERE _op = 'D')::int AS deletes,
           max(_seq) AS last_seq
      FROM hist`;
  const missing = keysTable
    ? `WITH del AS (
         DELETE FROM ${table} t
          WHERE NOT EXISTS (SELECT 1 FROM ${keysTable} s WHERE ${keys.map((column) => `t.${q(column.name)} = ${cast(column, 's')}`).join(' AND ')})
         RETURNING ${columns.map((column) => `t.${q(column.name)}`).join(', ')}
       ),
       hist AS (
         INSERT INTO ${history} (_seq, _op, ${allNames}, _load_id, _at)
         SELECT nextval('${sequence}'), 'D'::"char", ${allNames}, ${load}, now() FROM del
         RETURNING _seq
       )
       SELECT count(*)::int AS deleted, max(_seq) AS last_seq FROM hist`
    : null;
  return { head, body, missing, keyColumns: keys.map((column) => `${q(column.name)} text`).join(', ') };
}

export class StoreMerge {
  private readonly ords: number[] = [];
  private readonly ops: string[] = [];
  private readonly columnValues: Array<Array<string | null>>;
  private staged = 0;
  private started = false;
  private readonly keysTable: string | null;
  private readonly statement: ReturnType<typeof batchStatement>;
  private readonly totals: BatchCounts & { distinct: number } = { inserted: 0, updated: 0, deleted: 0, upserts: 0, deletes: 0, last_seq: null, distinct: 0 };
  /** The batch being merged while the next one is checked. */
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(private readonly trx: Tx, private readonly definition: StoreDefinition, loadId: string, options: { deleteMissing?: boolean } = {}) {
    this.columnValues = definition.columns.map(() => []);
    this.keysTable = options.deleteMissing ? `zs_keys_${randomUUID().replace(/-/g, '').slice(0, 16)}` : null;
    this.statement = batchStatement(definition, loadId, this.keysTable);
  }

  /** Queues one checked record; merges a batch when full. */
  async add(op: 'upsert' | 'delete', values: Array<string | null>): Promise<void> {
    this.ords.push(++this.staged);
    this.ops.push(op === 'delete' ? 'D' : 'U');
    for (let index = 0; index < values.length; index++) this.columnValues[index].push(values[index]);
    if (this.ords.length >= BATCH_ROWS) await this.flush();
  }

  private async begin(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await lockStore(this.trx, this.definition.resourceCode);
    if (this.keysTable) await sql.raw(`CREATE TEMP TABLE ${this.keysTable} (${this.statement.keyColumns}) ON COMMIT DROP`).execute(this.trx);
  }

  private async flush(): Promise<void> {
    await this.begin();
    if (!this.ords.length) return;
    const ords = this.ords.splice(0);
    const ops = this.ops.splice(0);
    const params = this.columnValues.map((list) => sql`${list.splice(0)}::text[]`);
    // At most one batch in flight: wait for the previous one, then send this one without waiting for it.
    await this.inFlight;
    this.inFlight = sql<BatchCounts>`WITH incoming AS (SELECT * FROM unnest(${ords}::bigint[], ${ops}::"char"[], ${sql.join(params)}) ${sql.raw(this.statement.head)} ${sql.raw(this.statement.body)}`
      .execute(this.trx)
      .then((result) => {
        const row = result.rows[0];
        this.totals.inserted += Number(row.inserted);
        this.totals.updated += Number(row.updated);
        this.totals.deleted += Number(row.deleted);
        this.totals.upserts += Number(row.upserts);
        this.totals.deletes += Number(row.deletes);
        if (row.last_seq !== null) this.totals.last_seq = Math.max(this.totals.last_seq ?? 0, Number(row.last_seq));
      });
    // A failure surfaces at the next flush or in finish(); keep it from being reported as unhandled meanwhile.
    this.inFlight.catch(() => undefined);
  }

  /** Waits for the batch in flight, ignoring its outcome (the caller is about to roll the load back). */
  async abandon(): Promise<void> {
    this.ords.length = 0;
    this.ops.length = 0;
    for (const list of this.columnValues) list.length = 0;
    await this.inFlight.catch(() => undefined);
  }

  /**
   * Merges what is left. With deleteMissing (the merge must have been built with it), every stored record whose
   * key was not in this load is deleted too (full refresh). Updates the store's counters.
   */
  async finish(options: { deleteMissing?: boolean } = {}): Promise<MergeCounts> {
    await this.flush();
    await this.inFlight;
    let deleted = this.totals.deleted;
    let lastSeq = this.totals.last_seq ?? 0;
    if (this.statement.missing && options.deleteMissing) {
      await sql.raw(`ANALYZE ${this.keysTable}`).execute(this.trx);
      const missing = await sql.raw<{ deleted: number; last_seq: number | null }>(this.statement.missing).execute(this.trx);
      deleted += Number(missing.rows[0].deleted);
      lastSeq = Math.max(lastSeq, Number(missing.rows[0].last_seq ?? 0));
    }
    const { inserted, updated, upserts, deletes } = this.totals;
    const unchanged = upserts - inserted - updated + (deletes - this.totals.deleted);
    await this.trx
      .updateTable('exchange_stores')
      .set({
        row_count: sql<number>`row_count + ${inserted - deleted}`,
        last_change_seq: sql<number>`greatest(last_change_seq, ${lastSeq})`,
        last_load_at: sql<Date>`now()`,
      })
      .where('resource_id', '=', this.definition.resourceId)
      .execute();
    return { staged: this.staged, distinctKeys: upserts + deletes, inserted, updated, unchanged, deleted, lastSeq };
  }
}
