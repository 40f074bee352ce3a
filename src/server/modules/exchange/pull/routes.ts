/** HTTP of sources and pulls (docs/exchange/pull.md): schema, auth declaration, call the service. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/http/auth.js';
import { rolesFor } from './policy.js';
import { routeSchemas as s } from './schema.js';
import type { PullService } from './service.js';

const SOURCES = '/api/v1/exchange/sources';
const PULLS = '/api/v1/exchange/pulls';

export async function registerPullRoutes(scope: FastifyInstance, service: PullService): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const read = { auth: rolesFor('read') };
  const write = { auth: rolesFor('write') };

  app.get(SOURCES, { schema: s.listSources, config: read }, (request) => service.listSources(actorOf(request)));
  app.post(SOURCES, { schema: s.createSource, config: write }, async (request, reply) => {
    const source = await service.createSource(actorOf(request), request.body);
    reply.status(201).header('location', `${SOURCES}/${source.id}`);
    return source;
  });
  app.post(`${SOURCES}/test`, { schema: s.testSettings, config: { auth: rolesFor('test') } }, (request) => service.testSettings(request.body));
  app.get(`${SOURCES}/:id`, { schema: s.getSource, config: read }, (request) => service.getSource(actorOf(request), request.params.id));
  app.put(`${SOURCES}/:id`, { schema: s.updateSource, config: write }, (request) => service.updateSource(actorOf(request), request.params.id, request.body));
  app.delete(`${SOURCES}/:id`, { schema: s.deleteSource, config: write }, async (request, reply) => {
    await service.deleteSource(actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
  app.post(`${SOURCES}/:id/test`, { schema: s.testSource, config: { auth: rolesFor('test') } }, (request) => service.testSource(actorOf(request), request.params.id));
  app.get(`${SOURCES}/:id/tables`, { schema: s.tables, config: read }, (request) => service.tables(actorOf(request), request.params.id));
  app.get(`${SOURCES}/:id/tables/:table/columns`, { schema: s.columns, config: read }, (request) =>
    service.columns(actorOf(request), request.params.id, request.params.table),
  );

  app.get(PULLS, { schema: s.listPulls, config: read }, (request) => service.listPulls(actorOf(request), request.query));
  app.post(PULLS, { schema: s.createPull, config: write }, async (request, reply) => {
    const pull = await service.createPull(actorOf(request), request.body);
    reply.status(201).header('location', `${PULLS}/${pull.id}`);
    return pull;
  });
  app.get(`${PULLS}/:id`, { schema: s.getPull, config: read }, (request) => service.getPull(actorOf(request), request.params.id));
  app.put(`${PULLS}/:id`, { schema: s.updatePull, config: write }, (request) => service.updatePull(actorOf(request), request.params.id, request.body));
  app.delete(`${PULLS}/:id`, { schema: s.deletePull, config: write }, async (request, reply) => {
    await service.deletePull(actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
  app.post(`${PULLS}/:id/run`, { schema: s.runPull, config: { auth: rolesFor('run') } }, async (request, reply) => {
    const run = await service.requestRun(actorOf(request), request.params.id);
    return reply.status(202).send(run);
  });
  app.get(`${PULLS}/:id/runs`, { schema: s.listRuns, config: read }, (request) => service.listRuns(actorOf(request), request.params.id, request.query));
}
