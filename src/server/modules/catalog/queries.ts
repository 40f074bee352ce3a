/**
 * Reading the catalog: one entry, search with facets, versions and their differences, statistics, export.
 * Every read goes through the visibility rules of policy.ts.
 */
import { sql } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import { notFound } from '../../platform/errors.js';
import type { SearchParams } from './index.js';
import { diffSnapshots } from './diff.js';
import { visibilityOf } from './policy.js';
import { presentClassification, presentSummary, presentVersion, presentVersionInfo } from './presenter.js';
import { countResources, findVersion, listClassifications, listResources, listVersions, recentChanges, runQuery } from './repository.js';
import type { CatalogStats, Classification, FacetBucket, FacetName, Resource, SearchAnswer, VersionDetail, VersionDiff, VersionInfo } from './schema.js';
import { FACET_NAMES } from './schema.js';
import {
  facetsQuery, pageQuery, planSearch, searchKey, statsQuery, textPredicate, visibilityPredicate, type FacetRow, type SearchFilters, type SearchPlan,
  type SummaryRow, type TextMatch,
} from './search.js';
import { findVisible, present, presentAll, type CatalogContext } from './service-context.js';
import { ENUM_LABELS, LIMITS, type SearchSort } from './vocabulary.js';

/** What counting settled on: the text match that found something (or the last tried) and the facet rows. */
interface Counted {
  text: TextMatch | null;
  rows: FacetRow[];
}

const EXPORT_LIMIT = 200_000;
const RECENT_CHANGES = 10;

const versionNotFound = (code: string, version: number) => notFound('catalog.version_not_found', `Entry ${code} has no version ${version}.`);

function clamp(value: number | undefined, fallback: number, min: number, max: number): number {
  return Number.isInteger(value) ? Math.min(Math.max(value!, min), max) : fallback;
}

const byCountThenValue = (a: { count: number; value: string }, b: { count: number; value: string }) => b.count - a.count || a.value.localeCompare(b.value);

export class CatalogQueries {
  constructor(private readonly c: CatalogContext) {}

  async listClassifications(): Promise<Classification[]> {
    return (await listClassifications(this.c.db)).map(presentClassification);
  }

  async get(actor: Actor, code: string): Promise<Resource> {
    return present(this.c, await findVisible(this.c, actor, code));
  }

  countResources(): Promise<number> {
    return countResources(this.c.db);
  }

  async search(actor: Actor, params: SearchParams): Promise<SearchAnswer> {
    const page = clamp(params.page, 1, 1, 100_000);
    const pageSize = clamp(params.pageSize, 20, 1, LIMITS.pageSize);
    const visibility = visibilityOf(actor);
    const plan = planSearch(params, visibility);
    const sort = params.sort ?? (plan.text ? 'relevance' : 'updated');
    const offset = (page - 1) * pageSize;
    const { counted, rows } = await this.countAndPage(plan, searchKey(params, visibility), sort, pageSize, offset);

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
    return {
      data: rows.map((row) => presentSummary(row, departments.get(row.provider_department_id))),
      total: totalOf(counted.rows),
      page,
      pageSize,
      facets,
    };
  }

  /**
   * The facet counts (with the total) and one page, each from the cache when it can. On a miss both queries
   * start together (PostgreSQL runs them side by side); if the full-text match finds nothing, the page is
   * asked again with the substring fallback the count settled on.
   */
  private async countAndPage(plan: SearchPlan, key: string, sort: SearchSort, limit: number, offset: number): Promise<{ counted: Counted; rows: SummaryRow[] }> {
    const cache = this.c.searchCache;
    const version = cache.version;
    const countKey = `count:${key}`;
    const pageKey = `page:${key}:${sort}:${limit}:${offset}`;
    const cachedCount = cache.peek<Counted>(countKey);
    const cachedPage = cache.peek<SummaryRow[]>(pageKey);
    if (cachedCount && cachedPage) return { counted: cachedCount, rows: cachedPage };

    const firstText = cachedCount ? cachedCount.text : plan.text;
    const [counted, firstRows] = await Promise.all([
      cachedCount ?? this.count(plan),
      cachedPage ?? runQuery(this.c.db, pageQuery(plan, firstText, sort, limit, offset)),
    ]);
    const rows = cachedPage || counted.text === firstText ? firstRows : await runQuery(this.c.db, pageQuery(plan, counted.text, sort, limit, offset));
    cache.putIf(version, countKey, counted);
    cache.putIf(version, pageKey, rows);
    return { counted, rows };
  }

