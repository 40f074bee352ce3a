import { actorOf } from '../../platform/http/auth.js';
import type { DirectoryServices } from './module.js';
import { rolesFor } from './policy.js';
import { presentCredential, presentSystem } from './presenter.js';
import type { TypedApp } from './routes.js';
import { systemSchemas } from './schema.js';

/** Business systems and their API credentials. Department isolation is decided in SystemService. */
export function registerSystemRoutes(app: TypedApp, services: DirectoryServices): void {
  const { systems } = services;
  const managers = rolesFor('system.manageAny', 'system.manageOwn');

  app.get('/api/v1/systems', { schema: systemSchemas.list, config: { auth: 'user' } }, async (request) => {
    const list = await systems.list(actorOf(request), { departmentId: request.query.departmentId });
    return list.map(({ system, credentials }) => presentSystem(system, credentials));
  });

  app.get('/api/v1/systems/:id', { schema: systemSchemas.get, config: { auth: 'user' } }, async (request) => {
    const { system, credentials } = await systems.get(actorOf(request), request.params.id);
    return presentSystem(system, credentials);
  });

  app.post('/api/v1/systems', { schema: systemSchemas.create, config: { auth: managers } }, async (request, reply) => {
    const created = await systems.create(actorOf(request), request.body);
    return reply.code(201).send(presentSystem(created, []));
  });

  app.patch('/api/v1/systems/:id', { schema: systemSchemas.update, config: { auth: managers } }, async (request) => {
    const actor = actorOf(request);
    await systems.update(actor, request.params.id, request.body);
    const { system, credentials } = await systems.get(actor, request.params.id);
    return presentSystem(system, credentials);
  });

  app.post('/api/v1/systems/:id/credentials', { schema: systemSchemas.issueCredential, config: { auth: managers } }, async (request, reply) => {
    const { credential, token } = await systems.issueCredential(actorOf(request), request.params.id, request.body.label);
    return reply.code(201).send({ credential: presentCredential(credential), token });
  });

  app.post(
    '/api/v1/systems/:id/credentials/:credentialId/rotate',
    { schema: systemSchemas.rotateCredential, config: { auth: managers } },
    async (request, reply) => {
      const { credential, token } = await systems.rotateCredential(actorOf(request), request.params.id, request.params.credentialId);
      return reply.code(201).send({ credential: presentCredential(credential), token });
    },
  );

  app.delete(
    '/api/v1/systems/:id/credentials/:credentialId',
    { schema: systemSchemas.revokeCredential, config: { auth: managers } },
    async (request, reply) => {
      await systems.revokeCredential(actorOf(request), request.params.id, request.params.credentialId);
      return reply.code(204).send(null);
    },
  );
}
