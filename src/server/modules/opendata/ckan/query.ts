/**
 * package_search's `q`, `fq` and `sort` (Solr syntax as CKAN clients send it) → the SearchQuery of index.ts.
 *
 * The grammar is the part of Lucene's standard query syntax that CKAN clients use:
 *   words and "quoted phrases" (AND between them), field:value, field:"value", field:(a OR b),
 *   field:[from TO to] and {from TO to} (dates: ISO 8601, NOW, date math such as NOW-7DAYS or NOW/DAY-1MONTH),
 *   field:* (has a value), *:* (everything), AND / && , OR / || , NOT / ! / -clause , +clause, ( … ).
 * Fields CKAN's Solr schema knows but the index does not hold match nothing, as Solr's catch-all dynamic field
 * does; the bookkeeping filters CKAN itself adds (+state:active, +capacity:public, +dataset_type:dataset,
 * +site_id:…) are understood. Prefix/suffix wildcards are refused rather than answered wrongly.
 */
import type { SearchField, SearchFilter, SearchSortField } from '../index.js';
import { searchQueryError } from './errors.js';

export type QueryNode =
  | { t: 'all' }
  | { t: 'text'; text: string }
  | { t: 'term'; field: string; value: string }
  | { t: 'exists'; field: string }
  | { t: 'range'; field: string; from: string | null; to: string | null; fromInclusive: boolean; toInclusive: boolean }
  | { t: 'and' | 'or'; items: QueryNode[] }
  | { t: 'not'; item: QueryNode };

const WHITESPACE = /\s/;

class Parser {
  private i = 0;
  constructor(private readonly s: string, private readonly what: string) {}

  parse(): QueryNode {
    this.ws();
    if (this.end()) return { t: 'all' };
    const node = this.or(null);
    this.ws();
    if (!this.end()) this.fail(`unexpected "${this.s[this.i]}" at position ${this.i + 1}`);
    return node;
  }

  private fail(reason: string): never {
    throw searchQueryError(`Cannot parse ${this.what}: ${reason}`);
  }

  private end(): boolean {
    return this.i >= this.s.length;
  }

  private ws(): void {
    while (!this.end() && WHITESPACE.test(this.s[this.i])) this.i++;
  }

  /** A keyword (AND, OR, NOT, TO) at the cursor, followed by a space, a parenthesis, a quote or the end. */
  private keyword(word: string): boolean {
    if (!this.s.startsWith(word, this.i)) return false;
    const next = this.s[this.i + word.length];
    if (next !== undefined && !WHITESPACE.test(next) && next !== '(' && next !== '"') return false;
    this.i += word.length;
    return true;
  }

  private symbol(text: string): boolean {
    if (!this.s.startsWith(text, this.i)) return false;
    this.i += text.length;
    return true;
  }

  private or(field: string | null): QueryNode {
    const items = [this.and(field)];
    for (;;) {
      this.ws();
      if (this.keyword('OR') || this.symbol('||')) items.push(this.and(field));
      else break;
    }
    return items.length === 1 ? items[0] : { t: 'or', items };
  }

  private and(field: string | null): QueryNode {
    const items = [this.unary(field)];
    for (;;) {
      this.ws();
      if (this.end() || this.s[this.i] === ')') break;
      if (this.s.startsWith('OR', this.i) && this.keywordAhead('OR')) break;
      if (this.s.startsWith('||', this.i)) break;
      if (!this.keyword('AND')) this.symbol('&&');
      items.push(this.unary(field));
    }
    return items.length === 1 ? items[0] : { t: 'and', items };
  }

  private keywordAhead(word: string): boolean {
    const next = this.s[this.i + word.length];
    return next === undefined || WHITESPACE.test(next) || next === '(' || next === '"';
  }

  private unary(field: string | null): QueryNode {
    this.ws();
    if (this.end()) this.fail('the query ends where a term was expected');
    if (this.keyword('NOT')) return { t: 'not', item: this.unary(field) };
    const char = this.s[this.i];
    if (char === '-' || char === '!') {
      this.i++;
      return { t: 'not', item: this.unary(field) };
    }
    if (char === '+') {
      this.i++;
      return this.unary(field);
    }
    if (char === '(') {
      this.i++;
      const node = this.or(field);
      this.ws();
      if (!this.symbol(')')) this.fail('a parenthesis is not closed');
      return node;
    }
    return this.term(field);
  }

