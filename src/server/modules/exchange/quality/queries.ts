/**
 * The quality dashboard's reads: latest score and freshness per resource, one resource's history and load
 * reports, the department scorecard, and the freshness alarms. Metadata, so every logged-in person sees all
 * published resources.
 */
import { notFound } from '../../../platform/errors.js';
import type { DirectoryReader } from '../../directory/index.js';
import { presentAlarm, presentLoadReport, presentResource, presentScore, type ResourceQuality } from './presenter.js';
import type { QualityRepository } from './repository.js';
import { LOAD_WINDOW_DAYS } from './repository.js';
import { rankByScore, round2 } from './scoring.js';

export interface ListQuery {
  departmentId?: string;
  minScore?: number;
  maxScore?: number;
  late?: boolean;
  page?: number;
  pageSize?: number;
}

export class QualityQueries {
  constructor(
    private readonly repo: QualityRepository,
    private readonly directory: DirectoryReader,
  ) {}

  private async departmentNames(): Promise<Map<string, string>> {
    const departments = await this.directory.listDepartments();
    return new Map(departments.map((department) => [department.id, department.name]));
  }

  private async resources(filter: { departmentId?: string; code?: string } = {}, now = new Date()): Promise<ResourceQuality[]> {
    const [rows, names] = await Promise.all([this.repo.overview(filter), this.departmentNames()]);
    return rows.map((row) => presentResource(row, names.get(row.provider_department_id) ?? null, now));
  }

  async list(query: ListQuery): Promise<{ items: ResourceQuality[]; total: number; page: number; pageSize: number }> {
    const page = Math.max(1, query.page ?? 1);
    const pageSize = Math.min(200, Math.max(1, query.pageSize ?? 20));
    const all = (await this.resources({ departmentId: query.departmentId }))
      .filter((item) => query.minScore === undefined || (item.score !== null && item.score.score >= query.minScore))
      .filter((item) => query.maxScore === undefined || (item.score !== null && item.score.score <= query.maxScore))
      .filter((item) => query.late === undefined || item.late === query.late);
    return { items: all.slice((page - 1) * pageSize, page * pageSize), total: all.length, page, pageSize };
  }

  async detail(code: string, options: { history?: number; loads?: number } = {}) {
    const [item] = await this.resources({ code });
    if (!item) throw notFound('exchange.resource_not_found', `No published resource with data items has the code ${code}.`);
    const resource = await this.repo.resourceByCode(code);
    const [history, loads] = await Promise.all([
      this.repo.history(resource!.id, Math.min(365, Math.max(1, options.history ?? 30))),
      this.repo.recentLoads(resource!.id, Math.min(100, Math.max(1, options.loads ?? 10))),
    ]);
    const scores = history.map(presentScore);
    return {
      ...item,
      latest: scores[0] ?? null,
      history: scores.reverse().map(({ details: _details, ...score }) => score),
      loads: loads.map(presentLoadReport),
    };
  }

  /** Per provider department: resources, data, average latest score, late resources, loads of the window, rank. */
  async departments() {
    const [resources, loadStats, names] = await Promise.all([this.resources(), this.repo.departmentLoadStats(), this.departmentNames()]);
    const ids = new Set([...resources.map((item) => item.departmentId), ...loadStats.map((row) => row.department_id)]);
    const stats = new Map(loadStats.map((row) => [row.department_id, row]));
    const entries = [...ids].map((departmentId) => {
      const own = resources.filter((item) => item.departmentId === departmentId);
      const scored = own.filter((item) => item.score !== null);
      const load = stats.get(departmentId);
      return {
        departmentId,
        departmentName: names.get(departmentId) ?? null,
        resources: own.length,
        resourcesWithData: own.filter((item) => item.rowCount > 0).length,
        scoredResources: scored.length,
        averageScore: scored.length ? round2(scored.reduce((sum, item) => sum + item.score!.score, 0) / scored.length) : null,
        lateCount: own.filter((item) => item.late).length,
        neverLoaded: own.filter((item) => item.freshness === 'never_loaded').length,
        loads: load?.loads ?? 0,
        recordsLoaded: load?.records ?? 0,
        receivedRows: load?.received ?? 0,
        rejectedRows: load?.rejected ?? 0,
        rejectedShare: load && load.received > 0 ? round2((load.rejected / load.received) * 100) : 0,
      };
    });
    const ranked = rankByScore(entries).sort(
      (a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || (a.departmentName ?? '').localeCompare(b.departmentName ?? '', 'zh-CN'),
    );
    return { windowDays: LOAD_WINDOW_DAYS, items: ranked };
  }

  async alarms(query: { open?: boolean; resourceCode?: string; departmentId?: string; page?: number; pageSize?: number }) {
    const page = Math.max(1, query.page ?? 1);
    const pageSize = Math.min(200, Math.max(1, query.pageSize ?? 20));
    const [{ rows, total }, names] = await Promise.all([this.repo.listAlarms({ ...query, page, pageSize }), this.departmentNames()]);
    return { items: rows.map((row) => presentAlarm(row, names.get(row.provider_department_id) ?? null)), total, page, pageSize };
  }
}
