/**
 * The only SQL of the quality part: reading stores, loads and scores, measuring a store's completeness, and
 * keeping score history and freshness alarms.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { json, type Executor } from '../../../platform/db/database.js';
import type { Row } from '../../../platform/db/schema.js';
import { quoteIdent } from '../store/columns.js';

/** How many days of loads validity, uniqueness and the department scorecard look at. */
export const LOAD_WINDOW_DAYS = 30;

/** A published resource with data items, its store (if any), last load, latest score and open alarm. */
export interface OverviewRow {
  id: string;
  code: string;
  name: string;
  provider_department_id: string;
  update_cycle: string;
  has_store: boolean;
  table_name: string | null;
  row_count: number;
  store_created_at: Date | null;
  last_load_at: Date | null;
  score_id: number | null;
  measured_at: Date | null;
  completeness: string | null;
  validity: string | null;
  uniqueness: string | null;
  timeliness: string | null;
  score: string | null;
  alarm_id: string | null;
  alarm_raised_at: Date | null;
  alarm_due_at: Date | null;
  alarm_last_load_at: Date | null;
}

export interface LoadStats {
  loads: number;
  received: number;
  rejected: number;
  duplicateKeys: number;
}

export interface DepartmentLoadStats {
  department_id: string;
  loads: number;
  records: number;
  received: number;
  rejected: number;
}

export interface AlarmRow extends Row<'exchange_freshness_alarms'> {
  resource_code: string;
  resource_name: string;
  provider_department_id: string;
}

export type NewScore = {
  resourceId: string;
  completeness: number;
  validity: number;
  uniqueness: number;
  timeliness: number;
  score: number;
  rowCount: number;
  details: Record<string, unknown>;
};

export class QualityRepository {
  constructor(private readonly db: Executor) {}

  /** Published resources with data items (optionally one department's, one code's, or only those with a store). */
  async overview(filter: { departmentId?: string; code?: string; withStore?: boolean } = {}): Promise<OverviewRow[]> {
    const result = await sql<OverviewRow>`
      SELECT r.id, r.code, r.name, r.provider_department_id, r.update_cycle,
             s.resource_id IS NOT NULL AS has_store, s.table_name, coalesce(s.row_count, 0) AS row_count,
             s.created_at AS store_created_at,
             greatest(s.last_load_at, l.last_load) AS last_load_at,
             q.id AS score_id, q.measured_at, q.completeness, q.validity, q.uniqueness, q.timeliness, q.score,
             a.id AS alarm_id, a.raised_at AS alarm_raised_at, a.due_at AS alarm_due_at, a.last_load_at AS alarm_last_load_at
        FROM catalog_resources r
        LEFT JOIN exchange_stores s ON s.resource_id = r.id
        LEFT JOIN LATERAL (
          SELECT max(el.started_at) AS last_load FROM exchange_loads el WHERE el.resource_id = r.id AND el.status = 'succeeded'
        ) l ON true
        LEFT JOIN LATERAL (
          SELECT qs.* FROM exchange_quality_scores qs WHERE qs.resource_id = r.id ORDER BY qs.measured_at DESC, qs.id DESC LIMIT 1
        ) q ON true
        LEFT JOIN exchange_freshness_alarms a ON a.resource_id = r.id AND a.cleared_at IS NULL
       WHERE r.status = 'published' AND jsonb_array_length(r.data_items) > 0
         ${filter.departmentId ? sql`AND r.provider_department_id = ${filter.departmentId}` : sql``}
         ${filter.code ? sql`AND r.code = ${filter.code}` : sql``}
         ${filter.withStore ? sql`AND s.resource_id IS NOT NULL` : sql``}
       ORDER BY r.code`.execute(this.db);
    return result.rows;
  }

  async resourceByCode(code: string) {
    return this.db
      .selectFrom('catalog_resources')
      .select(['id', 'code', 'name', 'provider_department_id', 'status', 'update_cycle'])
      .where('code', '=', code)
      .executeTakeFirst();
  }

  /**
   * Rows and non-null values per column of a store's current records; on a sample (TABLESAMPLE SYSTEM, whole
   * pages) when `samplePercent` is given.
   */
  async columnPresence(table: string, columns: string[], samplePercent: number | null): Promise<{ rows: number; present: Record<string, number> }> {
    const counts = columns.map((column, index) => `count(${quoteIdent(column)})::bigint AS c${index}`).join(', ');
    const from = sql.raw(`${quoteIdent(table)}`);
    const sample = samplePercent === null ? sql`` : sql`TABLESAMPLE SYSTEM (${samplePercent}::real)`;
    const result = await sql<Record<string, number>>`SELECT count(*)::bigint AS _rows${sql.raw(counts ? `, ${counts}` : '')} FROM ${from} ${sample}`.execute(this.db);
    const row = result.rows[0] ?? { _rows: 0 };
    const present: Record<string, number> = {};
    columns.forEach((column, index) => {
      present[column] = Number(row[`c${index}`] ?? 0);
    });
    return { rows: Number(row._rows), present };
  }

