/**
 * HTTP of portal accounts, applications and dataset requests (docs/opendata/engagement.md). The portal's routes
 * are 'public' to the console's auth hook: the portal user comes from the `zs_portal` cookie (accounts.ts),
 * which also enforces X-Portal-CSRF on unsafe methods. Console routes name their roles; the services decide
 * on departments.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Role } from '../../../platform/actor.js';
import { DomainError } from '../../../platform/errors.js';
import { actorOf } from '../../../platform/http/auth.js';
import { PORTAL_COOKIE, type PortalAccountService } from './accounts.js';
import type { ApplicationService } from './applications.js';
import type { DataRequestService } from './requests.js';
import { routeSchemas } from './schema.js';

const OPEN = '/api/v1/open';
const CONSOLE_ROLES: readonly Role[] = ['data_admin', 'dept_admin', 'dept_operator'];

export function registerEngagementRoutes(
  scope: FastifyInstance,
  services: { accounts: PortalAccountService; applications: ApplicationService; requests: DataRequestService },
): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts, applications, requests } = services;
  const previousToken = (cookies: Record<string, string | undefined> | undefined) => cookies?.[PORTAL_COOKIE];

  // ------------------------------------------------------------ accounts

  app.post(`${OPEN}/account/register`, { schema: routeSchemas.register, config: { auth: 'public' } }, async (request, reply) => {
    // Like every unsafe method: a browser that carries a live portal session must prove it is the portal.
    await accounts.sessionOf(request);
    const start = await accounts.register(request.body, { previousToken: previousToken(request.cookies) });
    accounts.setCookie(request, reply, start);
    reply.status(201);
    return { user: start.user, csrfToken: start.csrfToken };
  });

  app.post(`${OPEN}/account/login`, { schema: routeSchemas.login, config: { auth: 'public' } }, async (request, reply) => {
    await accounts.sessionOf(request);
    const start = await accounts.login(request.body.email, request.body.password, {
      previousToken: previousToken(request.cookies), ip: request.ip, requestId: String(request.id),
    });
    accounts.setCookie(request, reply, start);
    return { user: start.user, csrfToken: start.csrfToken };
  });

  app.post(`${OPEN}/account/logout`, { schema: routeSchemas.logout, config: { auth: 'public' } }, async (request, reply) => {
    const session = await accounts.sessionOf(request);
    if (session) await accounts.logout(session);
    accounts.clearCookie(request, reply);
    return reply.status(204).send(null);
  });

  app.get(`${OPEN}/account/me`, { schema: routeSchemas.me, config: { auth: 'public' } }, async (request, reply) => {
    const session = await accounts.requireSession(request);
    reply.header('cache-control', 'no-store');
    return { user: session.user, csrfToken: session.csrfToken };
  });

  // ------------------------------------------------------------ applications: the applicant

  app.get(`${OPEN}/account/applications`, { schema: routeSchemas.myApplications, config: { auth: 'public' } }, async (request, reply) => {
    const session = await accounts.requireSession(request);
    reply.header('cache-control', 'no-store');
    return applications.mine(session.user);
  });

  app.post(`${OPEN}/account/applications/:id/withdraw`, { schema: routeSchemas.withdraw, config: { auth: 'public' } }, async (request) => {
    const session = await accounts.requireSession(request);
    return applications.withdraw(session.user, request.params.id);
  });

  app.post(`${OPEN}/datasets/:name/applications`, { schema: routeSchemas.apply, config: { auth: 'public' } }, async (request, reply) => {
    const session = await accounts.requireSession(request);
    const created = await applications.apply(session.user, request.params.name, request.body);
    reply.status(201);
    return created;
  });

  // ------------------------------------------------------------ applications: the console

  app.get(`${OPEN}/applications`, { schema: routeSchemas.listApplications, config: { auth: CONSOLE_ROLES } }, (request) =>
    applications.list(actorOf(request), request.query),
  );
  app.post(`${OPEN}/applications/:id/approve`, { schema: routeSchemas.approve, config: { auth: CONSOLE_ROLES } }, (request) =>
    applications.approve(actorOf(request), request.params.id, request.body?.validDays),
  );
  app.post(`${OPEN}/applications/:id/reject`, { schema: routeSchemas.reject, config: { auth: CONSOLE_ROLES } }, (request) =>
    applications.reject(actorOf(request), request.params.id, request.body?.reason),
  );

  // ------------------------------------------------------------ dataset requests

  app.post(`${OPEN}/requests`, { schema: routeSchemas.createRequest, config: { auth: 'public' } }, async (request, reply) => {
    const portalUser = await accounts.userOf(request);
    try {
      const created = await requests.create(request.body, { ip: request.ip, portalUser });
      reply.status(201).header('location', `${OPEN}/requests/${created.id}`);
      return created;
    } catch (error) {
      if (error instanceof DomainError && typeof error.extra.retryAfter === 'number') reply.header('retry-after', String(error.extra.retryAfter));
      throw error;
    }
  });
  app.get(`${OPEN}/requests`, { schema: routeSchemas.listRequests, config: { auth: 'public' } }, (request) => requests.listPublic(request.query));
  app.get(`${OPEN}/requests/:id`, { schema: routeSchemas.getRequest, config: { auth: 'public' } }, (request) => requests.publicOne(request.params.id));

  app.get(`${OPEN}/manage/requests`, { schema: routeSchemas.manageRequests, config: { auth: CONSOLE_ROLES } }, (request) =>
    requests.listManaged(actorOf(request), request.query),
  );
  app.post(`${OPEN}/requests/:id/answer`, { schema: routeSchemas.answer, config: { auth: CONSOLE_ROLES } }, (request) =>
    requests.answer(actorOf(request), request.params.id, request.body),
  );
}
