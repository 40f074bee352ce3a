-- Directory: regions (GB/T 2260, versioned), departments (tree), users, roles, sessions,
-- business systems and their API credentials, settings (security policy).

CREATE TABLE regions (
  code          text        NOT NULL CHECK (code ~ '^[0-9]{6}([0-9]{6})?$'),
  valid_from    date        NOT NULL DEFAULT DATE '1980-01-01',
  valid_to      date        NULL,
  name          text        NOT NULL,
  name_en       text        NULL,
  level         text        NOT NULL CHECK (level IN ('province','prefecture','county','town','village')),
  parent_code   text        NULL,
  successor_code text       NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (code, valid_from)
);
-- At most one current (valid_to IS NULL) row per code.
CREATE UNIQUE INDEX regions_current_code ON regions (code) WHERE valid_to IS NULL;

CREATE TABLE departments (
  id            uuid        PRIMARY KEY,
  name          text        NOT NULL,
  name_en       text        NULL,
  short_code    text        NOT NULL UNIQUE CHECK (short_code ~ '^[0-9]{2,3}$'),
  credit_code   char(18)    NOT NULL UNIQUE,
  region_code   text        NOT NULL,
  parent_id     uuid        NULL REFERENCES departments(id),
  kind          text        NOT NULL,
  status        text        NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
  sort_order    integer     NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX departments_parent ON departments (parent_id);

CREATE TABLE users (
  id                   uuid        PRIMARY KEY,
  username             text        NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9_.@-]{2,64}$'),
  display_name         text        NOT NULL,
  email                text        NULL,
  phone                text        NULL,
  department_id        uuid        NULL REFERENCES departments(id),
  password_hash        text        NOT NULL,
  must_change_password boolean     NOT NULL DEFAULT true,
  failed_attempts      integer     NOT NULL DEFAULT 0,
  locked_until         timestamptz NULL,
  status               text        NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
  locale               text        NOT NULL DEFAULT 'zh-CN',
  last_login_at        timestamptz NULL,
  password_changed_at  timestamptz NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_department ON users (department_id);

CREATE TABLE user_roles (
  user_id     uuid        NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role        text        NOT NULL CHECK (role IN ('system_admin','security_admin','audit_admin','data_admin','dept_admin','dept_operator')),
  granted_by  uuid        NULL,
  granted_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, role)
);

-- Only a hash of the session token is stored; the cookie carries the token.
CREATE TABLE sessions (
  token_hash    text        PRIMARY KEY,
  user_id       uuid        NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token    text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  ip            text        NULL,
  user_agent    text        NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE business_systems (
  id            uuid        PRIMARY KEY,
  department_id uuid        NOT NULL REFERENCES departments(id),
  code          text        NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name          text        NOT NULL,
  name_en       text        NULL,
  description   text        NULL,
  status        text        NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX business_systems_department ON business_systems (department_id);

-- A credential is "zs_<prefix>_<secret>"; prefix finds the row, the hash of the whole token checks it.
CREATE TABLE api_credentials (
  id            uuid        PRIMARY KEY,
  system_id     uuid        NOT NULL REFERENCES business_systems(id),
  prefix        text        NOT NULL UNIQUE,
  token_hash    text        NOT NULL,
  label         text        NULL,
  status        text        NOT NULL DEFAULT 'active' CHECK (status IN ('active','revoked')),
  created_by    uuid        NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz NULL,
  last_used_at  timestamptz NULL
);
CREATE INDEX api_credentials_system ON api_credentials (system_id);

CREATE TABLE settings (
  key         text        PRIMARY KEY,
  value       jsonb       NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  uuid        NULL
);
