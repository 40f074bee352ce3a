/**
 * HTTP for catalog import and export. The catalog routes call `registerImportExportRoutes(app, deps)`.
 *
 *   GET  /api/v1/catalog/import/template           the XLSX template
 *   POST /api/v1/catalog/import                    multipart `file` → 202 {job}
 *   GET  /api/v1/catalog/import/{jobId}            the job: status, phase, progress, result
 *   GET  /api/v1/catalog/import/{jobId}/errors.xlsx  the error report of a rejected import
 *   GET  /api/v1/catalog/export?format=xlsx|json   the entries a search would find, as a file
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { hasRole, type Actor, type Role, type UserActor } from '../../platform/actor.js';
import { DomainError, badRequest, forbidden, notFound } from '../../platform/errors.js';
import { actorOf } from '../../platform/http/auth.js';
import type { Row } from '../../platform/db/schema.js';
import type { JobRunner } from '../../platform/jobs.js';
import { ArchiveRejected, DEFAULT_ARCHIVE_LIMITS, inspectArchive } from './xlsx-zip.js';
import { writeCatalogWorkbook } from './xlsx-template.js';
import { writeErrorReport } from './import-report.js';
import type { ImportError } from './import-errors.js';
import {
  ExportQuerySchema, asWorkbookResources, contentDisposition, exportDate, jsonExport, listForExport, sendWorkbook, splitExportQuery,
  type ExportQuery, type ExportSource,
} from './export.js';
import { CATALOG_IMPORT_JOB, payloadFor, registerCatalogJobs, uploadsDir, type CatalogJobDeps } from './jobs.js';

export interface ImportExportDeps extends CatalogJobDeps {
  catalog: CatalogJobDeps['catalog'] & ExportSource;
  jobs: JobRunner;
}

const IMPORT_ROLES: readonly Role[] = ['dept_admin', 'dept_operator', 'data_admin'];

const JobSchema = Type.Object({
  id: Type.String(),
  status: Type.String(),
  phase: Type.Union([Type.String(), Type.Null()]),
  progress: Type.Integer(),
  total: Type.Union([Type.Integer(), Type.Null()]),
  errorCode: Type.Union([Type.String(), Type.Null()]),
  result: Type.Unknown(),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});
const JobParams = Type.Object({ jobId: Type.String({ format: 'uuid' }) });

function presentJob(job: Row<'jobs'>) {
  const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
  return {
    id: job.id, status: job.status, phase: job.phase, progress: job.progress, total: job.total, errorCode: job.error_code,
    result: job.result ?? null, createdAt: iso(job.created_at)!, finishedAt: iso(job.finished_at),
  };
}

const tooLarge = (message = 'The file is too large.') => new DomainError('payload.too_large', 413, message);

function fromArchiveProblem(error: ArchiveRejected): DomainError {
  return new DomainError(error.code, error.code === 'catalog.import_too_large' ? 413 : 400, error.message);
}

/** Keeps the uploader's file name for the audit log and the console, as plain text of sane length. */
const cleanFileName = (name: string | undefined) => (name ?? '').replace(/[\u0000-\u001f\u007f/\\]/g, '_').slice(0, 200);

