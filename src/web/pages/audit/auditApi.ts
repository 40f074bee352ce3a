// Calls of the audit admin's endpoints (docs/exchange/audit.md): the audit log, the data-access log, exports,
// signed checkpoints and the chain verification.
import { api } from '../../api/client';
import type { AuditEntry } from '../../api/types';

export interface Page<T> {
  data: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AuditFilters {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  result?: string;
  from?: string;
  to?: string;
}

export interface AccessFilters {
  system?: string;
  departmentId?: string;
  resourceCode?: string;
  operation?: string;
  result?: string;
  purpose?: string;
  from?: string;
  to?: string;
}

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

export interface Checkpoint {
  id: number;
  chain: 'audit' | 'access';
  uptoId: number;
  uptoHash: string;
  entryCount: number;
  algorithm: string;
  keyFingerprint: string;
  signedAt: string;
}

export type FindingKind = 'altered' | 'broken_link' | 'missing_tail' | 'bad_checkpoint_signature' | 'checkpoint_mismatch';

export interface Finding {
  chain: 'audit' | 'access';
  id: number;
  kind: FindingKind;
  detail: string;
  checkpointId?: number;
}

export interface ChainReport {
  chain: 'audit' | 'access';
  rows: number;
  firstId: number | null;
  lastId: number | null;
  lastHash: string | null;
  checkpoints: number;
  lastCheckpointId: number | null;
  findings: number;
  truncated: boolean;
}

export interface VerifyReport {
  ok: boolean;
  crypto: 'standard' | 'sm';
  startedAt: string;
  finishedAt: string;
  chains: ChainReport[];
  findings: Finding[];
  findingCount: number;
  signingKey: { algorithm: string; fingerprint: string } | null;
}

export type ExportFormat = 'csv' | 'xlsx';

type Query = Record<string, string | undefined>;
const plain = (filters: object): Query => filters as Query;

export const auditApi = {
  auditLog: (filters: AuditFilters, page: number, pageSize: number) =>
    api.get<Page<AuditEntry>>('/api/v1/audit', { ...plain(filters), page, pageSize }),
  exportAuditLog: (filters: AuditFilters, format: ExportFormat) =>
    api.download('/api/v1/audit/export', { ...plain(filters), format }),
  accessLog: (filters: AccessFilters, pageSize: number, before?: number) =>
    api.get<{ data: AccessEntry[]; next: number | null }>('/api/v1/audit/access', {
      ...plain(filters),
      pageSize,
      before: before === undefined ? undefined : String(before),
    }),
  exportAccessLog: (filters: AccessFilters, format: ExportFormat) =>
    api.download('/api/v1/audit/access/export', { ...plain(filters), format }),
  checkpoints: (page: number, pageSize: number, chain?: 'audit' | 'access') =>
    api.get<Page<Checkpoint>>('/api/v1/audit/checkpoints', { page, pageSize, chain }),
  verify: (chain: 'audit' | 'access' | 'all') => api.post<VerifyReport>('/api/v1/audit/verify', { chain }),
};
