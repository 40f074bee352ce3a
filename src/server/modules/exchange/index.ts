/**
 * The exchange module's public face (共享交换): the shared store, loading, access requests and grants, the query
 * API, subscriptions and the access audit. CONTRACT: the lead wrote this file; each part implements its piece in
 * its own folder, keeping these names.
 *
 *   store/          StoreRegistry: one store per published catalog entry with data items (tables xs_*, xh_*),
 *                   value validation, the set-based merge of a load into the store.
 *   ingest/         LoadService: push API (NDJSON, JSON array, CSV), file upload (CSV UTF-8/GBK/GB18030, XLSX)
 *                   as a job with progress, load records, error reports, idempotency.
 *   access/         AccessService: requests, approval, working-day deadlines, grants, revocation.
 *   query/          the records API for business systems: filters, masking, rate limits, bulk export,
 *                   and the access log appender (its own hash chain).
 *   subscriptions/  change feed per grant, webhooks (HMAC), delivery log, dead letters, NATS JetStream.
 *   pull/           scheduled pull from MySQL/MariaDB and PostgreSQL sources.
 *   quality/        quality scores and freshness alarms.
 */
import type { Readable } from 'node:stream';
import type { Actor } from '../../platform/actor.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import type { ModuleRoutes } from '../../platform/http/server.js';
import type { DataItem, DataItemType, Sensitivity, SharingType } from '../catalog/index.js';

// ---------------------------------------------------------------- store

/**
 * Field checks beyond type/required/length. Inferred from the data item's name when the store is created
 * (…id_number → citizen_id, …credit_code → credit_code, …phone/mobile → phone, …division_code → division_code)
 * and editable by the provider (PUT /api/v1/exchange/resources/{code}/rules).
 */
export type FieldCheck = 'citizen_id' | 'credit_code' | 'phone' | 'division_code' | 'email';
export interface FieldRule {
  check?: FieldCheck | null;
  /** An ECMAScript regular expression the whole value must match. */
  pattern?: string | null;
  /** Id of a code list in exchange_code_lists; values must be one of its codes. */
  codeListId?: string | null;
}

export interface StoreColumn {
  name: string;
  label: string;
  type: DataItemType;
  length: number | null;
  required: boolean;
  key: boolean;
  sensitivity: Sensitivity;
  /** The catalog's code list reference text (e.g. "GB/T 2261.1-2003 人的性别代码"). */
  codeList: string | null;
}

/**
 * One resource's store. Tables (in the platform's schema):
 *   <table>   current records: one column per data item (typed: string/code → text, integer → bigint,
 *             decimal → numeric, date → date, datetime → timestamptz, boolean → boolean), primary key = key
 *             items, plus _seq bigint (history seq of the last change), _load_id uuid, _updated_at timestamptz.
 *   <history> every change: _seq bigserial primary key, _op char(1) 'I' | 'U' | 'D', the data-item columns
 *             (new values for I/U, the deleted record for D), _load_id uuid, _at timestamptz.
 * Loads into one store are serialised by an advisory lock taken for the merge, so _seq order is commit order
 * and a change feed reading `_seq > cursor` never skips a change.
 */
export interface StoreDefinition {
  resourceId: string;
  resourceCode: string;
  resourceName: string;
  providerDepartmentId: string;
  sharingType: SharingType;
  updateCycle: string;
  catalogVersion: number;
  table: string;
  history: string;
  keyColumns: string[];
  /** In data-item order; only the data items of the current catalog version. */
  columns: StoreColumn[];
  rules: Record<string, FieldRule>;
  rowCount: number;
  lastChangeSeq: number;
  lastLoadAt: string | null;
}

