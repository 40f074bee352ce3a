/**
 * Composes the catalog search SQL: visibility, filters, the text match, and the facets (the result page and
 * its ranking are in search-page.ts).
 *
 * Text match: the query is segmented (segment.ts) into letter/digit tokens that are ANDed into a tsquery
 * passed as a parameter of to_tsquery('simple', $1), answered by the GIN index on search_vector. When that
 * finds nothing (a fragment of a word, or a query of only symbols) the service retries with a substring
 * match, `search_text ILIKE '%' || $q || '%'` with the LIKE wildcards of q escaped. User text is only ever
 * a bound parameter.
 *
 * Facets and the total come from one GROUPING SETS query over the filtered set: one read of the matching
 * rows for all six facets and the count.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Visibility } from './policy.js';
import type { FacetName } from './schema.js';
import { queryTokens, toTsQuery } from './segment.js';
import type { SearchSort, StatusFilter } from './vocabulary.js';

export interface SearchFilters {
  q?: string;
  department?: string[];
  classification?: string[];
  sharingType?: string[];
  openType?: string[];
  format?: string[];
  updateCycle?: string[];
  status?: StatusFilter;
}

export type TextMatch = { kind: 'fulltext'; tsquery: string } | { kind: 'substring'; pattern: string };

export interface SearchPlan {
  /** Visibility and filters, without the text match. */
  where: RawBuilder<boolean>;
  /** The text match to try first, or null when there is no query. */
  text: TextMatch | null;
  /** The substring match to fall back to when the full-text match finds nothing. */
  fallback: TextMatch | null;
  /** The query as compared with names for the boosts: lower-cased, single spaces, none next to Chinese. */
  needle: string;
  /** The query's words, for the field score of the ranking. */
  tokens: string[];
}

const and = (parts: RawBuilder<boolean>[]): RawBuilder<boolean> => (parts.length ? sql<boolean>`(${sql.join(parts, sql` AND `)})` : sql<boolean>`TRUE`);

export function visibilityPredicate(visibility: Visibility): RawBuilder<boolean> {
  switch (visibility.kind) {
    case 'all':
      return sql<boolean>`TRUE`;
    case 'public':
      return sql<boolean>`status IN ('published', 'retired')`;
    case 'publicOrDepartment':
      return sql<boolean>`(status IN ('published', 'retired') OR provider_department_id = ${visibility.departmentId})`;
  }
}

/** `100` matches 100001, 100001001…: a range on the code, which the btree index answers (no function per row). */
function classificationPredicate(prefixes: string[]): RawBuilder<boolean> | null {
  const valid = prefixes.filter((prefix) => /^[0-9]{1,12}$/.test(prefix));
  if (valid.length === 0) return prefixes.length ? sql<boolean>`FALSE` : null;
  // Codes are digits only and 'z' sorts after every digit, so [p, p||'z') holds exactly the codes starting with p.
  return sql<boolean>`(${sql.join(valid.map((prefix) => sql`(classification_code >= ${prefix} AND classification_code < ${`${prefix}z`})`), sql` OR `)})`;
}

function anyOf(column: string, values: string[] | undefined): RawBuilder<boolean> | null {
  if (!values || values.length === 0) return null;
  return sql<boolean>`${sql.ref(column)} IN (${sql.join([...new Set(values)])})`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** Lower-case, single spaces, and no space next to a Chinese character ("企业 信用" is the name 企业信用…). */
export function nameNeedle(q: string): string {
  return q
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/ (?=\p{Script=Han})|(?<=\p{Script=Han}) /gu, '');
}

export function planSearch(filters: SearchFilters, visibility: Visibility): SearchPlan {
  const status = filters.status ?? 'published';
  // Published and retired entries are visible to everyone: for them the visibility rule is redundant, and
  // leaving it out keeps the plan simple.
  const parts: Array<RawBuilder<boolean> | null> = status === 'published' || status === 'retired' ? [] : [visibilityPredicate(visibility)];
  if (status !== 'all') parts.push(sql<boolean>`status = ${status}`);
  if (filters.department?.length) {
    // An id that is not a uuid matches nothing (and must not reach a uuid cast).
    const ids = filters.department.filter((id) => UUID.test(id));
    parts.push(ids.length ? anyOf('provider_department_id', ids) : sql<boolean>`FALSE`);
  }
  if (filters.classification?.length) parts.push(classificationPredicate(filters.classification));
  parts.push(anyOf('sharing_type', filters.sharingType), anyOf('open_type', filters.openType), anyOf('format', filters.format), anyOf('update_cycle', filters.updateCycle));
  const where = and(parts.filter((part): part is RawBuilder<boolean> => part !== null));

  const q = (filters.q ?? '').trim();
  if (!q) return { where, text: null, fallback: null, needle: '', tokens: [] };
  const fallback: TextMatch = { kind: 'substring', pattern: `%${escapeLike(q)}%` };
  const tokens = queryTokens(q);
  const tsquery = toTsQuery(tokens);
  const needle = nameNeedle(q);
  return tsquery ? { where, text: { kind: 'fulltext', tsquery }, fallback, needle, tokens } : { where, text: fallback, fallback: null, needle, tokens };
}

