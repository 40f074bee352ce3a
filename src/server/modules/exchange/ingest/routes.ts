/**
 * HTTP of loading (docs/exchange/ingest.md):
 *
 *   POST   /api/v1/exchange/resources/{code}/records        push NDJSON / JSON array / CSV, streamed
 *   DELETE /api/v1/exchange/resources/{code}/records/{key}  a one-record delete load
 *   POST   /api/v1/exchange/resources/{code}/uploads        multipart CSV/XLSX → 202 {loadId, jobId} (upload.ts)
 *   GET    /api/v1/exchange/resources/{code}/template       csv | xlsx
 *   GET    /api/v1/exchange/loads                           loads you may see
 *   GET    /api/v1/exchange/loads/{id}                      one load (+ job progress)
 *   GET    /api/v1/exchange/loads/{id}/errors               error report: csv | xlsx | json
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, badRequest, forbidden } from '../../../platform/errors.js';
import { actorOf } from '../../../platform/http/auth.js';
import { sendProblem } from '../../../platform/http/problem.js';
import type { LoadRecord, RawRecord, RejectPolicy } from '../index.js';
import type { ExchangeParts } from '../parts.js';
import { mayLoad, MAX_STORED_ERRORS } from './load-service.js';
import { parseRecords, type ParseFormat } from './parse.js';
import { toBuffer } from './parsers/bytes.js';
import { errorReportCsv, errorReportJson, errorReportXlsx, errorRows, templateCsv, templateXlsx } from './reports.js';
import { routeSchemas } from './schema.js';
import { registerUploadRoute } from './upload.js';

const MEDIA_TYPES: Record<string, Exclude<ParseFormat, 'xlsx'>> = {
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/json': 'json',
  'text/csv': 'csv',
};

/** 1–200 visible ASCII characters (RFC 9110 token-ish), or absent. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  const value = Array.isArray(header) ? header[0] : header;
  if (!/^[\x21-\x7e]{1,200}$/.test(value)) {
    throw badRequest('exchange.invalid_idempotency_key', 'Idempotency-Key must be 1–200 visible ASCII characters.');
  }
  return value;
}

function contentTypeOf(header: string | undefined): { format: Exclude<ParseFormat, 'xlsx'>; charset: string | null; mediaType: string } {
  const [media, ...parameters] = (header ?? '').split(';');
  const mediaType = media.trim().toLowerCase();
  const format = MEDIA_TYPES[mediaType];
  if (!format) throw new DomainError('payload.unsupported_media_type', 415, 'Send application/x-ndjson, application/json or text/csv.');
  let charset: string | null = null;
  for (const parameter of parameters) {
    const match = /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(parameter);
    if (match) charset = match[1];
  }
  return { format, charset, mediaType };
}

/**
 * Counts the body's bytes and stops it at the cap (413) without ever holding more than one chunk. Stopping early
 * (a parse error, the cap) leaves the request stream alive, so the problem document still reaches the client;
 * the route then closes the connection instead of reading the rest.
 */
async function* capped(body: Readable | undefined, limit: number): AsyncGenerator<Buffer> {
  if (!body) return;
  let bytes = 0;
  const chunks: AsyncIterable<Buffer | string> = typeof body.iterator === 'function' ? body.iterator({ destroyOnReturn: false }) : body;
  for await (const chunk of chunks) {
    const buffer = toBuffer(chunk);
    bytes += buffer.length;
    if (bytes > limit) throw new DomainError('payload.too_large', 413, `The body is larger than ${Math.round(limit / 1024 / 1024)} MB; upload a file or split the load.`);
    yield buffer;
  }
}

function answer(reply: FastifyReply, request: FastifyRequest, load: LoadRecord) {
  if (load.replayed) reply.header('idempotent-replayed', 'true');
  if (load.status === 'rejected') {
    return sendProblem(reply, request, {
      status: 422,
      code: 'exchange.rows_rejected',
      detail: `${load.rejected} of ${load.received} records were rejected; nothing was written. The load lists each rejected row with its reasons.`,
      load,
    });
  }
  return reply.send(load);
}