export function registerImportExportRoutes(app: FastifyInstance, deps: ImportExportDeps): void {
  const { ctx, jobs } = deps;
  registerCatalogJobs(jobs, deps);

  async function visibleJob(actor: Actor, id: string): Promise<Row<'jobs'>> {
    const job = await jobs.get(id);
    const mayRead = job && job.kind === CATALOG_IMPORT_JOB && (hasRole(actor, 'data_admin') || (actor.kind === 'user' && job.created_by === actor.userId));
    // Other people's jobs answer like missing ones: their ids reveal nothing.
    if (!job || !mayRead) throw notFound('catalog.import_job_not_found', 'No such import job.');
    return job;
  }

  app.get('/api/v1/catalog/import/template', {
    config: { auth: 'user' },
    schema: { tags: ['catalog'], summary: 'The XLSX import template (bilingual headers, dropdowns, instructions)' },
  }, async (request, reply) => sendWorkbook(request, reply, 'catalog-import-template.xlsx', (output) => writeCatalogWorkbook(output)));

  app.post('/api/v1/catalog/import', {
    config: { auth: IMPORT_ROLES },
    schema: {
      tags: ['catalog'],
      summary: 'Upload an XLSX file to import (multipart field "file"); checked in full before anything is written',
      consumes: ['multipart/form-data'],
      response: { 202: Type.Object({ job: JobSchema }) },
    },
  }, async (request, reply) => {
    const actor = actorOf(request) as UserActor;
    if (!hasRole(actor, 'data_admin') && !actor.departmentId) throw forbidden('You belong to no department, so there is nothing you may import.');
    if (!request.isMultipart()) {
      throw new DomainError('payload.unsupported_media_type', 415, 'Send the file as multipart/form-data in the field "file".');
    }
    const part = await request.file();
    if (!part || part.fieldname !== 'file') {
      part?.file.resume();
      throw badRequest('catalog.import_no_file', 'Send the XLSX file in the multipart field "file".');
    }
    const directory = uploadsDir(ctx.config);
    await fs.mkdir(directory, { recursive: true });
    const file = path.join(directory, `${randomUUID()}.xlsx`);
    try {
      await pipeline(part.file, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
      if (part.file.truncated) throw tooLarge(`The file is larger than ${Math.round(ctx.config.uploadMaxBytes / 1024 / 1024)} MB.`);
      // Cheap checks now (only the end of the file is read), so the uploader hears at once; the job repeats
      // them and inflates every entry before parsing.
      await inspectArchive(file, DEFAULT_ARCHIVE_LIMITS);
    } catch (error) {
      await fs.rm(file, { force: true });
      if (error instanceof ArchiveRejected) throw fromArchiveProblem(error);
      const failure = error as { code?: string; syscall?: string; statusCode?: number };
      if (failure.code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
      // Busboy's complaints (a body cut off, a broken boundary) are the client's; disk errors stay 500s.
      if (!(error instanceof DomainError) && failure.syscall === undefined && failure.statusCode === undefined) {
        throw badRequest('catalog.import_invalid_upload', 'The upload was cut off or is not valid multipart/form-data.');
      }
      throw error;
    }
    const fileName = cleanFileName(part.filename);
    const jobId = await jobs.enqueue(CATALOG_IMPORT_JOB, { ...payloadFor({ ...actor, requestId: String(request.id) }, file, fileName) }, {
      createdBy: actor.userId,
      departmentId: actor.departmentId,
    });
    await ctx.audit.record(ctx.db, { actor, action: 'catalog.import_upload', targetType: 'job', targetId: jobId, after: { fileName } });
    const job = await jobs.get(jobId);
    return reply.code(202).send({ job: presentJob(job!) });
  });

  app.get('/api/v1/catalog/import/:jobId', {
    config: { auth: 'user' },
    schema: { tags: ['catalog'], summary: 'An import job: status, phase, progress and result', params: JobParams, response: { 200: Type.Object({ job: JobSchema }) } },
  }, async (request) => {
    const { jobId } = request.params as { jobId: string };
    return { job: presentJob(await visibleJob(actorOf(request), jobId)) };
  });

  app.get('/api/v1/catalog/import/:jobId/errors.xlsx', {
    config: { auth: 'user' },
    schema: { tags: ['catalog'], summary: 'The error report of a rejected import (sheet, row, column, value, reason)', params: JobParams },
  }, async (request, reply) => {
    const { jobId } = request.params as { jobId: string };
    const job = await visibleJob(actorOf(request), jobId);
    const result = (job.result ?? {}) as { errors?: ImportError[]; errorCount?: number };
    if (job.status !== 'failed' || !Array.isArray(result.errors) || result.errors.length === 0) {
      throw notFound('catalog.import_report_not_found', 'This import has no error report.');
    }
    const errors = result.errors;
    const note = (result.errorCount ?? errors.length) > errors.length
      ? `仅列出前 ${errors.length} 个错误，共 ${result.errorCount} 个 / only the first ${errors.length} of ${result.errorCount} errors are listed`
      : undefined;
    return sendWorkbook(request, reply, `catalog-import-errors-${jobId.slice(0, 8)}.xlsx`, (output) => writeErrorReport(output, errors, note));
  });

  app.get('/api/v1/catalog/export', {
    config: { auth: 'any' },
    schema: {
      tags: ['catalog'],
      summary: 'Export the entries a search finds: format=xlsx (the import template, re-importable) or json',
      querystring: ExportQuerySchema,
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { fileFormat, filters } = splitExportQuery(request.query as ExportQuery);
    const { resources, truncated } = await listForExport(deps.catalog, actor, filters);
    await ctx.audit.record(ctx.db, { actor, action: 'catalog.export', targetType: 'catalog', after: { format: fileFormat, filters, count: resources.length, truncated } });
    const filename = `catalog-${exportDate()}.${fileFormat}`;
    reply.header('content-disposition', contentDisposition(filename)).header('cache-control', 'no-store');
    if (truncated) reply.header('x-export-truncated', 'true');
    if (fileFormat === 'json') return reply.send(jsonExport(resources, truncated));
    return sendWorkbook(request, reply, filename, (output) => writeCatalogWorkbook(output, asWorkbookResources(resources)));
  });
}
