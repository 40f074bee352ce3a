/**
 * Console notifications, with an e-mail copy when SMTP is configured (ZHONGSHU_SMTP_URL). A notification is
 * written in the caller's transaction (it exists exactly when the change that caused it does); the mailer sends
 * pending copies afterwards from an outbox (notifications.mail_status), retrying up to 5 times.
 * CONTRACT: the lead wrote this file; the notifications engineer implements service.ts, mailer.ts, routes.ts.
 */
import type { Actor, Role } from '../actor.js';
import type { Tx } from '../db/database.js';

export type NotificationTarget =
  | { userId: string }
  /** every holder of the role; within the department when departmentId is given */
  | { role: Role; departmentId?: string | null };

export interface NotificationInput {
  to: NotificationTarget;
  /** stable kind for the console's icon and filters: cloud.order.submitted, cloud.approval.pending, … */
  kind: string;
  title: string;
  titleEn?: string | null;
  body?: string;
  /** a console path, e.g. /cloud/orders/<id> */
  link?: string | null;
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  titleEn: string | null;
  body: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}

export interface Notifier {
  /** Inside the caller's transaction. */
  notify(trx: Tx, input: NotificationInput): Promise<void>;
  /** The actor's notifications (own and their roles'), newest first. */
  list(actor: Actor, filter: { unreadOnly?: boolean; limit?: number }): Promise<{ items: NotificationView[]; unread: number }>;
  markRead(actor: Actor, ids: string[] | 'all'): Promise<number>;
  /** Sends pending e-mail copies (no-op without SMTP). Returns how many were sent. */
  sendPendingMail(): Promise<number>;
  routes(app: import('fastify').FastifyInstance): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

export { createNotifier } from './service.js';