/** A composite key in the URL: `a,2024` (values in key order) or a JSON array `["a",2024]`. */
export function keyRecord(keyColumns: string[], text: string): RawRecord {
  let values: unknown[];
  if (text.trimStart().startsWith('[')) {
    try {
      values = JSON.parse(text) as unknown[];
    } catch {
      throw badRequest('exchange.invalid_key', 'The key is not a valid JSON array.');
    }
    if (!Array.isArray(values) || values.some((value) => value !== null && typeof value === 'object')) {
      throw badRequest('exchange.invalid_key', 'A JSON key is an array of plain values.');
    }
  } else {
    values = keyColumns.length === 1 ? [text] : text.split(',');
  }
  if (values.length !== keyColumns.length) {
    throw badRequest('exchange.invalid_key', `The key has ${keyColumns.length} part(s): ${keyColumns.join(', ')}.`);
  }
  const record: RawRecord = { _op: 'delete' };
  keyColumns.forEach((column, index) => {
    record[column] = values[index];
  });
  return record;
}

async function* one(record: RawRecord): AsyncGenerator<RawRecord> {
  yield record;
}

/**
 * The push route lives in its own encapsulated plugin whose content-type parsers hand over the raw request
 * stream: the rest of the app keeps Fastify's JSON parser and its 2 MB body limit.
 */
async function pushPlugin(scope: FastifyInstance, parts: ExchangeParts): Promise<void> {
  const { ctx, loads, stores } = parts;
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser(Object.keys(MEDIA_TYPES), (_request, payload, done) => done(null, payload));

  scope.post('/api/v1/exchange/resources/:code/records', {
    config: { auth: 'any' },
    schema: routeSchemas.push,
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { code } = request.params as { code: string };
    const query = request.query as { mode?: RejectPolicy; replace?: boolean };
    const key = idempotencyKeyOf(request.headers['idempotency-key']);
    const { format, charset, mediaType } = contentTypeOf(request.headers['content-type']);
    if (format !== 'csv' && charset && !/^utf-?8$/i.test(charset)) {
      throw new DomainError('exchange.bad_encoding', 400, 'NDJSON and JSON bodies must be UTF-8.');
    }
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > ctx.config.loadUploadMaxBytes) {
      throw new DomainError('payload.too_large', 413, `The body is larger than ${Math.round(ctx.config.loadUploadMaxBytes / 1024 / 1024)} MB; upload a file or split the load.`);
    }
    const mode = query.mode ?? 'atomic';
    const replace = query.replace === true;
    // Idempotency fingerprint: the media type and the query only. Hashing the body would mean reading all of it
    // before a retry can be answered; the key itself names the body (a client must not reuse it for other data).
    const requestHash = createHash('sha256').update(`${mediaType}\n${charset ?? ''}\nmode=${mode}\nreplace=${replace}`).digest('hex');
    const definition = format === 'csv' ? await stores.forResource(code) : null;
    const raw = request.body as Readable | undefined;
    const records = parseRecords(format, capped(raw, ctx.config.loadUploadMaxBytes), { encoding: charset, columns: definition?.columns });
    let load: LoadRecord;
    try {
      load = await loads.loadRecords({
        actor, resourceCode: code, channel: 'api', format, records, rejectPolicy: mode, idempotencyKey: key, requestHash, deleteMissing: replace,
      });
    } catch (error) {
      // The rest of a refused body is not worth reading: answer, then close the connection.
      if (raw && !raw.readableEnded) reply.header('connection', 'close');
      throw error;
    }
    if (raw && !raw.readableEnded) reply.header('connection', 'close');
    return answer(reply, request, load);
  });
}

