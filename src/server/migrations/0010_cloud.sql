-- Cloud service portal (云服务): providers with framework contracts and departments' sub-contracts (统采分签),
-- versioned rate cards, offerings in nine categories, carts and orders with approval chains, quotas, provisioned
-- resources and their driver operations, hourly metering (partitioned by month), bills, and console notifications.
-- Money is integer fen (分, 1/100 CNY) everywhere.

CREATE TABLE cloud_providers (
  id                    uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  code                  text        NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name                  text        NOT NULL,
  name_en               text        NULL,
  framework_contract_no text        NOT NULL,
  framework_valid_from  date        NOT NULL,
  framework_valid_to    date        NOT NULL,
  contact               text        NULL,
  status                text        NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended')),
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);

-- How Zhongshu reaches one of a provider's platforms: the driver and its settings. Secrets (passwords, keys) are
-- sealed with the platform's secret box; settings holds only what may be shown.
CREATE TABLE cloud_provider_endpoints (
  id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id      uuid        NOT NULL REFERENCES cloud_providers(id) ON DELETE CASCADE,
  driver           text        NOT NULL CHECK (driver IN ('simulated','postgresql','mariadb','redis','openstack')),
  settings         jsonb       NOT NULL DEFAULT '{}'::jsonb,
  secrets_sealed   text        NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider_id, driver)
);

-- A department's signed sub-contract under a provider's framework contract; a department orders a provider's
-- offerings only while it holds a valid one.
CREATE TABLE cloud_subcontracts (
  id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id   uuid        NOT NULL REFERENCES cloud_providers(id),
  department_id uuid        NOT NULL REFERENCES departments(id),
  contract_no   text        NOT NULL,
  signed_on     date        NOT NULL,
  valid_from    date        NOT NULL,
  valid_to      date        NOT NULL,
  status        text        NOT NULL DEFAULT 'active' CHECK (status IN ('active','terminated')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider_id, contract_no)
);
CREATE INDEX cloud_subcontracts_department ON cloud_subcontracts (department_id, provider_id);

