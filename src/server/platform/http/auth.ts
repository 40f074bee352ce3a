import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, Role, SystemActor, UserActor } from '../actor.js';
import { constantTimeEqual } from '../crypto.js';
import { DomainError, forbidden, unauthenticated } from '../errors.js';

/**
 * Authentication and the per-route permission check. Every /api route must declare `config.auth`:
 *   'public'  anyone;   'user'  a logged-in person;   'any'  a person or a business system;
 *   Role[]    a person holding one of these roles.
 * A route without a declaration fails at start-up (deny by default, impossible to forget). Department
 * isolation (own vs other department) is decided in the services, which receive the Actor.
 */
export type RouteAuth = 'public' | 'user' | 'any' | readonly Role[];

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
    /** Reachable while the user must still change the password (session, password change). */
    allowDuringPasswordChange?: boolean;
  }
}

export const SESSION_COOKIE = 'zs_session';

export interface PrincipalResolver {
  fromSessionToken(token: string, meta: { ip: string; requestId: string }): Promise<UserActor | null>;
  fromBearerToken(token: string, meta: { ip: string; requestId: string }): Promise<SystemActor | null>;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function registerAuth(app: FastifyInstance, resolver: PrincipalResolver): void {
  app.decorateRequest('actor', null);

  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (url.startsWith('/api/') && route.config?.auth === undefined) {
      throw new Error(`Route ${route.method} ${url} does not declare config.auth`);
    }
  });

  app.addHook('preHandler', async (request) => {
    const auth = request.routeOptions.config?.auth;
    // Routes outside /api (console files, health, metrics, docs) never need to know who is asking: no session
    // lookup for every asset the browser fetches with its cookie.
    if (auth === undefined) return;
    if (auth === 'public') {
      await resolveActor(request, resolver).catch(() => null);
      return;
    }
    const actor = await resolveActor(request, resolver);
    if (!actor) throw unauthenticated();
    if (actor.kind === 'user') {
      if (request.headers.authorization === undefined && UNSAFE_METHODS.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !actor.csrfToken || !constantTimeEqual(sent, actor.csrfToken)) {
          throw new DomainError('auth.csrf_invalid', 403, 'Missing or wrong X-CSRF-Token header.');
        }
      }
      if (actor.mustChangePassword && !request.routeOptions.config?.allowDuringPasswordChange) {
        throw forbidden('Change your password before you continue.', 'auth.password_change_required');
      }
    }
    if (auth === 'any') return;
    if (actor.kind !== 'user') throw forbidden('This endpoint is for people, not business systems.');
    if (auth === 'user') return;
    if (!actor.roles.some((role) => auth.includes(role))) throw forbidden();
  });
}

async function resolveActor(request: FastifyRequest, resolver: PrincipalResolver): Promise<Actor | null> {
  if (request.actor) return request.actor;
  const meta = { ip: request.ip, requestId: String(request.id) };
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthenticated('Use "Authorization: Bearer <credential>".');
    const actor = await resolver.fromBearerToken(match[1], meta);
    if (!actor) throw new DomainError('auth.invalid_credential', 401, 'The API credential is unknown, revoked or disabled.');
    request.actor = actor;
    return actor;
  }
  const token = request.cookies?.[SESSION_COOKIE];
  if (!token) return null;
  const actor = await resolver.fromSessionToken(token, meta);
  request.actor = actor;
  return actor;
}

/** For handlers of non-public routes: the authenticated actor (the preHandler guarantees one). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}