  /** Facets and total of the full-text match, or of the substring fallback when the full text finds nothing. */
  private async count(plan: SearchPlan): Promise<Counted> {
    const rows = await runQuery(this.c.db, facetsQuery(plan.where, plan.text));
    if (totalOf(rows) > 0 || !plan.fallback) return { text: plan.text, rows };
    return { text: plan.fallback, rows: await runQuery(this.c.db, facetsQuery(plan.where, plan.fallback)) };
  }

  async listForExport(actor: Actor, filters: SearchFilters, options: { limit?: number } = {}): Promise<Resource[]> {
    const plan = planSearch(filters, visibilityOf(actor));
    const limit = clamp(options.limit, EXPORT_LIMIT, 1, EXPORT_LIMIT);
    let rows = await listResources(this.c.db, sql<boolean>`${plan.where} AND ${textPredicate(plan.text)}`, limit);
    if (rows.length === 0 && plan.fallback) rows = await listResources(this.c.db, sql<boolean>`${plan.where} AND ${textPredicate(plan.fallback)}`, limit);
    return presentAll(this.c, rows);
  }

  async versions(actor: Actor, code: string): Promise<VersionInfo[]> {
    const row = await findVisible(this.c, actor, code);
    return (await listVersions(this.c.db, row.id)).map(presentVersionInfo);
  }

  async version(actor: Actor, code: string, version: number): Promise<VersionDetail> {
    const row = await findVisible(this.c, actor, code);
    const found = await findVersion(this.c.db, row.id, version);
    if (!found) throw versionNotFound(code, version);
    return presentVersion(found);
  }

  /** `to` defaults to the current version, `from` to the one before it (or `to` itself for version 1). */
  async diff(actor: Actor, code: string, from?: number, to?: number): Promise<VersionDiff> {
    const row = await findVisible(this.c, actor, code);
    const toVersion = to ?? row.current_version;
    const fromVersion = from ?? Math.max(toVersion - 1, 1);
    const [older, newer] = await Promise.all([findVersion(this.c.db, row.id, fromVersion), findVersion(this.c.db, row.id, toVersion)]);
    if (!older) throw versionNotFound(code, fromVersion);
    if (!newer) throw versionNotFound(code, toVersion);
    return { from: fromVersion, to: toVersion, changes: diffSnapshots(older.snapshot, newer.snapshot) };
  }

  async stats(actor: Actor): Promise<CatalogStats> {
    const visibility = visibilityOf(actor);
    const where = visibilityPredicate(visibility);
    const [rows, recent] = await this.c.searchCache.through(`stats:${JSON.stringify(visibility)}`, () =>
      Promise.all([runQuery(this.c.db, statsQuery(where)), recentChanges(this.c.db, where, RECENT_CHANGES)]),
    );
    const departments = await this.c.departments.load(rows.filter((row) => row.facet === 'department').map((row) => row.value!));
    const classifications = await this.c.classifications.all(this.c.db);
    const counts = (facet: string, label: (value: string) => string | null) =>
      rows
        .filter((row) => row.facet === facet && row.value !== null)
        .map((row) => ({ key: row.value!, label: label(row.value!), count: Number(row.count) }))
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    const viewNames: Record<string, string> = { '1': 'base', '2': 'theme', '3': 'department' };
    return {
      total: Number(rows.find((row) => row.facet === 'total')?.count ?? 0),
      byDepartment: counts('department', (id) => departments.get(id)?.name ?? null),
      byView: counts('view', (digit) => classifications.get(digit)?.name ?? ENUM_LABELS[viewNames[digit]] ?? null),
      byClassification: counts('classification', (code) => classifications.get(code)?.name ?? null),
      bySharingType: counts('sharingType', (value) => ENUM_LABELS[value] ?? null),
      byStatus: counts('status', (value) => ENUM_LABELS[value] ?? null),
      recent: recent.map((change) => ({
        code: change.code,
        name: change.name,
        action: change.action.replace(/^catalog\.resource\./, ''),
        at: new Date(change.at).toISOString(),
        actor: change.actor,
      })),
    };
  }
}

function totalOf(rows: FacetRow[]): number {
  return Number(rows.find((row) => row.facet === 'total')?.count ?? 0);
}
