-- Open data (数据开放): the public portal's datasets, their downloadable versions, usage, the public's requests and
-- applications, portal accounts, and harvesting from other portals. A local dataset is the public face of a
-- published catalog entry whose open type is open or conditional; its records stay in the exchange's store.

-- Harvest sources come first: organisations and datasets point at the source they were harvested from.
CREATE TABLE opendata_harvest_sources (
  id                  uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  name                text        NOT NULL UNIQUE,
  title               text        NOT NULL,
  type                text        NOT NULL CHECK (type IN ('ckan','dcat')),
  url                 text        NOT NULL,
  -- cron (five fields) or null for manual runs only
  schedule            text        NULL,
  enabled             boolean     NOT NULL DEFAULT true,
  -- type-specific settings (e.g. {"fq": "organization:x"} for CKAN, {"format": "jsonld"} for DCAT)
  config              jsonb       NOT NULL DEFAULT '{}'::jsonb,
  -- CKAN incremental harvesting: the highest metadata_modified seen by the last successful run
  last_modified_seen  timestamptz NULL,
  next_run_at         timestamptz NULL,
  last_run_at         timestamptz NULL,
  last_success_at     timestamptz NULL,
  created_by          uuid        NULL REFERENCES users(id),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE opendata_harvest_runs (
  id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  source_id   uuid        NOT NULL REFERENCES opendata_harvest_sources(id) ON DELETE CASCADE,
  trigger     text        NOT NULL CHECK (trigger IN ('manual','schedule')),
  status      text        NOT NULL CHECK (status IN ('running','succeeded','partial','failed')),
  created     integer     NOT NULL DEFAULT 0,
  updated     integer     NOT NULL DEFAULT 0,
  unchanged   integer     NOT NULL DEFAULT 0,
  deleted     integer     NOT NULL DEFAULT 0,
  failed      integer     NOT NULL DEFAULT 0,
  message     text        NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz NULL
);
CREATE INDEX opendata_harvest_runs_source ON opendata_harvest_runs (source_id, started_at DESC);

-- Per-dataset problems of a run (a dataset that could not be read or mapped); the rest of the run goes on.
CREATE TABLE opendata_harvest_errors (
  id          bigserial   PRIMARY KEY,
  run_id      uuid        NOT NULL REFERENCES opendata_harvest_runs(id) ON DELETE CASCADE,
  identifier  text        NULL,
  message     text        NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX opendata_harvest_errors_run ON opendata_harvest_errors (run_id, id);

-- CKAN organisations: a local department (department_id) or an organisation met while harvesting (source_id).
CREATE TABLE opendata_organizations (
  id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9_-]{2,100}$'),
  title         text        NOT NULL,
  title_en      text        NULL,
  description   text        NOT NULL DEFAULT '',
  department_id uuid        NULL UNIQUE REFERENCES departments(id),
  source_id     uuid        NULL REFERENCES opendata_harvest_sources(id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Every write to a dataset takes the next value (trigger below): search indexes on any node catch up by reading
-- the rows with change_seq above the highest they hold.
CREATE SEQUENCE opendata_change_seq;

CREATE TABLE opendata_datasets (
  id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  -- CKAN name: lower-case letters, digits, - and _; stable once published
  name               text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9_-]{2,100}$'),
  catalog_resource_id uuid       NULL UNIQUE REFERENCES catalog_resources(id),
  catalog_code       text        NULL,
  catalog_version    integer     NULL,
  source_id          uuid        NULL REFERENCES opendata_harvest_sources(id) ON DELETE CASCADE,
  -- the dataset's id (CKAN) or IRI (DCAT) at its source
  source_identifier  text        NULL,
  -- its page at the source
  source_url         text        NULL,
  organization_id    uuid        NOT NULL REFERENCES opendata_organizations(id),
  title              text        NOT NULL,
  title_en           text        NULL,
  notes              text        NOT NULL DEFAULT '',
  -- vocabulary.ts THEMES keys (EU data themes)
  themes             text[]      NOT NULL DEFAULT '{}',
  tags               text[]      NOT NULL DEFAULT '{}',
  license_id         text        NOT NULL,
  -- vocabulary.ts FREQUENCIES keys (the catalog's update cycles)
  frequency          text        NULL,
  open_type          text        NOT NULL DEFAULT 'open' CHECK (open_type IN ('open','conditional')),
  open_conditions    text        NULL,
  maintainer         text        NULL,
  maintainer_email   text        NULL,
  -- the catalog's data items (name, label, type, …) of the columns the public sees
  data_items         jsonb       NOT NULL DEFAULT '[]'::jsonb,
  -- CKAN extras: [{"key": "...", "value": "..."}]
  extras             jsonb       NOT NULL DEFAULT '[]'::jsonb,
  state              text        NOT NULL DEFAULT 'active' CHECK (state IN ('active','deleted')),
  current_version    integer     NOT NULL DEFAULT 0,
  row_count          bigint      NOT NULL DEFAULT 0,
  issued             date        NULL,
  metadata_created   timestamptz NOT NULL DEFAULT now(),
  metadata_modified  timestamptz NOT NULL DEFAULT now(),
  data_modified      timestamptz NULL,
  change_seq         bigint      NOT NULL DEFAULT nextval('opendata_change_seq'),
  UNIQUE (source_id, source_identifier)
);
CREATE INDEX opendata_datasets_modified ON opendata_datasets (metadata_modified, id);
CREATE INDEX opendata_datasets_change_seq ON opendata_datasets (change_seq);
CREATE INDEX opendata_datasets_organization ON opendata_datasets (organization_id);

CREATE FUNCTION opendata_datasets_next_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_seq := nextval('opendata_change_seq');
  RETURN NEW;
END $$;
CREATE TRIGGER opendata_datasets_change BEFORE UPDATE ON opendata_datasets
  FOR EACH ROW EXECUTE FUNCTION opendata_datasets_next_change();

-- A dataset's distributions. Local datasets have CSV, XLSX and JSON downloads of the store (url NULL: built from
-- the portal's base URL) with datastore_active = true; harvested ones keep the source's URLs.
CREATE TABLE opendata_resources (
  id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  dataset_id       uuid        NOT NULL REFERENCES opendata_datasets(id) ON DELETE CASCADE,
  position         integer     NOT NULL,
  name             text        NOT NULL,
  description      text        NOT NULL DEFAULT '',
  format           text        NOT NULL,
  media_type       text        NULL,
  url              text        NULL,
  size             bigint      NULL,
  hash             text        NULL,
  datastore_active boolean     NOT NULL DEFAULT false,
  created          timestamptz NOT NULL DEFAULT now(),
  last_modified    timestamptz NULL,
  UNIQUE (dataset_id, position)
);

-- Each publication of changed data: the store's history up to up_to_seq is that version's data.
CREATE TABLE opendata_versions (
  dataset_id      uuid        NOT NULL REFERENCES opendata_datasets(id) ON DELETE CASCADE,
  version         integer     NOT NULL,
  up_to_seq       bigint      NOT NULL,
  row_count       bigint      NOT NULL,
  catalog_version integer     NULL,
  note            text        NULL,
  published_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dataset_id, version)
);

-- Usage, counted in process and flushed in batches: per day, and running totals for sorting by popularity.
CREATE TABLE opendata_usage_daily (
  dataset_id uuid   NOT NULL REFERENCES opendata_datasets(id) ON DELETE CASCADE,
  day        date   NOT NULL,
  views      bigint NOT NULL DEFAULT 0,
  downloads  bigint NOT NULL DEFAULT 0,
  api_calls  bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (dataset_id, day)
);
CREATE TABLE opendata_dataset_stats (
  dataset_id uuid   PRIMARY KEY REFERENCES opendata_datasets(id) ON DELETE CASCADE,
  views      bigint NOT NULL DEFAULT 0,
  downloads  bigint NOT NULL DEFAULT 0,
  api_calls  bigint NOT NULL DEFAULT 0
);

-- Portal accounts of the public (citizens, companies, researchers): apart from the console's staff accounts, so a
-- registration can never reach the console.
CREATE TABLE opendata_portal_users (
  id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  email           text        NOT NULL,
  display_name    text        NOT NULL,
  organisation    text        NULL,
  password_hash   text        NOT NULL,
  status          text        NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
  failed_attempts integer     NOT NULL DEFAULT 0,
  locked_until    timestamptz NULL,
  last_login_at   timestamptz NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX opendata_portal_users_email ON opendata_portal_users (lower(email));

CREATE TABLE opendata_portal_sessions (
  token_hash   text        PRIMARY KEY,
  user_id      uuid        NOT NULL REFERENCES opendata_portal_users(id) ON DELETE CASCADE,
  csrf_token   text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);

-- A registered user's application for the data of a conditionally open dataset, decided by its department.
CREATE TABLE opendata_applications (
  id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  dataset_id     uuid        NOT NULL REFERENCES opendata_datasets(id) ON DELETE CASCADE,
  portal_user_id uuid        NOT NULL REFERENCES opendata_portal_users(id) ON DELETE CASCADE,
  purpose        text        NOT NULL,
  organisation   text        NULL,
  status         text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected','withdrawn')),
  reason         text        NULL,
  decided_by     uuid        NULL REFERENCES users(id),
  decided_at     timestamptz NULL,
  expires_at     timestamptz NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX opendata_applications_user ON opendata_applications (portal_user_id, dataset_id);
CREATE INDEX opendata_applications_dataset ON opendata_applications (dataset_id, status);

-- "Request a dataset": anyone asks for data to be opened; the department answers; the status is public.
CREATE TABLE opendata_data_requests (
  id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  title             text        NOT NULL,
  description       text        NOT NULL,
  department_id     uuid        NULL REFERENCES departments(id),
  requester_name    text        NOT NULL,
  -- never shown publicly
  requester_email   text        NULL,
  portal_user_id    uuid        NULL REFERENCES opendata_portal_users(id) ON DELETE SET NULL,
  status            text        NOT NULL DEFAULT 'open' CHECK (status IN ('open','accepted','opened','declined')),
  answer            text        NULL,
  dataset_id        uuid        NULL REFERENCES opendata_datasets(id) ON DELETE SET NULL,
  answered_by       uuid        NULL REFERENCES users(id),
  answered_at       timestamptz NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX opendata_data_requests_status ON opendata_data_requests (status, created_at DESC);
