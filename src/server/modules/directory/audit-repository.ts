import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { Row } from '../../platform/db/schema.js';

/**
 * Reads the two audit chains and their checkpoints (writes go through platform/audit.ts, the exchange's
 * access-log appender and platform/audit-checkpoints.ts only).
 */
export type AuditRow = Row<'audit_log'>;
export type CheckpointRow = Row<'audit_checkpoints'>;

export interface AuditFilter {
  /** The acting username (or system code / CLI name), exactly. */
  actor?: string;
  /** Action prefix: 'user.' matches user.create, user.update … */
  action?: string;
  targetType?: string;
  targetId?: string;
  /** 'success' | 'failure' … exactly. */
  result?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export type AuditSearch = Omit<AuditFilter, 'limit' | 'offset'>;

/** A data-access record with the business system's code and name and the department's name (directory data). */
export interface AccessRow extends Row<'exchange_access_log'> {
  system_code: string | null;
  system_name: string | null;
  department_name: string | null;
}

export interface AccessFilter {
  /** A business system's code or id. */
  system?: string;
  departmentId?: string;
  resourceCode?: string;
  operation?: string;
  result?: string;
  from?: Date;
  to?: Date;
  /** Words in the stated purpose (substring, case-insensitive, taken literally). */
  purpose?: string;
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);
const escapeLikePrefix = (text: string): string => `${escapeLike(text)}%`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class AuditRepository {
  private filtered(executor: Executor, filter: AuditSearch) {
    let query = executor.selectFrom('audit_log');
    if (filter.actor) query = query.where('actor_name', '=', filter.actor);
    if (filter.action) query = query.where('action', 'like', escapeLikePrefix(filter.action));
    if (filter.targetType) query = query.where('target_type', '=', filter.targetType);
    if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
    if (filter.result) query = query.where('result', '=', filter.result);
    if (filter.from) query = query.where('at', '>=', filter.from);
    if (filter.to) query = query.where('at', '<=', filter.to);
    return query;
  }

  async query(executor: Executor, filter: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
    const query = this.filtered(executor, filter);
    const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const rows = await query.selectAll().orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
    return { rows, total: Number(total) };
  }

  /** How many rows match, counting no further than `cap` (so an export can refuse without a full count). */
  async countUpTo(executor: Executor, filter: AuditSearch, cap: number): Promise<number> {
    const limited = this.filtered(executor, filter).select('id').limit(cap);
    const { n } = await executor.selectFrom(limited.as('limited')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(n);
  }

  /** Every matching row, newest first, one keyset page at a time (exports of up to hundreds of thousands). */
  async *scan(executor: Executor, filter: AuditSearch, pageSize = 2000): AsyncGenerator<AuditRow[]> {
    let before: number | null = null;
    for (;;) {
      let query = this.filtered(executor, filter);
      if (before !== null) query = query.where('id', '<', before);
      const rows = await query.selectAll().orderBy('id', 'desc').limit(pageSize).execute();
      if (rows.length) yield rows;
      if (rows.length < pageSize) return;
      before = rows[rows.length - 1].id;
    }
  }
}

export class AccessLogRepository {
  private filtered(executor: Executor, filter: AccessFilter) {
    let query = executor
      .selectFrom('exchange_access_log as l')
      .leftJoin('business_systems as s', 's.id', 'l.system_id')
      .leftJoin('departments as d', 'd.id', 'l.department_id');
    const system = filter.system;
    if (system) {
      query = UUID.test(system)
        ? query.where((eb) => eb.or([eb('l.system_id', '=', system), eb('s.code', '=', system)]))
        : query.where('s.code', '=', system);
    }
    if (filter.departmentId) query = query.where('l.department_id', '=', filter.departmentId);
    if (filter.resourceCode) query = query.where('l.resource_code', '=', filter.resourceCode);
    if (filter.operation) query = query.where('l.operation', '=', filter.operation);
    if (filter.result) query = query.where('l.result', '=', filter.result);
    if (filter.from) query = query.where('l.at', '>=', filter.from);
    if (filter.to) query = query.where('l.at', '<=', filter.to);
    if (filter.purpose) query = query.where(sql<boolean>`l.purpose ILIKE ${`%${escapeLike(filter.purpose)}%`}`);
    return query;
  }

  private withColumns(query: ReturnType<AccessLogRepository['filtered']>) {
    return query.selectAll('l').select(['s.code as system_code', 's.name as system_name', 'd.name as department_name']);
  }

  /** Newest first, keyset paging: the next page starts below `before` (the last id of this page). */
  async page(executor: Executor, filter: AccessFilter & { before?: number; limit: number }): Promise<AccessRow[]> {
    let query = this.filtered(executor, filter);
    if (filter.before !== undefined) query = query.where('l.id', '<', filter.before);
    return this.withColumns(query).orderBy('l.id', 'desc').limit(filter.limit).execute();
  }

  async countUpTo(executor: Executor, filter: AccessFilter, cap: number): Promise<number> {
    const limited = this.filtered(executor, filter).select('l.id').limit(cap);
    const { n } = await executor.selectFrom(limited.as('limited')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(n);
  }

  async *scan(executor: Executor, filter: AccessFilter, pageSize = 2000): AsyncGenerator<AccessRow[]> {
    let before: number | undefined;
    for (;;) {
      const rows = await this.page(executor, { ...filter, before, limit: pageSize });
      if (rows.length) yield rows;
      if (rows.length < pageSize) return;
      before = rows[rows.length - 1].id;
    }
  }
}

export class CheckpointRepository {
  async list(executor: Executor, filter: { chain?: 'audit' | 'access'; limit: number; offset: number }): Promise<{ rows: CheckpointRow[]; total: number }> {
    let query = executor.selectFrom('audit_checkpoints');
    if (filter.chain) query = query.where('chain', '=', filter.chain);
    const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const rows = await query.selectAll().orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
    return { rows, total: Number(total) };
  }
}
