/** HTTP of the quota ledger (docs/cloud/quotas.md). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/http/auth.js';
import { IT_CENTRE_ROLES, ORDERING_ROLES, type QuotaLedger } from '../index.js';
import { CLOUD_API } from '../parts.js';
import { routeSchemas as s } from './schema.js';

export async function registerQuotaRoutes(scope: FastifyInstance, quotas: QuotaLedger): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.get(`${CLOUD_API}/quotas`, { schema: s.list, config: { auth: [...IT_CENTRE_ROLES, ...ORDERING_ROLES] } }, async (request) => ({
    items: await quotas.list(actorOf(request), request.query),
  }));
  app.put(`${CLOUD_API}/quotas/:departmentId/:dimension`, { schema: s.setLimit, config: { auth: [...IT_CENTRE_ROLES] } }, (request) =>
    quotas.setLimit(actorOf(request), request.params.departmentId, request.params.dimension, request.body.limit),
  );
}
