-- Append-only audit log as a hash chain: hash = H(prev_hash || canonical entry).
-- UPDATE and DELETE are refused by a trigger; `zhongshu audit verify` (exchange issue) re-walks the chain.
CREATE TABLE audit_log (
  id          bigserial   PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_type  text        NOT NULL CHECK (actor_type IN ('user','system','credential','cli','anonymous')),
  actor_id    text        NULL,
  actor_name  text        NULL,
  department_id uuid      NULL,
  action      text        NOT NULL,
  target_type text        NULL,
  target_id   text        NULL,
  before      jsonb       NULL,
  after       jsonb       NULL,
  request_id  text        NULL,
  ip          text        NULL,
  result      text        NOT NULL DEFAULT 'success',
  prev_hash   text        NOT NULL,
  hash        text        NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_action ON audit_log (action);
CREATE INDEX audit_log_actor ON audit_log (actor_id);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

-- Background jobs (imports now; loads and pulls later). Claimed with FOR UPDATE SKIP LOCKED.
CREATE TABLE jobs (
  id            uuid        PRIMARY KEY,
  kind          text        NOT NULL,
  status        text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','succeeded','failed')),
  payload       jsonb       NOT NULL DEFAULT '{}'::jsonb,
  progress      integer     NOT NULL DEFAULT 0,
  total         integer     NULL,
  phase         text        NULL,
  result        jsonb       NULL,
  error_code    text        NULL,
  attempts      integer     NOT NULL DEFAULT 0,
  run_after     timestamptz NOT NULL DEFAULT now(),
  created_by    uuid        NULL,
  department_id uuid        NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz NULL,
  finished_at   timestamptz NULL
);
CREATE INDEX jobs_claim ON jobs (status, run_after);
