-- Information resource catalog (GB/T 21063, 2017 national compilation guideline).

-- Classification: three views (1 base, 2 theme, 3 department) and four levels:
-- 类 (1 digit) / 项 (2) / 目 (3) / 细目 (3). The code is the concatenation, e.g. 1 01 001 → '101001'.
CREATE TABLE catalog_classifications (
  code        text        PRIMARY KEY CHECK (code ~ '^[1-3]([0-9]{2}([0-9]{3}([0-9]{3})?)?)?$'),
  view        text        NOT NULL CHECK (view IN ('base','theme','department')),
  level       integer     NOT NULL CHECK (level BETWEEN 1 AND 4),
  name        text        NOT NULL,
  name_en     text        NULL,
  parent_code text        NULL REFERENCES catalog_classifications(code),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Per-classification sequence for resource codes: '<classification>-<6-digit sequence>'.
CREATE TABLE catalog_code_sequences (
  classification_code text    PRIMARY KEY REFERENCES catalog_classifications(code),
  last_value          integer NOT NULL DEFAULT 0
);

-- The working copy of each entry. Published snapshots live in catalog_resource_versions.
CREATE TABLE catalog_resources (
  id                  uuid        PRIMARY KEY,
  code                text        NOT NULL UNIQUE,
  classification_code text        NOT NULL REFERENCES catalog_classifications(code),
  name                text        NOT NULL,
  name_en             text        NULL,
  provider_department_id uuid     NOT NULL REFERENCES departments(id),
  summary             text        NOT NULL,
  format              text        NOT NULL,
  data_items          jsonb       NOT NULL DEFAULT '[]'::jsonb,
  sharing_type        text        NOT NULL CHECK (sharing_type IN ('unconditional','conditional','not_shared')),
  sharing_conditions  text        NULL,
  sharing_methods     text[]      NOT NULL DEFAULT '{}',
  not_shared_basis    text        NULL,
  open_type           text        NOT NULL CHECK (open_type IN ('open','conditional','not_open')),
  open_conditions     text        NULL,
  update_cycle        text        NOT NULL,
  publish_date        date        NULL,
  keywords            text[]      NOT NULL DEFAULT '{}',
  related_codes       text[]      NOT NULL DEFAULT '{}',
  source_system_id    uuid        NULL REFERENCES business_systems(id),
  status              text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','returned','published','retired')),
  return_reason       text        NULL,
  retire_reason       text        NULL,
  current_version     integer     NOT NULL DEFAULT 0,
  search_vector       tsvector    NOT NULL DEFAULT ''::tsvector,
  search_text         text        NOT NULL DEFAULT '',
  created_by          uuid        NULL,
  updated_by          uuid        NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  submitted_at        timestamptz NULL,
  published_at        timestamptz NULL,
  retired_at          timestamptz NULL,
  CONSTRAINT catalog_conditional_needs_conditions
    CHECK (sharing_type <> 'conditional' OR coalesce(btrim(sharing_conditions), '') <> ''),
  CONSTRAINT catalog_not_shared_needs_basis
    CHECK (sharing_type <> 'not_shared' OR coalesce(btrim(not_shared_basis), '') <> '')
);
CREATE INDEX catalog_resources_search ON catalog_resources USING gin (search_vector);
CREATE INDEX catalog_resources_provider ON catalog_resources (provider_department_id);
CREATE INDEX catalog_resources_status ON catalog_resources (status);
CREATE INDEX catalog_resources_classification ON catalog_resources (classification_code);
CREATE INDEX catalog_resources_updated ON catalog_resources (updated_at DESC);

-- Immutable snapshots: version 1 is the first publication; every change of a published entry adds one.
CREATE TABLE catalog_resource_versions (
  resource_id uuid        NOT NULL REFERENCES catalog_resources(id),
  version     integer     NOT NULL,
  snapshot    jsonb       NOT NULL,
  change_note text        NULL,
  created_by  uuid        NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (resource_id, version)
);
