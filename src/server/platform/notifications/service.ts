/** STUB: console notifications and their e-mail outbox. */
import type { AppContext } from '../context.js';
import type { Notifier } from './index.js';

export function createNotifier(ctx: AppContext): Notifier {
  return {
    async notify() {},
    async list() {
      return { items: [], unread: 0 };
    },
    async markRead() {
      return 0;
    },
    async sendPendingMail() {
      return 0;
    },
    async routes() {},
    start() {},
    stop: async () => void ctx,
  };
}
