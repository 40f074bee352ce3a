-- A running job's worker writes a heartbeat; a job whose heartbeat stopped (its process died) is taken back.
ALTER TABLE jobs ADD COLUMN heartbeat_at timestamptz NULL;
