/** HTTP of the cloud catalog (docs/cloud/catalog.md): schema, auth declaration, call the service. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/http/auth.js';
import { IT_CENTRE_ROLES, ORDERING_ROLES } from '../index.js';
import { CLOUD_API, type DriverPool } from '../parts.js';
import { routeSchemas as s } from './schema.js';
import type { CatalogService } from './service.js';

export async function registerCatalogRoutes(scope: FastifyInstance, service: CatalogService, drivers: DriverPool): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const write = { auth: [...IT_CENTRE_ROLES] };
  const read = { auth: [...IT_CENTRE_ROLES, ...ORDERING_ROLES] };
  const PROVIDERS = `${CLOUD_API}/providers`;
  const SUBCONTRACTS = `${CLOUD_API}/subcontracts`;
  const OFFERINGS = `${CLOUD_API}/offerings`;

  app.get(PROVIDERS, { schema: s.listProviders, config: read }, async (request) => ({ items: await service.listProviders(actorOf(request)) }));
  app.post(PROVIDERS, { schema: s.createProvider, config: write }, async (request, reply) => {
    const provider = await service.createProvider(actorOf(request), request.body);
    reply.status(201).header('location', `${PROVIDERS}/${provider.id}`);
    return provider;
  });
  app.get(`${PROVIDERS}/:id`, { schema: s.getProvider, config: read }, (request) => service.getProvider(actorOf(request), request.params.id));
  app.put(`${PROVIDERS}/:id`, { schema: s.updateProvider, config: write }, (request) => service.updateProvider(actorOf(request), request.params.id, request.body));
  app.put(`${PROVIDERS}/:id/endpoints/:driver`, { schema: s.putEndpoint, config: write }, (request) =>
    service.putEndpoint(actorOf(request), request.params.id, request.params.driver, request.body, drivers),
  );
  app.post(`${PROVIDERS}/:id/endpoints/:driver/test`, { schema: s.testEndpoint, config: write }, (request) =>
    service.testEndpoint(actorOf(request), request.params.id, request.params.driver, drivers),
  );

  app.get(SUBCONTRACTS, { schema: s.listSubcontracts, config: read }, async (request) => ({ items: await service.listSubcontracts(actorOf(request), request.query) }));
  app.post(SUBCONTRACTS, { schema: s.createSubcontract, config: write }, async (request, reply) => {
    const subcontract = await service.createSubcontract(actorOf(request), request.body);
    reply.status(201);
    return subcontract;
  });
  app.put(`${SUBCONTRACTS}/:id`, { schema: s.updateSubcontract, config: write }, (request) => service.updateSubcontract(actorOf(request), request.params.id, request.body));

  app.get(OFFERINGS, { schema: s.listOfferings, config: read }, async (request) => ({ items: await service.listOfferings(actorOf(request), request.query) }));
  app.post(OFFERINGS, { schema: s.createOffering, config: write }, async (request, reply) => {
    const offering = await service.createOffering(actorOf(request), request.body);
    reply.status(201).header('location', `${OFFERINGS}/${offering.id}`);
    return offering;
  });
  app.get(`${OFFERINGS}/:id`, { schema: s.getOffering, config: read }, (request) => service.getOffering(actorOf(request), request.params.id));
  app.put(`${OFFERINGS}/:id`, { schema: s.updateOffering, config: write }, (request) => service.updateOffering(actorOf(request), request.params.id, request.body));
  app.get(`${OFFERINGS}/:id/rate-cards`, { schema: s.listRateCards, config: read }, async (request) => ({ items: await service.listRateCards(actorOf(request), request.params.id) }));
  app.post(`${OFFERINGS}/:id/rate-cards`, { schema: s.createRateCard, config: write }, async (request, reply) => {
    const card = await service.createRateCard(actorOf(request), request.params.id, request.body);
    reply.status(201);
    return card;
  });
  app.post(`${OFFERINGS}/:id/quote`, { schema: s.quote, config: read }, (request) => service.quoteFor(actorOf(request), request.params.id, request.body.parameters));
}
