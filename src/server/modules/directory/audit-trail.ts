import type { Readable } from 'node:stream';
import type { Actor } from '../../platform/actor.js';
import type { CheckpointRow } from '../../platform/audit-checkpoints.js';
import { keyFingerprint } from '../../platform/audit-checkpoints.js';
import { verifyChains, type VerifyReport } from '../../platform/audit-verify.js';
import type { AppContext } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import type { SecretBox } from '../../platform/secret-box.js';
import {
  ACCESS_COLUMNS, AUDIT_COLUMNS, AUDIT_EXPORT_MAX_ROWS, csvStream, exportDate, xlsxStream, type ExportFormat,
} from './audit-export.js';
import { AccessLogRepository, AuditRepository, CheckpointRepository, type AccessFilter, type AccessRow, type AuditSearch } from './audit-repository.js';
import { assertCan } from './policy.js';

/**
 * The audit admin's view of both chains beyond the paged audit log: the data-access log, exports, the signed
 * checkpoints and the integrity verification. Everything here is read-only for the chains; exports and
 * verifications are themselves recorded in the audit log.
 */
export interface AccessEntry {
  id: number;
  at: string;
  actorType: string;
  actorId: string | null;
  systemId: string | null;
  systemCode: string | null;
  systemName: string | null;
  departmentId: string | null;
  departmentName: string | null;
  grantId: string | null;
  resourceCode: string;
  operation: string;
  purpose: string | null;
  filter: unknown;
  fields: string[] | null;
  recordCount: number;
  result: string;
  statusCode: number;
  requestId: string | null;
}

export interface CheckpointEntry {
  id: number;
  chain: 'audit' | 'access';
  uptoId: number;
  uptoHash: string;
  entryCount: number;
  algorithm: string;
  keyFingerprint: string;
  signedAt: string;
}

export function presentAccessEntry(row: AccessRow): AccessEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorType: row.actor_type,
    actorId: row.actor_id,
    systemId: row.system_id,
    systemCode: row.system_code,
    systemName: row.system_name,
    departmentId: row.department_id,
    departmentName: row.department_name,
    grantId: row.grant_id,
    resourceCode: row.resource_code,
    operation: row.operation,
    purpose: row.purpose,
    filter: row.filter,
    fields: row.fields,
    recordCount: row.record_count,
    result: row.result,
    statusCode: row.status_code,
    requestId: row.request_id,
  };
}

export function presentCheckpoint(row: CheckpointRow): CheckpointEntry {
  return {
    id: row.id,
    chain: row.chain,
    uptoId: row.upto_id,
    uptoHash: row.upto_hash,
    entryCount: row.entry_count,
    algorithm: row.algorithm,
    keyFingerprint: keyFingerprint(row.public_key),
    signedAt: row.signed_at.toISOString(),
  };
}

/** An inline verification (HTTP) reads at most this many rows per chain; the CLI has no limit. */
export const VERIFY_INLINE_MAX_ROWS = 2_000_000;

export interface AuditTrailDeps {
  ctx: Pick<AppContext, 'db' | 'crypto' | 'audit'>;
  /** When given, verification also proves the stored signing keys against the platform secret key. */
  secrets?: SecretBox;
  /** Rows per export file (default AUDIT_EXPORT_MAX_ROWS). */
  exportMaxRows?: number;
}

export interface ExportFile {
  filename: string;
  contentType: 'csv' | 'xlsx';
  body: Readable;
}

export class AuditTrailService {
  private readonly audit = new AuditRepository();
  private readonly access = new AccessLogRepository();
  private readonly checkpoints = new CheckpointRepository();

  constructor(private readonly deps: AuditTrailDeps) {}

  async listAccess(actor: Actor, filter: AccessFilter & { before?: number; limit: number }): Promise<{ data: AccessEntry[]; next: number | null }> {
    assertCan(actor, 'audit.read');
    // One row more than asked tells whether there is a next page.
    const rows = await this.access.page(this.deps.ctx.db, { ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    return { data: page.map(presentAccessEntry), next: rows.length > filter.limit ? page[page.length - 1].id : null };
  }

  async listCheckpoints(actor: Actor, filter: { chain?: 'audit' | 'access'; limit: number; offset: number }): Promise<{ data: CheckpointEntry[]; total: number }> {
    assertCan(actor, 'audit.read');
    const { rows, total } = await this.checkpoints.list(this.deps.ctx.db, filter);
    return { data: rows.map(presentCheckpoint), total };
  }

  async verify(actor: Actor, chain: 'audit' | 'access' | 'all'): Promise<VerifyReport> {
    assertCan(actor, 'audit.read');
    const { ctx, secrets } = this.deps;
    const report = await verifyChains(ctx, { chain, secrets, maxRows: VERIFY_INLINE_MAX_ROWS });
    await ctx.audit.record(ctx.db, {
      actor,
      action: 'audit.verify',
      targetType: 'audit_chain',
      targetId: chain,
      after: { ok: report.ok, findingCount: report.findingCount, chains: report.chains.map(({ chain: name, rows, lastId, truncated }) => ({ chain: name, rows, lastId, truncated })) },
      result: report.ok ? 'success' : 'failure',
    });
    return report;
  }

  /** Checks the size first (a refusal is still a problem document), records the export, then streams it. */
  async exportLog(actor: Actor, log: 'audit' | 'access', filter: AuditSearch | AccessFilter, format: ExportFormat, onError: (error: unknown) => void): Promise<ExportFile> {
    assertCan(actor, 'audit.read');
    const { db, audit } = this.deps.ctx;
    const cap = this.deps.exportMaxRows ?? AUDIT_EXPORT_MAX_ROWS;
    const count = log === 'audit'
      ? await this.audit.countUpTo(db, filter as AuditSearch, cap + 1)
      : await this.access.countUpTo(db, filter as AccessFilter, cap + 1);
    if (count > cap) {
      throw new DomainError('audit.export_too_large', 413, `More than ${cap} rows match; narrow the filters (for example the time range).`, [], { maxRows: cap });
    }
    await audit.record(db, { actor, action: 'audit.export', targetType: 'audit_chain', targetId: log, after: { format, filter: asStoredFilter(filter), count } });
    const filename = `${log === 'audit' ? 'audit-log' : 'access-log'}-${exportDate()}.${format}`;
    if (log === 'audit') {
      const pages = this.audit.scan(db, filter as AuditSearch);
      return { filename, contentType: format, body: format === 'csv' ? csvStream(AUDIT_COLUMNS, pages) : xlsxStream('审计日志 Audit log', AUDIT_COLUMNS, pages, onError) };
    }
    const pages = this.access.scan(db, filter as AccessFilter);
    return { filename, contentType: format, body: format === 'csv' ? csvStream(ACCESS_COLUMNS, pages) : xlsxStream('数据访问 Data access', ACCESS_COLUMNS, pages, onError) };
  }
}

/** Filters as recorded in the audit entry: dates as ISO text, empty members dropped. */
function asStoredFilter(filter: AuditSearch | AccessFilter): Record<string, string> {
  const stored: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value instanceof Date) stored[key] = value.toISOString();
    else if (value !== undefined && value !== null && value !== '') stored[key] = String(value);
  }
  return stored;
}
