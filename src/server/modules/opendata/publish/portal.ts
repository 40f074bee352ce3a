/**
 * The portal's read models beyond single datasets: the home page summary, theme counts, the console's dataset
 * list, and who may read a conditionally open dataset's data.
 */
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { hasRole, type Actor } from '../../../platform/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import type { Dataset, Usage } from '../index.js';
import type { OpendataParts } from '../parts.js';
import { THEMES } from '../vocabulary.js';
import { datasetSummary, type DatasetAccess, type DatasetSummary } from './presenter.js';
import type { DatasetReaderImpl } from './reader.js';

export interface ThemeCount {
  key: string;
  code: string;
  uri: string;
  title: string;
  titleEn: string;
  count: number;
}

const HOME_LIST = 6;

export class PortalQueries {
  constructor(private readonly db: Db, private readonly reader: DatasetReaderImpl, private readonly usage: Usage) {}

  async themes(): Promise<ThemeCount[]> {
    const rows = await sql<{ theme: string; n: number }>`
      SELECT theme, count(*)::int AS n FROM opendata_datasets, unnest(themes) AS theme WHERE state = 'active' GROUP BY theme`.execute(this.db);
    const counts = new Map(rows.rows.map((row) => [row.theme, Number(row.n)]));
    return THEMES.map((theme) => ({ ...theme, count: counts.get(theme.key) ?? 0 }));
  }

  async summaries(datasets: Dataset[]): Promise<DatasetSummary[]> {
    const totals = await this.usage.totals();
    return datasets.map((dataset) => datasetSummary(dataset, totals.get(dataset.id)));
  }

  async summary() {
    const [counts, themes, organizations, newestIds, totals] = await Promise.all([
      sql<{ datasets: number; organizations: number }>`
        SELECT count(*)::int AS datasets, count(DISTINCT organization_id)::int AS organizations FROM opendata_datasets WHERE state = 'active'`.execute(this.db),
      this.themes(),
      sql<{ name: string; title: string; title_en: string | null; n: number }>`
        SELECT o.name, o.title, o.title_en, count(*)::int AS n
          FROM opendata_datasets d JOIN opendata_organizations o ON o.id = d.organization_id
         WHERE d.state = 'active'
         GROUP BY o.id, o.name, o.title, o.title_en
         ORDER BY n DESC, o.name
         LIMIT 12`.execute(this.db),
      this.db.selectFrom('opendata_datasets').select('id').where('state', '=', 'active')
        .orderBy('metadata_created', 'desc').orderBy('name').limit(HOME_LIST).execute(),
      this.usage.totals(),
    ]);
    const score = (id: string) => {
      const entry = totals.get(id);
      return entry ? entry.views + entry.downloads + entry.apiCalls : 0;
    };
    const used = [...totals.keys()].filter((id) => score(id) > 0).sort((a, b) => score(b) - score(a) || a.localeCompare(b));
    // Deleted datasets may have usage: read a few more than needed, then keep the active ones.
    let popular = await this.reader.getMany(used.slice(0, HOME_LIST * 3));
    if (popular.length < HOME_LIST) {
      // Too little usage yet (a new portal): fill up with the most recently updated data.
      const fill = await this.db.selectFrom('opendata_datasets').select('id').where('state', '=', 'active')
        .orderBy(sql`data_modified DESC NULLS LAST`).orderBy('name').limit(HOME_LIST * 2).execute();
      const have = new Set(popular.map((dataset) => dataset.id));
      popular = [...popular, ...(await this.reader.getMany(fill.map((row) => row.id).filter((id) => !have.has(id))))];
    }
    const newest = await this.reader.getMany(newestIds.map((row) => row.id));
    let views = 0;
    let downloads = 0;
    let apiCalls = 0;
    for (const entry of totals.values()) {
      views += entry.views;
      downloads += entry.downloads;
      apiCalls += entry.apiCalls;
    }
    return {
      counts: { datasets: counts.rows[0].datasets, organizations: counts.rows[0].organizations, views, downloads, apiCalls },
      themes,
      organizations: organizations.rows.map((row) => ({ name: row.name, title: row.title, titleEn: row.title_en, count: Number(row.n) })),
      newest: newest.map((dataset) => datasetSummary(dataset, totals.get(dataset.id))),
      popular: popular.slice(0, HOME_LIST).map((dataset) => datasetSummary(dataset, totals.get(dataset.id))),
    };
  }

  /**
   * The console's list: department users see their own department's datasets, the data bureau all (also
   * harvested and deleted ones); newest change first.
   */
  async manage(actor: Actor, query: { q?: string; page?: number; pageSize?: number }) {
    const page = Math.max(1, query.page ?? 1);
    const pageSize = Math.min(100, Math.max(1, query.pageSize ?? 20));
    let base = this.db.selectFrom('opendata_datasets as d').innerJoin('opendata_organizations as o', 'o.id', 'd.organization_id');
    if (!hasRole(actor, 'data_admin')) {
      base = base.where('o.department_id', '=', actor.departmentId ?? '00000000-0000-0000-0000-000000000000');
    }
    const q = query.q?.trim();
    if (q) {
      const pattern = `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      base = base.where((eb) => eb.or([eb('d.title', 'ilike', pattern), eb('d.name', 'ilike', pattern), eb('d.catalog_code', 'ilike', pattern), eb('d.title_en', 'ilike', pattern)]));
    }
    const [total, ids] = await Promise.all([
      base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      base.select(['d.id']).orderBy('d.metadata_modified', 'desc').orderBy('d.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
    ]);
    const list = ids.map((row) => row.id);
    const [datasets, pending, totals] = await Promise.all([
      this.reader.getManyAny(list),
      list.length
        ? this.db.selectFrom('opendata_applications').select(['dataset_id', sql<number>`count(*)::int`.as('n')])
          .where('dataset_id', 'in', list).where('status', '=', 'pending').groupBy('dataset_id').execute()
        : Promise.resolve([]),
      this.usage.totals(),
    ]);
    const pendingBy = new Map(pending.map((row) => [row.dataset_id, Number(row.n)]));
    return {
      items: datasets.map((dataset) => ({
        ...datasetSummary(dataset, totals.get(dataset.id)),
        catalogCode: dataset.catalogCode,
        state: dataset.state,
        pendingApplications: pendingBy.get(dataset.id) ?? 0,
      })),
      total: total.n,
    };
  }
}

/** What the caller may do with a dataset's data: anyone with an open one; with a conditional one, it depends. */
export async function accessOf(parts: Pick<OpendataParts, 'accounts' | 'applications'>, request: FastifyRequest, dataset: Dataset): Promise<DatasetAccess> {
  if (dataset.openType === 'open') return 'open';
  const user = await parts.accounts.userOf(request);
  if (!user) return 'login';
  const status = await parts.applications.status(user.id, dataset.id);
  if (status === 'pending') return 'pending';
  if (status === 'approved' && (await parts.applications.hasAccess(user.id, dataset.id))) return 'granted';
  return 'apply';
}

/** Conditionally open data needs a portal user holding an approved application (401, then 403). */
export async function requireDataAccess(parts: Pick<OpendataParts, 'accounts' | 'applications'>, request: FastifyRequest, dataset: Dataset): Promise<void> {
  if (dataset.openType === 'open') return;
  const user = await parts.accounts.userOf(request);
  if (!user) throw new DomainError('portal.login_required', 401, 'Log in to the portal to read this conditionally open dataset.');
  if (!(await parts.applications.hasAccess(user.id, dataset.id))) {
    throw new DomainError('opendata.application_required', 403, 'This dataset is conditionally open: apply for its data and wait for the department\'s approval.');
  }
}
