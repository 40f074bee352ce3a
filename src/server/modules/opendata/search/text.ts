/**
 * The words of a dataset and of a query. Datasets are cut with the catalog's jieba segmentation in search mode
 * (公交站点 → 公交 站点 公交站 公交站点), each word remembering which fields it came from; a query is cut
 * precisely and becomes clauses that must all match (AND), each clause a small tree of alternatives: the word
 * itself, its synonyms, and — when the word contains a synonym — that synonym's group plus the rest.
 */
import { indexTokens, queryTokens } from '../../catalog/index.js';
import type { Dataset } from '../index.js';
import { THEME_BY_KEY } from '../vocabulary.js';
import { CHINESE_SYNONYM_WORDS, SYNONYMS } from './synonyms.js';

/** Where a word occurs: one bit per field group, highest weight first. */
export const FIELD_TITLE = 1;
export const FIELD_TAGS = 2;
export const FIELD_ORGANIZATION = 4;
export const FIELD_NOTES = 8;
export const FIELD_ITEMS = 16;

const FIELD_WEIGHTS: Array<[number, number]> = [
  [FIELD_TITLE, 16],
  [FIELD_TAGS, 8],
  [FIELD_ORGANIZATION, 4],
  [FIELD_NOTES, 2],
  [FIELD_ITEMS, 1],
];

/** A word's weight in a dataset: that of the best field it occurs in (mask → weight). */
export const WEIGHT_OF_MASK: Uint8Array = (() => {
  const table = new Uint8Array(32);
  for (let mask = 1; mask < 32; mask++) table[mask] = FIELD_WEIGHTS.find(([bit]) => mask & bit)![1];
  return table;
})();
export const TITLE_WEIGHT = 16;

// ---------------------------------------------------------------- documents

/** Index words of a text: the catalog's segmentation (jieba search mode, letters and digits, lower-cased). */
export const segmentForIndex = indexTokens;
const NO_WORDS: string[] = [];

const shortTexts = new Map<string, string[]>();
function segmentShort(text: string | null | undefined): string[] {
  if (!text) return NO_WORDS;
  let words = shortTexts.get(text);
  if (!words) {
    if (shortTexts.size > 50_000) shortTexts.clear();
    words = segmentForIndex(text);
    shortTexts.set(text, words);
  }
  return words;
}

/** Calls `visit` for every word of a dataset with the field it occurs in (a word may come several times). */
export function visitDocumentWords(dataset: Dataset, visit: (word: string, field: number) => void): void {
  const put = (tokens: readonly string[], bit: number) => {
    for (let index = 0; index < tokens.length; index++) visit(tokens[index], bit);
  };
  const add = (text: string | null | undefined, bit: number) => put(segmentForIndex(text), bit);
  const addShort = (text: string | null | undefined, bit: number) => put(segmentShort(text), bit);
  add(dataset.title, FIELD_TITLE);
  add(dataset.titleEn, FIELD_TITLE);
  add(dataset.name.replace(/[-_]+/g, ' '), FIELD_TITLE);
  for (const tag of dataset.tags) addShort(tag, FIELD_TAGS);
  addShort(dataset.organization.title, FIELD_ORGANIZATION);
  addShort(dataset.organization.titleEn, FIELD_ORGANIZATION);
  for (const key of dataset.themes) {
    const theme = THEME_BY_KEY.get(key);
    addShort(theme ? `${theme.title} ${theme.titleEn}` : key, FIELD_ORGANIZATION);
  }
  add(dataset.notes, FIELD_NOTES);
  for (const field of dataset.fields) {
    addShort(field.label, FIELD_ITEMS);
    addShort(field.name.replace(/[-_]+/g, ' '), FIELD_ITEMS);
  }
}

/** Every word of a dataset with the fields it occurs in (a bit mask). */
export function documentWords(dataset: Dataset): Map<string, number> {
  const words = new Map<string, number>();
  visitDocumentWords(dataset, (word, bit) => words.set(word, (words.get(word) ?? 0) | bit));
  return words;
}

/** Letters and digits only, lower-cased: how titles and queries are compared as whole phrases. */
export function compact(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join('');
}

// ---------------------------------------------------------------- queries

/**
 * `word`: an indexed word equal to it, an indexed word it is part of (Chinese), or one it begins (English, two
 * letters or more). `parts`: when the word matches nothing at all, its parts must all match instead.
 */
