/**
 * HTTP for access requests, grants and the calendar (docs/exchange/access.md): validate → authenticate
 * (role lists from policy.ts) → the service decides on departments → presented shapes.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/http/auth.js';
import { rolesFor } from './policy.js';
import { routeSchemas } from './schema.js';
import type { DefaultAccessService } from './service.js';

const REQUESTS = '/api/v1/exchange/requests';
const GRANTS = '/api/v1/exchange/grants';
const CALENDAR = '/api/v1/exchange/calendar';

export function registerAccessRoutes(scope: FastifyInstance, access: DefaultAccessService): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { requests, grants, calendar } = access;

  app.post(REQUESTS, { schema: routeSchemas.createRequest, config: { auth: rolesFor('request') } }, async (request, reply) => {
    const created = await requests.create(actorOf(request), request.body);
    reply.status(201).header('location', `${REQUESTS}/${created.id}`);
    return created;
  });
  app.get(REQUESTS, { schema: routeSchemas.listRequests, config: { auth: rolesFor('readRequests') } }, (request) => requests.list(actorOf(request), request.query));
  app.get(`${REQUESTS}/:id`, { schema: routeSchemas.getRequest, config: { auth: rolesFor('readRequests') } }, (request) =>
    requests.get(actorOf(request), request.params.id),
  );
  app.post(`${REQUESTS}/:id/approve`, { schema: routeSchemas.approve, config: { auth: rolesFor('decide') } }, (request) =>
    requests.approve(actorOf(request), request.params.id, request.body ?? {}),
  );
  app.post(`${REQUESTS}/:id/reject`, { schema: routeSchemas.reject, config: { auth: rolesFor('decide') } }, (request) =>
    requests.reject(actorOf(request), request.params.id, request.body?.reason),
  );
  app.post(`${REQUESTS}/:id/withdraw`, { schema: routeSchemas.withdraw, config: { auth: rolesFor('withdraw') } }, (request) =>
    requests.withdraw(actorOf(request), request.params.id),
  );

  // Business systems read their own grants with their credential: 'any', and the service checks.
  app.get(GRANTS, { schema: routeSchemas.listGrants, config: { auth: 'any' } }, (request) => grants.list(actorOf(request), request.query));
  app.get(`${GRANTS}/:id`, { schema: routeSchemas.getGrant, config: { auth: 'any' } }, (request) => grants.view(actorOf(request), request.params.id));
  app.post(`${GRANTS}/:id/revoke`, { schema: routeSchemas.revoke, config: { auth: rolesFor('revoke') } }, (request) =>
    grants.revoke(actorOf(request), request.params.id, request.body?.reason),
  );

  app.get(CALENDAR, { schema: routeSchemas.getCalendar, config: { auth: 'user' } }, (request) => calendar.year(request.query.year));
  app.put(`${CALENDAR}/:day`, { schema: routeSchemas.putCalendarDay, config: { auth: rolesFor('writeCalendar') } }, (request) =>
    calendar.put(actorOf(request), request.params.day, request.body),
  );
  app.delete(`${CALENDAR}/:day`, { schema: routeSchemas.deleteCalendarDay, config: { auth: rolesFor('writeCalendar') } }, async (request, reply) => {
    await calendar.remove(actorOf(request), request.params.day);
    return reply.status(204).send(null);
  });
}