export interface StoreRegistry {
  /**
   * The store of a published entry, created or brought up to the entry's current version on first use.
   * 404 exchange.resource_not_found (unknown code), 409 exchange.resource_not_published,
   * 409 exchange.no_data_items, 409 exchange.no_key_items, 409 exchange.store_key_changed.
   */
  forResource(code: string): Promise<StoreDefinition>;
  /** Without creating anything; null when the entry has no store yet. */
  find(code: string): Promise<StoreDefinition | null>;
  /** Published entries with data items and their store status (for the console and the API list). */
  list(): Promise<Array<{ code: string; name: string; providerDepartmentId: string; sharingType: SharingType; store: StoreDefinition | null }>>;
  setRules(actor: Actor, code: string, rules: Record<string, FieldRule>): Promise<StoreDefinition>;
  /** Code list id → its codes (built-in national lists and the ones the data bureau added). */
  codeLists(): Promise<Map<string, Set<string>>>;
  /** Drops the cached definition of a store (after a load changed its counters). */
  invalidate(code: string): void;
}

// ---------------------------------------------------------------- loading

export type LoadChannel = 'api' | 'upload' | 'pull';
export type LoadFormat = 'ndjson' | 'json' | 'csv' | 'xlsx' | 'database';

/** One incoming record: data-item name → value as received. `_op: 'delete'` deletes by key. */
export type RawRecord = Record<string, unknown>;

