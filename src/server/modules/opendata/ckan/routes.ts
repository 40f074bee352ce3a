/**
 * HTTP of the CKAN Action API (docs/opendata/ckan-api.md):
 *
 *   GET|POST /api/3/action/{action}    also /api/action/{action}
 *
 * As ckan/views/api.py: query parameters (GET) and a JSON or form-encoded body (POST) are the same input; the
 * answer is the envelope {help, success, result}; errors keep CKAN's types and statuses; `callback=` on a GET
 * wraps a successful answer as JSONP and runs the action as nobody. The routes live in their own plugin: their
 * body parser keeps the raw text (so a bad body is answered in CKAN's words) and their error handler answers in
 * CKAN's shape instead of problem+json.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OpendataParts } from '../parts.js';
import { baseUrlOf } from '../urls.js';
import { ACTIONS } from './actions.js';
import { CkanBadRequest, CkanError, toCkanError } from './errors.js';
import type { Params } from './params.js';
import { ckanRouteSchemas } from './schema.js';

export const ACTION_PREFIXES = ['/api/3/action', '/api/action'] as const;

/** CKAN bodies are small dictionaries. */
const BODY_LIMIT = 1024 * 1024;

/** A JavaScript identifier path (`cb`, `jQuery123_456`, `window.app.receive`): nothing else is echoed into a script. */
const CALLBACK = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

interface RawBody {
  raw: string;
}

const helpUrl = (base: string, action: string) => `${base}/api/3/action/help_show?name=${encodeURIComponent(action)}`;

/** Form fields as werkzeug's MultiDict → dict: a repeated field becomes a list. */
function mixed(entries: Array<[string, string]>): Params {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of entries) {
    const previous = out[key];
    out[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'None';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? 'a string' : typeof value;
}

/** The POST body as the action's input (ckan/views/api.py _get_request_data). */
function bodyParams(request: FastifyRequest): Params {
  const body = request.body as RawBody | undefined;
  const text = body?.raw ?? '';
  if (!text.trim()) return {};
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') {
    const entries = [...new URLSearchParams(text)];
    // Old clients post the JSON dictionary as the only form key (value '' or '1').
    if (entries.length === 1 && (entries[0][1] === '' || entries[0][1] === '1') && entries[0][0].trim().startsWith('{')) {
      return jsonObject(entries[0][0]);
    }
    return mixed(entries);
  }
  if (mediaType === 'multipart/form-data') throw new CkanBadRequest('multipart bodies are not supported; send JSON or a form-encoded body');
  return jsonObject(text);
}

function jsonObject(text: string): Params {
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch (error) {
    throw new CkanBadRequest(`JSON Error: Error decoding JSON data. Error: ${(error as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new CkanBadRequest(`Bad request data: Request data JSON decoded to ${describe(data)} but it needs to be a dictionary.`);
  }
  return data as Params;
}

function queryParams(request: FastifyRequest): Params {
  return { ...(request.query as Record<string, string | string[]> | undefined) };
}

function sendJson(reply: FastifyReply, status: number, value: unknown) {
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(value));
}

export async function registerCkanRoutes(app: FastifyInstance, parts: OpendataParts): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, { raw: String(body) } satisfies RawBody));

    scope.addHook('onSend', async (_request, reply) => {
      reply.header('access-control-allow-origin', '*');
    });

    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) {
        request.log.error({ err: error }, 'CKAN action failed');
        const action = (request.params as { action?: string } | undefined)?.action ?? '';
        const base = baseUrlOf(parts.ctx.config, request);
        return sendJson(reply, 500, { help: helpUrl(base, action), success: false, error: { __type: 'Internal Server Error', message: 'Internal Server Error' } });
      }
      return sendJson(reply, status, `Bad request - ${error.message}`);
    });

    const handle = async (request: FastifyRequest, reply: FastifyReply) => {
      const { action: name } = request.params as { action: string };
      const base = baseUrlOf(parts.ctx.config, request);
      const help = helpUrl(base, name);
      const query = request.query as Record<string, unknown>;
      const jsonp = request.method === 'GET' && query.callback !== undefined;
      try {
        const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
        if (!action) throw new CkanBadRequest(`Action name not known: ${name}`);
        const callback = jsonp ? query.callback : undefined;
        if (jsonp && (typeof callback !== 'string' || callback.length > 128 || !CALLBACK.test(callback))) {
          throw new CkanBadRequest('Invalid callback: use a JavaScript identifier (letters, digits, _ and $, dotted paths), at most 128 characters');
        }
        const params = request.method === 'POST' ? { ...queryParams(request), ...bodyParams(request) } : queryParams(request);
        // As CKAN: a call that names a callback runs as nobody, whatever session the browser sends along.
        const anonymous = 'callback' in params;
        delete params.callback;
        const result = await action.run({ parts, base, params, request, anonymous });
        const body = JSON.stringify({ help, success: true, result });
        if (typeof callback === 'string') {
          // U+2028/U+2029 are valid in JSON but end a line in older JavaScript engines.
          const script = `${callback}(${body.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')});`;
          return reply.status(200).type('text/javascript; charset=utf-8').send(script);
        }
        return reply.status(200).type('application/json; charset=utf-8').send(body);
      } catch (error) {
        const mapped = toCkanError(error);
        if (mapped instanceof CkanBadRequest) return sendJson(reply, 400, mapped.message);
        if (mapped instanceof CkanError) return sendJson(reply, mapped.status, { help, success: false, error: mapped.body() });
        request.log.error({ err: error, action: name }, 'CKAN action failed');
        return sendJson(reply, 500, { help, success: false, error: { __type: 'Internal Server Error', message: 'Internal Server Error' } });
      }
    };

    for (const prefix of ACTION_PREFIXES) {
      scope.get(`${prefix}/:action`, { schema: ckanRouteSchemas.get, config: { auth: 'public' } }, handle);
      scope.post(`${prefix}/:action`, { schema: ckanRouteSchemas.post, config: { auth: 'public' } }, handle);
      scope.options(`${prefix}/:action`, { schema: ckanRouteSchemas.options, config: { auth: 'public' } }, async (_request, reply) =>
        reply
          .status(204)
          .header('access-control-allow-methods', 'GET, POST, OPTIONS')
          .header('access-control-allow-headers', 'Content-Type, Authorization, X-CKAN-API-Key')
          .header('access-control-max-age', '86400')
          .send(),
      );
    }
  });
}
