import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { UserActor } from '../../platform/actor.js';
import { actorOf } from '../../platform/http/auth.js';
import type { ModuleRoutes } from '../../platform/http/server.js';
import { forbidden } from '../../platform/errors.js';
import type { DirectoryServices } from './module.js';
import { registerAuditRoutes } from './audit-routes.js';
import { registerOrganisationRoutes } from './organisation-routes.js';
import { registerSessionRoutes } from './session-routes.js';
import { registerSystemRoutes } from './system-routes.js';
import { registerUserRoutes } from './user-routes.js';

/**
 * The directory's HTTP surface (docs/API.md, Session and Directory). Routes only validate (schemas), declare who
 * may call them (`config.auth`, from policy.ts), call a service and present the answer; the services decide
 * department isolation and the finer rules.
 */
export type TypedApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface RouteOptions {
  cookieSecure: boolean;
}

export function createDirectoryRoutes(services: DirectoryServices, options: RouteOptions): ModuleRoutes {
  return (scope) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    registerSessionRoutes(app, services, options);
    registerOrganisationRoutes(app, services);
    registerUserRoutes(app, services);
    registerSystemRoutes(app, services);
    registerAuditRoutes(app, services);
  };
}

/** For routes only people reach (auth 'user' or roles): the acting person. */
export function userOf(request: FastifyRequest): UserActor {
  const actor = actorOf(request);
  if (actor.kind !== 'user') throw forbidden('This endpoint is for people, not business systems.');
  return actor;
}
