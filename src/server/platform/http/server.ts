import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import { ping } from '../db/database.js';
import { registerAuth, type PrincipalResolver } from './auth.js';
import { registerMetrics } from './metrics.js';
import { registerProblemHandlers, sendProblem } from './problem.js';

export type App = FastifyInstance;
export type ModuleRoutes = (app: FastifyInstance) => Promise<void> | void;

export const WEB_ROOT = fileURLToPath(new URL('../../../../dist/web/', import.meta.url));

/** Accept a caller's request id only if it is short and plain, so it cannot inject into logs. */
function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(header) ? header : randomUUID();
}

export async function createHttpServer(
  ctx: AppContext,
  options: { resolver: PrincipalResolver; modules: ModuleRoutes[]; webRoot?: string },
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    genReqId: (req) => requestIdFrom(req.headers['x-request-id']),
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      // Per-request lines only when debugging; errors are always logged with the request id.
      disableRequestLogging: ctx.config.logLevel !== 'debug' && ctx.config.logLevel !== 'trace',
    }),
    // Requests Node's HTTP parser rejects (e.g. raw non-ASCII bytes in the URL) also get a problem document.
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return;
      const body = JSON.stringify({
        type: 'https://zhongshu.dev/problems/request.malformed', title: 'Bad Request', status: 400,
        code: 'request.malformed', detail: 'The HTTP request could not be parsed (percent-encode non-ASCII characters in URLs).',
        requestId: randomUUID(),
      });
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      void error;
    },
    trustProxy: true,
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', useDefaults: true, removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', String(request.id));
    reply.header('x-content-type-options', 'nosniff');
  });

  registerProblemHandlers(app);
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: ctx.config.uploadMaxBytes, files: 1, fields: 10, parts: 12 },
    throwFileSizeLimit: true,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Zhongshu (中枢) API',
        version: '1',
        description:
          'The hub of a government cloud: directory, information resource catalog and (later) exchange, open data and cloud services. ' +
          'People authenticate with POST /api/v1/session (cookie + X-CSRF-Token); business systems with Authorization: Bearer <credential>. ' +
          'Errors are RFC 9457 application/problem+json with a stable code.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'zs_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerAuth(app, options.resolver);
  registerMetrics(app);

  app.get('/health', { schema: { tags: ['platform'], summary: 'Liveness', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({ status: 'ok' as const }));
  app.get('/ready', { schema: { tags: ['platform'], summary: 'Readiness: the database answers' } }, async (request, reply) => {
    try {
      await ping(ctx.db);
      return { status: 'ready', database: ctx.dbKind };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return sendProblem(reply, request, { status: 503, code: 'platform.database_unavailable', detail: 'The database does not answer.' });
    }
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  for (const module of options.modules) await app.register(async (scope) => module(scope));

  const webRoot = options.webRoot ?? WEB_ROOT;
  const hasWeb = fs.existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: false, cacheControl: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    if (isPage && hasWeb) {
      // The SPA owns every other path: hand it index.html and let its router decide.
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(fs.createReadStream(path.join(webRoot, 'index.html')));
    }
    return sendProblem(reply, request, { status: 404, code: 'route.not_found', detail: `No route for ${request.method} ${request.url.split('?')[0]}` });
  });
  return app;
}
