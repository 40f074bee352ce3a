import { actorOf } from '../../platform/http/auth.js';
import type { DirectoryServices } from './module.js';
import { rolesFor } from './policy.js';
import { presentUser } from './presenter.js';
import type { TypedApp } from './routes.js';
import { securityPolicySchemas, userSchemas } from './schema.js';

/** Users, their roles, and the security policy. */
export function registerUserRoutes(app: TypedApp, services: DirectoryServices): void {
  const { users, securityPolicy } = services;

  app.get('/api/v1/users', { schema: userSchemas.list, config: { auth: rolesFor('user.list') } }, async (request) => {
    const { page = 1, pageSize = 20, q, departmentId } = request.query;
    const { rows, total } = await users.list(actorOf(request), { q, departmentId, page, pageSize });
    return { data: rows.map(presentUser), total, page, pageSize };
  });

  app.get('/api/v1/users/:id', { schema: userSchemas.get, config: { auth: rolesFor('user.list') } }, async (request) => {
    return presentUser(await users.get(actorOf(request), request.params.id));
  });

  app.post('/api/v1/users', { schema: userSchemas.create, config: { auth: rolesFor('user.create') } }, async (request, reply) => {
    // Over HTTP the password is always generated: an administrator never chooses another person's password.
    const { user, initialPassword } = await users.create(actorOf(request), { ...request.body, mustChangePassword: true });
    return reply.code(201).send({ user: presentUser(user), initialPassword: initialPassword ?? '' });
  });

  app.patch('/api/v1/users/:id', { schema: userSchemas.update, config: { auth: rolesFor('user.update') } }, async (request) => {
    return presentUser(await users.update(actorOf(request), request.params.id, request.body));
  });

  app.post('/api/v1/users/:id/reset-password', { schema: userSchemas.resetPassword, config: { auth: rolesFor('user.resetPassword') } }, async (request) => {
    return users.resetPassword(actorOf(request), request.params.id);
  });

  app.post('/api/v1/users/:id/unlock', { schema: userSchemas.unlock, config: { auth: rolesFor('user.unlock') } }, async (request) => {
    return presentUser(await users.unlock(actorOf(request), request.params.id));
  });

  app.put('/api/v1/users/:id/roles', { schema: userSchemas.setRoles, config: { auth: rolesFor('user.setRoles') } }, async (request) => {
    return presentUser(await users.setRoles(actorOf(request), request.params.id, request.body.roles));
  });

  app.get('/api/v1/security-policy', { schema: securityPolicySchemas.get, config: { auth: rolesFor('securityPolicy.read') } }, async (request) => {
    return securityPolicy.get(actorOf(request));
  });

  app.put('/api/v1/security-policy', { schema: securityPolicySchemas.put, config: { auth: rolesFor('securityPolicy.write') } }, async (request) => {
    return securityPolicy.update(actorOf(request), request.body);
  });
}
