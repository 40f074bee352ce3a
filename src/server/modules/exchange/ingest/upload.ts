/**
 * Console uploads: the file is streamed to <dataDir>/exchange-uploads/<loadId> (never into memory), a load row
 * is registered as 'queued' with a job 'exchange.load_file'; the job parses the file and completes the load
 * through loadRecords({ loadId }), reporting progress (bytes read of the file size; rows for XLSX). The file is
 * deleted when the job ends, successfully or for the last time.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { actorLabel, ROLES, type Actor, type Role } from '../../../platform/actor.js';
import { DomainError, badRequest, forbidden } from '../../../platform/errors.js';
import { actorOf } from '../../../platform/http/auth.js';
import { JobFailed, type JobHandle, type JobProgress } from '../../../platform/jobs.js';
import type { LoadFormat, RejectPolicy } from '../index.js';
import type { ExchangeParts } from '../parts.js';
import { mayLoad } from './load-service.js';
import { parseCsv } from './parsers/csv.js';
import { encodingFromLabel, type TextEncodingName } from './parsers/text.js';
import { checkXlsxArchive, parseXlsxFile } from './parsers/xlsx.js';
import { routeSchemas } from './schema.js';

export const LOAD_FILE_JOB = 'exchange.load_file';
const MAX_ATTEMPTS = 3;
/** Progress is pushed at most once per this many bytes (the reporter coalesces anyway). */
const PROGRESS_BYTES = 1024 * 1024;

export const exchangeUploadsDir = (config: { dataDir: string }) => path.join(config.dataDir, 'exchange-uploads');

interface ActorPayload {
  kind: 'user' | 'system';
  id: string;
  name: string;
  displayName?: string;
  credentialId?: string;
  departmentId: string | null;
  roles: string[];
  requestId?: string;
}

export interface LoadFilePayload {
  loadId: string;
  resourceCode: string;
  file: string;
  format: 'csv' | 'xlsx';
  encoding: TextEncodingName | null;
  mode: RejectPolicy;
  actor: ActorPayload;
}

function actorPayload(actor: Actor): ActorPayload {
  if (actor.kind === 'user') {
    return { kind: 'user', id: actor.userId, name: actor.username, displayName: actor.displayName, departmentId: actor.departmentId, roles: [...actor.roles], requestId: actor.requestId };
  }
  if (actor.kind === 'system') {
    return { kind: 'system', id: actor.systemId, name: actor.systemCode, credentialId: actor.credentialId, departmentId: actor.departmentId, roles: [], requestId: actor.requestId };
  }
  throw forbidden('Uploads come from people or business systems.');
}

/** The uploader, as the job runs on their behalf (roles as they were at upload time). */
function actorFromPayload(payload: ActorPayload): Actor {
  if (payload.kind === 'system') {
    return { kind: 'system', systemId: payload.id, systemCode: payload.name, credentialId: payload.credentialId ?? '', departmentId: payload.departmentId ?? '', roles: [], requestId: payload.requestId };
  }
  return {
    kind: 'user', userId: payload.id, username: payload.name, displayName: payload.displayName ?? payload.name, departmentId: payload.departmentId,
    roles: payload.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role)), mustChangePassword: false, requestId: payload.requestId,
  };
}

const cleanFileName = (name: string | undefined) => (name ?? '').replace(/[\u0000-\u001f\u007f/\\]/g, '_').slice(0, 200);

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

async function formatOf(file: string, fileName: string): Promise<'csv' | 'xlsx'> {
  const handle = await fs.open(file, 'r');
  const head = Buffer.alloc(4);
  try {
    await handle.read(head, 0, 4, 0);
  } finally {
    await handle.close();
  }
  const extension = path.extname(fileName).toLowerCase();
  if (extension === '.xls' || head.equals(OLE_MAGIC)) {
    throw badRequest('exchange.unsupported_file', 'Old .xls workbooks (and password-protected ones) are not supported; save the file as .xlsx or CSV.');
  }
  if (extension === '.xlsx' || head.equals(ZIP_MAGIC)) return 'xlsx';
  return 'csv';
}

/** Coalesces progress reports so a slow write never queues up; never awaited inside the load's transaction
 *  (on PGlite the report can only run once the transaction has finished). */
function progressReporter(job: JobHandle) {
  let latest: JobProgress | null = null;
  let running: Promise<void> | null = null;
  const push = (progress: JobProgress) => {
    latest = { ...latest, ...progress };
    if (running) return;
    running = (async () => {
      while (latest) {
        const next = latest;
        latest = null;
        await job.report(next).catch(() => undefined);
      }
      running = null;
    })();
  };
  return { push, flush: async () => { while (running) await running; } };
}