/** The same search always gives the same key: lists de-duplicated and sorted, defaults filled in. */
export function searchKey(filters: SearchFilters, visibility: Visibility): string {
  const list = (values: string[] | undefined) => (values?.length ? [...new Set(values)].sort() : []);
  return JSON.stringify([
    visibility, (filters.q ?? '').trim(), filters.status ?? 'published', list(filters.department), list(filters.classification),
    list(filters.sharingType), list(filters.openType), list(filters.format), list(filters.updateCycle),
  ]);
}

export function textPredicate(text: TextMatch | null): RawBuilder<boolean> {
  if (!text) return sql<boolean>`TRUE`;
  return text.kind === 'fulltext'
    ? sql<boolean>`search_vector @@ to_tsquery('simple', ${text.tsquery})`
    : sql<boolean>`search_text ILIKE ${text.pattern} ESCAPE '\\'`;
}

export interface FacetRow {
  facet: FacetName | 'total';
  value: string | null;
  count: number;
}

/** The facet of each GROUPING SETS row, and its value (the other grouped columns are NULL in that row). */
const FACET_COLUMNS = sql`CASE
        WHEN GROUPING(provider_department_id) = 0 THEN 'department'
        WHEN GROUPING(left(classification_code, 3)) = 0 THEN 'classification'
        WHEN GROUPING(sharing_type) = 0 THEN 'sharingType'
        WHEN GROUPING(open_type) = 0 THEN 'openType'
        WHEN GROUPING(format) = 0 THEN 'format'
        WHEN GROUPING(update_cycle) = 0 THEN 'updateCycle'
        ELSE 'total' END AS facet,
      coalesce(provider_department_id::text, left(classification_code, 3), sharing_type, open_type, format, update_cycle) AS value,
      count(*)::int AS count`;

const FACET_SETS = sql`GROUPING SETS ((provider_department_id), (left(classification_code, 3)), (sharing_type), (open_type), (format), (update_cycle), ())`;

/** Total and every facet's counts over the filtered set in one pass (one row per bucket; 'total' once). */
export function facetsQuery(where: RawBuilder<boolean>, text: TextMatch | null): RawBuilder<FacetRow> {
  return sql<FacetRow>`
    SELECT ${FACET_COLUMNS}
    FROM catalog_resources
    WHERE ${where} AND ${textPredicate(text)}
    GROUP BY ${FACET_SETS}`;
}

export interface StatsRow {
  facet: 'department' | 'view' | 'classification' | 'sharingType' | 'status' | 'total';
  value: string | null;
  count: number;
}

/** The catalog in numbers, over the entries the reader may see: one pass, like the facets. */
export function statsQuery(where: RawBuilder<boolean>): RawBuilder<StatsRow> {
  return sql<StatsRow>`
    SELECT CASE
        WHEN GROUPING(provider_department_id) = 0 THEN 'department'
        WHEN GROUPING(left(classification_code, 1)) = 0 THEN 'view'
        WHEN GROUPING(left(classification_code, 3)) = 0 THEN 'classification'
        WHEN GROUPING(sharing_type) = 0 THEN 'sharingType'
        WHEN GROUPING(status) = 0 THEN 'status'
        ELSE 'total' END AS facet,
      coalesce(provider_department_id::text, left(classification_code, 1), left(classification_code, 3), sharing_type, status) AS value,
      count(*)::int AS count
    FROM catalog_resources
    WHERE ${where}
    GROUP BY GROUPING SETS ((provider_department_id), (left(classification_code, 1)), (left(classification_code, 3)), (sharing_type), (status), ())`;
}