CREATE TABLE cloud_offerings (
  id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  code              text        NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  provider_id       uuid        NOT NULL REFERENCES cloud_providers(id),
  category          text        NOT NULL CHECK (category IN ('compute','storage','database','cache','message_queue',
                                  'network','security','backup','big_data')),
  -- the kind of thing provisioned (postgresql_database, mariadb_database, redis_user, vm, volume, public_ip, …)
  resource_kind     text        NOT NULL,
  driver            text        NOT NULL CHECK (driver IN ('simulated','postgresql','mariadb','redis','openstack')),
  name              text        NOT NULL,
  name_en           text        NULL,
  description       text        NOT NULL DEFAULT '',
  description_en    text        NULL,
  -- JSON Schema (draft 2020-12 subset) of the order parameters; the console builds the order form from it
  parameters_schema jsonb       NOT NULL,
  -- how parameters become quota demand: {"vcpu": "vcpu", "memory_gb": "memoryGb", "databases": 1, …}
  quota_map         jsonb       NOT NULL DEFAULT '{}'::jsonb,
  status            text        NOT NULL DEFAULT 'active' CHECK (status IN ('active','retired')),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cloud_offerings_category ON cloud_offerings (category, status);

-- Versioned prices of one offering: a version is in force from effective_from until the next version's.
-- components: [{code, name, nameEn, type: fixed|per_unit|tiered, parameter?, unit, priceFen?, tiers?}] (monthly)
CREATE TABLE cloud_rate_cards (
  id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  offering_id    uuid        NOT NULL REFERENCES cloud_offerings(id) ON DELETE CASCADE,
  version        integer     NOT NULL,
  effective_from timestamptz NOT NULL,
  currency       text        NOT NULL DEFAULT 'CNY' CHECK (currency = 'CNY'),
  components     jsonb       NOT NULL,
  note           text        NULL,
  created_by     uuid        NULL REFERENCES users(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (offering_id, version)
);
CREATE INDEX cloud_rate_cards_effective ON cloud_rate_cards (offering_id, effective_from DESC);

-- Quotas per department and dimension. reserved: submitted orders not yet provisioned; committed: provisioned
-- resources. The reservation is one conditional UPDATE (limit - reserved - committed >= demand) in the same
-- transaction as the order's state change, so concurrent orders never overshoot.
CREATE TABLE cloud_quotas (
  department_id uuid        NOT NULL REFERENCES departments(id),
  dimension     text        NOT NULL CHECK (dimension IN ('vcpu','memory_gb','storage_gb','databases','public_ips','monthly_budget_fen')),
  quota_limit   bigint      NOT NULL CHECK (quota_limit >= 0),
  reserved      bigint      NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  committed     bigint      NOT NULL DEFAULT 0 CHECK (committed >= 0),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  -- no check of reserved + committed against the limit: the IT centre may lower a limit below what is in use,
  -- which only stops new orders
  PRIMARY KEY (department_id, dimension)
);

-- Approval chains: the most specific policy wins (department + category > department > category > default).
-- steps: [{"approver": "dept_head"|"it_centre", "deadlineHours": 24, "escalateTo": "it_centre"|"system_admin"|null}]
CREATE TABLE cloud_approval_policies (
  id                      uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  name                    text        NOT NULL,
  department_id           uuid        NULL REFERENCES departments(id),
  category                text        NULL,
  steps                   jsonb       NOT NULL,
  -- automatic approval: every item within quota and the order's monthly total at most this (null: never automatic)
  auto_approve_max_fen    bigint      NULL,
  enabled                 boolean     NOT NULL DEFAULT true,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX cloud_approval_policies_scope ON cloud_approval_policies
  (coalesce(department_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(category, ''));

CREATE SEQUENCE cloud_order_numbers;

-- An order is a cart while status = 'cart' (one per department, business system and user), then goes
-- submitted → approving → approved → provisioning → completed | partially_failed | failed, or rejected/cancelled.
CREATE TABLE cloud_orders (
  id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  number             text        NULL UNIQUE,
  department_id      uuid        NOT NULL REFERENCES departments(id),
  business_system_id uuid        NOT NULL REFERENCES business_systems(id),
  status             text        NOT NULL CHECK (status IN ('cart','approving','approved','provisioning','completed',
                                   'partially_failed','failed','rejected','cancelled')),
  purpose            text        NULL,
  total_monthly_fen  bigint      NOT NULL DEFAULT 0,
  auto_approved      boolean     NOT NULL DEFAULT false,
  policy_id          uuid        NULL REFERENCES cloud_approval_policies(id),
  rejection_reason   text        NULL,
  created_by         uuid        NOT NULL REFERENCES users(id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  submitted_at       timestamptz NULL,
  decided_at         timestamptz NULL,
  completed_at       timestamptz NULL,
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX cloud_orders_one_cart ON cloud_orders (department_id, business_system_id, created_by) WHERE status = 'cart';
CREATE INDEX cloud_orders_department ON cloud_orders (department_id, created_at DESC);
CREATE INDEX cloud_orders_status ON cloud_orders (status, submitted_at);

-- One line of an order. The quote (price breakdown) and the rate card are fixed when the item is added and
-- re-checked at submission; the bill charges exactly monthly_fen per full month.
CREATE TABLE cloud_order_items (
  id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id          uuid        NOT NULL REFERENCES cloud_orders(id) ON DELETE CASCADE,
  offering_id       uuid        NOT NULL REFERENCES cloud_offerings(id),
  rate_card_id      uuid        NOT NULL REFERENCES cloud_rate_cards(id),
  -- 'create' orders a new resource; 'resize' changes resource_id's parameters
  action            text        NOT NULL DEFAULT 'create' CHECK (action IN ('create','resize')),
  resource_id       uuid        NULL,
  name              text        NOT NULL,
  parameters        jsonb       NOT NULL,
  quote             jsonb       NOT NULL,
  monthly_fen       bigint      NOT NULL,
  -- quota demand per dimension, monthly_budget_fen included: {"vcpu": 4, "memory_gb": 8, "monthly_budget_fen": 52000}
  quota_demand      jsonb       NOT NULL DEFAULT '{}'::jsonb,
  lease_months      integer     NULL CHECK (lease_months IS NULL OR lease_months BETWEEN 1 AND 120),
  status            text        NOT NULL DEFAULT 'cart' CHECK (status IN ('cart','pending','provisioning','ready','failed','cancelled')),
  failure_reason    text        NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  ready_at          timestamptz NULL
);
CREATE INDEX cloud_order_items_order ON cloud_order_items (order_id);

CREATE TABLE cloud_approvals (
  id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id       uuid        NOT NULL REFERENCES cloud_orders(id) ON DELETE CASCADE,
  step           integer     NOT NULL,
  approver       text        NOT NULL CHECK (approver IN ('dept_head','it_centre')),
  escalate_to    text        NULL CHECK (escalate_to IS NULL OR escalate_to IN ('it_centre','system_admin')),
  status         text        NOT NULL CHECK (status IN ('waiting','pending','approved','rejected','auto_approved','skipped')),
  due_at         timestamptz NULL,
  escalated_at   timestamptz NULL,
  decided_by     uuid        NULL REFERENCES users(id),
  decided_at     timestamptz NULL,
  reason         text        NULL,
  UNIQUE (order_id, step)
);
CREATE INDEX cloud_approvals_pending ON cloud_approvals (status, due_at) WHERE status = 'pending';

CREATE TABLE cloud_resources (
  id                  uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the order item that created it: also the driver's idempotency token
  order_item_id       uuid        NOT NULL UNIQUE REFERENCES cloud_order_items(id),
  department_id       uuid        NOT NULL REFERENCES departments(id),
  business_system_id  uuid        NOT NULL REFERENCES business_systems(id),
  provider_id         uuid        NOT NULL REFERENCES cloud_providers(id),
  offering_id         uuid        NOT NULL REFERENCES cloud_offerings(id),
  endpoint_id         uuid        NOT NULL REFERENCES cloud_provider_endpoints(id),
  driver              text        NOT NULL,
  resource_kind       text        NOT NULL,
  name                text        NOT NULL,
  external_id         text        NULL,
  status              text        NOT NULL CHECK (status IN ('provisioning','active','resizing','retiring','retired','failed')),
  parameters          jsonb       NOT NULL,
  rate_card_id        uuid        NOT NULL REFERENCES cloud_rate_cards(id),
  monthly_fen         bigint      NOT NULL,
  -- what the resource holds against the department's quota while active
  quota_demand        jsonb       NOT NULL DEFAULT '{}'::jsonb,
  tags                jsonb       NOT NULL DEFAULT '{}'::jsonb,
  -- connection details without secrets (host, port, database, username) — shown any time
  endpoint_info       jsonb       NOT NULL DEFAULT '{}'::jsonb,
  -- the full credentials, sealed; shown once to the ordering department (credentials_revealed_at)
  credentials_sealed  text        NULL,
  credentials_revealed_at timestamptz NULL,
  credentials_revealed_by uuid    NULL REFERENCES users(id),
  lease_ends_at       timestamptz NULL,
  -- lease warnings already sent: subset of {30, 7, 1}
  lease_warnings_sent integer[]   NOT NULL DEFAULT '{}',
  -- reconciliation: ok | drifted (provider differs) | missing (gone at the provider)
  drift_status        text        NOT NULL DEFAULT 'ok' CHECK (drift_status IN ('ok','drifted','missing')),
  drift_detail        text        NULL,
  last_reconciled_at  timestamptz NULL,
  -- last real measurement from the driver (e.g. {"storageBytes": 8126464, "connections": 2})
  measured            jsonb       NULL,
  measured_at         timestamptz NULL,
  failure_reason      text        NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  ready_at            timestamptz NULL,
  retired_at          timestamptz NULL,
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cloud_resources_department ON cloud_resources (department_id, status);
CREATE INDEX cloud_resources_system ON cloud_resources (business_system_id);
CREATE INDEX cloud_resources_lease ON cloud_resources (lease_ends_at) WHERE status = 'active' AND lease_ends_at IS NOT NULL;

-- Resources a provider listed that no order made (found by reconciliation).
CREATE TABLE cloud_orphans (
  id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  endpoint_id  uuid        NOT NULL REFERENCES cloud_provider_endpoints(id) ON DELETE CASCADE,
  external_id  text        NOT NULL,
  kind         text        NOT NULL,
  tags         jsonb       NOT NULL DEFAULT '{}'::jsonb,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  resolved_at  timestamptz NULL,
  UNIQUE (endpoint_id, external_id)
);

-- The simulated driver's "cloud" (demo and tests): what it has made, so listing and reconciliation work the same.
CREATE TABLE cloud_simulated_resources (
  external_id  text        PRIMARY KEY,
  kind         text        NOT NULL,
  idempotency_key text     NOT NULL UNIQUE,
  parameters   jsonb       NOT NULL,
  tags         jsonb       NOT NULL DEFAULT '{}'::jsonb,
  status       text        NOT NULL CHECK (status IN ('building','active','resizing','deleting','deleted','error')),
  -- when the pending change completes (the driver's simulated latency)
  ready_at     timestamptz NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- Asynchronous driver operations (create, resize, retire): claimed by the provisioning worker with
-- FOR UPDATE SKIP LOCKED, polled until the driver says done. The idempotency key is the order item id
-- (create, resize) or the resource id (retire), so a repeated call never makes a second resource.
CREATE TABLE cloud_operations (
  id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  resource_id      uuid        NOT NULL REFERENCES cloud_resources(id),
  order_item_id    uuid        NULL REFERENCES cloud_order_items(id),
  kind             text        NOT NULL CHECK (kind IN ('create','resize','retire')),
  idempotency_key  text        NOT NULL,
  status           text        NOT NULL CHECK (status IN ('queued','running','succeeded','failed')),
  parameters       jsonb       NOT NULL DEFAULT '{}'::jsonb,
  -- the driver's handle for polling (e.g. a Nova server id)
  driver_ref       text        NULL,
  attempts         integer     NOT NULL DEFAULT 0,
  next_poll_at     timestamptz NOT NULL DEFAULT now(),
  error            text        NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  started_at       timestamptz NULL,
  finished_at      timestamptz NULL,
  UNIQUE (kind, idempotency_key)
);
CREATE INDEX cloud_operations_due ON cloud_operations (next_poll_at) WHERE status IN ('queued','running');

-- Hourly usage per resource, one row per resource and hour, partitioned by month (partitions are created by
-- the metering job before it writes a month). monthly_fen is the price in force that hour; a month's charge is
-- sum(monthly_fen) / hours in the month, so a full month charges exactly the quoted monthly price.
CREATE TABLE cloud_usage (
  resource_id        uuid        NOT NULL,
  hour               timestamptz NOT NULL,
  department_id      uuid        NOT NULL,
  business_system_id uuid        NOT NULL,
  provider_id        uuid        NOT NULL,
  offering_id        uuid        NOT NULL,
  rate_card_id       uuid        NOT NULL,
  monthly_fen        bigint      NOT NULL,
  -- allocated quantities that hour: {"vcpu": 4, "memory_gb": 8, "storage_gb": 100}
  allocated          jsonb       NOT NULL DEFAULT '{}'::jsonb,
  -- real measurement when the driver can read it: {"storageBytes": …}
  measured           jsonb       NULL,
  PRIMARY KEY (resource_id, hour)
) PARTITION BY RANGE (hour);
CREATE INDEX cloud_usage_department_hour ON cloud_usage (department_id, hour);

-- Monthly bills per department: generated from usage (again until the month is closed), with line items.
CREATE TABLE cloud_bills (
  id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  department_id  uuid        NOT NULL REFERENCES departments(id),
  month          text        NOT NULL CHECK (month ~ '^\d{4}-\d{2}$'),
  status         text        NOT NULL CHECK (status IN ('open','closed')),
  total_fen      bigint      NOT NULL DEFAULT 0,
  generated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (department_id, month)
);

CREATE TABLE cloud_bill_lines (
  id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  bill_id            uuid        NOT NULL REFERENCES cloud_bills(id) ON DELETE CASCADE,
  resource_id        uuid        NOT NULL REFERENCES cloud_resources(id),
  business_system_id uuid        NOT NULL REFERENCES business_systems(id),
  provider_id        uuid        NOT NULL REFERENCES cloud_providers(id),
  offering_id        uuid        NOT NULL REFERENCES cloud_offerings(id),
  description        text        NOT NULL,
  hours              integer     NOT NULL,
  monthly_fen        bigint      NOT NULL,
  amount_fen         bigint      NOT NULL
);
CREATE INDEX cloud_bill_lines_bill ON cloud_bill_lines (bill_id);

-- Console notifications: to one user, or to every holder of a role (within a department when department_id is set).
CREATE TABLE notifications (
  id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id        uuid        NULL REFERENCES users(id),
  role           text        NULL,
  department_id  uuid        NULL REFERENCES departments(id),
  kind           text        NOT NULL,
  title          text        NOT NULL,
  title_en       text        NULL,
  body           text        NOT NULL DEFAULT '',
  link           text        NULL,
  -- e-mail copy when SMTP is configured: none (not configured) → pending → sent | failed (after 5 attempts)
  mail_status    text        NOT NULL DEFAULT 'none' CHECK (mail_status IN ('none','pending','sent','failed')),
  mail_attempts  integer     NOT NULL DEFAULT 0,
  mail_error     text        NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (user_id IS NOT NULL OR role IS NOT NULL)
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_role ON notifications (role, department_id, created_at DESC);
CREATE INDEX notifications_mail ON notifications (created_at) WHERE mail_status = 'pending';

CREATE TABLE notification_reads (
  notification_id uuid        NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
  user_id         uuid        NOT NULL REFERENCES users(id),
  read_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (notification_id, user_id)
);
