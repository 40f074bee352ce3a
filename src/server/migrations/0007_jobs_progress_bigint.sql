-- Upload jobs count progress in bytes, and data files go beyond 2 GB: integer (max 2,147,483,647) is too small.
ALTER TABLE jobs ALTER COLUMN progress TYPE bigint, ALTER COLUMN total TYPE bigint;
