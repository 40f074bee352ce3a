/**
 * The result page of a search (search.ts composes the filters and the text match).
 *
 * The ordering runs over the matching rows reading only short columns kept in the row itself (name,
 * keywords, dates); display columns are read for the page's rows only. Relevance: the name tier (exact, then
 * prefix, then contains), then the field score (query words in the name, then in keywords: the A and B parts
 * of the tsvector), then recency choose the candidates; ts_rank — which must unpack each entry's whole
 * tsvector, the costliest step on a broad query — then reorders the first candidates (page + RERANK_MARGIN)
 * before the page is cut.
 */
import { sql, type RawBuilder } from 'kysely';
import { textPredicate, type SearchPlan, type TextMatch } from './search.js';
import type { SearchSort } from './vocabulary.js';

export interface SummaryRow {
  id: string;
  code: string;
  name: string;
  name_en: string | null;
  summary: string;
  provider_department_id: string;
  classification_code: string;
  format: string;
  sharing_type: string;
  open_type: string;
  update_cycle: string;
  status: string;
  current_version: number;
  updated_at: Date;
  data_item_count: number;
}

/** Display columns of a result row; read only for the rows of the page. */
const SUMMARY_COLUMNS = sql`r.id, r.code, r.name, r.name_en, r.summary, r.provider_department_id, r.classification_code, r.format,
  r.sharing_type, r.open_type, r.update_cycle, r.status, r.current_version, r.updated_at, jsonb_array_length(r.data_items) AS data_item_count`;

/** How many candidates beyond the page ts_rank may reorder (see pageQuery). */
const RERANK_MARGIN = 100;

/**
 * The name columns as the ranking compares them, each computed once per row in a fenced subquery (OFFSET 0:
 * otherwise PostgreSQL pastes the expression into every place that uses it). Case only matters when the
 * query has letters with case: a Chinese query compares the names as stored (lower() on every matching row
 * is the costliest part of ranking), and cannot occur in the English name at all.
 */
interface NameColumns {
  /** Select list of the fenced subquery. */
  select: RawBuilder<unknown>;
  name: RawBuilder<string>;
  nameEn: RawBuilder<string> | null;
  keywords: RawBuilder<string>;
}

function nameColumns(plan: SearchPlan): NameColumns {
  const text = `${plan.needle} ${plan.tokens.join(' ')}`;
  const cased = /[\p{Lu}\p{Ll}\p{Lt}]/u.test(text);
  const latin = /[a-z]/.test(text);
  const keywords = sql`array_to_string(keywords, ' ')`;
  return {
    select: sql`${cased ? sql`lower(name)` : sql`name`} AS m_name,
      ${latin ? sql`lower(coalesce(name_en, ''))` : sql`NULL::text`} AS m_name_en,
      ${plan.tokens.length ? (cased ? sql`lower(${keywords})` : keywords) : sql`NULL::text`} AS m_keywords`,
    name: sql<string>`m_name`,
    nameEn: latin ? sql<string>`m_name_en` : null,
    keywords: sql<string>`m_keywords`,
  };
}

/** 3 exact name (or English name), 2 name starts with the query, 1 name contains it, 0 otherwise. */
function nameTier(needle: string, columns: NameColumns): RawBuilder<number> {
  const either = (test: (column: RawBuilder<string>) => RawBuilder<unknown>) =>
    columns.nameEn ? sql`(${test(columns.name)} OR ${test(columns.nameEn)})` : test(columns.name);
  return sql<number>`CASE
      WHEN ${either((column) => sql`${column} = ${needle}`)} THEN 3
      WHEN ${either((column) => sql`strpos(${column}, ${needle}) = 1`)} THEN 2
      WHEN ${either((column) => sql`strpos(${column}, ${needle}) > 0`)} THEN 1
      ELSE 0 END`;
}

/** Per query word: 4 if the name has it, 2 if a keyword has it; the weights of the A and B parts of the vector. */
function fieldScore(tokens: readonly string[], columns: NameColumns): RawBuilder<number> {
  if (tokens.length === 0) return sql<number>`0`;
  const perToken = tokens.map((token) => {
    const inName = columns.nameEn ? sql`(strpos(${columns.name}, ${token}) > 0 OR strpos(${columns.nameEn}, ${token}) > 0)` : sql`strpos(${columns.name}, ${token}) > 0`;
    return sql`(CASE WHEN ${inName} THEN 4 WHEN strpos(${columns.keywords}, ${token}) > 0 THEN 2 ELSE 0 END)`;
  });
  return sql<number>`(${sql.join(perToken, sql` + `)})`;
}

const PLAIN_ORDER: Record<Exclude<SearchSort, 'relevance'>, { inner: RawBuilder<unknown>; outer: RawBuilder<unknown> }> = {
  updated: { inner: sql`updated_at DESC, code`, outer: sql`r.updated_at DESC, r.code` },
  name: { inner: sql`name, code`, outer: sql`r.name, r.code` },
  code: { inner: sql`code`, outer: sql`r.code` },
};

/** One page of results in the requested order (relevance as described at the top of this file). */
export function pageQuery(plan: SearchPlan, text: TextMatch | null, sort: SearchSort, limit: number, offset: number): RawBuilder<SummaryRow> {
  const matches = sql`${plan.where} AND ${textPredicate(text)}`;
  if (sort !== 'relevance' || !text) {
    const order = PLAIN_ORDER[sort === 'relevance' ? 'updated' : sort];
    return sql<SummaryRow>`
      SELECT ${SUMMARY_COLUMNS}
      FROM (SELECT id FROM catalog_resources WHERE ${matches} ORDER BY ${order.inner} LIMIT ${limit} OFFSET ${offset}) p
      JOIN catalog_resources r ON r.id = p.id
      ORDER BY ${order.outer}`;
  }
  const columns = nameColumns(plan);
  const rank = text.kind === 'fulltext' ? sql`ts_rank(r.search_vector, to_tsquery('simple', ${text.tsquery})) DESC,` : sql``;
  return sql<SummaryRow>`
    SELECT ${SUMMARY_COLUMNS}
    FROM (
      SELECT id, ${nameTier(plan.needle, columns)} AS tier, ${fieldScore(plan.tokens, columns)} AS score, updated_at, code
      FROM (SELECT id, updated_at, code, ${columns.select} FROM catalog_resources WHERE ${matches} OFFSET 0) m
      ORDER BY tier DESC, score DESC, updated_at DESC, code
      LIMIT ${offset + limit + RERANK_MARGIN}
    ) p
    JOIN catalog_resources r ON r.id = p.id
    ORDER BY p.tier DESC, p.score DESC, ${rank} p.updated_at DESC, p.code
    LIMIT ${limit} OFFSET ${offset}`;
}