  private term(field: string | null): QueryNode {
    if (this.symbol('*:*')) return { t: 'all' };
    const match = /^([A-Za-z_][A-Za-z0-9_.-]*):(?=\S)/.exec(this.s.slice(this.i));
    if (match) {
      if (field) this.fail(`a field inside the value of ${field}`);
      this.i += match[0].length;
      return this.value(match[1]);
    }
    return this.value(field);
  }

  private value(field: string | null): QueryNode {
    const char = this.s[this.i];
    if (char === '(') {
      this.i++;
      const node = this.or(field);
      this.ws();
      if (!this.symbol(')')) this.fail('a parenthesis is not closed');
      return node;
    }
    if (char === '[' || char === '{') {
      if (!field) this.fail('a range needs a field');
      this.i++;
      this.ws();
      const from = this.rangeBound();
      this.ws();
      if (!this.keyword('TO')) this.fail('a range needs "TO"');
      this.ws();
      const to = this.rangeBound();
      this.ws();
      const close = this.s[this.i];
      if (close !== ']' && close !== '}') this.fail('a range is not closed');
      this.i++;
      this.suffix();
      return { t: 'range', field, from, to, fromInclusive: char === '[', toInclusive: close === ']' };
    }
    if (char === '"') {
      const text = this.quoted();
      this.suffix();
      return field ? { t: 'term', field, value: text } : { t: 'text', text };
    }
    const { text, wildcard } = this.word();
    if (!text) this.fail(`unexpected "${char ?? 'end'}" at position ${this.i + 1}`);
    if (wildcard) {
      if (text === '*') return field ? { t: 'exists', field } : { t: 'all' };
      this.fail(`wildcard queries are not supported (${text})`);
    }
    return field ? { t: 'term', field, value: text } : { t: 'text', text };
  }

  private quoted(): string {
    this.i++;
    let text = '';
    while (!this.end() && this.s[this.i] !== '"') {
      if (this.s[this.i] === '\\' && this.i + 1 < this.s.length) this.i++;
      text += this.s[this.i++];
    }
    if (this.end()) this.fail('a quote is not closed');
    this.i++;
    return text;
  }

  /** Boost (^2) and fuzziness/proximity (~, ~0.8, ~3) do not change which datasets match. */
  private suffix(): void {
    const match = /^(?:\^\d+(?:\.\d+)?|~\d*(?:\.\d+)?)+/.exec(this.s.slice(this.i));
    if (match) this.i += match[0].length;
  }

  private word(): { text: string; wildcard: boolean } {
    let text = '';
    let wildcard = false;
    while (!this.end()) {
      const char = this.s[this.i];
      if (WHITESPACE.test(char) || char === '(' || char === ')') break;
      if ((char === '^' || char === '~') && text) {
        this.suffix();
        break;
      }
      if (char === '\\' && this.i + 1 < this.s.length) {
        text += this.s[this.i + 1];
        this.i += 2;
        continue;
      }
      if (char === '*' || char === '?') wildcard = true;
      text += char;
      this.i++;
    }
    return { text, wildcard };
  }

  private rangeBound(): string | null {
    if (this.s[this.i] === '"') return this.quoted();
    let text = '';
    while (!this.end() && !WHITESPACE.test(this.s[this.i]) && this.s[this.i] !== ']' && this.s[this.i] !== '}') text += this.s[this.i++];
    if (!text) this.fail('a range bound is missing');
    return text === '*' ? null : text;
  }
}

/** Parses one q or fq string (`what` names it in error messages). */
export function parseSolrQuery(text: string, what = 'q'): QueryNode {
  return new Parser(text, what).parse();
}

// ---------------------------------------------------------------- dates

const UNIT_MS: Record<string, number> = { MILLI: 1, MILLISECOND: 1, SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000, DATE: 86_400_000, WEEK: 604_800_000 };

function unitOf(raw: string): string {
  const upper = raw.toUpperCase();
  return upper.endsWith('S') && upper !== 'S' ? upper.slice(0, -1) : upper;
}

function roundDown(date: Date, unit: string): void {
  switch (unit) {
    case 'YEAR': date.setUTCMonth(0, 1); date.setUTCHours(0, 0, 0, 0); break;
    case 'MONTH': date.setUTCDate(1); date.setUTCHours(0, 0, 0, 0); break;
    case 'DAY': case 'DATE': date.setUTCHours(0, 0, 0, 0); break;
    case 'HOUR': date.setUTCMinutes(0, 0, 0); break;
    case 'MINUTE': date.setUTCSeconds(0, 0); break;
    case 'SECOND': date.setUTCMilliseconds(0); break;
    default: throw new Error(unit);
  }
}

