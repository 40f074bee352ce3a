/** HTTP of console notifications (docs/cloud/notifications.md): the signed-in person's list and read marks. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { badRequest } from '../errors.js';
import { actorOf } from '../http/auth.js';
import { Nullable } from '../http/schema.js';
import type { Notifier } from './index.js';

const BASE = '/api/v1/notifications';
const TAGS = ['notifications'];

const NotificationSchema = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'Stable kind, e.g. cloud.order.submitted, cloud.approval.pending.' }),
  title: Type.String(),
  titleEn: Nullable(Type.String()),
  body: Type.String(),
  link: Nullable(Type.String({ description: 'A console path, e.g. /cloud/orders/<id>.' })),
  createdAt: Type.String(),
  read: Type.Boolean(),
});

const schemas = {
  list: {
    tags: TAGS,
    summary: 'My notifications (my own and my roles\'), newest first, with the number unread',
    querystring: Type.Object({
      unreadOnly: Type.Optional(Type.Boolean()),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'Default 50.' })),
    }),
    response: { 200: Type.Object({ items: Type.Array(NotificationSchema), unread: Type.Integer() }) },
  },
  read: {
    tags: TAGS,
    summary: 'Mark notifications read: the listed ids, or all of mine',
    body: Type.Object(
      {
        ids: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 500 })),
        all: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
    response: { 200: Type.Object({ marked: Type.Integer({ description: 'How many were unread and are read now.' }) }) },
  },
};

export async function registerNotificationRoutes(scope: FastifyInstance, notifier: Notifier): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const auth = { auth: 'user' as const };
  app.get(BASE, { schema: schemas.list, config: auth }, (request) => notifier.list(actorOf(request), request.query));
  app.post(`${BASE}/read`, { schema: schemas.read, config: auth }, async (request) => {
    const { ids, all } = request.body;
    if (all !== true && (ids === undefined || ids.length === 0)) throw badRequest('notifications.nothing_to_mark', 'Send ids, or all: true.');
    return { marked: await notifier.markRead(actorOf(request), all === true ? 'all' : ids!) };
  });
}
