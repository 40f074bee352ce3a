/**
 * Sort orders, kept ready: for each sortable field, every live slot sorted by (value, metadata_modified desc,
 * id asc) and each slot's rank (equal values, equal rank). A page is read by walking an order and picking the
 * slots of the result, so no query sorts all matching documents. After writes an order is brought up to date
 * by inserting only the new slots (binary search), never by sorting everything again; usage counts change in
 * place, so the usage orders are rebuilt when the counts were refreshed.
 */
import type { SearchSortField } from '../index.js';
import type { DocumentStore } from './documents.js';
import type { ResultSet } from './facets.js';
import { hasBit, type Bitset } from './structures.js';

export type OrderField = Exclude<SearchSortField, 'score'>;
export interface SortKey {
  field: SearchSortField;
  direction: 'asc' | 'desc';
}

const USAGE_FIELDS = new Set<OrderField>(['popularity', 'views', 'downloads']);
const UNIQUE_FIELDS = new Set<SearchSortField>(['id', 'name']);
const titleCollator = new Intl.Collator('zh-CN');

interface BuiltOrder {
  order: Int32Array;
  rank: Int32Array;
  version: number;
  epoch: number;
  usageVersion: number;
  /** Slots below this were considered when the order was built. */
  builtCount: number;
}

type Compare = (a: number, b: number) => number;

export class SortOrders {
  private readonly built = new Map<OrderField, BuiltOrder>();

  constructor(private readonly store: DocumentStore) {}

  /** Compares two slots by the field's value only. */
  valueCompare(field: OrderField): Compare {
    const s = this.store;
    switch (field) {
      case 'metadata_modified': return (a, b) => s.modified[a] - s.modified[b];
      case 'metadata_created': return (a, b) => s.created[a] - s.created[b];
      case 'popularity': return (a, b) => s.popularity[a] - s.popularity[b];
      case 'views': return (a, b) => s.views[a] - s.views[b];
      case 'downloads': return (a, b) => s.downloads[a] - s.downloads[b];
      case 'title': return (a, b) => titleCollator.compare(s.titles[a], s.titles[b]) || codeUnits(s.titles[a], s.titles[b]);
      case 'name': return (a, b) => codeUnits(s.names[a], s.names[b]);
      case 'id': return (a, b) => codeUnits(s.ids[a], s.ids[b]);
    }
  }

  /** The order's tie-break: newest first, then id. */
  tieBreak(): Compare {
    const s = this.store;
    return (a, b) => s.modified[b] - s.modified[a] || codeUnits(s.ids[a], s.ids[b]);
  }

  get(field: OrderField): BuiltOrder {
    const s = this.store;
    const previous = this.built.get(field);
    if (previous && previous.version === s.version && (!USAGE_FIELDS.has(field) || previous.usageVersion === s.usageVersion)) return previous;
    const values = this.valueCompare(field);
    const tie = this.tieBreak();
    const compare: Compare = (a, b) => values(a, b) || tie(a, b);
    const incremental = previous && previous.epoch === s.epoch && (!USAGE_FIELDS.has(field) || previous.usageVersion === s.usageVersion);
    const next = incremental ? this.insertNew(previous, compare, values) : this.buildAll(compare, values);
    this.built.set(field, next);
    return next;
  }

  private stamp(order: Int32Array, rank: Int32Array): BuiltOrder {
    const s = this.store;
    return { order, rank, version: s.version, epoch: s.epoch, usageVersion: s.usageVersion, builtCount: s.count };
  }

  private buildAll(compare: Compare, values: Compare): BuiltOrder {
    const s = this.store;
    const order = new Int32Array(s.size);
    let length = 0;
    for (let slot = 0; slot < s.count; slot++) if (hasBit(s.alive, slot)) order[length++] = slot;
    order.sort(compare);
    const rank = new Int32Array(s.count);
    let current = 0;
    for (let index = 0; index < order.length; index++) {
      if (index > 0 && values(order[index - 1], order[index]) !== 0) current++;
      rank[order[index]] = current;
    }
    return this.stamp(order, rank);
  }

  private insertNew(previous: BuiltOrder, compare: Compare, values: Compare): BuiltOrder {
    const s = this.store;
    const base: number[] = [];
    for (const slot of previous.order) if (hasBit(s.alive, slot)) base.push(slot);
    const added: number[] = [];
    for (let slot = previous.builtCount; slot < s.count; slot++) if (hasBit(s.alive, slot)) added.push(slot);
    added.sort(compare);
    const order = new Int32Array(base.length + added.length);
    const isNew = new Uint8Array(s.count);
    let from = 0;
    let length = 0;
    for (const slot of added) {
      // First position in base whose slot sorts after the new one.
      let low = from;
      let high = base.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (compare(base[middle], slot) <= 0) low = middle + 1;
        else high = middle;
      }
      while (from < low) order[length++] = base[from++];
      order[length++] = slot;
      isNew[slot] = 1;
    }
    while (from < base.length) order[length++] = base[from++];
    // Old neighbours are equal exactly when their old ranks are; only pairs with a new slot compare values.
    const rank = new Int32Array(s.count);
    let current = 0;
    for (let index = 0; index < order.length; index++) {
      if (index > 0) {
        const a = order[index - 1];
        const b = order[index];
        const equal = isNew[a] || isNew[b] ? values(a, b) === 0 : previous.rank[a] === previous.rank[b];
        if (!equal) current++;
      }
      rank[order[index]] = current;
    }
    return this.stamp(order, rank);
  }

  /**
   * Walks the order in `direction`: ascending as built; descending group by group from the end, each group of
   * equal values in its built order, so ties stay newest first whichever way the field is sorted.
   * `visit` returns false to stop.
   */
  walk(field: OrderField, direction: 'asc' | 'desc', visit: (slot: number) => boolean): void {
    const { order, rank } = this.get(field);
    if (direction === 'asc' || UNIQUE_FIELDS.has(field)) {
      if (direction === 'asc') {
        for (let index = 0; index < order.length; index++) if (!visit(order[index])) return;
      } else {
        for (let index = order.length - 1; index >= 0; index--) if (!visit(order[index])) return;
      }
      return;
    }
    let end = order.length - 1;
    while (end >= 0) {
      let start = end;
      const value = rank[order[end]];
      while (start > 0 && rank[order[start - 1]] === value) start--;
      for (let index = start; index <= end; index++) if (!visit(order[index])) return;
      end = start - 1;
    }
  }

  rankOf(field: OrderField): Int32Array {
    return this.get(field).rank;
  }
}

