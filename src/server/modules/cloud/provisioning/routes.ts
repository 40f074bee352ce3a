/** HTTP of provisioned resources (docs/cloud/provisioning.md): schema, auth declaration, call the provisioner. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/http/auth.js';
import { IT_CENTRE_ROLES, ORDERING_ROLES, type Provisioner } from '../index.js';
import { CLOUD_API } from '../parts.js';
import { resourceReaders } from './policy.js';
import { routeSchemas as s } from './schema.js';

const RESOURCES = `${CLOUD_API}/resources`;

export async function registerProvisioningRoutes(scope: FastifyInstance, provisioner: Provisioner): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const readers = { auth: resourceReaders() };
  const department = { auth: [...ORDERING_ROLES] };
  const itCentre = { auth: [...IT_CENTRE_ROLES] };

  app.get(RESOURCES, { schema: s.listResources, config: readers }, (request) => provisioner.list(actorOf(request), request.query));
  app.get(`${RESOURCES}/:id`, { schema: s.getResource, config: readers }, (request) => provisioner.get(actorOf(request), request.params.id));
  app.post(`${RESOURCES}/:id/credentials`, { schema: s.revealCredentials, config: department }, async (request, reply) => {
    // The one answer that carries secrets: no cache may keep it.
    reply.header('cache-control', 'no-store');
    return provisioner.revealCredentials(actorOf(request), request.params.id);
  });
  app.post(`${RESOURCES}/:id/retire`, { schema: s.retire, config: readers }, async (request, reply) => {
    const resource = await provisioner.retire(actorOf(request), request.params.id, request.body);
    return reply.status(202).send(resource);
  });
  app.post(`${RESOURCES}/:id/renew`, { schema: s.renew, config: readers }, (request) => provisioner.renewLease(actorOf(request), request.params.id, request.body));
  app.post(`${CLOUD_API}/reconcile`, { schema: s.reconcile, config: itCentre }, (request) => provisioner.reconcile(actorOf(request)));
  app.get(`${CLOUD_API}/orphans`, { schema: s.listOrphans, config: itCentre }, async (request) => ({ items: await provisioner.listOrphans(actorOf(request)) }));
}
