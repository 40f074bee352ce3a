/**
 * Console notifications (docs/cloud/notifications.md): written in the caller's transaction, read per person (their
 * own and their roles'), marked read per person, and copied by e-mail when SMTP is configured (mailer.ts).
 */
import type { Actor } from '../actor.js';
import type { AppContext } from '../context.js';
import type { Tx } from '../db/database.js';
import type { NotificationInput, NotificationView, Notifier } from './index.js';
import { Mailer } from './mailer.js';
import * as repo from './repository.js';
import { registerNotificationRoutes } from './routes.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** Only people have a notification list; a business system or the CLI operator has none. */
function readerOf(actor: Actor): repo.Reader | null {
  return actor.kind === 'user' ? { userId: actor.userId, roles: actor.roles, departmentId: actor.departmentId } : null;
}

function present(row: repo.NotificationRow & { read: boolean }): NotificationView {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    titleEn: row.title_en,
    body: row.body,
    link: row.link,
    createdAt: row.created_at.toISOString(),
    read: row.read,
  };
}

export function createNotifier(ctx: AppContext): Notifier {
  const mailer = new Mailer(ctx);
  const notifier: Notifier = {
    async notify(trx: Tx, input: NotificationInput) {
      const target = 'userId' in input.to
        ? { user_id: input.to.userId, role: null, department_id: null }
        : { user_id: null, role: input.to.role, department_id: input.to.departmentId ?? null };
      await repo.insertNotification(trx, {
        ...target,
        kind: input.kind,
        title: input.title,
        title_en: input.titleEn ?? null,
        body: input.body ?? '',
        link: input.link ?? null,
        mail_status: mailer.configured ? 'pending' : 'none',
      });
    },

    async list(actor, filter) {
      const reader = readerOf(actor);
      if (!reader) return { items: [], unread: 0 };
      const limit = Math.min(Math.max(filter.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
      const [rows, unread] = await Promise.all([
        repo.listVisible(ctx.db, reader, { unreadOnly: filter.unreadOnly ?? false, limit }),
        repo.countUnread(ctx.db, reader),
      ]);
      return { items: rows.map(present), unread };
    },

    async markRead(actor, ids) {
      const reader = readerOf(actor);
      if (!reader) return 0;
      return repo.markRead(ctx.db, reader, ids);
    },

    sendPendingMail: () => mailer.sendPending(),
    routes: (app) => registerNotificationRoutes(app, notifier),
    start: () => mailer.start(),
    stop: () => mailer.stop(),
  };
  return notifier;
}