async function* counted(source: AsyncIterable<Buffer>, onBytes: (bytes: number) => void): AsyncGenerator<Buffer> {
  let bytes = 0;
  let reported = 0;
  for await (const chunk of source) {
    bytes += chunk.length;
    if (bytes - reported >= PROGRESS_BYTES) {
      reported = bytes;
      onBytes(bytes);
    }
    yield chunk;
  }
  onBytes(bytes);
}

export function registerLoadFileJob(parts: ExchangeParts): void {
  const { ctx, jobs, loads, stores } = parts;
  jobs.register(LOAD_FILE_JOB, async (job) => {
    const payload = job.payload as unknown as LoadFilePayload;
    const file = path.resolve(payload.file);
    let final = false;
    try {
      // The path comes from the database; never let it point outside the upload folder.
      if (path.dirname(file) !== path.resolve(exchangeUploadsDir(ctx.config))) {
        final = true;
        throw new JobFailed('exchange.upload_invalid_file', { loadId: payload.loadId, message: 'The uploaded file is not where uploads are kept.' });
      }
      const row = await ctx.db.selectFrom('exchange_loads').select(['status']).where('id', '=', payload.loadId).executeTakeFirst();
      if (!row || row.status === 'succeeded' || row.status === 'rejected') {
        // Already done (a worker died after the commit, before finishing the job): nothing to do again.
        final = true;
        return { loadId: payload.loadId, status: row?.status ?? 'missing' };
      }
      const stat = await fs.stat(file).catch(() => null);
      if (!stat) {
        final = true;
        await markFailed(parts, payload.loadId, 'exchange.upload_file_missing', 'The uploaded file is gone; upload it again.');
        throw new JobFailed('exchange.upload_file_missing', { loadId: payload.loadId, message: 'The uploaded file is gone; upload it again.' });
      }
      const reporter = progressReporter(job);
      const total = payload.format === 'csv' ? stat.size : null;
      let load;
      try {
        await job.report({ phase: 'reading', progress: 0, total });
        const definition = await stores.forResource(payload.resourceCode);
        const records = payload.format === 'xlsx'
          ? parseXlsxFile(file, { columns: definition.columns, onRow: (rows) => { if (rows % 1000 === 0) reporter.push({ phase: 'reading', progress: rows }); } })
          : parseCsv(counted(createReadStream(file, { highWaterMark: 256 * 1024 }), (bytes) => reporter.push({ phase: 'reading', progress: bytes })), {
            columns: definition.columns, encoding: payload.encoding,
          });
        load = await loads.loadRecords({
          actor: actorFromPayload(payload.actor),
          resourceCode: payload.resourceCode,
          channel: 'upload',
          format: payload.format,
          records,
          rejectPolicy: payload.mode,
          loadId: payload.loadId,
          onProgress: (progress) => {
            if (progress.phase === 'merging') reporter.push({ phase: 'merging' });
          },
        });
      } catch (error) {
        await reporter.flush();
        if (error instanceof DomainError) {
          // The input or the load was refused: retrying cannot help.
          final = true;
          await markFailed(parts, payload.loadId, error.code, error.message.slice(0, 1000));
          throw new JobFailed(error.code, { loadId: payload.loadId, message: error.message });
        }
        const attempts = (await jobs.get(job.id))?.attempts ?? MAX_ATTEMPTS;
        final = attempts >= MAX_ATTEMPTS;
        if (final) await markFailed(parts, payload.loadId, 'exchange.load_failed', 'The load failed unexpectedly; upload the file again.');
        throw error;
      }
      await reporter.flush();
      await job.report({ phase: 'done', progress: total ?? load.received, total });
      final = true;
      return { loadId: load.id, status: load.status, received: load.received, inserted: load.inserted, updated: load.updated, deleted: load.deleted, rejected: load.rejected };
    } finally {
      if (final) await fs.rm(file, { force: true });
    }
  }, MAX_ATTEMPTS);
}

async function markFailed(parts: ExchangeParts, loadId: string, code: string, detail: string) {
  await parts.ctx.db.updateTable('exchange_loads').set({ status: 'failed', error_code: code, error_detail: detail, finished_at: new Date() }).where('id', '=', loadId).execute();
}

