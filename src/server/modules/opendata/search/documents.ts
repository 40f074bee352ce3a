/**
 * The index's documents: one slot per indexed version of a dataset. Slots only grow: a changed dataset gets a
 * new slot and its old one dies (cleared from `alive`), so every posting list stays sorted by appending; when
 * dead slots pile up, `compact()` renumbers everything without re-reading or re-segmenting anything.
 */
import type { Dataset, SearchField } from '../index.js';
import { IntVector, PostingList, clearBit, newBitset, setBit, type Bitset } from './structures.js';
import { compact as compactText, visitDocumentWords } from './text.js';

/** Fields with a dictionary of values, a posting list per value and each document's values (for facets). */
export const VALUE_FIELDS = ['organization', 'groups', 'tags', 'res_format', 'license_id', 'frequency', 'open_type', 'source'] as const;
export type ValueField = (typeof VALUE_FIELDS)[number];

export const isValueField = (field: SearchField): field is ValueField => (VALUE_FIELDS as readonly string[]).includes(field);

/** The values a dataset has for a field; formats are compared upper-cased. */
export function valuesOf(dataset: Dataset, field: ValueField): string[] {
  switch (field) {
    case 'organization': return [dataset.organization.name];
    case 'groups': return [...new Set(dataset.themes)];
    case 'tags': return [...new Set(dataset.tags)];
    case 'res_format': return [...new Set(dataset.resources.map((resource) => resource.format.trim().toUpperCase()).filter(Boolean))];
    case 'license_id': return [dataset.licenseId];
    case 'frequency': return dataset.frequency ? [dataset.frequency] : [];
    case 'open_type': return [dataset.openType];
    case 'source': return [dataset.source?.name ?? 'local'];
  }
}

export class ValueColumn {
  readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  readonly postings: PostingList[] = [];
  /** Document slot → its first value (-1: none); `multi` once any document has several. */
  first = new IntVector(1024);
  multi = false;
  /** Document slot → its values: vals[starts[slot] .. ends[slot]). */
  starts = new IntVector(1024);
  ends = new IntVector(1024);
  vals = new IntVector(4096);

  idOf(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
      this.postings.push(new PostingList(false));
    }
    return id;
  }

  add(slot: number, values: readonly string[]): void {
    if (values.length > 1) this.multi = true;
    this.first.push(values.length ? this.idOf(values[0]) : -1);
    this.starts.push(this.vals.length);
    for (const value of values) {
      const id = this.idOf(value);
      this.vals.push(id);
      this.postings[id].push(slot);
    }
    this.ends.push(this.vals.length);
  }

  compact(remap: Int32Array, oldCount: number): void {
    for (const list of this.postings) list.compact(remap);
    const first = new IntVector(Math.max(1024, this.first.length));
    const starts = new IntVector(Math.max(1024, this.starts.length));
    const ends = new IntVector(Math.max(1024, this.ends.length));
    const vals = new IntVector(Math.max(4096, this.vals.length));
    for (let slot = 0; slot < oldCount; slot++) {
      if (remap[slot] < 0) continue;
      first.push(this.first.data[slot]);
      starts.push(vals.length);
      for (let k = this.starts.data[slot]; k < this.ends.data[slot]; k++) vals.push(this.vals.data[k]);
      ends.push(vals.length);
    }
    this.first = first;
    this.starts = starts;
    this.ends = ends;
    this.vals = vals;
  }
}

/** Usage counts per dataset id (views, downloads, API calls). */
export type UsageMap = ReadonlyMap<string, { views: number; downloads: number; apiCalls: number }>;

export class DocumentStore {
  /** Slots in use (alive or dead). */
  count = 0;
  dead = 0;
  private capacity = 0;
  alive: Bitset = newBitset(0);
  /** Bumped on every add, removal and compaction: sort orders built before are stale. */
  version = 0;
  /** Bumped by compaction: slot numbers changed. */
  epoch = 0;
  usageVersion = 0;

  readonly slotOfId = new Map<string, number>();
  readonly slotOfName = new Map<string, number>();
  ids: string[] = [];
  names: string[] = [];
  titles: string[] = [];
  /** Titles as letters and digits only, lower-cased (whole-phrase matches). */
  titleKeys: string[] = [];
  modified = new Float64Array(0);
  created = new Float64Array(0);
  changeSeq = new Float64Array(0);
  views = new Float64Array(0);
  downloads = new Float64Array(0);
  popularity = new Float64Array(0);

  /** Every indexed word; a word's id indexes `postings`. */
  readonly wordIds = new Map<string, number>();
  readonly words: string[] = [];
  readonly postings: PostingList[] = [];
  readonly columns = new Map<ValueField, ValueColumn>(VALUE_FIELDS.map((field) => [field, new ValueColumn()]));
  /** Display titles of organisations and sources by name (the latest seen), for facet labels. */
  readonly organizationTitles = new Map<string, { title: string; titleEn: string | null }>();
  readonly sourceTitles = new Map<string, string>();

  private usage: UsageMap = new Map();

  get size(): number {
    return this.count - this.dead;
  }

  column(field: ValueField): ValueColumn {
    return this.columns.get(field)!;
  }

