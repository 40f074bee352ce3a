// The chart builder's arithmetic: rows grouped by one column, a value column aggregated per group. Pure, so
// it is unit-tested without a browser.

export type Aggregation = 'count' | 'sum' | 'avg' | 'min' | 'max';

export interface Group {
  category: string;
  value: number;
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

/** The category of a row: its value as text; empty values form one group. */
function categoryOf(value: unknown, emptyLabel: string): string {
  if (value === null || value === undefined || value === '') return emptyLabel;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function aggregate(
  rows: ReadonlyArray<Record<string, unknown>>,
  options: { category: string; value: string | null; aggregation: Aggregation; emptyLabel: string },
): Group[] {
  const groups = new Map<string, { count: number; sum: number; numbers: number; min: number; max: number }>();
  for (const row of rows) {
    const category = categoryOf(row[options.category], options.emptyLabel);
    let group = groups.get(category);
    if (!group) {
      group = { count: 0, sum: 0, numbers: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
      groups.set(category, group);
    }
    group.count += 1;
    if (options.value) {
      const number = toNumber(row[options.value]);
      if (number !== null) {
        group.sum += number;
        group.numbers += 1;
        group.min = Math.min(group.min, number);
        group.max = Math.max(group.max, number);
      }
    }
  }
  const result: Group[] = [];
  for (const [category, group] of groups) {
    let value: number;
    if (options.aggregation === 'count' || !options.value) value = group.count;
    else if (group.numbers === 0) continue;
    else if (options.aggregation === 'sum') value = group.sum;
    else if (options.aggregation === 'avg') value = group.sum / group.numbers;
    else if (options.aggregation === 'min') value = group.min;
    else value = group.max;
    result.push({ category, value: Math.round(value * 1000) / 1000 });
  }
  return result;
}

/**
 * Groups in the order a chart shows them: along the category (dates, years) for a line, largest first
 * otherwise; beyond `limit`, the rest is summed into one "other" group (pie) or left out (bar, line).
 */
export function arrange(groups: Group[], kind: 'line' | 'bar' | 'pie', limit: number, otherLabel: string, additive: boolean): Group[] {
  if (kind === 'line') {
    const sorted = [...groups].sort((a, b) => compareCategories(a.category, b.category));
    return sorted.slice(0, limit);
  }
  const sorted = [...groups].sort((a, b) => b.value - a.value || compareCategories(a.category, b.category));
  if (sorted.length <= limit) return sorted;
  const shown = sorted.slice(0, kind === 'pie' && additive ? limit - 1 : limit);
  if (kind === 'pie' && additive) {
    const rest = sorted.slice(limit - 1).reduce((total, group) => total + group.value, 0);
    shown.push({ category: otherLabel, value: Math.round(rest * 1000) / 1000 });
  }
  return shown;
}

function compareCategories(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}
