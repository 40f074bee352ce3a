/**
 * The audit admin's endpoints (三员分立: audit_admin only).
 *
 *   GET  /api/v1/audit                     the audit log, newest first, paged (registerAuditRoutes)
 *   GET  /api/v1/audit/export              the same filters as a file: ?format=csv|xlsx
 *   GET  /api/v1/audit/access              the data-access log, newest first, keyset paged (?before=<id>)
 *   GET  /api/v1/audit/access/export       the same filters as a file: ?format=csv|xlsx
 *   GET  /api/v1/audit/checkpoints         the signed checkpoints, newest first
 *   POST /api/v1/audit/verify              re-walk the chains and check every checkpoint (inline, capped)
 *
 * Everything but the first needs the platform context (hashing, the secret key), so it is mounted by
 * createAuditTrailRoutes from the composition root.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../platform/http/auth.js';
import type { ModuleRoutes } from '../../platform/http/server.js';
import { contentDisposition, CSV_MIME, XLSX_MIME, type ExportFormat } from './audit-export.js';
import { AuditTrailService, type AuditTrailDeps } from './audit-trail.js';
import { Nullable } from '../../platform/http/schema.js';
import { AuditEntrySchema, PageQuery, pageOf } from './models.js';
import type { DirectoryServices } from './module.js';
import { rolesFor } from './policy.js';
import { presentAuditEntry } from './presenter.js';
import type { TypedApp } from './routes.js';

const Uuid = Type.String({ format: 'uuid' });
const Text = (maxLength: number) => Type.String({ maxLength });
const DateTime = Type.String({ format: 'date-time' });
const ExportFormatSchema = Type.Enum(['csv', 'xlsx'], { description: 'csv (UTF-8 with BOM) or xlsx', default: 'csv' });

const AuditFilterQuery = {
  actor: Type.Optional(Text(100)),
  action: Type.Optional(Type.String({ maxLength: 100, description: 'Action prefix: user. matches user.create, user.update …' })),
  targetType: Type.Optional(Text(100)),
  targetId: Type.Optional(Text(100)),
  result: Type.Optional(Text(20)),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
};

const AccessFilterQuery = {
  system: Type.Optional(Type.String({ maxLength: 64, description: 'A business system code or id' })),
  departmentId: Type.Optional(Uuid),
  resourceCode: Type.Optional(Text(100)),
  operation: Type.Optional(Text(40)),
  result: Type.Optional(Text(20)),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  purpose: Type.Optional(Type.String({ maxLength: 200, description: 'Words in the stated purpose (substring)' })),
};

const AccessEntrySchema = Type.Object({
  id: Type.Integer(),
  at: DateTime,
  actorType: Type.String(),
  actorId: Nullable(Type.String()),
  systemId: Nullable(Uuid),
  systemCode: Nullable(Type.String()),
  systemName: Nullable(Type.String()),
  departmentId: Nullable(Uuid),
  departmentName: Nullable(Type.String()),
  grantId: Nullable(Uuid),
  resourceCode: Type.String(),
  operation: Type.String(),
  purpose: Nullable(Type.String()),
  filter: Type.Unknown(),
  fields: Nullable(Type.Array(Type.String())),
  recordCount: Type.Integer(),
  result: Type.String(),
  statusCode: Type.Integer(),
  requestId: Nullable(Type.String()),
});

const CheckpointSchema = Type.Object({
  id: Type.Integer(),
  chain: Type.Enum(['audit', 'access']),
  uptoId: Type.Integer(),
  uptoHash: Type.String(),
  entryCount: Type.Integer(),
  algorithm: Type.String({ description: 'ed25519 or sm2 (signer ID 1234567812345678, DER)' }),
  keyFingerprint: Type.String({ description: 'First 16 hex characters of SHA-256 over the public key' }),
  signedAt: DateTime,
});

const FindingSchema = Type.Object({
  chain: Type.Enum(['audit', 'access']),
  id: Type.Integer({ description: 'The chain row (for checkpoint findings: the signed upto_id)' }),
  kind: Type.Enum(['altered', 'broken_link', 'missing_tail', 'bad_checkpoint_signature', 'checkpoint_mismatch']),
  detail: Type.String(),
  checkpointId: Type.Optional(Type.Integer()),
});

const VerifyReportSchema = Type.Object({
  ok: Type.Boolean(),
  crypto: Type.Enum(['standard', 'sm']),
  startedAt: DateTime,
  finishedAt: DateTime,
  chains: Type.Array(Type.Object({
    chain: Type.Enum(['audit', 'access']),
    rows: Type.Integer(),
    firstId: Nullable(Type.Integer()),
    lastId: Nullable(Type.Integer()),
    lastHash: Nullable(Type.String()),
    checkpoints: Type.Integer(),
    lastCheckpointId: Nullable(Type.Integer()),
    findings: Type.Integer(),
    truncated: Type.Boolean({ description: 'The inline run stopped at its row cap; run `zhongshu audit verify` for the rest' }),
  })),
  findings: Type.Array(FindingSchema),
  findingCount: Type.Integer(),
  signingKey: Nullable(Type.Object({ algorithm: Type.String(), fingerprint: Type.String() })),
});

const FileAnswer = {
  200: Type.String({ description: 'The file (text/csv or XLSX)' }),
};

export const auditTrailSchemas = {
  list: {
    tags: ['audit'],
    summary: 'The audit log, newest first',
    querystring: Type.Object({ ...AuditFilterQuery, ...PageQuery }),
    response: { 200: pageOf(AuditEntrySchema) },
  },
  exportAudit: {
    tags: ['audit'],
    summary: 'Export the audit log (same filters) as CSV or XLSX, at most 200,000 rows (413 audit.export_too_large beyond)',
    querystring: Type.Object({ ...AuditFilterQuery, format: Type.Optional(ExportFormatSchema) }),
    produces: ['text/csv', XLSX_MIME],
  },
  listAccess: {
    tags: ['audit'],
    summary: 'The data-access log (every read of shared data), newest first; pass `next` back as `before` for the next page',
    querystring: Type.Object({
      ...AccessFilterQuery,
      before: Type.Optional(Type.Integer({ minimum: 1, description: 'Only entries with a smaller id (the previous page\'s `next`)' })),
      pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
    }),
    response: { 200: Type.Object({ data: Type.Array(AccessEntrySchema), next: Nullable(Type.Integer()) }) },
  },
  exportAccess: {
    tags: ['audit'],
    summary: 'Export the data-access log (same filters) as CSV or XLSX, at most 200,000 rows (413 audit.export_too_large beyond)',
    querystring: Type.Object({ ...AccessFilterQuery, format: Type.Optional(ExportFormatSchema) }),
    produces: ['text/csv', XLSX_MIME],
  },
  checkpoints: {
    tags: ['audit'],
    summary: 'Signed checkpoints of both chains, newest first',
    querystring: Type.Object({ chain: Type.Optional(Type.Enum(['audit', 'access'])), ...PageQuery }),
    response: { 200: pageOf(CheckpointSchema) },
  },
  verify: {
    tags: ['audit'],
    summary: 'Verify the hash chains and every signed checkpoint now (inline, up to 2,000,000 rows per chain)',
    body: Type.Object({ chain: Type.Optional(Type.Enum(['audit', 'access', 'all'], { default: 'all' })) }, { additionalProperties: false }),
    response: { 200: VerifyReportSchema },
  },
};

const asDate = (value: string | undefined): Date | undefined => (value ? new Date(value) : undefined);

/** GET /api/v1/audit: the audit admin reads the log, newest first (mounted with the directory's routes). */
export function registerAuditRoutes(app: TypedApp, services: DirectoryServices): void {
  app.get('/api/v1/audit', { schema: auditTrailSchemas.list, config: { auth: rolesFor('audit.read') } }, async (request) => {
    const { page = 1, pageSize = 20, from, to, ...filters } = request.query;
    const { rows, total } = await services.audit.list(actorOf(request), {
      ...filters,
      from: asDate(from),
      to: asDate(to),
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { data: rows.map(presentAuditEntry), total, page, pageSize };
  });
}

/** The other audit endpoints; mount from the composition root: `createAuditTrailRoutes({ ctx, secrets })`. */
export function createAuditTrailRoutes(deps: AuditTrailDeps): ModuleRoutes {
  const trail = new AuditTrailService(deps);
  const auth = rolesFor('audit.read');
  return (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/api/v1/audit/export', { schema: auditTrailSchemas.exportAudit, config: { auth } }, async (request, reply) => {
      const { format = 'csv', from, to, ...filters } = request.query;
      const file = await trail.exportLog(actorOf(request), 'audit', { ...filters, from: asDate(from), to: asDate(to) }, format as ExportFormat, (error) =>
        request.log.error({ err: error }, 'writing the audit export failed'),
      );
      return reply
        .type(file.contentType === 'csv' ? CSV_MIME : XLSX_MIME)
        .header('content-disposition', contentDisposition(file.filename))
        .header('cache-control', 'no-store')
        .send(file.body);
    });

    app.get('/api/v1/audit/access', { schema: auditTrailSchemas.listAccess, config: { auth } }, async (request) => {
      const { pageSize = 20, before, from, to, ...filters } = request.query;
      return trail.listAccess(actorOf(request), { ...filters, from: asDate(from), to: asDate(to), before, limit: pageSize });
    });

    app.get('/api/v1/audit/access/export', { schema: auditTrailSchemas.exportAccess, config: { auth } }, async (request, reply) => {
      const { format = 'csv', from, to, ...filters } = request.query;
      const file = await trail.exportLog(actorOf(request), 'access', { ...filters, from: asDate(from), to: asDate(to) }, format as ExportFormat, (error) =>
        request.log.error({ err: error }, 'writing the access-log export failed'),
      );
      return reply
        .type(file.contentType === 'csv' ? CSV_MIME : XLSX_MIME)
        .header('content-disposition', contentDisposition(file.filename))
        .header('cache-control', 'no-store')
        .send(file.body);
    });

    app.get('/api/v1/audit/checkpoints', { schema: auditTrailSchemas.checkpoints, config: { auth } }, async (request) => {
      const { page = 1, pageSize = 20, chain } = request.query;
      const { data, total } = await trail.listCheckpoints(actorOf(request), { chain, limit: pageSize, offset: (page - 1) * pageSize });
      return { data, total, page, pageSize };
    });

    app.post('/api/v1/audit/verify', { schema: auditTrailSchemas.verify, config: { auth } }, async (request) =>
      trail.verify(actorOf(request), request.body?.chain ?? 'all'),
    );
  };
}