export function registerUploadRoute(app: FastifyInstance, parts: ExchangeParts): void {
  const { ctx, jobs, stores } = parts;

  app.post('/api/v1/exchange/resources/:code/uploads', {
    config: { auth: 'any' },
    schema: routeSchemas.upload,
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { code } = request.params as { code: string };
    const query = request.query as { mode?: RejectPolicy; encoding?: string };
    const definition = await stores.forResource(code);
    if (!mayLoad(actor, definition)) {
      throw forbidden('Only the provider department (its users and business systems) or the data bureau may load this resource.', 'exchange.not_provider');
    }
    if (!request.isMultipart()) {
      throw new DomainError('payload.unsupported_media_type', 415, 'Send the file as multipart/form-data in the field "file".');
    }
    const part = await request.file({ limits: { fileSize: ctx.config.loadUploadMaxBytes } });
    if (!part) throw badRequest('exchange.upload_no_file', 'Send the CSV or XLSX file in a multipart file field.');
    const field = (name: string): string | undefined => {
      const value = part.fields[name];
      const single = Array.isArray(value) ? value[0] : value;
      return single && single.type === 'field' ? String(single.value) : undefined;
    };
    let mode: RejectPolicy;
    let encoding: TextEncodingName | null;
    try {
      const modeText = field('mode') ?? query.mode ?? 'skip';
      if (modeText !== 'atomic' && modeText !== 'skip') throw badRequest('exchange.invalid_mode', 'mode is "atomic" or "skip".');
      mode = modeText;
      encoding = encodingFromLabel(field('encoding') ?? query.encoding);
    } catch (error) {
      part.file.resume();
      throw error;
    }

    const directory = exchangeUploadsDir(ctx.config);
    await fs.mkdir(directory, { recursive: true });
    const loadId = randomUUID();
    const file = path.join(directory, loadId);
    const fileName = cleanFileName(part.filename);
    let format: 'csv' | 'xlsx';
    let bytes: number;
    try {
      await pipeline(part.file, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
      if (part.file.truncated) throw new DomainError('payload.too_large', 413, `The file is larger than ${Math.round(ctx.config.loadUploadMaxBytes / 1024 / 1024)} MB.`);
      bytes = (await fs.stat(file)).size;
      if (bytes === 0) throw badRequest('exchange.empty_file', 'The file is empty.');
      format = await formatOf(file, fileName);
      // Cheap now (only the end of the file is read), so the uploader hears at once; the job inflates every entry.
      if (format === 'xlsx') await checkXlsxArchive(file);
    } catch (error) {
      await fs.rm(file, { force: true });
      const failure = error as { code?: string; syscall?: string; statusCode?: number };
      if (failure.code === 'FST_REQ_FILE_TOO_LARGE') throw new DomainError('payload.too_large', 413, 'The file is too large.');
      if (!(error instanceof DomainError) && failure.syscall === undefined && failure.statusCode === undefined) {
        throw badRequest('exchange.invalid_upload', 'The upload was cut off or is not valid multipart/form-data.');
      }
      throw error;
    }

    const who = actorLabel(actor);
    try {
      await ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('exchange_loads').values({
          id: loadId, resource_id: definition.resourceId, channel: 'upload', format: format as LoadFormat, status: 'queued',
          actor_type: who.type, actor_id: who.id, system_id: actor.kind === 'system' ? actor.systemId : null, department_id: actor.departmentId ?? null,
          file_name: fileName || null, file_bytes: bytes,
        }).execute();
        await ctx.audit.record(trx, {
          actor, action: 'exchange.load_upload', targetType: 'resource', targetId: definition.resourceCode,
          after: { loadId, fileName, fileBytes: bytes, format, mode },
        });
      });
      const payload: LoadFilePayload = { loadId, resourceCode: definition.resourceCode, file, format, encoding, mode, actor: actorPayload({ ...actor, requestId: String(request.id) }) };
      const jobId = await jobs.enqueue(LOAD_FILE_JOB, payload as unknown as Record<string, unknown>, {
        createdBy: actor.kind === 'user' ? actor.userId : null, departmentId: actor.departmentId ?? null, total: format === 'csv' ? bytes : undefined,
      });
      await ctx.db.updateTable('exchange_loads').set({ job_id: jobId }).where('id', '=', loadId).execute();
      return reply.code(202).send({ loadId, jobId });
    } catch (error) {
      await fs.rm(file, { force: true });
      await markFailed(parts, loadId, 'exchange.upload_not_queued', 'The upload could not be queued.').catch(() => undefined);
      throw error;
    }
  });
}
