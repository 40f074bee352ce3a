/**
 * HTTP for quality (docs/exchange/quality.md): scores, the department scorecard, freshness alarms, and
 * measuring on demand.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/http/auth.js';
import { MEASURE_ROLES } from './policy.js';
import type { QualityQueries } from './queries.js';
import { qualityRouteSchemas as schemas } from './schema.js';
import type { QualityService } from './service.js';

const BASE = '/api/v1/exchange';

export async function registerQualityRoutes(
  scope: FastifyInstance,
  deps: { service: QualityService; queries: QualityQueries },
): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { service, queries } = deps;

  app.get(`${BASE}/quality`, { schema: schemas.list, config: { auth: 'user' } }, (request) => queries.list(request.query));

  app.get(`${BASE}/quality/departments`, { schema: schemas.departments, config: { auth: 'user' } }, () => queries.departments());

  app.get(`${BASE}/quality/resources/:code`, { schema: schemas.detail, config: { auth: 'user' } }, (request) =>
    queries.detail(request.params.code, request.query),
  );

  // Measuring writes only a derived figure, but a person asked for it: the service audits it with the score.
  app.post(`${BASE}/quality/resources/:code/measure`, { schema: schemas.measure, config: { auth: MEASURE_ROLES } }, (request) =>
    service.measureAsActor(actorOf(request), request.params.code),
  );

  app.get(`${BASE}/alarms`, { schema: schemas.alarms, config: { auth: 'user' } }, (request) => queries.alarms(request.query));
}