export async function registerIngestRoutes(app: FastifyInstance, parts: ExchangeParts): Promise<void> {
  const { ctx, loads, stores, jobs } = parts;
  await app.register(async (scope) => pushPlugin(scope, parts));
  registerUploadRoute(app, parts);

  app.delete('/api/v1/exchange/resources/:code/records/:key', {
    config: { auth: 'any' },
    schema: routeSchemas.deleteRecord,
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { code, key } = request.params as { code: string; key: string };
    const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key']);
    const definition = await stores.forResource(code);
    const record = keyRecord(definition.keyColumns, key);
    const requestHash = createHash('sha256').update(`delete\n${key}`).digest('hex');
    const load = await loads.loadRecords({
      actor, resourceCode: code, channel: 'api', format: 'json', records: one(record), rejectPolicy: 'atomic', idempotencyKey, requestHash,
    });
    return answer(reply, request, load);
  });

  app.get('/api/v1/exchange/resources/:code/template', {
    config: { auth: 'any' },
    schema: routeSchemas.template,
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { code } = request.params as { code: string };
    const { format = 'xlsx' } = request.query as { format?: 'csv' | 'xlsx' };
    const definition = await stores.forResource(code);
    if (!mayLoad(actor, definition)) throw forbidden('Only those who may load this resource get its template.', 'exchange.not_provider');
    const name = `${definition.resourceCode}-template.${format}`;
    reply.header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store');
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(templateCsv(definition));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(templateXlsx(definition));
  });

  app.get('/api/v1/exchange/loads', {
    config: { auth: 'any' },
    schema: routeSchemas.list,
  }, async (request) => {
    const { resourceCode, page = 1, pageSize = 20 } = request.query as { resourceCode?: string; page?: number; pageSize?: number };
    const { items, total } = await loads.list(actorOf(request), { resourceCode, page, pageSize });
    return { items, total, page, pageSize };
  });

  app.get('/api/v1/exchange/loads/:id', {
    config: { auth: 'any' },
    schema: routeSchemas.get,
  }, async (request) => {
    const { id } = request.params as { id: string };
    const load = await loads.get(actorOf(request), id);
    const row = await ctx.db.selectFrom('exchange_loads').select(['file_name', 'file_bytes', 'job_id', 'error_code', 'error_detail']).where('id', '=', id).executeTakeFirstOrThrow();
    let job = null;
    if (row.job_id && (load.status === 'queued' || load.status === 'running')) {
      const found = await jobs.get(row.job_id);
      if (found) job = { phase: found.phase, progress: Number(found.progress), total: found.total === null ? null : Number(found.total), status: found.status };
    }
    return {
      ...load, fileName: row.file_name, fileBytes: row.file_bytes === null ? null : Number(row.file_bytes), jobId: row.job_id,
      errorCode: row.error_code, errorDetail: row.error_detail, job,
    };
  });

  app.get('/api/v1/exchange/loads/:id/errors', {
    config: { auth: 'any' },
    schema: routeSchemas.errors,
  }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const { format = 'csv' } = request.query as { format?: 'csv' | 'xlsx' | 'json' };
    const load = await loads.get(actorOf(request), id);
    const rows = errorRows(ctx.db, id);
    const name = `load-${id.slice(0, 8)}-errors.${format}`;
    reply.header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store');
    let body: Readable;
    if (format === 'json') {
      reply.type('application/json; charset=utf-8');
      body = errorReportJson(rows, { id, errorCount: load.errorCount });
    } else if (format === 'xlsx') {
      reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const note = load.rejected > load.errorCount && load.errorCount >= MAX_STORED_ERRORS
        ? `仅保存前 ${MAX_STORED_ERRORS} 个错误 / only the first ${MAX_STORED_ERRORS} problems are kept`
        : null;
      body = errorReportXlsx(rows, note);
    } else {
      reply.type('text/csv; charset=utf-8');
      body = errorReportCsv(rows);
    }
    return reply.send(body);
  });
}
