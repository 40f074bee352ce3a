import { SESSION_COOKIE } from '../../platform/http/auth.js';
import type { DirectoryServices } from './module.js';
import { presentMe } from './presenter.js';
import { userOf, type RouteOptions, type TypedApp } from './routes.js';
import { sessionSchemas } from './schema.js';

/** POST/GET/DELETE /api/v1/session and POST /api/v1/session/password. */
export function registerSessionRoutes(app: TypedApp, services: DirectoryServices, options: RouteOptions): void {
  // No Max-Age: the cookie ends with the browser, the server ends idle sessions.
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: options.cookieSecure };

  app.post('/api/v1/session', { schema: sessionSchemas.login, config: { auth: 'public' } }, async (request, reply) => {
    const previous = request.actor?.kind === 'user' ? request.actor.sessionTokenHash : undefined;
    const result = await services.sessions.login(request.body.username, request.body.password, {
      ip: request.ip,
      requestId: String(request.id),
      userAgent: request.headers['user-agent'],
      previousSessionHash: previous,
    });
    reply.setCookie(SESSION_COOKIE, result.token, cookieOptions);
    return { user: presentMe(result.user), csrfToken: result.csrfToken };
  });

  app.get('/api/v1/session', { schema: sessionSchemas.current, config: { auth: 'user', allowDuringPasswordChange: true } }, async (request) => {
    const actor = userOf(request);
    return { user: presentMe(await services.sessions.me(actor)), csrfToken: actor.csrfToken ?? '' };
  });

  app.delete('/api/v1/session', { schema: sessionSchemas.logout, config: { auth: 'user', allowDuringPasswordChange: true } }, async (request, reply) => {
    await services.sessions.logout(userOf(request));
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return reply.code(204).send(null);
  });

  app.post(
    '/api/v1/session/password',
    { schema: sessionSchemas.changePassword, config: { auth: 'user', allowDuringPasswordChange: true } },
    async (request, reply) => {
      await services.sessions.changePassword(userOf(request), request.body.currentPassword, request.body.newPassword);
      return reply.code(204).send(null);
    },
  );
}
