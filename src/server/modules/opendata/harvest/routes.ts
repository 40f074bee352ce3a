/** HTTP of harvesting (docs/opendata/harvesting.md): schema, auth declaration, call the service. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/http/auth.js';
import { routeSchemas as s } from './schema.js';
import { HARVEST_ROLES, type HarvestService } from './service.js';

const SOURCES = '/api/v1/open/harvest/sources';
const RUNS = '/api/v1/open/harvest/runs';

export async function registerHarvestRoutes(scope: FastifyInstance, service: HarvestService): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const admin = { auth: [...HARVEST_ROLES] };

  app.get(SOURCES, { schema: s.listSources, config: admin }, (request) => service.list(actorOf(request)));
  app.post(SOURCES, { schema: s.createSource, config: admin }, async (request, reply) => {
    const source = await service.create(actorOf(request), request.body);
    reply.status(201).header('location', `${SOURCES}/${source.id}`);
    return source;
  });
  app.get(`${SOURCES}/:id`, { schema: s.getSource, config: admin }, (request) => service.get(actorOf(request), request.params.id));
  app.put(`${SOURCES}/:id`, { schema: s.updateSource, config: admin }, (request) => service.update(actorOf(request), request.params.id, request.body));
  app.delete(`${SOURCES}/:id`, { schema: s.deleteSource, config: admin }, async (request, reply) => {
    await service.delete(actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
  app.post(`${SOURCES}/:id/run`, { schema: s.runSource, config: admin }, async (request, reply) => {
    const answer = await service.runNow(actorOf(request), request.params.id, request.body ?? {});
    reply.status(202).header('location', `${RUNS}/${answer.runId}`);
    return answer;
  });
  app.get(`${SOURCES}/:id/runs`, { schema: s.listRuns, config: admin }, (request) => service.runs(actorOf(request), request.params.id, request.query));
  app.get(`${RUNS}/:id`, { schema: s.getRun, config: admin }, (request) => service.run(actorOf(request), request.params.id));
}
