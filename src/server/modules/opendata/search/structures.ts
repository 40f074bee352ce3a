/**
 * The index's building blocks: growable typed arrays (posting lists of document slots, in ascending order
 * because slots only ever grow) and bitsets over slots.
 */

/** A list of slots, ascending; with an optional byte per slot (the fields a word occurs in). */
export class PostingList {
  slots: Int32Array;
  masks: Uint8Array | null;
  length = 0;

  constructor(withMasks: boolean, capacity = 4) {
    this.slots = new Int32Array(capacity);
    this.masks = withMasks ? new Uint8Array(capacity) : null;
  }

  push(slot: number, mask = 0): void {
    if (this.length === this.slots.length) {
      const capacity = this.slots.length * 2;
      const slots = new Int32Array(capacity);
      slots.set(this.slots);
      this.slots = slots;
      if (this.masks) {
        const masks = new Uint8Array(capacity);
        masks.set(this.masks);
        this.masks = masks;
      }
    }
    this.slots[this.length] = slot;
    if (this.masks) this.masks[this.length] = mask;
    this.length++;
  }

  /** Keeps the slots that `remap` maps to a new slot (≥ 0), renumbered; order is kept because remap is monotonic. */
  compact(remap: Int32Array): void {
    let kept = 0;
    for (let index = 0; index < this.length; index++) {
      const slot = remap[this.slots[index]];
      if (slot < 0) continue;
      this.slots[kept] = slot;
      if (this.masks) this.masks[kept] = this.masks[index];
      kept++;
    }
    this.length = kept;
  }
}

/** A growable Int32Array. */
export class IntVector {
  data: Int32Array;
  length = 0;

  constructor(capacity = 16) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const data = new Int32Array(this.data.length * 2);
      data.set(this.data);
      this.data = data;
    }
    this.data[this.length++] = value;
  }
}

export type Bitset = Uint32Array;

export const newBitset = (size: number): Bitset => new Uint32Array((size + 31) >>> 5);

export function hasBit(bits: Bitset, slot: number): boolean {
  return (bits[slot >>> 5] & (1 << (slot & 31))) !== 0;
}

export function setBit(bits: Bitset, slot: number): void {
  bits[slot >>> 5] |= 1 << (slot & 31);
}

export function clearBit(bits: Bitset, slot: number): void {
  bits[slot >>> 5] &= ~(1 << (slot & 31));
}

export function andInto(target: Bitset, other: Bitset): void {
  for (let index = 0; index < target.length; index++) target[index] &= other[index];
}

export function orInto(target: Bitset, other: Bitset): void {
  for (let index = 0; index < target.length; index++) target[index] |= other[index];
}

/** target := universe AND NOT target. */
export function complementWithin(target: Bitset, universe: Bitset): void {
  for (let index = 0; index < target.length; index++) target[index] = universe[index] & ~target[index];
}

export function popcount(bits: Bitset): number {
  let count = 0;
  for (let index = 0; index < bits.length; index++) {
    let word = bits[index];
    word -= (word >>> 1) & 0x55555555;
    word = (word & 0x33333333) + ((word >>> 2) & 0x33333333);
    count += (((word + (word >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return count;
}
