-- The shared exchange (共享交换). Metadata lives here; each resource's records live in two tables created at run
-- time by modules/exchange/store (xs_<code> for the current records, xh_<code> for their change history), in the
-- same schema as these tables.

-- One row per catalog entry that has a store. `columns` is the data-item list the tables were built from; `rules`
-- the per-field checks (citizen ID, credit code, pattern, code list) in force for loads.
CREATE TABLE exchange_stores (
  resource_id     uuid        PRIMARY KEY REFERENCES catalog_resources(id),
  resource_code   text        NOT NULL UNIQUE,
  table_name      text        NOT NULL UNIQUE,
  history_table   text        NOT NULL UNIQUE,
  key_columns     text[]      NOT NULL,
  columns         jsonb       NOT NULL,
  rules           jsonb       NOT NULL DEFAULT '{}'::jsonb,
  catalog_version integer     NOT NULL,
  row_count       bigint      NOT NULL DEFAULT 0,
  last_change_seq bigint      NOT NULL DEFAULT 0,
  last_load_at    timestamptz NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Code lists that `code` data items are checked against (built-ins seeded by the store; departments add more).
CREATE TABLE exchange_code_lists (
  id          text        PRIMARY KEY,
  name        text        NOT NULL,
  codes       jsonb       NOT NULL,
  builtin     boolean     NOT NULL DEFAULT false,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Every load (push request, uploaded file, pull run): who, how, and what it did. Written in the same transaction
-- as the records, so a load either exists with its counts or did not happen.
CREATE TABLE exchange_loads (
  id               uuid        PRIMARY KEY,
  resource_id      uuid        NOT NULL REFERENCES catalog_resources(id),
  channel          text        NOT NULL CHECK (channel IN ('api','upload','pull')),
  format           text        NOT NULL,
  status           text        NOT NULL CHECK (status IN ('queued','running','succeeded','rejected','failed')),
  actor_type       text        NOT NULL,
  actor_id         text        NULL,
  system_id        uuid        NULL REFERENCES business_systems(id),
  department_id    uuid        NULL REFERENCES departments(id),
  idempotency_key  text        NULL,
  request_hash     text        NULL,
  received         bigint      NOT NULL DEFAULT 0,
  inserted         bigint      NOT NULL DEFAULT 0,
  updated          bigint      NOT NULL DEFAULT 0,
  unchanged        bigint      NOT NULL DEFAULT 0,
  deleted          bigint      NOT NULL DEFAULT 0,
  rejected         bigint      NOT NULL DEFAULT 0,
  quality          jsonb       NULL,
  error_code       text        NULL,
  error_detail     text        NULL,
  file_name        text        NULL,
  file_bytes       bigint      NULL,
  job_id           uuid        NULL,
  pull_run_id      uuid        NULL,
  started_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz NULL
);
CREATE INDEX exchange_loads_resource ON exchange_loads (resource_id, started_at DESC);
-- A retry with the same Idempotency-Key from the same caller for the same resource finds the first answer.
CREATE UNIQUE INDEX exchange_loads_idempotency ON exchange_loads (resource_id, actor_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Rejected rows of a load (row number, column, value, reason); capped per load by the loader.
CREATE TABLE exchange_load_errors (
  load_id     uuid        NOT NULL REFERENCES exchange_loads(id),
  seq         integer     NOT NULL,
  row_number  bigint      NOT NULL,
  field       text        NULL,
  value       text        NULL,
  code        text        NOT NULL,
  message     text        NOT NULL,
  PRIMARY KEY (load_id, seq)
);

-- Quality score history per resource (0–100 per dimension).
CREATE TABLE exchange_quality_scores (
  id            bigserial   PRIMARY KEY,
  resource_id   uuid        NOT NULL REFERENCES catalog_resources(id),
  measured_at   timestamptz NOT NULL DEFAULT now(),
  completeness  numeric(5,2) NOT NULL,
  validity      numeric(5,2) NOT NULL,
  uniqueness    numeric(5,2) NOT NULL,
  timeliness    numeric(5,2) NOT NULL,
  score         numeric(5,2) NOT NULL,
  row_count     bigint      NOT NULL,
  details       jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX exchange_quality_resource ON exchange_quality_scores (resource_id, measured_at DESC);

-- Freshness alarms: raised when a resource misses its update cycle, cleared by the next load.
CREATE TABLE exchange_freshness_alarms (
  id           uuid        PRIMARY KEY,
  resource_id  uuid        NOT NULL REFERENCES catalog_resources(id),
  raised_at    timestamptz NOT NULL DEFAULT now(),
  due_at       timestamptz NOT NULL,
  last_load_at timestamptz NULL,
  cleared_at   timestamptz NULL
);
CREATE UNIQUE INDEX exchange_freshness_open ON exchange_freshness_alarms (resource_id) WHERE cleared_at IS NULL;

-- Holiday calendar for the 10-working-day deadline: 'holiday' closes a weekday, 'workday' opens a weekend day (调休).
CREATE TABLE exchange_calendar_days (
  day        date        PRIMARY KEY,
  kind       text        NOT NULL CHECK (kind IN ('holiday','workday')),
  name       text        NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Access requests (共享申请): a department asks for a resource on behalf of one of its business systems.
CREATE TABLE exchange_access_requests (
  id                      uuid        PRIMARY KEY,
  resource_id             uuid        NOT NULL REFERENCES catalog_resources(id),
  provider_department_id  uuid        NOT NULL REFERENCES departments(id),
  requester_department_id uuid        NOT NULL REFERENCES departments(id),
  system_id               uuid        NOT NULL REFERENCES business_systems(id),
  fields                  text[]      NOT NULL,
  cleartext_fields        text[]      NOT NULL DEFAULT '{}',
  purpose                 text        NOT NULL,
  legal_basis             text        NOT NULL,
  row_scope               jsonb       NULL,
  duration_days           integer     NOT NULL CHECK (duration_days BETWEEN 1 AND 3660),
  rate_limit_per_minute   integer     NULL,
  status                  text        NOT NULL CHECK (status IN ('pending','approved','rejected','withdrawn')),
  due_date                date        NOT NULL,
  decision_reason         text        NULL,
  decided_by              uuid        NULL,
  decided_at              timestamptz NULL,
  created_by              text        NOT NULL,
  created_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exchange_requests_provider ON exchange_access_requests (provider_department_id, status, created_at DESC);
CREATE INDEX exchange_requests_requester ON exchange_access_requests (requester_department_id, status, created_at DESC);

-- Grants (授权): what a business system may read from one resource, until when, how fast.
CREATE TABLE exchange_grants (
  id                    uuid        PRIMARY KEY,
  resource_id           uuid        NOT NULL REFERENCES catalog_resources(id),
  system_id             uuid        NOT NULL REFERENCES business_systems(id),
  department_id         uuid        NOT NULL REFERENCES departments(id),
  request_id            uuid        NULL REFERENCES exchange_access_requests(id),
  fields                text[]      NOT NULL,
  row_scope             jsonb       NULL,
  masking               jsonb       NOT NULL DEFAULT '{}'::jsonb,
  rate_limit_per_minute integer     NOT NULL,
  purpose               text        NOT NULL,
  legal_basis           text        NOT NULL,
  status                text        NOT NULL DEFAULT 'active' CHECK (status IN ('active','revoked')),
  expires_at            timestamptz NOT NULL,
  revoked_at            timestamptz NULL,
  revoked_by            text        NULL,
  revoke_reason         text        NULL,
  created_by            text        NOT NULL,
  created_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exchange_grants_system ON exchange_grants (system_id, resource_id);
CREATE INDEX exchange_grants_resource ON exchange_grants (resource_id, status);

-- Webhook subscriptions on a grant's change feed. `cursor` is the last change sequence delivered.
CREATE TABLE exchange_subscriptions (
  id                uuid        PRIMARY KEY,
  grant_id          uuid        NOT NULL REFERENCES exchange_grants(id),
  url               text        NOT NULL,
  secret_encrypted  text        NOT NULL,
  status            text        NOT NULL DEFAULT 'active' CHECK (status IN ('active','paused','dead')),
  cursor            bigint      NOT NULL DEFAULT 0,
  batch_size        integer     NOT NULL DEFAULT 100,
  attempts          integer     NOT NULL DEFAULT 0,
  next_attempt_at   timestamptz NOT NULL DEFAULT now(),
  last_error        text        NULL,
  created_by        text        NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exchange_subscriptions_due ON exchange_subscriptions (status, next_attempt_at);

-- Delivery log: one row per attempt to post a batch of changes (seq_from..seq_to) to a subscription.
CREATE TABLE exchange_deliveries (
  id              bigserial   PRIMARY KEY,
  subscription_id uuid        NOT NULL REFERENCES exchange_subscriptions(id),
  seq_from        bigint      NOT NULL,
  seq_to          bigint      NOT NULL,
  change_count    integer     NOT NULL,
  attempt         integer     NOT NULL,
  status          text        NOT NULL CHECK (status IN ('delivered','failed','dead')),
  http_status     integer     NULL,
  error           text        NULL,
  duration_ms     integer     NULL,
  at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exchange_deliveries_subscription ON exchange_deliveries (subscription_id, id DESC);

-- A department's own database that the platform pulls from. `connection_encrypted` holds host, port, user,
-- password and database, encrypted with the platform secret key (AES-256-GCM, or SM4-CTR + HMAC-SM3).
CREATE TABLE exchange_sources (
  id                   uuid        PRIMARY KEY,
  department_id        uuid        NOT NULL REFERENCES departments(id),
  name                 text        NOT NULL,
  kind                 text        NOT NULL CHECK (kind IN ('mysql','postgres')),
  connection_encrypted text        NOT NULL,
  summary              text        NOT NULL,
  created_by           text        NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (department_id, name)
);

-- A scheduled pull of one source table into one resource's store.
CREATE TABLE exchange_pulls (
  id                    uuid        PRIMARY KEY,
  resource_id           uuid        NOT NULL REFERENCES catalog_resources(id),
  source_id             uuid        NOT NULL REFERENCES exchange_sources(id),
  source_table          text        NOT NULL,
  column_mapping        jsonb       NOT NULL,
  mode                  text        NOT NULL CHECK (mode IN ('incremental','full')),
  cursor_column         text        NULL,
  safety_window_seconds integer     NOT NULL DEFAULT 300,
  schedule              text        NOT NULL,
  reconcile_every_runs  integer     NOT NULL DEFAULT 24,
  cursor_value          text        NULL,
  cursor_key            jsonb       NULL,
  runs_since_reconcile  integer     NOT NULL DEFAULT 0,
  enabled               boolean     NOT NULL DEFAULT true,
  next_run_at           timestamptz NULL,
  created_by            text        NOT NULL,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exchange_pulls_due ON exchange_pulls (enabled, next_run_at);

CREATE TABLE exchange_pull_runs (
  id           uuid        PRIMARY KEY,
  pull_id      uuid        NOT NULL REFERENCES exchange_pulls(id),
  kind         text        NOT NULL CHECK (kind IN ('incremental','full','reconcile')),
  status       text        NOT NULL CHECK (status IN ('running','succeeded','failed')),
  load_id      uuid        NULL,
  read_rows    bigint      NOT NULL DEFAULT 0,
  inserted     bigint      NOT NULL DEFAULT 0,
  updated      bigint      NOT NULL DEFAULT 0,
  unchanged    bigint      NOT NULL DEFAULT 0,
  deleted      bigint      NOT NULL DEFAULT 0,
  rejected     bigint      NOT NULL DEFAULT 0,
  cursor_from  text        NULL,
  cursor_to    text        NULL,
  error        text        NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz NULL
);
CREATE INDEX exchange_pull_runs_pull ON exchange_pull_runs (pull_id, started_at DESC);

-- Every data access by a business system (or a person through the console): its own append-only hash chain,
-- written in batches by one appender per process (modules/exchange/query/access-log.ts).
CREATE TABLE exchange_access_log (
  id            bigserial   PRIMARY KEY,
  at            timestamptz NOT NULL,
  actor_type    text        NOT NULL,
  actor_id      text        NULL,
  system_id     uuid        NULL,
  department_id uuid        NULL,
  grant_id      uuid        NULL,
  resource_code text        NOT NULL,
  operation     text        NOT NULL,
  purpose       text        NULL,
  filter        jsonb       NULL,
  fields        text[]      NULL,
  record_count  integer     NOT NULL DEFAULT 0,
  result        text        NOT NULL,
  status_code   integer     NOT NULL,
  request_id    text        NULL,
  prev_hash     text        NOT NULL,
  hash          text        NOT NULL
);
CREATE INDEX exchange_access_log_at ON exchange_access_log (at);
CREATE INDEX exchange_access_log_system ON exchange_access_log (system_id, at);
CREATE INDEX exchange_access_log_resource ON exchange_access_log (resource_code, at);
CREATE TRIGGER exchange_access_log_no_update BEFORE UPDATE OR DELETE ON exchange_access_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

-- Signed checkpoints over both chains: the last id and hash of each, signed (Ed25519, or SM2 in national-crypto
-- mode), so a truncated tail or a rewritten chain is detectable against a signature.
CREATE TABLE audit_checkpoints (
  id            bigserial   PRIMARY KEY,
  chain         text        NOT NULL CHECK (chain IN ('audit','access')),
  upto_id       bigint      NOT NULL,
  upto_hash     text        NOT NULL,
  entry_count   bigint      NOT NULL,
  algorithm     text        NOT NULL,
  public_key    text        NOT NULL,
  signature     text        NOT NULL,
  signed_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_checkpoints_chain ON audit_checkpoints (chain, upto_id DESC);
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
