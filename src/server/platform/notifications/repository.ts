/** The SQL of console notifications, their per-user read marks and the e-mail outbox. */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from '../db/database.js';
import type { DB, NewRow, Row } from '../db/schema.js';

export type NotificationRow = Row<'notifications'>;

/** Whose notifications a reader sees: their own, and their roles' (within their department when one is set). */
export interface Reader {
  userId: string;
  roles: readonly string[];
  departmentId: string | null;
}

function visibleTo(reader: Reader) {
  return (eb: ExpressionBuilder<DB, 'notifications'>) => {
    const own = eb('notifications.user_id', '=', reader.userId);
    if (reader.roles.length === 0) return own;
    const department = reader.departmentId === null
      ? eb('notifications.department_id', 'is', null)
      : eb.or([eb('notifications.department_id', 'is', null), eb('notifications.department_id', '=', reader.departmentId)]);
    return eb.or([own, eb.and([eb('notifications.role', 'in', [...reader.roles]), department])]);
  };
}

export async function insertNotification(db: Executor, row: NewRow<'notifications'>): Promise<void> {
  await db.insertInto('notifications').values(row).execute();
}

export async function listVisible(db: Executor, reader: Reader, options: { unreadOnly: boolean; limit: number }): Promise<Array<NotificationRow & { read: boolean }>> {
  let query = db
    .selectFrom('notifications')
    .leftJoin('notification_reads as r', (join) => join.onRef('r.notification_id', '=', 'notifications.id').on('r.user_id', '=', reader.userId))
    .selectAll('notifications')
    .select(sql<boolean>`r.notification_id IS NOT NULL`.as('read'))
    .where(visibleTo(reader));
  if (options.unreadOnly) query = query.where('r.notification_id', 'is', null);
  return query.orderBy('notifications.created_at', 'desc').orderBy('notifications.id', 'desc').limit(options.limit).execute();
}

export async function countUnread(db: Executor, reader: Reader): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .leftJoin('notification_reads as r', (join) => join.onRef('r.notification_id', '=', 'notifications.id').on('r.user_id', '=', reader.userId))
    .select(sql<number>`count(*)::int`.as('n'))
    .where(visibleTo(reader))
    .where('r.notification_id', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Marks the reader's visible notifications (all, or those of `ids`) read; answers how many were unread. */
export async function markRead(db: Executor, reader: Reader, ids: string[] | 'all'): Promise<number> {
  let unread = db
    .selectFrom('notifications')
    .leftJoin('notification_reads as r', (join) => join.onRef('r.notification_id', '=', 'notifications.id').on('r.user_id', '=', reader.userId))
    .select(['notifications.id as notification_id', sql<string>`${reader.userId}::uuid`.as('user_id')])
    .where(visibleTo(reader))
    .where('r.notification_id', 'is', null);
  if (ids !== 'all') {
    if (ids.length === 0) return 0;
    unread = unread.where('notifications.id', 'in', ids);
  }
  const result = await db
    .insertInto('notification_reads')
    .columns(['notification_id', 'user_id'])
    .expression(unread)
    .onConflict((oc) => oc.columns(['notification_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

// ------------------------------------------------------------------ the e-mail outbox

/**
 * The oldest pending copy no other node is sending right now (its row stays locked until the caller commits),
 * skipping those this pass has already tried.
 */
export const lockNextPendingMail = (db: Executor, exclude: string[]): Promise<NotificationRow | undefined> =>
  db
    .selectFrom('notifications')
    .selectAll()
    .where('mail_status', '=', 'pending')
    .$if(exclude.length > 0, (query) => query.where('id', 'not in', exclude))
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();

/** The e-mail addresses of a notification's active recipients. */
export async function recipientAddresses(db: Executor, row: Pick<NotificationRow, 'user_id' | 'role' | 'department_id'>): Promise<string[]> {
  let query = db.selectFrom('users').select('users.email').where('users.status', '=', 'active').where('users.email', 'is not', null);
  if (row.user_id !== null) {
    query = query.where('users.id', '=', row.user_id);
  } else {
    query = query.where('users.id', 'in', (eb) => eb.selectFrom('user_roles').select('user_roles.user_id').where('user_roles.role', '=', row.role!));
    if (row.department_id !== null) query = query.where('users.department_id', '=', row.department_id);
  }
  const rows = await query.orderBy('users.email').execute();
  return [...new Set(rows.map((r) => r.email!.trim()).filter((email) => email.length > 0))];
}

export async function setMailOutcome(db: Executor, id: string, outcome: { status: 'pending' | 'sent' | 'failed'; attempts: number; error: string | null }): Promise<void> {
  await db.updateTable('notifications').set({ mail_status: outcome.status, mail_attempts: outcome.attempts, mail_error: outcome.error }).where('id', '=', id).execute();
}
