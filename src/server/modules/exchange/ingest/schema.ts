/**
 * Schemas of the loading endpoints (docs/exchange/ingest.md): validation at the edge and the OpenAPI document.
 * The push body is a stream and is described, not validated, here (the parsers check it record by record).
 */
import { Type } from 'typebox';
import { Nullable } from '../../../platform/http/schema.js';

const TAGS = ['exchange'];
const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
const Code = Type.String({ minLength: 1, maxLength: 64, description: 'Catalog code of a published resource.' });

export const RejectedRowSchema = Type.Object({
  row: Type.Integer({ description: '1-based record number: NDJSON record, JSON element, data row of CSV/XLSX (header excluded).' }),
  field: Nullable(Type.String()),
  value: Nullable(Type.String()),
  code: Type.String(),
  message: Type.String(),
});

export const LoadRecordSchema = Type.Object({
  id: Type.String(),
  resourceCode: Type.String(),
  channel: Type.Enum(['api', 'upload', 'pull']),
  format: Type.String(),
  status: Type.Enum(['queued', 'running', 'succeeded', 'rejected', 'failed']),
  received: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  deleted: Type.Integer(),
  rejected: Type.Integer(),
  errors: Type.Array(RejectedRowSchema, { description: 'The first rejected rows (all of them are in the error report).' }),
  errorCount: Type.Integer(),
  quality: Type.Unknown({ description: 'Per-field presence and failures, duplicate keys, completeness and validity (%).' }),
  idempotencyKey: Nullable(Type.String()),
  replayed: Type.Optional(Type.Boolean()),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});

const JobProgressSchema = Type.Object({
  phase: Nullable(Type.String({ description: 'reading | merging | done' })),
  progress: Type.Integer({ description: 'Bytes read (CSV) or rows read (XLSX).' }),
  total: Nullable(Type.Integer({ description: 'File size in bytes (CSV); null for XLSX.' })),
  status: Type.String({ description: 'The job: queued | running | succeeded | failed.' }),
});

export const LoadDetailSchema = Type.Intersect([
  LoadRecordSchema,
  Type.Object({
    fileName: Nullable(Type.String()),
    fileBytes: Nullable(Type.Integer()),
    jobId: Nullable(Type.String()),
    errorCode: Nullable(Type.String({ description: 'Why a load failed (e.g. exchange.malformed_csv).' })),
    errorDetail: Nullable(Type.String()),
    job: Nullable(JobProgressSchema),
  }),
]);

const ResourceParams = Type.Object({ code: Code });
const LoadParams = Type.Object({ id: Uuid });
const Mode = Type.Enum(['atomic', 'skip']);

// Described only: a schema with a type would be checked against the stream object the parser hands over.
const streamBody = (description: string) => ({ description });

export const routeSchemas = {
  push: {
    tags: TAGS,
    summary: 'Load records into a resource\'s store (NDJSON, JSON array or CSV, streamed)',
    description:
      'Body: application/x-ndjson (one flat object per line), application/json (an array of flat objects) or text/csv ' +
      '(header row of data-item names, optional _op column; UTF-8 or GBK/GB18030, detected or declared with charset=). ' +
      'Header Idempotency-Key (1–200 visible ASCII characters) makes a retry safe. 200: the load record. 422 ' +
      'exchange.rows_rejected (atomic mode): nothing was written; the problem carries the load record as `load`.',
    params: ResourceParams,
    querystring: Type.Object({
      mode: Type.Optional(Mode),
      replace: Type.Optional(Type.Boolean({ description: 'Full refresh: stored records whose key is absent from this load are deleted.' })),
    }),
    headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: '1–200 visible ASCII characters.' })) }),
    body: {
      content: {
        'application/x-ndjson': { schema: streamBody('One JSON object per line.') },
        'application/json': { schema: streamBody('A JSON array of objects.') },
        'text/csv': { schema: streamBody('Header row of data-item names, then records.') },
      },
    },
    response: { 200: LoadRecordSchema },
  },
  deleteRecord: {
    tags: TAGS,
    summary: 'Delete one record by key (a one-record delete load)',
    description: 'Composite keys: values in key order joined by "," or a JSON array such as ["XK-1",2024].',
    params: Type.Object({ code: Code, key: Type.String({ minLength: 1, maxLength: 2000 }) }),
    headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
    response: { 200: LoadRecordSchema },
  },
  upload: {
    tags: TAGS,
    summary: 'Upload a CSV or XLSX file to load as a job (multipart: fields mode, encoding, then the file)',
    consumes: ['multipart/form-data'],
    params: ResourceParams,
    querystring: Type.Object({
      mode: Type.Optional(Mode),
      encoding: Type.Optional(Type.String({ maxLength: 40, description: 'utf-8 | gbk | gb18030 (CSV; detected when absent).' })),
    }),
    response: { 202: Type.Object({ loadId: Type.String(), jobId: Type.String() }) },
  },
  list: {
    tags: TAGS,
    summary: 'Loads you may see (newest first)',
    querystring: Type.Object({
      resourceCode: Type.Optional(Code),
      page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
      pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
    }),
    response: { 200: Type.Object({ items: Type.Array(LoadRecordSchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }) },
  },
  get: {
    tags: TAGS,
    summary: 'One load: counts, quality, first rejected rows, and the job\'s progress while it is queued or running',
    params: LoadParams,
    response: { 200: LoadDetailSchema },
  },
  errors: {
    tags: TAGS,
    summary: 'The error report of a load: row, column, value, reason (csv, xlsx or json)',
    params: LoadParams,
    querystring: Type.Object({ format: Type.Optional(Type.Enum(['csv', 'xlsx', 'json'])) }),
  },
  template: {
    tags: TAGS,
    summary: 'A file template for a resource: header of data-item names (xlsx: plus a sheet with labels, types, required flags)',
    params: ResourceParams,
    querystring: Type.Object({ format: Type.Optional(Type.Enum(['csv', 'xlsx'])) }),
  },
};
