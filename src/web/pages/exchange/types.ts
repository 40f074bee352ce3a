// Shapes of the exchange HTTP contract (docs/exchange/*.md). Parts of the server are young: fields a page
// can live without are optional, so an older or newer server degrades to a missing column, not a crash.
import type { SharingType } from '../catalog/types';

export interface Paged<T> {
  data: T[];
  total: number;
  page: number;
  pageSize: number;
}

// ------------------------------------------------------------------ store

export interface ExchangeResource {
  code: string;
  name: string;
  providerDepartmentId: string;
  providerDepartmentName: string | null;
  sharingType: SharingType;
  hasStore: boolean;
  rowCount: number;
  lastLoadAt: string | null;
}

export const FIELD_CHECKS = ['citizen_id', 'credit_code', 'phone', 'division_code', 'email'] as const;
export type FieldCheck = (typeof FIELD_CHECKS)[number];

export interface FieldRule {
  check?: FieldCheck | null;
  pattern?: string | null;
  codeListId?: string | null;
}

export interface StoreColumn {
  name: string;
  label: string;
  type: string;
  length: number | null;
  required: boolean;
  key: boolean;
  sensitivity: string;
  codeList: string | null;
}

export interface StoreDefinition {
  resourceId: string;
  resourceCode: string;
  resourceName: string;
  providerDepartmentId: string;
  sharingType: SharingType;
  updateCycle: string;
  catalogVersion: number;
  keyColumns: string[];
  columns: StoreColumn[];
  rules: Record<string, FieldRule>;
  rowCount: number;
  lastChangeSeq: number;
  lastLoadAt: string | null;
}

export interface CodeList {
  id: string;
  name: string;
  builtin: boolean;
  codes: { code: string; label: string }[];
}

// ------------------------------------------------------------------ loads

export type LoadStatus = 'queued' | 'running' | 'succeeded' | 'rejected' | 'failed';
export type LoadPhase = 'reading' | 'merging' | 'done';

export interface RejectedRow {
  row: number;
  field: string | null;
  value: string | null;
  code: string;
  message: string;
}

export interface LoadCounts {
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  rejected: number;
}

export interface LoadRecord extends LoadCounts {
  id: string;
  resourceCode: string;
  channel: 'api' | 'upload' | 'pull';
  format: string;
  status: LoadStatus;
  errors: RejectedRow[];
  errorCount: number;
  quality?: { completeness: number; validity: number; duplicateKeys: number; rows: number } | null;
  startedAt: string;
  finishedAt: string | null;
  fileName?: string | null;
  errorCode?: string | null;
  errorDetail?: string | null;
  /** While queued or running: the job's progress (bytes read of the file size while reading). */
  job?: { status?: string; phase?: string | null; progress?: number | null; total?: number | null } | null;
  progress?: { phase?: string | null; progress?: number | null; total?: number | null } | null;
}

export type UploadMode = 'skip' | 'atomic';

// ------------------------------------------------------------------ preview

export interface PreviewAnswer {
  items: Record<string, unknown>[];
  masked?: boolean;
  fields?: string[];
  next?: string | null;
}

// ------------------------------------------------------------------ access

export type RowCondition =
  | { field: string; op: 'eq'; value: string }
  | { field: string; op: 'in'; values: string[] }
  | { field: string; op: 'prefix'; value: string }
  | { field: string; op: 'gte' | 'gt' | 'lte' | 'lt'; value: string };

export type RowOp = RowCondition['op'];
export const ROW_OPS: RowOp[] = ['eq', 'in', 'prefix', 'gte', 'gt', 'lte', 'lt'];

export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';
export const MASK_RULES = ['clear', 'id_number', 'phone', 'name', 'partial', 'hidden'] as const;
export type MaskRule = (typeof MASK_RULES)[number];

/** A row condition as answered (one flat shape). */
export interface RowConditionOut {
  field: string;
  op: string;
  value?: string;
  values?: string[];
}

export interface AccessRequest {
  id: string;
  resourceCode: string;
  resourceName: string;
  sharingType: string;
  providerDepartmentId: string;
  providerDepartmentName: string | null;
  requesterDepartmentId: string;
  requesterDepartmentName: string | null;
  systemId: string;
  systemCode: string | null;
  systemName: string | null;
  fields: string[];
  cleartextFields: string[];
  purpose: string;
  legalBasis: string;
  rowScope: RowConditionOut[] | null;
  durationDays: number;
  rateLimitPerMinute: number | null;
  status: RequestStatus;
  dueDate: string;
  workingDaysLeft: number | null;
  overdue: boolean;
  automatic: boolean;
  decisionReason: string | null;
  decidedAt: string | null;
  grantId: string | null;
  createdAt: string;
}

export interface AccessRequestInput {
  resourceCode: string;
  systemId: string;
  fields: string[];
  cleartextFields?: string[];
  purpose: string;
  legalBasis: string;
  rowScope?: RowCondition[] | null;
  durationDays: number;
}