function add(date: Date, amount: number, unit: string): void {
  if (unit === 'YEAR') date.setUTCFullYear(date.getUTCFullYear() + amount);
  else if (unit === 'MONTH') date.setUTCMonth(date.getUTCMonth() + amount);
  else if (UNIT_MS[unit]) date.setTime(date.getTime() + amount * UNIT_MS[unit]);
  else throw new Error(unit);
}

/**
 * A Solr date: NOW or an ISO 8601 date/time (no zone = UTC, as in Solr), followed by date math
 * (`/DAY` rounds down, `+1MONTH` / `-7DAYS` add). Returns an ISO string, or null when it cannot be read.
 */
export function solrDate(value: string, now: Date = new Date()): string | null {
  const match = /^(NOW|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}:?\d{2})?)((?:\/[A-Za-z]+|[+-]\d+[A-Za-z]+)*)$/i.exec(value.trim());
  if (!match) return null;
  let date: Date;
  if (match[1].toUpperCase() === 'NOW') {
    date = new Date(now.getTime());
  } else {
    let text = match[1].replace(' ', 'T');
    if (text.length === 10) text += 'T00:00:00';
    text = text.replace(/(\.\d{3})\d+/, '$1');
    if (!/(?:Z|[+-]\d{2}:?\d{2})$/i.test(text)) text += 'Z';
    date = new Date(text);
  }
  if (Number.isNaN(date.getTime())) return null;
  const operations = match[2].match(/\/[A-Za-z]+|[+-]\d+[A-Za-z]+/g) ?? [];
  try {
    for (const operation of operations) {
      if (operation.startsWith('/')) roundDown(date, unitOf(operation.slice(1)));
      else {
        const [, sign, amount, unit] = /^([+-])(\d+)([A-Za-z]+)$/.exec(operation)!;
        add(date, (sign === '-' ? -1 : 1) * Number(amount), unitOf(unit));
      }
    }
  } catch {
    return null;
  }
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

// ---------------------------------------------------------------- the query tree → SearchFilter

/** CKAN's Solr fields the index holds as exact values. */
const TERM_FIELDS: Record<string, SearchField> = {
  organization: 'organization', groups: 'groups', tags: 'tags', res_format: 'res_format', license_id: 'license_id',
  license: 'license_id', frequency: 'frequency', name: 'name', id: 'id', open_type: 'open_type', source: 'source',
};
/** Fields CKAN indexes as text: matched with the index's text search. */
const TEXT_FIELDS = new Set(['text', 'title', 'title_string', 'title_ngram', 'notes', 'res_name', 'res_description', 'author', 'maintainer', 'urls']);
const DATE_FIELDS = new Set(['metadata_modified', 'metadata_created']);
/** CKAN's bookkeeping fields and the only value every dataset here has (null: any value). */
const CONSTANT_FIELDS: Record<string, string | null> = {
  state: 'active', capacity: 'public', dataset_type: 'dataset', type: 'dataset', entity_type: 'package', private: 'false', site_id: null,
};

export interface FilterContext {
  /** owner_org values are organisation ids; the index filters by organisation name. */
  organizationNameById?: ReadonlyMap<string, string>;
  now?: Date;
}

type Folded = SearchFilter | boolean;

function fold(kind: 'and' | 'or', items: Folded[]): Folded {
  const absorbing = kind === 'or';
  const rest: SearchFilter[] = [];
  for (const item of items) {
    if (item === absorbing) return absorbing;
    if (item !== !absorbing) rest.push(item as SearchFilter);
  }
  if (rest.length === 0) return !absorbing;
  if (rest.length === 1) return rest[0];
  // Flatten nested groups of the same kind.
  return { kind, items: rest.flatMap((item) => (item.kind === kind ? item.items : [item])) };
}

function bound(value: string | null, context: FilterContext): string | null {
  if (value === null) return null;
  const date = solrDate(value, context.now);
  if (date === null) throw searchQueryError(`Invalid date "${value}" (use ISO 8601, NOW, or date math such as NOW-7DAYS)`);
  return date;
}

function shift(iso: string | null, ms: number): string | null {
  return iso === null ? null : new Date(new Date(iso).getTime() + ms).toISOString();
}