export type QueryNode =
  | { kind: 'word'; word: string; parts: string[]; exact?: boolean }
  | { kind: 'all'; items: QueryNode[] }
  | { kind: 'any'; items: QueryNode[] };

export interface QueryClause {
  /** The word as typed (after segmentation). */
  text: string;
  node: QueryNode;
  /** Words like 数据 or "data" add to the score but are not required (unless the query has nothing else). */
  optional: boolean;
}

export interface AnalyzedQuery {
  clauses: QueryClause[];
  /** The query's letters and digits: a title containing it ranks first. */
  phrase: string;
}

const ENGLISH_STOP_WORDS = new Set(['a', 'an', 'and', 'at', 'by', 'for', 'in', 'is', 'of', 'on', 'or', 'the', 'to', 'with']);
const OPTIONAL_WORDS = new Set(['数据', '信息', '数据集', '资料', '查询', '相关', '情况', '列表', '名单', '目录', 'data', 'dataset', 'datasets', 'information', 'info', 'list']);
const HAN = /\p{Script=Han}/u;
const MAX_PHRASE_TOKENS = 4;

/** A word the user typed: when it matches nothing as a whole, its parts may (公共交通 → 公共 + 交通). */
function typedWordNode(word: string): QueryNode {
  return { kind: 'word', word, parts: HAN.test(word) && word.length >= 3 ? partsOf(word) : [] };
}

/**
 * A word the search added (a synonym, a piece of a split word): only ever itself. An English one matches whole
 * words only: the synonym "bus" of 公交 must not find "business".
 */
function wordNode(word: string): QueryNode {
  return { kind: 'word', word, parts: [], exact: !HAN.test(word) };
}

/** The largest pieces of a Chinese word by search-mode segmentation (公交车站 → 公交车, 车站). */
function partsOf(word: string): string[] {
  const pieces = [...new Set(indexTokens(word))].filter((piece) => piece !== word);
  return pieces.filter((piece) => !pieces.some((other) => other !== piece && other.includes(piece)));
}

/** A word of a synonym group as a node: one word, or all of its words when segmentation splits it. */
function phraseNode(phrase: string): QueryNode {
  const tokens = queryTokens(phrase);
  if (tokens.length <= 1) return wordNode(tokens[0] ?? phrase);
  return { kind: 'all', items: tokens.map(wordNode) };
}

function groupNode(word: string): QueryNode {
  const group = SYNONYMS.get(word) ?? [word];
  return { kind: 'any', items: group.map(phraseNode) };
}

/** Consecutive tokens that together spell a synonym (最低 生活 保障 → 最低生活保障) become that one word. */
function joinSynonymPhrases(tokens: string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < tokens.length; index++) {
    let taken = 1;
    for (let length = Math.min(MAX_PHRASE_TOKENS, tokens.length - index); length >= 2; length--) {
      const candidate = tokens.slice(index, index + length).join('');
      if (SYNONYMS.has(candidate)) {
        joined.push(candidate);
        taken = length;
        break;
      }
    }
    if (taken === 1) joined.push(tokens[index]);
    else index += taken - 1;
  }
  return joined;
}

function clauseNode(token: string): QueryNode {
  if (SYNONYMS.has(token)) return groupNode(token);
  if (!HAN.test(token)) return typedWordNode(token);
  const inner = CHINESE_SYNONYM_WORDS.find((word) => word.length < token.length && token.includes(word));
  if (!inner) return typedWordNode(token);
  // 公交车站: the word itself, or (公交 | 公共交通 | …) and 站.
  const rest = token.split(inner).filter(Boolean).flatMap((piece) => queryTokens(piece));
  return { kind: 'any', items: [typedWordNode(token), { kind: 'all', items: [groupNode(inner), ...rest.map(wordNode)] }] };
}

export function analyzeQuery(text: string | null | undefined): AnalyzedQuery {
  if (!text || !text.trim()) return { clauses: [], phrase: '' };
  const tokens = queryTokens(text);
  const meaningful = tokens.filter((token) => !ENGLISH_STOP_WORDS.has(token));
  const words = joinSynonymPhrases(meaningful.length ? meaningful : tokens);
  const required = words.filter((word) => !OPTIONAL_WORDS.has(word));
  const clauses = words.map((word) => ({
    text: word,
    node: clauseNode(word),
    optional: required.length > 0 && OPTIONAL_WORDS.has(word),
  }));
  return { clauses, phrase: compact(text) };
}
