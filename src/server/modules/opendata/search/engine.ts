/**
 * Answers a SearchQuery from the in-memory documents: filters as bitsets, query words as per-document weights
 * from the posting lists (AND over the clauses), facets counted over the whole result, the page read from a
 * ready sort order. No I/O: the index service (service.ts) keeps the documents in step with the database.
 */
import type { Dataset, SearchField, SearchFilter, SearchQuery, SearchResult } from '../index.js';
import { DocumentStore, isValueField, type UsageMap } from './documents.js';
import { FacetCounter, resultSet } from './facets.js';
import { normalizeKeys, selectPage, SortOrders } from './sorting.js';
import {
  andInto, complementWithin, orInto, popcount, setBit, type Bitset,
} from './structures.js';
import { analyzeQuery, TITLE_WEIGHT, WEIGHT_OF_MASK, type AnalyzedQuery, type QueryNode } from './text.js';

export interface SearchOptions {
  /** When the words together find nothing: answer with the datasets that match the most of them. */
  relax?: boolean;
}

export interface EngineResult extends SearchResult {
  /** True when `relax` was asked for and used: not every word matched. */
  relaxed: boolean;
}

const DEFAULT_FACET_LIMIT = 50;
/** A title that contains the whole query, and one that is the query. */
const PHRASE_BONUS = 2 * TITLE_WEIGHT;
const EXACT_TITLE_BONUS = 4 * TITLE_WEIGHT;
const ASCII_PREFIX = /^[a-z][a-z0-9]+$/;
const HAN = /\p{Script=Han}/u;

export class SearchEngine {
  readonly store = new DocumentStore();
  readonly orders = new SortOrders(this.store);
  private readonly facets = new FacetCounter(this.store);
  /** Query word → the ids of the indexed words it matches, for the vocabulary size it was computed at. */
  private readonly expansions = new Map<string, { upTo: number; ids: number[] }>();

  apply(datasets: readonly Dataset[]): number {
    let changed = 0;
    for (const dataset of datasets) if (this.store.apply(dataset)) changed++;
    if (changed) this.store.compactIfWorthIt();
    return changed;
  }

  setUsage(usage: UsageMap): void {
    this.store.setUsage(usage);
  }

  search(query: SearchQuery, options: SearchOptions = {}): EngineResult {
    const s = this.store;
    const candidates: Bitset = s.alive.slice();
    if (query.filter) andInto(candidates, this.filterBits(query.filter));

    const analyzed = analyzeQuery(query.text);
    let score: Int32Array | null = null;
    let result: Bitset = candidates;
    let relaxed = false;
    if (analyzed.clauses.length) {
      const matched = this.matchText(analyzed, candidates, options.relax ?? false);
      score = matched.score;
      result = matched.bits;
      relaxed = matched.relaxed;
    }

    const matches = resultSet(result, popcount(result));
    const facets: SearchResult['facets'] = {};
    this.facets.reset();
    for (const field of new Set(query.facetFields ?? [])) {
      facets[field] = this.facets.count(field, matches, query.facetLimit ?? DEFAULT_FACET_LIMIT, query.facetMincount ?? 1);
    }
    const keys = normalizeKeys(query.sort, score !== null);
    const start = Math.max(0, Math.floor(query.start));
    const rows = Math.max(0, Math.floor(query.rows));
    const page = selectPage(this.orders, matches, keys, score, start, rows);
    return { count: matches.count, ids: page.map((slot) => s.ids[slot]), facets, relaxed };
  }

  // ---------------------------------------------------------------- filters

  /** Every bitset has the length of `alive`. */
  private emptyBits(): Bitset {
    return new Uint32Array(this.store.alive.length);
  }

