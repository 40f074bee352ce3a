/**
 * HTTP for the catalog (docs/API.md, "Catalog"): validate → authenticate (config.auth, role lists taken from
 * policy.ts) → call the service, which decides on departments and visibility → answer with presented shapes.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.js';
import { actorOf } from '../../platform/http/auth.js';
import type { JobRunner } from '../../platform/jobs.js';
import type { DirectoryReader } from '../directory/index.js';
import { registerImportExportRoutes } from './import-routes.js';
import type { CatalogService, ResourceInput } from './index.js';
import { rolesFor } from './policy.js';
import { routeSchemas } from './schema.js';

export interface CatalogRouteDeps {
  ctx: Pick<AppContext, 'config' | 'db' | 'audit' | 'log'>;
  catalog: CatalogService;
  directory: DirectoryReader;
  jobs: JobRunner;
}

const RESOURCES = '/api/v1/catalog/resources';
const ONE = `${RESOURCES}/:code`;

export async function registerCatalogRoutes(scope: FastifyInstance, deps: CatalogRouteDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { catalog } = deps;
  // The entry body is checked by the service (every problem at once), so it is read as a ResourceInput here.
  const entryBody = (body: unknown) => body as ResourceInput;

  app.get('/api/v1/catalog/classifications', { schema: routeSchemas.listClassifications, config: { auth: 'any' } }, () => catalog.listClassifications());

  app.get(RESOURCES, { schema: routeSchemas.search, config: { auth: 'any' } }, (request) => catalog.search(actorOf(request), request.query));

  app.post(RESOURCES, { schema: routeSchemas.create, config: { auth: rolesFor('create') } }, async (request, reply) => {
    const actor = actorOf(request);
    const { code } = await catalog.create(actor, entryBody(request.body));
    reply.status(201).header('location', `${RESOURCES}/${encodeURIComponent(code)}`);
    return catalog.get(actor, code);
  });

  app.get(ONE, { schema: routeSchemas.get, config: { auth: 'any' } }, (request) => catalog.get(actorOf(request), request.params.code));

  app.put(ONE, { schema: routeSchemas.update, config: { auth: rolesFor('edit') } }, (request) =>
    catalog.update(actorOf(request), request.params.code, entryBody(request.body)),
  );

  app.delete(ONE, { schema: routeSchemas.remove, config: { auth: rolesFor('delete') } }, async (request, reply) => {
    await catalog.remove(actorOf(request), request.params.code);
    return reply.status(204).send(null);
  });

  app.post(`${ONE}/submit`, { schema: routeSchemas.submit, config: { auth: rolesFor('submit') } }, (request) =>
    catalog.submit(actorOf(request), request.params.code),
  );
  app.post(`${ONE}/return`, { schema: routeSchemas.returnForRevision, config: { auth: rolesFor('return') } }, (request) =>
    catalog.returnForRevision(actorOf(request), request.params.code, request.body?.reason),
  );
  app.post(`${ONE}/publish`, { schema: routeSchemas.publish, config: { auth: rolesFor('publish') } }, (request) =>
    catalog.publish(actorOf(request), request.params.code),
  );
  app.post(`${ONE}/retire`, { schema: routeSchemas.retire, config: { auth: rolesFor('retire') } }, (request) =>
    catalog.retire(actorOf(request), request.params.code, request.body?.reason),
  );

  app.get(`${ONE}/versions`, { schema: routeSchemas.versions, config: { auth: 'any' } }, (request) => catalog.versions(actorOf(request), request.params.code));
  app.get(`${ONE}/versions/:version`, { schema: routeSchemas.version, config: { auth: 'any' } }, (request) =>
    catalog.version(actorOf(request), request.params.code, request.params.version),
  );
  app.get(`${ONE}/diff`, { schema: routeSchemas.diff, config: { auth: 'any' } }, (request) =>
    catalog.diff(actorOf(request), request.params.code, request.query.from, request.query.to),
  );

  app.get('/api/v1/catalog/stats', { schema: routeSchemas.stats, config: { auth: 'any' } }, (request) => catalog.stats(actorOf(request)));

  await registerImportExportRoutes(scope, deps);
}
