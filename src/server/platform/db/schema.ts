import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Kysely's view of the tables created by src/server/migrations. Keep in step with the SQL. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** jsonb columns: read as parsed values, written as JSON text (see json() in database.ts). */
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface RegionsTable {
  code: string;
  valid_from: ColumnType<string, string | undefined, string>;
  valid_to: string | null;
  name: string;
  name_en: string | null;
  level: 'province' | 'prefecture' | 'county' | 'town' | 'village';
  parent_code: string | null;
  successor_code: string | null;
  created_at: Timestamp;
}

export interface DepartmentsTable {
  id: string;
  name: string;
  name_en: string | null;
  short_code: string;
  credit_code: string;
  region_code: string;
  parent_id: string | null;
  kind: string;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
  sort_order: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  department_id: string | null;
  password_hash: string;
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>;
  failed_attempts: ColumnType<number, number | undefined, number>;
  locked_until: NullableTimestamp;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
  locale: ColumnType<string, string | undefined, string>;
  last_login_at: NullableTimestamp;
  password_changed_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserRolesTable {
  user_id: string;
  role: string;
  granted_by: string | null;
  granted_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface BusinessSystemsTable {
  id: string;
  department_id: string;
  code: string;
  name: string;
  name_en: string | null;
  description: string | null;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApiCredentialsTable {
  id: string;
  system_id: string;
  prefix: string;
  token_hash: string;
  label: string | null;
  status: ColumnType<'active' | 'revoked', 'active' | 'revoked' | undefined, 'active' | 'revoked'>;
  created_by: string | null;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
}

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_type: 'user' | 'system' | 'credential' | 'cli' | 'anonymous';
  actor_id: string | null;
  actor_name: string | null;
  department_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  before: NullableJson<unknown>;
  after: NullableJson<unknown>;
  request_id: string | null;
  ip: string | null;
  result: ColumnType<string, string | undefined, never>;
  prev_hash: string;
  hash: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export interface JobsTable {
  id: string;
  kind: string;
  status: ColumnType<JobStatus, JobStatus | undefined, JobStatus>;
  payload: Json<Record<string, unknown>>;
  progress: ColumnType<number, number | undefined, number>;
  total: number | null;
  phase: string | null;
  result: NullableJson<Record<string, unknown>>;
  error_code: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  run_after: Timestamp;
  created_by: string | null;
  department_id: string | null;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  heartbeat_at: NullableTimestamp;
}

export interface CatalogClassificationsTable {
  code: string;
  view: 'base' | 'theme' | 'department';
  level: number;
  name: string;
  name_en: string | null;
  parent_code: string | null;
  created_at: Timestamp;
}

export interface CatalogCodeSequencesTable {
  classification_code: string;
  last_value: number;
}

export interface DataItemRecord {
  name: string;
  label: string;
  type: 'string' | 'integer' | 'decimal' | 'date' | 'datetime' | 'boolean' | 'code';
  length?: number | null;
  required: boolean;
  key: boolean;
  codeList?: string | null;
  sensitivity: 'public' | 'internal' | 'sensitive' | 'secret';
}

export interface CatalogResourcesTable {
  id: string;
  code: string;
  classification_code: string;
  name: string;
  name_en: string | null;
  provider_department_id: string;
  summary: string;
  format: string;
  data_items: Json<DataItemRecord[]>;
  sharing_type: 'unconditional' | 'conditional' | 'not_shared';
  sharing_conditions: string | null;
  sharing_methods: string[];
  not_shared_basis: string | null;
  open_type: 'open' | 'conditional' | 'not_open';
  open_conditions: string | null;
  update_cycle: string;
  publish_date: string | null;
  keywords: string[];
  related_codes: string[];
  source_system_id: string | null;
  status: ColumnType<
    'draft' | 'submitted' | 'returned' | 'published' | 'retired',
    'draft' | 'submitted' | 'returned' | 'published' | 'retired' | undefined,
    'draft' | 'submitted' | 'returned' | 'published' | 'retired'
  >;
  return_reason: string | null;
  retire_reason: string | null;
  current_version: ColumnType<number, number | undefined, number>;
  /** Written with sql`to_tsvector(...)`; read rarely. */
  search_vector: ColumnType<string, unknown, unknown>;
  search_text: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: NullableTimestamp;
  published_at: NullableTimestamp;
  retired_at: NullableTimestamp;
}

export interface CatalogResourceVersionsTable {
  resource_id: string;
  version: number;
  snapshot: Json<Record<string, unknown>>;
  change_note: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: Timestamp;
}

// ---- Exchange (0005_exchange.sql) ----

/** numeric columns come back as strings from both drivers; services convert. */
type Numeric = ColumnType<string, string | number, string | number>;
type Bigserial = ColumnType<number, number | undefined, never>;
type DefaultedNumber = ColumnType<number, number | undefined, number>;

export interface ExchangeStoresTable {
  resource_id: string;
  resource_code: string;
  table_name: string;
  history_table: string;
  key_columns: string[];
  columns: Json<unknown[]>;
  rules: ColumnType<Record<string, unknown>, string | undefined, string>;
  catalog_version: number;
  row_count: DefaultedNumber;
  last_change_seq: DefaultedNumber;
  last_load_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExchangeCodeListsTable {
  id: string;
  name: string;
  codes: Json<Array<{ code: string; label: string }>>;
  builtin: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Timestamp;
}

export interface ExchangeLoadsTable {
  id: string;
  resource_id: string;
  channel: 'api' | 'upload' | 'pull';
  format: string;
  status: 'queued' | 'running' | 'succeeded' | 'rejected' | 'failed';
  actor_type: string;
  actor_id: string | null;
  system_id: string | null;
  department_id: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  received: DefaultedNumber;
  inserted: DefaultedNumber;
  updated: DefaultedNumber;
  unchanged: DefaultedNumber;
  deleted: DefaultedNumber;
  rejected: DefaultedNumber;
  quality: NullableJson<Record<string, unknown>>;
  error_code: string | null;
  error_detail: string | null;
  file_name: string | null;
  file_bytes: number | null;
  job_id: string | null;
  pull_run_id: string | null;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface ExchangeLoadErrorsTable {
  load_id: string;
  seq: number;
  row_number: number;
  field: string | null;
  value: string | null;
  code: string;
  message: string;
}

export interface ExchangeQualityScoresTable {
  id: Bigserial;
  resource_id: string;
  measured_at: Timestamp;
  completeness: Numeric;
  validity: Numeric;
  uniqueness: Numeric;
  timeliness: Numeric;
  score: Numeric;
  row_count: number;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface ExchangeFreshnessAlarmsTable {
  id: string;
  resource_id: string;
  raised_at: Timestamp;
  due_at: Timestamp;
  last_load_at: NullableTimestamp;
  cleared_at: NullableTimestamp;
}

export interface ExchangeCalendarDaysTable {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
  updated_at: Timestamp;
}

export interface ExchangeAccessRequestsTable {
  id: string;
  resource_id: string;
  provider_department_id: string;
  requester_department_id: string;
  system_id: string;
  fields: string[];
  cleartext_fields: ColumnType<string[], string[] | undefined, string[]>;
  purpose: string;
  legal_basis: string;
  row_scope: NullableJson<unknown[]>;
  duration_days: number;
  rate_limit_per_minute: number | null;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  due_date: string;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  created_by: string;
  created_at: Timestamp;
}

export interface ExchangeGrantsTable {
  id: string;
  resource_id: string;
  system_id: string;
  department_id: string;
  request_id: string | null;
  fields: string[];
  row_scope: NullableJson<unknown[]>;
  masking: ColumnType<Record<string, string>, string | undefined, string>;
  rate_limit_per_minute: number;
  purpose: string;
  legal_basis: string;
  status: ColumnType<'active' | 'revoked', 'active' | 'revoked' | undefined, 'active' | 'revoked'>;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  revoked_by: string | null;
  revoke_reason: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface ExchangeSubscriptionsTable {
  id: string;
  grant_id: string;
  url: string;
  secret_encrypted: string;
  status: ColumnType<'active' | 'paused' | 'dead', 'active' | 'paused' | 'dead' | undefined, 'active' | 'paused' | 'dead'>;
  cursor: DefaultedNumber;
  batch_size: DefaultedNumber;
  attempts: DefaultedNumber;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExchangeDeliveriesTable {
  id: Bigserial;
  subscription_id: string;
  seq_from: number;
  seq_to: number;
  change_count: number;
  attempt: number;
  status: 'delivered' | 'failed' | 'dead';
  http_status: number | null;
  error: string | null;
  duration_ms: number | null;
  at: Timestamp;
}

export interface ExchangeSourcesTable {
  id: string;
  department_id: string;
  name: string;
  kind: 'mysql' | 'postgres';
  connection_encrypted: string;
  summary: string;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExchangePullsTable {
  id: string;
  resource_id: string;
  source_id: string;
  source_table: string;
  column_mapping: Json<Record<string, string>>;
  mode: 'incremental' | 'full';
  cursor_column: string | null;
  safety_window_seconds: DefaultedNumber;
  schedule: string;
  reconcile_every_runs: DefaultedNumber;
  cursor_value: string | null;
  cursor_key: NullableJson<unknown[]>;
  runs_since_reconcile: DefaultedNumber;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  next_run_at: NullableTimestamp;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExchangePullRunsTable {
  id: string;
  pull_id: string;
  kind: 'incremental' | 'full' | 'reconcile';
  status: 'running' | 'succeeded' | 'failed';
  load_id: string | null;
  read_rows: DefaultedNumber;
  inserted: DefaultedNumber;
  updated: DefaultedNumber;
  unchanged: DefaultedNumber;
  deleted: DefaultedNumber;
  rejected: DefaultedNumber;
  cursor_from: string | null;
  cursor_to: string | null;
  error: string | null;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface ExchangeAccessLogTable {
  id: Bigserial;
  at: Timestamp;
  actor_type: string;
  actor_id: string | null;
  system_id: string | null;
  department_id: string | null;
  grant_id: string | null;
  resource_code: string;
  operation: string;
  purpose: string | null;
  filter: NullableJson<unknown>;
  fields: string[] | null;
  record_count: number;
  result: string;
  status_code: number;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditCheckpointsTable {
  id: Bigserial;
  chain: 'audit' | 'access';
  upto_id: number;
  upto_hash: string;
  entry_count: number;
  algorithm: string;
  public_key: string;
  signature: string;
  signed_at: Timestamp;
}

// ---- Open data (0009_opendata.sql) ----

type DefaultedId = ColumnType<string, string | undefined, string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** bigint columns read as numbers (database.ts type parsers). */
type DefaultedBigint = ColumnType<number, number | undefined, number>;

export interface OpendataHarvestSourcesTable {
  id: DefaultedId;
  name: string;
  title: string;
  type: 'ckan' | 'dcat';
  url: string;
  schedule: string | null;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  config: ColumnType<Record<string, unknown>, string | undefined, string>;
  last_modified_seen: NullableTimestamp;
  next_run_at: NullableTimestamp;
  last_run_at: NullableTimestamp;
  last_success_at: NullableTimestamp;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface OpendataHarvestRunsTable {
  id: DefaultedId;
  source_id: string;
  trigger: 'manual' | 'schedule';
  status: 'running' | 'succeeded' | 'partial' | 'failed';
  created: DefaultedNumber;
  updated: DefaultedNumber;
  unchanged: DefaultedNumber;
  deleted: DefaultedNumber;
  failed: DefaultedNumber;
  message: string | null;
  started_at: DefaultedTimestamp;
  finished_at: NullableTimestamp;
}

export interface OpendataHarvestErrorsTable {
  id: Bigserial;
  run_id: string;
  identifier: string | null;
  message: string;
  at: DefaultedTimestamp;
}

export interface OpendataOrganizationsTable {
  id: DefaultedId;
  name: string;
  title: string;
  title_en: string | null;
  description: ColumnType<string, string | undefined, string>;
  department_id: string | null;
  source_id: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface OpendataDatasetsTable {
  id: DefaultedId;
  name: string;
  catalog_resource_id: string | null;
  catalog_code: string | null;
  catalog_version: number | null;
  source_id: string | null;
  source_identifier: string | null;
  source_url: string | null;
  organization_id: string;
  title: string;
  title_en: string | null;
  notes: ColumnType<string, string | undefined, string>;
  themes: ColumnType<string[], string[] | undefined, string[]>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  license_id: string;
  frequency: string | null;
  open_type: ColumnType<'open' | 'conditional', 'open' | 'conditional' | undefined, 'open' | 'conditional'>;
  open_conditions: string | null;
  maintainer: string | null;
  maintainer_email: string | null;
  data_items: ColumnType<DataItemRecord[], string | undefined, string>;
  extras: ColumnType<Array<{ key: string; value: string }>, string | undefined, string>;
  state: ColumnType<'active' | 'deleted', 'active' | 'deleted' | undefined, 'active' | 'deleted'>;
  current_version: DefaultedNumber;
  row_count: DefaultedBigint;
  /** date: read as 'YYYY-MM-DD' text. */
  issued: string | null;
  metadata_created: DefaultedTimestamp;
  metadata_modified: DefaultedTimestamp;
  data_modified: NullableTimestamp;
  /** Set by the database on every insert and update (trigger); never written by the app. */
  change_seq: ColumnType<number, never, never>;
}

export interface OpendataResourcesTable {
  id: DefaultedId;
  dataset_id: string;
  position: number;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  format: string;
  media_type: string | null;
  url: string | null;
  size: number | null;
  hash: string | null;
  datastore_active: ColumnType<boolean, boolean | undefined, boolean>;
  created: DefaultedTimestamp;
  last_modified: NullableTimestamp;
}

export interface OpendataVersionsTable {
  dataset_id: string;
  version: number;
  up_to_seq: number;
  row_count: number;
  catalog_version: number | null;
  note: string | null;
  published_at: DefaultedTimestamp;
}

export interface OpendataUsageDailyTable {
  dataset_id: string;
  /** date: 'YYYY-MM-DD'. */
  day: string;
  views: DefaultedBigint;
  downloads: DefaultedBigint;
  api_calls: DefaultedBigint;
}

export interface OpendataDatasetStatsTable {
  dataset_id: string;
  views: DefaultedBigint;
  downloads: DefaultedBigint;
  api_calls: DefaultedBigint;
}

export interface OpendataPortalUsersTable {
  id: DefaultedId;
  email: string;
  display_name: string;
  organisation: string | null;
  password_hash: string;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
  failed_attempts: DefaultedNumber;
  locked_until: NullableTimestamp;
  last_login_at: NullableTimestamp;
  created_at: DefaultedTimestamp;
}

export interface OpendataPortalSessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: DefaultedTimestamp;
  last_seen_at: DefaultedTimestamp;
  expires_at: Timestamp;
}

export interface OpendataApplicationsTable {
  id: DefaultedId;
  dataset_id: string;
  portal_user_id: string;
  purpose: string;
  organisation: string | null;
  status: ColumnType<'pending' | 'approved' | 'rejected' | 'withdrawn', 'pending' | 'approved' | 'rejected' | 'withdrawn' | undefined, 'pending' | 'approved' | 'rejected' | 'withdrawn'>;
  reason: string | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  created_at: DefaultedTimestamp;
}

export interface OpendataDataRequestsTable {
  id: DefaultedId;
  title: string;
  description: string;
  department_id: string | null;
  requester_name: string;
  requester_email: string | null;
  portal_user_id: string | null;
  status: ColumnType<'open' | 'accepted' | 'opened' | 'declined', 'open' | 'accepted' | 'opened' | 'declined' | undefined, 'open' | 'accepted' | 'opened' | 'declined'>;
  answer: string | null;
  dataset_id: string | null;
  answered_by: string | null;
  answered_at: NullableTimestamp;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

// ---- Cloud service portal (0010_cloud.sql) ----

export type CloudDriverKind = 'simulated' | 'postgresql' | 'mariadb' | 'redis' | 'openstack';
export type CloudCategory = 'compute' | 'storage' | 'database' | 'cache' | 'message_queue' | 'network' | 'security' | 'backup' | 'big_data';
export type QuotaDimension = 'vcpu' | 'memory_gb' | 'storage_gb' | 'databases' | 'public_ips' | 'monthly_budget_fen';
export type OrderStatus = 'cart' | 'approving' | 'approved' | 'provisioning' | 'completed' | 'partially_failed' | 'failed' | 'rejected' | 'cancelled';
export type OrderItemStatus = 'cart' | 'pending' | 'provisioning' | 'ready' | 'failed' | 'cancelled';
export type ApproverKind = 'dept_head' | 'it_centre';
export type EscalationTarget = 'it_centre' | 'system_admin';
export type ApprovalStatus = 'waiting' | 'pending' | 'approved' | 'rejected' | 'auto_approved' | 'skipped';
export type ResourceStatus = 'provisioning' | 'active' | 'resizing' | 'retiring' | 'retired' | 'failed';
export type OperationKind = 'create' | 'resize' | 'retire';
/** jsonb with a database default: optional on insert. */
type DefaultedJson<T> = ColumnType<T, string | undefined, string>;
type DefaultedString<T extends string = string> = ColumnType<T, T | undefined, T>;
type DefaultedBool = ColumnType<boolean, boolean | undefined, boolean>;

/** A rate card component (monthly prices in fen); see cloud/catalog/pricing.ts. */
export interface RateComponentRecord {
  code: string;
  name: string;
  nameEn?: string | null;
  type: 'fixed' | 'per_unit' | 'tiered';
  /** per_unit and tiered: the order parameter that gives the quantity (e.g. "storageGb"). */
  parameter?: string;
  /** shown after the quantity: 核, GB, 个, Mbps … */
  unit?: string;
  /** fixed: the monthly price; per_unit: the monthly price of one unit. */
  priceFen?: number;
  /** tiered (graduated): units up to `upTo` (null: the rest) cost priceFen each. */
  tiers?: { upTo: number | null; priceFen: number }[];
}

export interface ApprovalStepRecord {
  approver: ApproverKind;
  deadlineHours: number;
  escalateTo: EscalationTarget | null;
}

export interface CloudProvidersTable {
  id: DefaultedId;
  code: string;
  name: string;
  name_en: string | null;
  framework_contract_no: string;
  framework_valid_from: string;
  framework_valid_to: string;
  contact: string | null;
  status: DefaultedString<'active' | 'suspended'>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface CloudProviderEndpointsTable {
  id: DefaultedId;
  provider_id: string;
  driver: CloudDriverKind;
  settings: DefaultedJson<Record<string, unknown>>;
  secrets_sealed: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface CloudSubcontractsTable {
  id: DefaultedId;
  provider_id: string;
  department_id: string;
  contract_no: string;
  signed_on: string;
  valid_from: string;
  valid_to: string;
  status: DefaultedString<'active' | 'terminated'>;
  created_at: DefaultedTimestamp;
}

export interface CloudOfferingsTable {
  id: DefaultedId;
  code: string;
  provider_id: string;
  category: CloudCategory;
  resource_kind: string;
  driver: CloudDriverKind;
  name: string;
  name_en: string | null;
  description: DefaultedString;
  description_en: string | null;
  parameters_schema: Json<Record<string, unknown>>;
  quota_map: DefaultedJson<Record<string, string | number>>;
  status: DefaultedString<'active' | 'retired'>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface CloudRateCardsTable {
  id: DefaultedId;
  offering_id: string;
  version: number;
  effective_from: Timestamp;
  currency: DefaultedString<'CNY'>;
  components: Json<RateComponentRecord[]>;
  note: string | null;
  created_by: string | null;
  created_at: DefaultedTimestamp;
}

export interface CloudQuotasTable {
  department_id: string;
  dimension: QuotaDimension;
  quota_limit: number;
  reserved: DefaultedNumber;
  committed: DefaultedNumber;
  updated_at: DefaultedTimestamp;
}

export interface CloudApprovalPoliciesTable {
  id: DefaultedId;
  name: string;
  department_id: string | null;
  category: CloudCategory | null;
  steps: Json<ApprovalStepRecord[]>;
  auto_approve_max_fen: number | null;
  enabled: DefaultedBool;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface CloudOrdersTable {
  id: DefaultedId;
  number: string | null;
  department_id: string;
  business_system_id: string;
  status: OrderStatus;
  purpose: string | null;
  total_monthly_fen: DefaultedNumber;
  auto_approved: DefaultedBool;
  policy_id: string | null;
  rejection_reason: string | null;
  created_by: string;
  created_at: DefaultedTimestamp;
  submitted_at: NullableTimestamp;
  decided_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface CloudOrderItemsTable {
  id: DefaultedId;
  order_id: string;
  offering_id: string;
  rate_card_id: string;
  action: DefaultedString<'create' | 'resize'>;
  resource_id: string | null;
  name: string;
  parameters: Json<Record<string, unknown>>;
  quote: Json<unknown>;
  monthly_fen: number;
  quota_demand: DefaultedJson<Partial<Record<QuotaDimension, number>>>;
  lease_months: number | null;
  status: DefaultedString<OrderItemStatus>;
  failure_reason: string | null;
  created_at: DefaultedTimestamp;
  ready_at: NullableTimestamp;
}

export interface CloudApprovalsTable {
  id: DefaultedId;
  order_id: string;
  step: number;
  approver: ApproverKind;
  escalate_to: EscalationTarget | null;
  status: ApprovalStatus;
  due_at: NullableTimestamp;
  escalated_at: NullableTimestamp;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  reason: string | null;
}

export interface CloudResourcesTable {
  id: DefaultedId;
  order_item_id: string;
  department_id: string;
  business_system_id: string;
  provider_id: string;
  offering_id: string;
  endpoint_id: string;
  driver: CloudDriverKind;
  resource_kind: string;
  name: string;
  external_id: string | null;
  status: ResourceStatus;
  parameters: Json<Record<string, unknown>>;
  rate_card_id: string;
  monthly_fen: number;
  quota_demand: DefaultedJson<Partial<Record<QuotaDimension, number>>>;
  tags: DefaultedJson<Record<string, string>>;
  endpoint_info: DefaultedJson<Record<string, unknown>>;
  credentials_sealed: string | null;
  credentials_revealed_at: NullableTimestamp;
  credentials_revealed_by: string | null;
  lease_ends_at: NullableTimestamp;
  lease_warnings_sent: ColumnType<number[], number[] | undefined, number[]>;
  drift_status: DefaultedString<'ok' | 'drifted' | 'missing'>;
  drift_detail: string | null;
  last_reconciled_at: NullableTimestamp;
  measured: NullableJson<Record<string, number>>;
  measured_at: NullableTimestamp;
  failure_reason: string | null;
  created_at: DefaultedTimestamp;
  ready_at: NullableTimestamp;
  retired_at: NullableTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface CloudOrphansTable {
  id: DefaultedId;
  endpoint_id: string;
  external_id: string;
  kind: string;
  tags: DefaultedJson<Record<string, string>>;
  first_seen_at: DefaultedTimestamp;
  last_seen_at: DefaultedTimestamp;
  resolved_at: NullableTimestamp;
}

export interface CloudSimulatedResourcesTable {
  external_id: string;
  kind: string;
  idempotency_key: string;
  parameters: Json<Record<string, unknown>>;
  tags: DefaultedJson<Record<string, string>>;
  status: 'building' | 'active' | 'resizing' | 'deleting' | 'deleted' | 'error';
  ready_at: Timestamp;
  created_at: DefaultedTimestamp;
}

export interface CloudOperationsTable {
  id: DefaultedId;
  resource_id: string;
  order_item_id: string | null;
  kind: OperationKind;
  idempotency_key: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  parameters: DefaultedJson<Record<string, unknown>>;
  driver_ref: string | null;
  attempts: DefaultedNumber;
  next_poll_at: DefaultedTimestamp;
  error: string | null;
  created_at: DefaultedTimestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export interface CloudUsageTable {
  resource_id: string;
  hour: Timestamp;
  department_id: string;
  business_system_id: string;
  provider_id: string;
  offering_id: string;
  rate_card_id: string;
  monthly_fen: number;
  allocated: DefaultedJson<Partial<Record<QuotaDimension, number>>>;
  measured: NullableJson<Record<string, number>>;
}

export interface CloudBillsTable {
  id: DefaultedId;
  department_id: string;
  month: string;
  status: 'open' | 'closed';
  total_fen: DefaultedNumber;
  generated_at: DefaultedTimestamp;
}

export interface CloudBillLinesTable {
  id: DefaultedId;
  bill_id: string;
  resource_id: string;
  business_system_id: string;
  provider_id: string;
  offering_id: string;
  description: string;
  hours: number;
  monthly_fen: number;
  amount_fen: number;
}

export interface NotificationsTable {
  id: DefaultedId;
  user_id: string | null;
  role: string | null;
  department_id: string | null;
  kind: string;
  title: string;
  title_en: string | null;
  body: DefaultedString;
  link: string | null;
  mail_status: DefaultedString<'none' | 'pending' | 'sent' | 'failed'>;
  mail_attempts: DefaultedNumber;
  mail_error: string | null;
  created_at: DefaultedTimestamp;
}

export interface NotificationReadsTable {
  notification_id: string;
  user_id: string;
  read_at: DefaultedTimestamp;
}

export interface DB {
  regions: RegionsTable;
  departments: DepartmentsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  business_systems: BusinessSystemsTable;
  api_credentials: ApiCredentialsTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  catalog_classifications: CatalogClassificationsTable;
  catalog_code_sequences: CatalogCodeSequencesTable;
  catalog_resources: CatalogResourcesTable;
  catalog_resource_versions: CatalogResourceVersionsTable;
  exchange_stores: ExchangeStoresTable;
  exchange_code_lists: ExchangeCodeListsTable;
  exchange_loads: ExchangeLoadsTable;
  exchange_load_errors: ExchangeLoadErrorsTable;
  exchange_quality_scores: ExchangeQualityScoresTable;
  exchange_freshness_alarms: ExchangeFreshnessAlarmsTable;
  exchange_calendar_days: ExchangeCalendarDaysTable;
  exchange_access_requests: ExchangeAccessRequestsTable;
  exchange_grants: ExchangeGrantsTable;
  exchange_subscriptions: ExchangeSubscriptionsTable;
  exchange_deliveries: ExchangeDeliveriesTable;
  exchange_sources: ExchangeSourcesTable;
  exchange_pulls: ExchangePullsTable;
  exchange_pull_runs: ExchangePullRunsTable;
  exchange_access_log: ExchangeAccessLogTable;
  audit_checkpoints: AuditCheckpointsTable;
  opendata_harvest_sources: OpendataHarvestSourcesTable;
  opendata_harvest_runs: OpendataHarvestRunsTable;
  opendata_harvest_errors: OpendataHarvestErrorsTable;
  opendata_organizations: OpendataOrganizationsTable;
  opendata_datasets: OpendataDatasetsTable;
  opendata_resources: OpendataResourcesTable;
  opendata_versions: OpendataVersionsTable;
  opendata_usage_daily: OpendataUsageDailyTable;
  opendata_dataset_stats: OpendataDatasetStatsTable;
  opendata_portal_users: OpendataPortalUsersTable;
  opendata_portal_sessions: OpendataPortalSessionsTable;
  opendata_applications: OpendataApplicationsTable;
  opendata_data_requests: OpendataDataRequestsTable;
  cloud_providers: CloudProvidersTable;
  cloud_provider_endpoints: CloudProviderEndpointsTable;
  cloud_subcontracts: CloudSubcontractsTable;
  cloud_offerings: CloudOfferingsTable;
  cloud_rate_cards: CloudRateCardsTable;
  cloud_quotas: CloudQuotasTable;
  cloud_approval_policies: CloudApprovalPoliciesTable;
  cloud_orders: CloudOrdersTable;
  cloud_order_items: CloudOrderItemsTable;
  cloud_approvals: CloudApprovalsTable;
  cloud_resources: CloudResourcesTable;
  cloud_orphans: CloudOrphansTable;
  cloud_simulated_resources: CloudSimulatedResourcesTable;
  cloud_operations: CloudOperationsTable;
  cloud_usage: CloudUsageTable;
  cloud_bills: CloudBillsTable;
  cloud_bill_lines: CloudBillLinesTable;
  notifications: NotificationsTable;
  notification_reads: NotificationReadsTable;
  schema_migrations: SchemaMigrationsTable;
}

export type Row<T extends keyof DB> = Selectable<DB[T]>;
export type NewRow<T extends keyof DB> = Insertable<DB[T]>;
export type RowUpdate<T extends keyof DB> = Updateable<DB[T]>;