  private filterBits(filter: SearchFilter): Bitset {
    const s = this.store;
    switch (filter.kind) {
      case 'term': return this.termBits(filter.field, filter.value);
      case 'range': {
        const values = filter.field === 'metadata_modified' ? s.modified : s.created;
        const from = filter.from === null ? -Infinity : Date.parse(filter.from);
        const to = filter.to === null ? Infinity : Date.parse(filter.to);
        const bits = this.emptyBits();
        if (Number.isNaN(from) || Number.isNaN(to)) return bits;
        for (let slot = 0; slot < s.count; slot++) if (values[slot] >= from && values[slot] <= to) setBit(bits, slot);
        andInto(bits, s.alive);
        return bits;
      }
      case 'text': {
        const analyzed = analyzeQuery(filter.text);
        if (!analyzed.clauses.length) return s.alive.slice();
        return this.matchText(analyzed, s.alive, false).bits;
      }
      case 'and': {
        const bits = s.alive.slice();
        for (const item of filter.items) andInto(bits, this.filterBits(item));
        return bits;
      }
      case 'or': {
        const bits = this.emptyBits();
        for (const item of filter.items) orInto(bits, this.filterBits(item));
        return bits;
      }
      case 'not': {
        const bits = this.filterBits(filter.item);
        complementWithin(bits, s.alive);
        return bits;
      }
    }
  }

  private termBits(field: SearchField, value: string): Bitset {
    const s = this.store;
    const bits = this.emptyBits();
    if (field === 'id' || field === 'name') {
      const slot = (field === 'id' ? s.slotOfId : s.slotOfName).get(value);
      if (slot !== undefined) setBit(bits, slot);
      return bits;
    }
    if (!isValueField(field)) return bits;
    const column = s.column(field);
    const id = column.ids.get(field === 'res_format' ? value.trim().toUpperCase() : value);
    if (id === undefined) return bits;
    const list = column.postings[id];
    for (let index = 0; index < list.length; index++) setBit(bits, list.slots[index]);
    andInto(bits, s.alive);
    return bits;
  }

  // ---------------------------------------------------------------- text

  /**
   * Documents among `candidates` that match every required clause, with their scores (the sum of each
   * clause's best field weight, plus a bonus for titles that are or contain the whole query). With `relax`,
   * when none match them all, the documents matching the most clauses.
   */
  private matchText(analyzed: AnalyzedQuery, candidates: Bitset, relax: boolean): { bits: Bitset; score: Int32Array; relaxed: boolean } {
    const s = this.store;
    const clauses = analyzed.clauses.map((clause) => ({ ...this.evaluate(clause.node), required: !clause.optional }));
    const required = clauses.filter((clause) => clause.required);
    const score = new Int32Array(s.count);
    const bits = candidates.slice();
    for (const clause of required) andInto(bits, clause.bits);
    let relaxed = false;
    if (relax && required.length > 1 && popcount(bits) === 0) {
      const best = this.bestPartialMatch(required, candidates, bits);
      relaxed = best > 0;
    }
    const phrase = analyzed.phrase;
    const several = analyzed.clauses.length > 1;
    const titleKeys = s.titleKeys;
    for (let word = 0; word < bits.length; word++) {
      let pending = bits[word];
      while (pending !== 0) {
        const low = pending & -pending;
        pending ^= low;
        const slot = (word << 5) + 31 - Math.clz32(low);
        let total = 0;
        let inTitle = false;
        for (let clause = 0; clause < clauses.length; clause++) {
          const weight = clauses[clause].weights[slot];
          total += weight;
          if (weight >= TITLE_WEIGHT) inTitle = true;
        }
        // A title that is the query, or (for several words) contains all of it as typed, ranks first.
        if (inTitle && phrase) {
          const title = titleKeys[slot];
          if (title.length === phrase.length) {
            if (title === phrase) total += EXACT_TITLE_BONUS;
          } else if (several && title.length > phrase.length && title.includes(phrase)) {
            total += PHRASE_BONUS;
          }
        }
        score[slot] = total;
      }
    }
    return { bits, score, relaxed };
  }

