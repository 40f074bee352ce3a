import type { Executor } from '../../platform/db/database.js';
import type { Row } from '../../platform/db/schema.js';

/** Reads the audit log (writes go through platform/audit.ts only). */
export type AuditRow = Row<'audit_log'>;

export interface AuditFilter {
  /** The acting username (or system code / CLI name), exactly. */
  actor?: string;
  /** Action prefix: 'user.' matches user.create, user.update … */
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

const escapeLikePrefix = (text: string): string => `${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

export class AuditRepository {
  async query(executor: Executor, filter: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
    let query = executor.selectFrom('audit_log');
    if (filter.actor) query = query.where('actor_name', '=', filter.actor);
    if (filter.action) query = query.where('action', 'like', escapeLikePrefix(filter.action));
    if (filter.targetType) query = query.where('target_type', '=', filter.targetType);
    if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
    if (filter.from) query = query.where('at', '>=', filter.from);
    if (filter.to) query = query.where('at', '<=', filter.to);
    const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const rows = await query.selectAll().orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
    return { rows, total: Number(total) };
  }
}
