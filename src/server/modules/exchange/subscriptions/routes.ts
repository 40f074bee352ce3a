/** HTTP of the change feed and webhook subscriptions (docs/exchange/subscriptions.md): schema, auth, call the service. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/http/auth.js';
import type { ChangeFeed } from './feed.js';
import { routeSchemas as s } from './schema.js';
import type { SubscriptionService } from './service.js';

const SUBSCRIPTIONS = '/api/v1/exchange/subscriptions';
const ONE = `${SUBSCRIPTIONS}/:id`;

export async function registerSubscriptionRoutes(scope: FastifyInstance, feed: ChangeFeed, service: SubscriptionService): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  // People and business systems alike; the services decide (grant holder, its department, the data bureau).
  const any = { auth: 'any' as const };

  app.get('/api/v1/exchange/resources/:code/changes', { schema: s.changes, config: any }, (request) =>
    feed.read(actorOf(request), request.params.code, request.query, request.headers['x-purpose']),
  );

  app.post(SUBSCRIPTIONS, { schema: s.create, config: any }, async (request, reply) => {
    const created = await service.create(actorOf(request), request.body);
    reply.status(201).header('location', `${SUBSCRIPTIONS}/${created.id}`).header('cache-control', 'no-store');
    return created;
  });
  app.get(SUBSCRIPTIONS, { schema: s.list, config: any }, (request) => service.list(actorOf(request), request.query));
  app.get(ONE, { schema: s.get, config: any }, (request) => service.get(actorOf(request), request.params.id));
  app.post(`${ONE}/pause`, { schema: s.pause, config: any }, (request) => service.pause(actorOf(request), request.params.id));
  app.post(`${ONE}/resume`, { schema: s.resume, config: any }, (request) => service.resume(actorOf(request), request.params.id));
  app.delete(ONE, { schema: s.remove, config: any }, async (request, reply) => {
    await service.remove(actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
  app.get(`${ONE}/deliveries`, { schema: s.deliveries, config: any }, (request) =>
    service.deliveries(actorOf(request), request.params.id, request.query),
  );
}
