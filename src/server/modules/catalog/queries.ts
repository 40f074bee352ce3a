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
import { presentClassification, presentVersion, presentVersionInfo } from './presenter.js';
import { countResources, findVersion, listClassifications, listResources, listVersions, recentChanges, runQuery } from './repository.js';
import type { CatalogStats, Classification, Resource, SearchAnswer, VersionDetail, VersionDiff, VersionInfo } from './schema.js';
import { planSearch, statsQuery, textPredicate, visibilityPredicate, type SearchFilters } from './search.js';
import { CatalogSearch } from './search-service.js';
import { findVisible, present, presentAll, type CatalogContext } from './service-context.js';
import { ENUM_LABELS } from './vocabulary.js';

const EXPORT_LIMIT = 200_000;
const RECENT_CHANGES = 10;

const versionNotFound = (code: string, version: number) => notFound('catalog.version_not_found', `Entry ${code} has no version ${version}.`);

function clamp(value: number | undefined, fallback: number, min: number, max: number): number {
  return Number.isInteger(value) ? Math.min(Math.max(value!, min), max) : fallback;
}


export class CatalogQueries {
  private readonly searcher: CatalogSearch;

  constructor(private readonly c: CatalogContext) {
    this.searcher = new CatalogSearch(c);
  }

  async listClassifications(): Promise<Classification[]> {
    return (await listClassifications(this.c.db)).map(presentClassification);
  }

  async get(actor: Actor, code: string): Promise<Resource> {
    return present(this.c, await findVisible(this.c, actor, code));
  }

  countResources(): Promise<number> {
    return countResources(this.c.db);
  }

  search(actor: Actor, params: SearchParams): Promise<SearchAnswer> {
    return this.searcher.search(actor, params);
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
