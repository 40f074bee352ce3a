/**
 * Runs a catalog search: facets with the total, and one page, under the visibility rules of policy.ts.
 *
 * Facets (with the total) come from one GROUPING SETS query, the page from search-page.ts. If the full-text
 * match finds nothing, the substring fallback is tried. Answers are cached until the next write
 * (search-cache.ts).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import type { SearchParams } from './index.js';
import { visibilityOf } from './policy.js';
import { presentSummary } from './presenter.js';
import { runQuery } from './repository.js';
import { FACET_NAMES, type FacetBucket, type FacetName, type SearchAnswer } from './schema.js';
import { facetsQuery, planSearch, searchKey, type FacetRow, type SearchPlan, type TextMatch } from './search.js';
import { pageQuery, type SummaryRow } from './search-page.js';
import type { CatalogContext } from './service-context.js';
import { LIMITS, type SearchSort } from './vocabulary.js';

/** What counting settled on: the text match that found something (or the last tried) and the facet rows. */
interface Counted {
  text: TextMatch | null;
  rows: FacetRow[];
}

function clamp(value: number | undefined, fallback: number, min: number, max: number): number {
  return Number.isInteger(value) ? Math.min(Math.max(value!, min), max) : fallback;
}

const totalOf = (rows: FacetRow[]) => Number(rows.find((row) => row.facet === 'total')?.count ?? 0);
const byCountThenValue = (a: FacetBucket, b: FacetBucket) => b.count - a.count || a.value.localeCompare(b.value);

export class CatalogSearch {
  constructor(private readonly c: CatalogContext) {}

  async search(actor: Actor, params: SearchParams): Promise<SearchAnswer> {
    const page = clamp(params.page, 1, 1, 100_000);
    const pageSize = clamp(params.pageSize, 20, 1, LIMITS.pageSize);
    const visibility = visibilityOf(actor);
    const plan = planSearch(params, visibility);
    const sort = params.sort ?? (plan.text ? 'relevance' : 'updated');
    const { counted, rows } = await this.countAndPage(plan, searchKey(params, visibility), sort, pageSize, (page - 1) * pageSize);

    const departmentIds = new Set([...rows.map((row) => row.provider_department_id), ...counted.rows.filter((f) => f.facet === 'department').map((f) => f.value!)]);
    const departments = await this.c.departments.load(departmentIds);
    const classifications = await this.c.classifications.all(this.c.db);
    const facets = Object.fromEntries(FACET_NAMES.map((name) => [name, [] as FacetBucket[]])) as Record<FacetName, FacetBucket[]>;
    for (const row of counted.rows) {
      if (row.facet === 'total' || row.value === null) continue;
      const label = row.facet === 'department' ? departments.get(row.value)?.name ?? null : row.facet === 'classification' ? classifications.get(row.value)?.name ?? null : null;
      facets[row.facet].push({ value: row.value, label, count: Number(row.count) });
    }
    for (const name of FACET_NAMES) facets[name].sort(byCountThenValue);
    return { data: rows.map((row) => presentSummary(row, departments.get(row.provider_department_id))), total: totalOf(counted.rows), page, pageSize, facets };
  }

  private async countAndPage(plan: SearchPlan, key: string, sort: SearchSort, limit: number, offset: number): Promise<{ counted: Counted; rows: SummaryRow[] }> {
    const cache = this.c.searchCache;
    const version = cache.version;
    const countKey = `count:${key}`;
    const pageKey = `page:${key}:${sort}:${limit}:${offset}`;
    const cachedCount = cache.peek<Counted>(countKey);
    const cachedPage = cache.peek<SummaryRow[]>(pageKey);
    if (cachedCount && cachedPage) return { counted: cachedCount, rows: cachedPage };

    const answer = await this.countThenPage(plan, cachedCount, cachedPage, sort, limit, offset);
    cache.putIf(version, countKey, answer.counted);
    cache.putIf(version, pageKey, answer.rows);
    return answer;
  }

  /**
   * Facets and page as two queries that PostgreSQL runs side by side (measured faster than one pass that
   * materialises the matches for both). If the full-text match counts nothing, the page is asked again with
   * the substring fallback the count settled on.
   */
  private async countThenPage(plan: SearchPlan, cachedCount: Counted | undefined, cachedPage: SummaryRow[] | undefined, sort: SearchSort, limit: number, offset: number) {
    const firstText = cachedCount ? cachedCount.text : plan.text;
    const [counted, firstRows] = await Promise.all([
      cachedCount ?? this.count(plan),
      cachedPage ?? this.run(pageQuery(plan, firstText, sort, limit, offset), firstText),
    ]);
    const rows = cachedPage || counted.text === firstText ? firstRows : await this.run(pageQuery(plan, counted.text, sort, limit, offset), counted.text);
    return { counted, rows };
  }

  /** Facets and total of the full-text match, or of the substring fallback when the full text finds nothing. */
  private async count(plan: SearchPlan): Promise<Counted> {
    const rows = await this.run(facetsQuery(plan.where, plan.text), plan.text);
    if (totalOf(rows) > 0 || !plan.fallback) return { text: plan.text, rows };
    return { text: plan.fallback, rows: await this.run(facetsQuery(plan.where, plan.fallback), plan.fallback) };
  }

  /**
   * Runs a search query. A full-text match is always answered through the GIN index: for a word found in most
   * entries the planner would rather scan the table, and test the match on every row by unpacking its
   * tsvector from TOAST — several times slower than the bitmap the index hands over, which needs no recheck.
   */
  private run<T>(query: RawBuilder<T>, text: TextMatch | null): Promise<T[]> {
    if (text?.kind !== 'fulltext') return runQuery(this.c.db, query);
    return this.c.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      return runQuery(trx, query);
    });
  }
}