  /** Counts of the resource's loads (succeeded and rejected) started in the last LOAD_WINDOW_DAYS days. */
  async loadStats(resourceId: string): Promise<LoadStats> {
    const result = await sql<LoadStats>`
      SELECT count(*)::bigint AS loads,
             coalesce(sum(received), 0)::bigint AS received,
             coalesce(sum(rejected), 0)::bigint AS rejected,
             coalesce(sum((quality->>'duplicateKeys')::bigint), 0)::bigint AS "duplicateKeys"
        FROM exchange_loads
       WHERE resource_id = ${resourceId} AND status IN ('succeeded', 'rejected')
         AND started_at >= now() - make_interval(days => ${LOAD_WINDOW_DAYS})`.execute(this.db);
    const row = result.rows[0];
    return { loads: Number(row.loads), received: Number(row.received), rejected: Number(row.rejected), duplicateKeys: Number(row.duplicateKeys) };
  }

  /** Per provider department: finished loads, records written, received and rejected rows in the window. */
  async departmentLoadStats(): Promise<DepartmentLoadStats[]> {
    const result = await sql<DepartmentLoadStats>`
      SELECT r.provider_department_id AS department_id,
             count(*) FILTER (WHERE l.status IN ('succeeded', 'rejected', 'failed'))::bigint AS loads,
             coalesce(sum(l.received - l.rejected) FILTER (WHERE l.status = 'succeeded'), 0)::bigint AS records,
             coalesce(sum(l.received) FILTER (WHERE l.status IN ('succeeded', 'rejected')), 0)::bigint AS received,
             coalesce(sum(l.rejected) FILTER (WHERE l.status IN ('succeeded', 'rejected')), 0)::bigint AS rejected
        FROM exchange_loads l
        JOIN catalog_resources r ON r.id = l.resource_id
       WHERE l.started_at >= now() - make_interval(days => ${LOAD_WINDOW_DAYS})
       GROUP BY r.provider_department_id`.execute(this.db);
    return result.rows.map((row) => ({
      department_id: row.department_id, loads: Number(row.loads), records: Number(row.records), received: Number(row.received), rejected: Number(row.rejected),
    }));
  }

  async insertScore(score: NewScore): Promise<Row<'exchange_quality_scores'>> {
    return this.db
      .insertInto('exchange_quality_scores')
      .values({
        resource_id: score.resourceId,
        completeness: score.completeness,
        validity: score.validity,
        uniqueness: score.uniqueness,
        timeliness: score.timeliness,
        score: score.score,
        row_count: score.rowCount,
        details: json(score.details),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** The latest `limit` scores, newest first. */
  async history(resourceId: string, limit: number): Promise<Array<Row<'exchange_quality_scores'>>> {
    return this.db
      .selectFrom('exchange_quality_scores')
      .selectAll()
      .where('resource_id', '=', resourceId)
      .orderBy('measured_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  async recentLoads(resourceId: string, limit: number) {
    return this.db
      .selectFrom('exchange_loads')
      .select(['id', 'channel', 'format', 'status', 'received', 'inserted', 'updated', 'unchanged', 'deleted', 'rejected', 'quality', 'started_at', 'finished_at'])
      .where('resource_id', '=', resourceId)
      .where('status', 'in', ['succeeded', 'rejected', 'failed'])
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** Stores whose latest score is older than `olderThanHours` (or that have none). */
  async storesDueForMeasure(olderThanHours: number): Promise<string[]> {
    const result = await sql<{ code: string }>`
      SELECT r.code
        FROM exchange_stores s
        JOIN catalog_resources r ON r.id = s.resource_id
       WHERE r.status = 'published'
         AND NOT EXISTS (
           SELECT 1 FROM exchange_quality_scores q
            WHERE q.resource_id = s.resource_id AND q.measured_at > now() - make_interval(hours => ${olderThanHours}))
       ORDER BY r.code`.execute(this.db);
    return result.rows.map((row) => row.code);
  }

  /** Raises an alarm unless one is open (the partial unique index decides); true when this call raised it. */
  async raiseAlarm(resourceId: string, dueAt: Date, lastLoadAt: Date | null): Promise<boolean> {
    const inserted = await this.db
      .insertInto('exchange_freshness_alarms')
      .values({ id: randomUUID(), resource_id: resourceId, due_at: dueAt, last_load_at: lastLoadAt })
      .onConflict((oc) => oc.column('resource_id').where('cleared_at', 'is', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /** Clears the open alarm of a resource; true when there was one. */
  async clearAlarm(resourceId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('exchange_freshness_alarms')
      .set({ cleared_at: sql<Date>`now()` })
      .where('resource_id', '=', resourceId)
      .where('cleared_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async clearAlarmByCode(resourceCode: string): Promise<boolean> {
    const resource = await this.resourceByCode(resourceCode);
    return resource ? this.clearAlarm(resource.id) : false;
  }

  async listAlarms(filter: { open?: boolean; resourceCode?: string; departmentId?: string; page: number; pageSize: number }): Promise<{ rows: AlarmRow[]; total: number }> {
    let query = this.db
      .selectFrom('exchange_freshness_alarms as a')
      .innerJoin('catalog_resources as r', 'r.id', 'a.resource_id');
    if (filter.open === true) query = query.where('a.cleared_at', 'is', null);
    if (filter.open === false) query = query.where('a.cleared_at', 'is not', null);
    if (filter.resourceCode) query = query.where('r.code', '=', filter.resourceCode);
    if (filter.departmentId) query = query.where('r.provider_department_id', '=', filter.departmentId);
    const total = await query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const rows = await query
      .selectAll('a')
      .select(['r.code as resource_code', 'r.name as resource_name', 'r.provider_department_id'])
      .orderBy('a.raised_at', 'desc')
      .orderBy('a.id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute();
    return { rows, total: total.n };
  }
}
