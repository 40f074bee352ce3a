// Pure helpers of the exchange pages (unit-tested in exchange.test.ts).
import type { LoadRecord, RowCondition, RowConditionOut, RowOp } from './types';

/** One row of the row-scope builder as the form holds it; `in` takes comma- or newline-separated values. */
export interface ConditionDraft {
  field?: string;
  op?: RowOp;
  value?: string;
}

/** The builder's rows → the API's conditions; incomplete rows are left out, `in` values split and trimmed. */
export function toRowScope(drafts: ConditionDraft[] | undefined): RowCondition[] | null {
  const conditions: RowCondition[] = [];
  for (const draft of drafts ?? []) {
    const field = draft.field?.trim();
    const value = draft.value?.trim() ?? '';
    if (!field || !draft.op || value === '') continue;
    if (draft.op === 'in') {
      const values = value
        .split(/[,，\n]/)
        .map((item) => item.trim())
        .filter(Boolean);
      if (values.length) conditions.push({ field, op: 'in', values });
    } else {
      conditions.push({ field, op: draft.op, value } as RowCondition);
    }
  }
  return conditions.length ? conditions : null;
}

const OP_SYMBOLS: Record<string, string> = { eq: '=', gte: '≥', gt: '>', lte: '≤', lt: '<' };

/** A condition as people read it: `gender = 1`, `region_code prefix 4406`, `status in (a, b)`. */
export function describeCondition(condition: RowConditionOut, prefixWord = 'prefix', inWord = 'in'): string {
  if (condition.op === 'in') return `${condition.field} ${inWord} (${(condition.values ?? []).join(', ')})`;
  if (condition.op === 'prefix') return `${condition.field} ${prefixWord} ${condition.value ?? ''}`;
  return `${condition.field} ${OP_SYMBOLS[condition.op] ?? condition.op} ${condition.value ?? ''}`;
}

/** Preview filters for the query API: `field=op.value` (PostgREST style; `in` values comma-joined). */
export function toFilterQuery(conditions: RowCondition[]): Record<string, string> {
  const query: Record<string, string> = {};
  for (const condition of conditions) {
    query[condition.field] = condition.op === 'in' ? `in.${condition.values.join(',')}` : `${condition.op}.${condition.value}`;
  }
  return query;
}

export const FINISHED_LOAD = new Set(['succeeded', 'rejected', 'failed']);

/** The job progress of a load, wherever the server put it (`job` or `progress`). */
export function loadProgress(load: LoadRecord): { phase: string | null; progress: number | null; total: number | null } {
  const source = load.job ?? load.progress ?? null;
  return { phase: source?.phase ?? null, progress: source?.progress ?? null, total: source?.total ?? null };
}

/** Percent done: bytes read of the file while reading; 100 once the load has finished. */
export function loadPercent(load: LoadRecord): number {
  if (FINISHED_LOAD.has(load.status)) return 100;
  const { phase, progress, total } = loadProgress(load);
  if (phase === 'done') return 100;
  if (phase === 'merging') return 95;
  if (total && total > 0 && progress != null) return Math.min(94, Math.round((progress / total) * 94));
  return 0;
}

/** Which step of reading → merging → done a load is at (0-based; 3 = all done). */
export function loadStep(load: LoadRecord): number {
  if (load.status === 'succeeded') return 3;
  const { phase } = loadProgress(load);
  if (phase === 'done') return 3;
  if (phase === 'merging') return 1;
  return 0;
}

/** A five-field cron expression, checked for shape only (the server checks values). */
export function looksLikeCron(expression: string): boolean {
  const fields = expression.trim().split(/\s+/);
  return fields.length === 5 && fields.every((field) => /^[\d*/,\-A-Za-z?]+$/.test(field));
}

/**
 * The pull mapping proposed from the source's columns: a data item maps to the column of the same name
 * (case-insensitive), or to the column whose name equals the item's label.
 */
export function proposeMapping(items: { name: string; label: string }[], columns: { name: string }[]): Record<string, string> {
  const byName = new Map(columns.map((column) => [column.name.toLowerCase(), column.name]));
  const mapping: Record<string, string> = {};
  for (const item of items) {
    const match = byName.get(item.name.toLowerCase()) ?? byName.get(item.label.toLowerCase());
    if (match) mapping[item.name] = match;
  }
  return mapping;
}

/** Missing mappings that the server would refuse: every key and every required item must be mapped. */
export function unmappedRequired(items: { name: string; key: boolean; required: boolean }[], mapping: Record<string, string | undefined>): string[] {
  return items.filter((item) => (item.key || item.required) && !mapping[item.name]).map((item) => item.name);
}
