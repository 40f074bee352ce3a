/**
 * Chinese word segmentation for catalog search (@node-rs/jieba with its default dictionary).
 *
 * PostgreSQL's `simple` parser cannot split Chinese, so the app does: index text is cut in search mode
 * (`cutForSearch`: 营业执照 → 营业 执照 营业执照) so that a query for a part of a compound still matches, and a
 * query is cut precisely (`cut`). Both sides keep only runs of letters and digits, lower-cased, so whatever a
 * user types (quotes, tsquery operators, regex or LIKE syntax) reaches SQL as plain words, never as syntax.
 * HMM is off on both sides: with it, unknown character runs are merged differently depending on context,
 * and a word indexed one way would be searched another.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;
function segmenter(): Jieba {
  // Loading the dictionary takes ~200 ms: do it once, on first use.
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const WORD = /[\p{L}\p{N}]+/gu;
/** Function words that add nothing to a query but would make an AND query miss. */
const QUERY_STOP_WORDS = new Set(['的', '了', '和', '与', '及', '或', '之', '等', '及其', '以及']);
const MAX_QUERY_TOKENS = 32;

const NO_WORDS: string[] = [];

/** Punctuation and spaces that jieba returns as tokens of their own: never part of a word. */
const PUNCTUATION = new Set([...' \t\n\r,.;:?!"\'()[]{}<>-_/\\|@#$%^&*+=~`，。、；：？！“”‘’（）《》【】—…·「」『』〈〉〔〕　－／']);

/**
 * The letter-and-digit runs of a token, lower-cased. Most tokens are plain common Chinese characters, lower-case
 * ASCII or digits and are their own single word: they skip the Unicode regular expression, which dominated the
 * time of indexing a large catalog.
 */
function words(token: string): string[] {
  if (token.length === 1 && PUNCTUATION.has(token)) return NO_WORDS;
  for (let index = 0; index < token.length; index++) {
    const code = token.charCodeAt(index);
    if (!((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39))) {
      return token.toLowerCase().match(WORD) ?? NO_WORDS;
    }
  }
  return [token];
}

/** Tokens to index for a text: search-mode segmentation, letters and digits only, lower-cased. */
export function indexTokens(text: string | null | undefined): string[] {
  if (!text) return NO_WORDS;
  const tokens: string[] = [];
  for (const token of segmenter().cutForSearch(text, false)) {
    const found = words(token);
    for (let index = 0; index < found.length; index++) tokens.push(found[index]);
  }
  return tokens;
}

/** Tokens of a user's query: precise segmentation, no punctuation or operators, no function words, de-duplicated. */
export function queryTokens(query: string): string[] {
  const tokens = [...new Set(segmenter().cut(query, false).flatMap(words))];
  const meaningful = tokens.filter((token) => !QUERY_STOP_WORDS.has(token));
  return (meaningful.length ? meaningful : tokens).slice(0, MAX_QUERY_TOKENS);
}

/**
 * A tsquery text built only from our own tokens (letters and digits, so quoting them cannot break out):
 * every word must match; ASCII words of two letters or more also match as prefixes, so "licen" finds
 * "licence" (a single letter would match half the catalog).
 * Sent to PostgreSQL as a parameter of to_tsquery('simple', $1).
 */
export function toTsQuery(tokens: readonly string[]): string | null {
  const terms = tokens
    .filter((token) => /^[\p{L}\p{N}]+$/u.test(token))
    .map((token) => (/^[a-z][a-z0-9]+$/.test(token) ? `'${token}':*` : `'${token}'`));
  return terms.length ? terms.join(' & ') : null;
}

export interface SearchDocument {
  /** Name, English name and code: weight A. */
  title: string;
  /** Keywords: weight B. */
  keywords: string;
  /** Summary, data item labels and names: weight C. */
  body: string;
  /** Plain concatenation for the substring fallback. */
  text: string;
}

export interface IndexableEntry {
  code: string;
  name: string;
  nameEn: string | null;
  keywords: readonly string[];
  summary: string;
  dataItems: ReadonlyArray<{ name: string; label: string }>;
}

export function searchDocument(entry: IndexableEntry): SearchDocument {
  const labels = entry.dataItems.map((item) => item.label).join(' ');
  const itemNames = entry.dataItems.map((item) => item.name).join(' ');
  const join = (...parts: Array<string | null>) => parts.filter(Boolean).join(' ');
  return {
    title: join(...indexTokens(entry.name), ...indexTokens(entry.nameEn), ...words(entry.code)),
    keywords: entry.keywords.flatMap(indexTokens).join(' '),
    body: join(...indexTokens(entry.summary), ...indexTokens(labels), ...indexTokens(itemNames)),
    text: join(entry.name, entry.nameEn, entry.code, entry.keywords.join(' '), entry.summary, labels, itemNames),
  };
}