  /** Fills `into` with the candidates matching the most required clauses; returns how many that is. */
  private bestPartialMatch(required: Array<{ bits: Bitset }>, candidates: Bitset, into: Bitset): number {
    const s = this.store;
    const any = this.emptyBits();
    for (const clause of required) orInto(any, clause.bits);
    andInto(any, candidates);
    const matched = new Uint8Array(s.count);
    let best = 0;
    for (let word = 0; word < any.length; word++) {
      let pending = any[word];
      while (pending !== 0) {
        const low = pending & -pending;
        pending ^= low;
        const slot = (word << 5) + 31 - Math.clz32(low);
        let count = 0;
        for (const clause of required) if (clause.bits[slot >>> 5] & low) count++;
        matched[slot] = count;
        if (count > best) best = count;
      }
    }
    for (let word = 0; word < any.length; word++) {
      let pending = any[word];
      let out = 0;
      while (pending !== 0) {
        const low = pending & -pending;
        pending ^= low;
        if (matched[(word << 5) + 31 - Math.clz32(low)] === best) out |= low;
      }
      into[word] = out;
    }
    return best;
  }

  /** The documents a node matches, and per slot its weight there (0 outside `bits`). */
  private evaluate(node: QueryNode): { bits: Bitset; weights: Uint8Array } {
    const s = this.store;
    if (node.kind === 'all') {
      const children = node.items.map((item) => this.evaluate(item));
      if (children.length === 0) return { bits: this.emptyBits(), weights: new Uint8Array(s.count) };
      const bits = children[0].bits;
      for (const other of children.slice(1)) andInto(bits, other.bits);
      // The weakest part decides: min over the children, where all of them match (0 elsewhere).
      const weights = new Uint8Array(s.count);
      for (let word = 0; word < bits.length; word++) {
        let pending = bits[word];
        while (pending !== 0) {
          const low = pending & -pending;
          pending ^= low;
          const slot = (word << 5) + 31 - Math.clz32(low);
          let weight = 255;
          for (const child of children) if (child.weights[slot] < weight) weight = child.weights[slot];
          weights[slot] = weight;
        }
      }
      return { bits, weights };
    }
    const target = { bits: this.emptyBits(), weights: new Uint8Array(s.count) };
    this.evaluateInto(node, target);
    return target;
  }

  /** Adds what a word or an alternative matches to `target` (best weight per slot). */
  private evaluateInto(node: QueryNode, target: { bits: Bitset; weights: Uint8Array }): void {
    const s = this.store;
    if (node.kind === 'any') {
      for (const item of node.items) this.evaluateInto(item, target);
      return;
    }
    if (node.kind === 'all') {
      const part = this.evaluate(node);
      orInto(target.bits, part.bits);
      for (let slot = 0; slot < part.weights.length; slot++) if (part.weights[slot] > target.weights[slot]) target.weights[slot] = part.weights[slot];
      return;
    }
    const ids = this.expand(node.word, node.exact === true);
    if (ids.length === 0 && node.parts.length) {
      this.evaluateInto({ kind: 'all', items: node.parts.map((word) => ({ kind: 'word', word, parts: [] })) }, target);
      return;
    }
    const { bits, weights } = target;
    for (const id of ids) {
      const list = s.postings[id];
      const slots = list.slots;
      const masks = list.masks!;
      for (let index = 0; index < list.length; index++) {
        const slot = slots[index];
        const weight = WEIGHT_OF_MASK[masks[index]];
        if (weight > weights[slot]) weights[slot] = weight;
        bits[slot >>> 5] |= 1 << (slot & 31);
      }
    }
  }

  /** The indexed words a query word matches: itself; words it begins (English) or is part of (Chinese). */
  private expand(word: string, exact: boolean): number[] {
    const s = this.store;
    const prefix = !exact && ASCII_PREFIX.test(word);
    const part = HAN.test(word);
    if (!prefix && !part) {
      const id = s.wordIds.get(word);
      return id === undefined ? [] : [id];
    }
    let cached = this.expansions.get(word);
    if (!cached) {
      if (this.expansions.size > 20_000) this.expansions.clear();
      cached = { upTo: 0, ids: [] };
      this.expansions.set(word, cached);
    }
    for (let id = cached.upTo; id < s.words.length; id++) {
      const candidate = s.words[id];
      if (prefix ? candidate.startsWith(word) : candidate.includes(word)) cached.ids.push(id);
    }
    cached.upTo = s.words.length;
    return cached.ids;
  }
}