export interface RejectedRow {
  /** 1-based: the line (NDJSON), element (JSON), data row (CSV/XLSX, header excluded) or source row. */
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

/** Per-load quality report: per field, how many values were present and how many failed which check. */
export interface LoadQuality {
  rows: number;
  fields: Record<string, { present: number; invalid: number }>;
  duplicateKeys: number;
  completeness: number;
  validity: number;
}

export interface LoadRecord extends LoadCounts {
  id: string;
  resourceCode: string;
  channel: LoadChannel;
  format: LoadFormat;
  status: 'queued' | 'running' | 'succeeded' | 'rejected' | 'failed';
  /** First rejected rows (all of them are in the error report). */
  errors: RejectedRow[];
  errorCount: number;
  quality: LoadQuality | null;
  idempotencyKey: string | null;
  /** true when this answer was replayed for a retried Idempotency-Key. */
  replayed?: boolean;
  startedAt: string;
  finishedAt: string | null;
}

/**
 * How rejected rows are treated: 'atomic' (default for the push API) writes nothing when any row is rejected;
 * 'skip' writes the valid rows and reports the rest (uploads and pulls, where one bad row of two million
 * should not stop the others).
 */
export type RejectPolicy = 'atomic' | 'skip';

export interface LoadRecordsInput {
  actor: Actor;
  resourceCode: string;
  channel: LoadChannel;
  format: LoadFormat;
  records: AsyncIterable<RawRecord>;
  rejectPolicy: RejectPolicy;
  idempotencyKey?: string | null;
  /** Hash of the request body for idempotency: the same key with a different body is 422. */
  requestHash?: string | null;
  /** Mark every stored key that is absent from this load as deleted (full refresh). */
  deleteMissing?: boolean;
  /** Called inside the load's transaction just before commit (a pull commits its cursor here). */
  beforeCommit?: (trx: Tx, load: LoadRecord) => Promise<void>;
  onProgress?: (progress: { phase: 'reading' | 'merging' | 'done'; received: number }) => void | Promise<void>;
  /** An existing load row (an upload registered when the file arrived) to complete instead of a new one. */
  loadId?: string;
  fileName?: string | null;
  fileBytes?: number | null;
  pullRunId?: string | null;
}

export interface LoadService {
  /**
   * Validates and merges records into the store in ONE transaction, together with the load row and its
   * rejected rows. Atomic policy: any rejection → status 'rejected', nothing written to the store.
   * Malformed input (truncated NDJSON, bad encoding, a line over 1 MB, nested values) throws a DomainError
   * (400/413/415/422) and writes nothing.
   */
  loadRecords(input: LoadRecordsInput): Promise<LoadRecord>;
  /** Parses a request body stream into records. */
  parse(format: Exclude<LoadFormat, 'database'>, body: Readable, options?: { encoding?: string | null }): AsyncIterable<RawRecord>;
  get(actor: Actor, loadId: string): Promise<LoadRecord>;
  list(actor: Actor, filter: { resourceCode?: string; page?: number; pageSize?: number }): Promise<{ items: LoadRecord[]; total: number }>;
}

// ---------------------------------------------------------------- access and grants

/** A condition on one data item; used for grant row scopes and query filters alike. */
export type RowCondition =
  | { field: string; op: 'eq'; value: string }
  | { field: string; op: 'in'; values: string[] }
  | { field: string; op: 'prefix'; value: string }
  | { field: string; op: 'gte' | 'gt' | 'lte' | 'lt'; value: string };

/**
 * How a field leaves the platform: 'clear', or masked: id_number 440524********0014, phone 138****1234,
 * name 张* / 欧阳**, partial (keep the first and last quarter), hidden (null).
 */
export type MaskRule = 'clear' | 'id_number' | 'phone' | 'name' | 'partial' | 'hidden';

export interface GrantInfo {
  id: string;
  resourceId: string;
  resourceCode: string;
  systemId: string;
  departmentId: string;
  requestId: string | null;
  fields: string[];
  rowScope: RowCondition[] | null;
  /** Only fields that are not 'clear' need be listed; unlisted granted fields are clear. */
  masking: Record<string, MaskRule>;
  rateLimitPerMinute: number;
  purpose: string;
  legalBasis: string;
  status: 'active' | 'revoked';
  expiresAt: string;
  revokedAt: string | null;
  createdAt: string;
}

export interface AccessService {
  /**
   * The active, unexpired grant of a business system on a resource, or null. Cached in process and
   * invalidated at once by revoke (and across nodes via `onGrantChange`); the query path calls this per request.
   */
  activeGrant(systemId: string, resourceCode: string): Promise<GrantInfo | null>;
  getGrant(actor: Actor, grantId: string): Promise<GrantInfo>;
  /** Subscribers (query caches, subscriptions) learn of revocations and changes. */
  onGrantChange(listener: (grantId: string) => void): void;
}

// ---------------------------------------------------------------- events between the parts

export interface StoreChanged {
  resourceCode: string;
  loadId: string;
  /** The highest history _seq written by the load. */
  lastSeq: number;
  counts: LoadCounts;
}

/** In-process notifications (the subscription dispatcher and the NATS publisher listen; pollers cover other nodes). */
export interface ExchangeEvents {
  storeChanged(listener: (event: StoreChanged) => void): void;
  emitStoreChanged(event: StoreChanged): void;
}

// ---------------------------------------------------------------- access log

export interface AccessLogEntry {
  actor: Actor;
  systemId: string | null;
  departmentId: string | null;
  grantId: string | null;
  resourceCode: string;
  /** 'query' | 'get' | 'export' | 'changes' | 'webhook' | 'console_preview' */
  operation: string;
  purpose: string | null;
  filter: unknown;
  fields: string[] | null;
  recordCount: number;
  result: 'success' | 'denied' | 'error';
  statusCode: number;
  requestId?: string | null;
}

export interface AccessLogWriter {
  /**
   * Appends to the access chain. Entries are group-committed: the promise resolves once the entry is durable,
   * so a response is sent only after its access record exists.
   */
  append(entry: AccessLogEntry): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- module

export interface ExchangeModule {
  stores: StoreRegistry;
  loads: LoadService;
  access: AccessService;
  accessLog: AccessLogWriter;
  events: ExchangeEvents;
  routes: ModuleRoutes;
  /** Starts schedulers (pulls, webhook dispatcher, quality/freshness, checkpoints); the CLI and tests may skip. */
  start(): void;
  stop(): Promise<void>;
}

export type { DataItem, Executor };
export { createExchangeModule } from './module.js';
