/**
 * Facet counts over a whole result. A small result is counted document by document; a result holding most of
 * the index is counted the other way round — the counts over every live document (kept until the next write)
 * minus the documents left out — so the portal's opening page (no words, every dataset) costs almost nothing.
 */
import type { SearchField } from '../index.js';
import { isValueField, type DocumentStore, type ValueColumn, type ValueField } from './documents.js';
import type { Bitset } from './structures.js';

export interface ResultSet {
  bits: Bitset;
  count: number;
  /** The result's slots, ascending (computed on first use). */
  slots(): Int32Array;
}

export function resultSet(bits: Bitset, count: number): ResultSet {
  let slots: Int32Array | null = null;
  return { bits, count, slots: () => (slots ??= slotsOf(bits, count)) };
}

/** The set slots of a bitset, ascending. */
export function slotsOf(bits: Bitset, count: number): Int32Array {
  const slots = new Int32Array(count);
  let length = 0;
  for (let index = 0; index < bits.length; index++) {
    let word = bits[index];
    while (word !== 0) {
      const low = word & -word;
      slots[length++] = (index << 5) + 31 - Math.clz32(low);
      word ^= low;
    }
  }
  return slots;
}

function addCounts(column: ValueColumn, slots: Int32Array, counts: Int32Array, sign: 1 | -1): void {
  if (column.multi) {
    const starts = column.starts.data;
    const ends = column.ends.data;
    const vals = column.vals.data;
    for (let index = 0; index < slots.length; index++) {
      const slot = slots[index];
      for (let k = starts[slot]; k < ends[slot]; k++) counts[vals[k]] += sign;
    }
  } else {
    const first = column.first.data;
    for (let index = 0; index < slots.length; index++) {
      const value = first[slots[index]];
      if (value >= 0) counts[value] += sign;
    }
  }
}

export class FacetCounter {
  private readonly totals = new Map<ValueField, { version: number; counts: Int32Array }>();
  private complement: { bits: Bitset; slots: Int32Array } | null = null;

  constructor(private readonly store: DocumentStore) {}

  /** Values of `field` in the result with their counts: count desc, then value asc; `limit` < 0 = all. */
  count(field: SearchField, result: ResultSet, limit: number, mincount: number): Array<{ value: string; count: number }> {
    const s = this.store;
    let buckets: Array<{ value: string; count: number }> = [];
    if (field === 'id' || field === 'name') {
      const values = field === 'id' ? s.ids : s.names;
      buckets = Array.from(result.slots(), (slot) => ({ value: values[slot], count: 1 }));
    } else if (isValueField(field)) {
      const column = s.column(field);
      let counts: Int32Array;
      if (result.count * 2 > s.size) {
        counts = this.totalsOf(field, column).slice();
        addCounts(column, this.complementOf(result.bits), counts, -1);
      } else {
        counts = new Int32Array(column.values.length);
        addCounts(column, result.slots(), counts, 1);
      }
      for (let id = 0; id < counts.length; id++) if (counts[id] > 0) buckets.push({ value: column.values[id], count: counts[id] });
    }
    const minimum = Math.max(1, mincount);
    buckets = buckets.filter((bucket) => bucket.count >= minimum);
    buckets.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return limit < 0 ? buckets : buckets.slice(0, limit);
  }

  /** Forget the complement of the last result (call once per search). */
  reset(): void {
    this.complement = null;
  }

  private totalsOf(field: ValueField, column: ValueColumn): Int32Array {
    const cached = this.totals.get(field);
    if (cached && cached.version === this.store.version && cached.counts.length === column.values.length) return cached.counts;
    const all = slotsOf(this.store.alive, this.store.size);
    const counts = new Int32Array(column.values.length);
    addCounts(column, all, counts, 1);
    this.totals.set(field, { version: this.store.version, counts });
    return counts;
  }

  /** Live slots outside the result. */
  private complementOf(bits: Bitset): Int32Array {
    if (this.complement?.bits === bits) return this.complement.slots;
    const alive = this.store.alive;
    const outside = new Uint32Array(alive.length);
    let count = 0;
    for (let index = 0; index < alive.length; index++) {
      const word = alive[index] & ~bits[index];
      outside[index] = word;
      if (word !== 0) {
        let bitsLeft = word - ((word >>> 1) & 0x55555555);
        bitsLeft = (bitsLeft & 0x33333333) + ((bitsLeft >>> 2) & 0x33333333);
        count += (((bitsLeft + (bitsLeft >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
      }
    }
    const slots = slotsOf(outside, count);
    this.complement = { bits, slots };
    return slots;
  }
}