  /** Applies one row of the change feed: a new or changed dataset replaces what the index held; a deleted one leaves. */
  apply(dataset: Dataset): boolean {
    const current = this.slotOfId.get(dataset.id);
    if (current !== undefined && this.changeSeq[current] === dataset.changeSeq && dataset.state === 'active') return false;
    if (current !== undefined) this.remove(current);
    if (dataset.state === 'active') this.add(dataset);
    return true;
  }

  private remove(slot: number): void {
    clearBit(this.alive, slot);
    this.slotOfId.delete(this.ids[slot]);
    if (this.slotOfName.get(this.names[slot]) === slot) this.slotOfName.delete(this.names[slot]);
    this.dead++;
    this.version++;
  }

  private add(dataset: Dataset): void {
    this.ensureCapacity(this.count + 1);
    const slot = this.count++;
    this.ids[slot] = dataset.id;
    this.names[slot] = dataset.name;
    this.titles[slot] = dataset.title;
    this.titleKeys[slot] = compactText(dataset.title);
    this.modified[slot] = Date.parse(dataset.metadataModified);
    this.created[slot] = Date.parse(dataset.metadataCreated);
    this.changeSeq[slot] = dataset.changeSeq;
    this.setUsageOf(slot, this.usage.get(dataset.id));
    this.slotOfId.set(dataset.id, slot);
    this.slotOfName.set(dataset.name, slot);
    this.organizationTitles.set(dataset.organization.name, { title: dataset.organization.title, titleEn: dataset.organization.titleEn });
    if (dataset.source) this.sourceTitles.set(dataset.source.name, dataset.source.title);
    // A word met again in the same document only adds its field to the posting just made.
    visitDocumentWords(dataset, (word, bit) => {
      let id = this.wordIds.get(word);
      if (id === undefined) {
        id = this.words.length;
        this.wordIds.set(word, id);
        this.words.push(word);
        this.postings.push(new PostingList(true));
      }
      const list = this.postings[id];
      if (list.length > 0 && list.slots[list.length - 1] === slot) list.masks![list.length - 1] |= bit;
      else list.push(slot, bit);
    });
    for (const field of VALUE_FIELDS) this.column(field).add(slot, valuesOf(dataset, field));
    setBit(this.alive, slot);
    this.version++;
  }

  setUsage(usage: UsageMap): void {
    this.usage = usage;
    for (let slot = 0; slot < this.count; slot++) this.setUsageOf(slot, usage.get(this.ids[slot]));
    this.usageVersion++;
  }

  usageOf(id: string): { views: number; downloads: number; apiCalls: number } | undefined {
    return this.usage.get(id);
  }

  private setUsageOf(slot: number, usage: { views: number; downloads: number; apiCalls: number } | undefined): void {
    this.views[slot] = usage?.views ?? 0;
    this.downloads[slot] = usage?.downloads ?? 0;
    this.popularity[slot] = usage ? usage.views + usage.downloads + usage.apiCalls : 0;
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.capacity) return;
    const capacity = Math.max(1024, this.capacity * 2, needed);
    const grow = (array: Float64Array) => {
      const next = new Float64Array(capacity);
      next.set(array.subarray(0, this.count));
      return next;
    };
    this.modified = grow(this.modified);
    this.created = grow(this.created);
    this.changeSeq = grow(this.changeSeq);
    this.views = grow(this.views);
    this.downloads = grow(this.downloads);
    this.popularity = grow(this.popularity);
    const alive = newBitset(capacity);
    alive.set(this.alive);
    this.alive = alive;
    this.capacity = capacity;
  }

  /** Renumbers the live slots 0..size-1 when dead ones make up a quarter of the index. */
  compactIfWorthIt(): boolean {
    if (this.dead < 1024 || this.dead * 4 < this.count) return false;
    const oldCount = this.count;
    const remap = new Int32Array(oldCount).fill(-1);
    let next = 0;
    for (let slot = 0; slot < oldCount; slot++) {
      if (this.alive[slot >>> 5] & (1 << (slot & 31))) remap[slot] = next++;
    }
    for (const list of this.postings) list.compact(remap);
    for (const column of this.columns.values()) column.compact(remap, oldCount);
    const moveStrings = (array: string[]) => array.filter((_, slot) => remap[slot] >= 0);
    this.ids = moveStrings(this.ids);
    this.names = moveStrings(this.names);
    this.titles = moveStrings(this.titles);
    this.titleKeys = moveStrings(this.titleKeys);
    for (const key of ['modified', 'created', 'changeSeq', 'views', 'downloads', 'popularity'] as const) {
      const array = this[key];
      for (let slot = 0; slot < oldCount; slot++) if (remap[slot] >= 0) array[remap[slot]] = array[slot];
    }
    this.alive.fill(0);
    for (let slot = 0; slot < next; slot++) setBit(this.alive, slot);
    this.slotOfId.clear();
    this.slotOfName.clear();
    for (let slot = 0; slot < next; slot++) {
      this.slotOfId.set(this.ids[slot], slot);
      this.slotOfName.set(this.names[slot], slot);
    }
    this.count = next;
    this.dead = 0;
    this.version++;
    this.epoch++;
    return true;
  }
}