export function codeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The keys that decide an order: scores only when there is text, nothing after a unique key. */
export function normalizeKeys(keys: readonly SortKey[] | undefined, hasText: boolean): SortKey[] {
  const requested = keys?.length ? keys : [{ field: 'score', direction: 'desc' } as SortKey, { field: 'metadata_modified', direction: 'desc' } as SortKey];
  const result: SortKey[] = [];
  const seen = new Set<string>();
  for (const key of requested) {
    if (key.field === 'score' && !hasText) continue;
    if (seen.has(key.field)) continue;
    seen.add(key.field);
    result.push(key);
    if (UNIQUE_FIELDS.has(key.field)) break;
  }
  return result;
}

/** True when what follows is what every order does anyway on ties (newest first, then id). */
export function isDefaultTail(keys: readonly SortKey[]): boolean {
  if (keys.length === 0) return true;
  if (keys[0].field !== 'metadata_modified' || keys[0].direction !== 'desc') return false;
  return keys.length === 1 || (keys.length === 2 && keys[1].field === 'id' && keys[1].direction === 'asc');
}

/**
 * The slots at positions [start, start + rows) of the result in the order of `keys`.
 * `inResult` says whether a slot matched; `score` is the text score per slot (null without text).
 */
export function selectPage(
  orders: SortOrders,
  result: ResultSet,
  keys: SortKey[],
  score: Int32Array | null,
  start: number,
  rows: number,
): number[] {
  const end = start + rows;
  if (rows <= 0 || start >= result.count) return [];
  const inResult = result.bits;
  const effective = keys.length ? keys : [{ field: 'metadata_modified', direction: 'desc' } as SortKey];
  const [first, ...rest] = effective;

  if (first.field !== 'score' && isDefaultTail(rest)) {
    const page: number[] = [];
    let position = 0;
    orders.walk(first.field, first.direction, (slot) => {
      if (!hasBit(inResult, slot)) return true;
      if (position >= start) page.push(slot);
      position++;
      return position < end;
    });
    return page;
  }

  if (first.field === 'score' && score && (rest.length === 0 || (rest[0].field !== 'score' && isDefaultTail(rest.slice(1))))) {
    return pageByScore(orders, result, score, first.direction, rest[0] ?? { field: 'metadata_modified', direction: 'desc' }, start, end);
  }

  // Any other combination: sort the result itself (rare: several explicit keys).
  const comparators = effective.map((key) => {
    const sign = key.direction === 'asc' ? 1 : -1;
    if (key.field === 'score') return (a: number, b: number) => sign * ((score?.[a] ?? 0) - (score?.[b] ?? 0));
    const rank = orders.rankOf(key.field);
    return (a: number, b: number) => sign * (rank[a] - rank[b]);
  });
  const tie = orders.tieBreak();
  const sorted = Array.from(result.slots()).sort((a, b) => {
    for (const compare of comparators) {
      const difference = compare(a, b);
      if (difference !== 0) return difference;
    }
    return tie(a, b);
  });
  return sorted.slice(start, end);
}

/** Score first, ties in the order of `then`: a counting sort over the walk of `then`'s order, two passes. */
function pageByScore(
  orders: SortOrders,
  result: ResultSet,
  score: Int32Array,
  direction: 'asc' | 'desc',
  then: SortKey,
  start: number,
  end: number,
): number[] {
  const inResult = result.bits;
  const slots = result.slots();
  let maxScore = 0;
  for (let index = 0; index < slots.length; index++) if (score[slots[index]] > maxScore) maxScore = score[slots[index]];
  const counts = new Int32Array(maxScore + 1);
  for (let index = 0; index < slots.length; index++) counts[score[slots[index]]]++;
  // First position of each score in the final order.
  const offsets = new Int32Array(maxScore + 1);
  let position = 0;
  for (let step = 0; step <= maxScore; step++) {
    const value = direction === 'desc' ? maxScore - step : step;
    offsets[value] = position;
    position += counts[value];
  }
  const page: number[] = new Array(Math.min(end, result.count) - start);
  let remaining = page.length;
  if (then.field === 'score') throw new Error('unreachable');
  orders.walk(then.field, then.direction, (slot) => {
    if (!hasBit(inResult, slot)) return true;
    const at = offsets[score[slot]]++;
    if (at >= start && at < end) {
      page[at - start] = slot;
      remaining--;
    }
    return remaining > 0;
  });
  return page;
}