export function toFilter(node: QueryNode, context: FilterContext = {}): Folded {
  switch (node.t) {
    case 'all':
      return true;
    case 'text':
      return { kind: 'text', text: node.text };
    case 'and':
    case 'or':
      return fold(node.t, node.items.map((item) => toFilter(item, context)));
    case 'not': {
      const inner = toFilter(node.item, context);
      return typeof inner === 'boolean' ? !inner : { kind: 'not', item: inner };
    }
    case 'exists':
      return node.field in TERM_FIELDS || TEXT_FIELDS.has(node.field) || DATE_FIELDS.has(node.field) || node.field in CONSTANT_FIELDS || node.field === 'owner_org';
    case 'range': {
      if (!DATE_FIELDS.has(node.field)) {
        if (node.field in TERM_FIELDS || TEXT_FIELDS.has(node.field)) throw searchQueryError(`Range queries are supported on metadata_modified and metadata_created only (not ${node.field})`);
        return false;
      }
      const from = bound(node.from, context);
      const to = bound(node.to, context);
      return {
        kind: 'range', field: node.field as 'metadata_modified' | 'metadata_created',
        from: node.fromInclusive ? from : shift(from, 1), to: node.toInclusive ? to : shift(to, -1),
      };
    }
    case 'term': {
      const { field, value } = node;
      const searchField = TERM_FIELDS[field];
      if (searchField) return { kind: 'term', field: searchField, value };
      if (TEXT_FIELDS.has(field)) return { kind: 'text', text: value };
      if (DATE_FIELDS.has(field)) {
        const at = bound(value, context);
        return { kind: 'range', field: field as 'metadata_modified' | 'metadata_created', from: at, to: at };
      }
      if (field === 'owner_org') {
        const name = context.organizationNameById?.get(value);
        return name ? { kind: 'term', field: 'organization', value: name } : false;
      }
      if (field in CONSTANT_FIELDS) {
        const only = CONSTANT_FIELDS[field];
        return only === null || only === value.toLowerCase();
      }
      // Solr's catch-all dynamic field: a field no dataset has matches nothing.
      return false;
    }
  }
}

export function mentionsField(node: QueryNode, field: string): boolean {
  switch (node.t) {
    case 'term': case 'exists': case 'range': return node.field === field;
    case 'and': case 'or': return node.items.some((item) => mentionsField(item, field));
    case 'not': return mentionsField(node.item, field);
    default: return false;
  }
}

export interface BuiltQuery {
  /** Words that must all match (scored). */
  text: string | null;
  filter: SearchFilter | null;
  /** The filters can match no dataset (e.g. +state:deleted). */
  nothing: boolean;
}

/**
 * q and fq together: the plain words of q's top-level conjunction become the scored text (AND semantics);
 * everything else (field terms, OR, negation) becomes the filter, ANDed with every fq.
 */
export function buildSearch(q: QueryNode, fqs: QueryNode[], context: FilterContext = {}): BuiltQuery {
  const top = q.t === 'and' ? q.items : [q];
  const words: string[] = [];
  const rest: Folded[] = [];
  for (const item of top) {
    if (item.t === 'text') words.push(item.text);
    else rest.push(toFilter(item, context));
  }
  for (const fq of fqs) rest.push(toFilter(fq, context));
  const filter = fold('and', rest);
  return {
    text: words.length ? words.join(' ') : null,
    filter: typeof filter === 'boolean' ? null : filter,
    nothing: filter === false,
  };
}

// ---------------------------------------------------------------- sort

const SORT_FIELDS: Record<string, SearchSortField> = {
  score: 'score', metadata_modified: 'metadata_modified', metadata_created: 'metadata_created', name: 'name',
  title_string: 'title', title: 'title', id: 'id', views_recent: 'views', views_total: 'views', popularity: 'popularity',
  downloads: 'downloads',
};

export const DEFAULT_SORT = 'score desc, metadata_modified desc';

/** "score desc, metadata_modified desc" → sort keys; CKAN's wording for anything else. */
export function parseSort(sort: string): Array<{ field: SearchSortField; direction: 'asc' | 'desc' }> {
  const keys: Array<{ field: SearchSortField; direction: 'asc' | 'desc' }> = [];
  for (const clause of sort.split(',')) {
    const parts = clause.trim().split(/\s+/).filter(Boolean);
    if (parts.length === 0) continue;
    const field = SORT_FIELDS[parts[0]];
    const direction = (parts[1] ?? 'asc').toLowerCase();
    if (!field || parts.length > 2 || (direction !== 'asc' && direction !== 'desc')) throw searchQueryError('Invalid "sort" parameter');
    keys.push({ field, direction });
  }
  return keys;
}
