/**
 * HTTP of the records API (docs/exchange/query.md). Thin: who asks, the purpose header, the query as given;
 * the service decides, logs and answers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DomainError } from '../../../platform/errors.js';
import { actorOf } from '../../../platform/http/auth.js';
import { queryRouteSchemas } from './schema.js';
import type { CallMeta, QueryService } from './service.js';
import type { RawQuery } from './request.js';

const BASE = '/api/v1/exchange/resources/:code';

function metaOf(request: FastifyRequest, reply?: FastifyReply): CallMeta {
  return {
    requestId: String(request.id),
    purposeHeader: request.headers['x-purpose'],
    onClose: reply ? (listener) => reply.raw.once('close', listener) : undefined,
  };
}

/** A 429 carries Retry-After as a header too. */
async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && typeof error.extra.retryAfter === 'number') reply.header('retry-after', String(error.extra.retryAfter));
    throw error;
  }
}

export function registerQueryRoutes(scope: FastifyInstance, service: QueryService): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get(`${BASE}/records`, { schema: queryRouteSchemas.list, config: { auth: 'any' } }, (request, reply) =>
    withRetryAfter(reply, () => service.list(actorOf(request), request.params.code, request.query as RawQuery, metaOf(request))),
  );

  // Static segment first: /records/export is the export, not the record with key "export" (use ["export"]).
  app.get(`${BASE}/records/export`, { schema: queryRouteSchemas.export, config: { auth: 'any' } }, async (request, reply) => {
    const answer = await withRetryAfter(reply, () => service.export(actorOf(request), request.params.code, request.query as RawQuery, metaOf(request, reply)));
    const ascii = answer.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return reply
      .header('content-type', answer.contentType)
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(answer.fileName)}`)
      .header('cache-control', 'no-store')
      // The 200 schema documents text bodies; the body is streamed.
      .send(answer.stream as unknown as string);
  });

  app.get(`${BASE}/records/:key`, { schema: queryRouteSchemas.get, config: { auth: 'any' } }, (request, reply) =>
    withRetryAfter(reply, () => service.get(actorOf(request), request.params.code, request.params.key, request.query as RawQuery, metaOf(request))),
  );

  app.get(`${BASE}/preview`, { schema: queryRouteSchemas.preview, config: { auth: ['data_admin', 'dept_admin', 'dept_operator'] } }, (request) =>
    service.preview(actorOf(request), request.params.code, request.query as RawQuery, metaOf(request)),
  );
}