export interface Grant {
  id: string;
  resourceCode: string;
  resourceName: string;
  providerDepartmentId: string;
  providerDepartmentName: string | null;
  systemId: string;
  systemCode: string | null;
  systemName: string | null;
  departmentId: string;
  departmentName: string | null;
  requestId: string | null;
  fields: string[];
  rowScope: RowConditionOut[] | null;
  masking: Record<string, MaskRule>;
  rateLimitPerMinute: number;
  purpose: string;
  legalBasis: string;
  status: 'active' | 'revoked';
  expired: boolean;
  expiresAt: string;
  revokedAt: string | null;
  revokeReason: string | null;
  createdAt: string;
}

export interface CalendarDay {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

// ------------------------------------------------------------------ subscriptions

export type SubscriptionStatus = 'active' | 'paused' | 'dead';

export interface Subscription {
  id: string;
  grantId: string;
  url: string;
  status: SubscriptionStatus;
  cursor: number;
  /** The store's latest change; cursor < lastSeq means changes are waiting. */
  lastSeq?: number;
  batchSize: number;
  attempts: number;
  nextAttemptAt?: string | null;
  lastError: string | null;
  resourceCode?: string | null;
  resourceName?: string | null;
  systemId?: string | null;
  systemName?: string | null;
  createdAt: string;
}

export interface SubscriptionCreated extends Subscription {
  /** Shown once. */
  secret: string;
}

export interface Delivery {
  id: number | string;
  seqFrom: number;
  seqTo: number;
  changeCount: number;
  attempt: number;
  status: 'delivered' | 'failed' | 'dead';
  httpStatus: number | null;
  error: string | null;
  durationMs: number | null;
  at: string;
}

// ------------------------------------------------------------------ sources and pulls

export type SourceKind = 'mysql' | 'postgres';

export interface Source {
  id: string;
  departmentId: string;
  name: string;
  kind: SourceKind;
  host: string;
  port: number;
  user: string;
  database: string;
  ssl: boolean;
  summary: string;
  createdAt: string;
  updatedAt: string;
}

export interface SourceInput {
  name: string;
  kind: SourceKind;
  host: string;
  port?: number;
  user: string;
  database: string;
  ssl?: boolean;
  password?: string | null;
}

export interface SourceTestResult {
  ok: boolean;
  serverVersion?: string;
  latencyMs?: number;
  code?: string;
  message?: string;
}

export interface SourceTable {
  name: string;
  type: 'table' | 'view';
}

export interface SourceColumn {
  name: string;
  type: string;
  nullable: boolean;
  key: boolean;
  cursorCapable: boolean;
}

export interface PullRun {
  id: string;
  pullId: string;
  kind: 'incremental' | 'full' | 'reconcile';
  status: 'running' | 'succeeded' | 'failed';
  loadId: string | null;
  readRows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  rejected: number;
  cursorFrom: string | null;
  cursorTo: string | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface Pull {
  id: string;
  resourceCode: string;
  sourceId: string;
  sourceName: string;
  departmentId: string;
  sourceTable: string;
  columnMapping: Record<string, string>;
  mode: 'incremental' | 'full';
  cursorColumn: string | null;
  safetyWindowSeconds: number;
  schedule: string;
  reconcileEveryRuns: number;
  enabled: boolean;
  cursorValue: string | null;
  nextRunAt: string | null;
  lastRun: PullRun | null;
  createdAt: string;
}

export interface PullInput {
  resourceCode?: string;
  sourceId?: string;
  sourceTable: string;
  columnMapping: Record<string, string>;
  mode: 'incremental' | 'full';
  cursorColumn?: string | null;
  schedule: string;
  reconcileEveryRuns?: number;
  enabled?: boolean;
}

// ------------------------------------------------------------------ quality

export type Freshness = 'ok' | 'late' | 'never_loaded' | string;

export interface QualityScore {
  measuredAt: string;
  completeness: number;
  validity: number;
  uniqueness: number;
  timeliness: number;
  score: number;
  rowCount?: number;
}

/** One row of GET /quality: a published resource with its latest score and freshness. */
export interface ResourceQuality {
  code: string;
  name: string;
  departmentId: string;
  departmentName: string | null;
  updateCycle?: string;
  hasStore?: boolean;
  rowCount?: number;
  lastLoadAt: string | null;
  freshness: Freshness;
  dueAt?: string | null;
  late: boolean;
  score: QualityScore | null;
}

export interface ResourceQualityDetail extends ResourceQuality {
  latest: QualityScore | null;
  /** Oldest first. */
  history: QualityScore[];
}

export interface DepartmentScore {
  departmentId: string;
  departmentName: string | null;
  resources: number;
  resourcesWithData?: number;
  averageScore: number | null;
  lateCount: number;
  neverLoaded?: number;
  loads: number;
  recordsLoaded: number;
  /** Percent. */
  rejectedShare: number | null;
  rank: number | null;
}

export interface FreshnessAlarm {
  id: string;
  resourceCode: string;
  resourceName: string | null;
  departmentId: string | null;
  departmentName: string | null;
  raisedAt: string;
  dueAt: string;
  lastLoadAt: string | null;
  clearedAt: string | null;
}
