-- A chain never forks: each link has at most one successor. With this, a node that knows the chain's head can
-- append a batch with one INSERT (a concurrent writer from the same head fails on this index and relinks under
-- the lock), which keeps the group commit of the data-access log to one round trip.
CREATE UNIQUE INDEX exchange_access_log_prev_hash ON exchange_access_log (prev_hash);

-- The log is written in time order and read by time ranges: a BRIN index on `at` costs almost nothing per
-- insert, where a B-tree would be updated on every access.
DROP INDEX exchange_access_log_at;
CREATE INDEX exchange_access_log_at ON exchange_access_log USING brin (at);
