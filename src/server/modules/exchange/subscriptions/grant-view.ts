/**
 * How a change leaves the platform through a grant: granted fields only, masked, and only rows inside the
 * grant's row scope. The query part owns the rules (query/enforce.ts); this file adapts them to history rows
 * (key fields, the row-scope test as an SQL expression evaluated next to each history row).
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { GrantInfo, StoreColumn, StoreDefinition } from '../index.js';
import { compileConditions, presentRecord as presentGranted } from '../query/enforce.js';
import { quoteIdent } from '../store/columns.js';

/** A history row as read: the data-item columns plus _seq, _op, _at and the scope test. */
export type HistoryRow = Record<string, unknown> & { _seq: number; _op: string; _at: Date | string; _in_scope: boolean | null };

export interface Change {
  seq: number;
  op: 'insert' | 'update' | 'delete';
  key: Record<string, unknown>;
  record: Record<string, unknown> | null;
  at: string;
}

const OPS: Record<string, Change['op']> = { I: 'insert', U: 'update', D: 'delete' };

/** Data item and store table names are [a-z_][a-z0-9_]*; anything else throws. */
export const quoteColumn = quoteIdent;

/** The columns a grant reads from the history: the key columns and the granted data items that still exist. */
export function readColumns(definition: StoreDefinition, grant: GrantInfo): StoreColumn[] {
  const granted = new Set(grant.fields);
  return definition.columns.filter((column) => column.key || granted.has(column.name));
}

/** true for rows inside the grant's row scope (or no scope); an SQL boolean over the history row. */
export function scopeExpression(definition: StoreDefinition, grant: GrantInfo): RawBuilder<SqlBool> {
  return compileConditions(definition, grant.rowScope) ?? sql<SqlBool>`true`;
}

/** One history row as the grant's holder sees it. Key fields that are masked are masked in `key` too. */
export function presentChange(definition: StoreDefinition, grant: GrantInfo, row: HistoryRow): Change {
  const presented = presentGranted(definition, grant, row);
  const key: Record<string, unknown> = {};
  for (const name of definition.keyColumns) key[name] = name in presented ? presented[name] : null;
  const op = OPS[String(row._op).trim()] ?? 'update';
  return {
    seq: Number(row._seq),
    op,
    key,
    record: op === 'delete' ? null : presented,
    at: row._at instanceof Date ? row._at.toISOString() : new Date(String(row._at)).toISOString(),
  };
}
