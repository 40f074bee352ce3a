/**
 * Reading a store's change history through a grant: the page after a cursor, in commit order, presented and
 * masked; changes outside the grant's row scope are skipped while the cursor still moves past them.
 * Shared by the change feed API and the webhook dispatcher.
 */
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import type { GrantInfo, StoreChanged, StoreDefinition } from '../index.js';
import { presentChange, quoteColumn, readColumns, scopeExpression, type Change, type HistoryRow } from './grant-view.js';

export const MAX_PAGE = 1000;

export interface ChangePage {
  changes: Change[];
  /** The last sequence looked at (delivered or skipped), or `after` when there was none. */
  next: number;
  hasMore: boolean;
  /** History rows looked at, in scope or not. */
  scanned: number;
}

export async function readChanges(db: Executor, definition: StoreDefinition, grant: GrantInfo, after: number, limit: number): Promise<ChangePage> {
  const columns = readColumns(definition, grant).map((column) => sql.raw(quoteColumn(column.name)));
  const history = sql.raw(quoteColumn(definition.history));
  const inScope = scopeExpression(definition, grant);
  const selected = columns.length > 0 ? sql`, ${sql.join(columns)}` : sql``;
  const result = await sql<HistoryRow>`
    SELECT _seq, _op::text AS _op, _at, (${inScope}) AS _in_scope${selected}
      FROM ${history}
     WHERE _seq > ${after}
     ORDER BY _seq
     LIMIT ${limit + 1}`.execute(db);
  const rows = result.rows.slice(0, limit);
  const changes = rows.filter((row) => row._in_scope === true).map((row) => presentChange(definition, grant, row));
  return {
    changes,
    next: rows.length > 0 ? Number(rows[rows.length - 1]._seq) : after,
    hasMore: result.rows.length > limit,
    scanned: rows.length,
  };
}

/**
 * The first change sequence a load wrote. Sequences of one load are not consecutive (unchanged records draw one
 * too), but every one of them lies within (lastSeq - received - deleted, lastSeq]: a range scan of the primary key.
 */
export async function firstSeqOfLoad(db: Executor, definition: StoreDefinition, event: StoreChanged): Promise<number | null> {
  const changed = event.counts.inserted + event.counts.updated + event.counts.deleted;
  if (changed === 0 || event.lastSeq <= 0) return null;
  const span = event.counts.received + event.counts.deleted;
  const result = await sql<{ first: number | null }>`
    SELECT min(_seq) AS first FROM ${sql.raw(quoteColumn(definition.history))}
     WHERE _seq > ${event.lastSeq - span} AND _seq <= ${event.lastSeq} AND _load_id = ${event.loadId}::uuid`.execute(db);
  const first = result.rows[0]?.first;
  return first === null || first === undefined ? null : Number(first);
}
