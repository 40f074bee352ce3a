import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase } from './testing.js';
import { loadMigrations, migrate, splitStatements } from './migrate.js';
import type { DatabaseHandle } from './database.js';

describe('splitting migration files into statements', () => {
  it('splits on semicolons but not inside quotes, dollar-quoted bodies or comments', () => {
    const statements = splitStatements(`
      -- a comment; with a semicolon
      CREATE TABLE a (x text DEFAULT 'a;b');
      CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no; way'; END; $$;
      SELECT 'it''s; fine';`);
    expect(statements).toHaveLength(3);
    expect(statements[0]).toContain("'a;b'");
    expect(statements[1]).toContain("RAISE EXCEPTION 'no; way'; END;");
    expect(statements[2]).toBe("SELECT 'it''s; fine'");
  });
});

describe('migrations', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  it('records every numbered file once and applies nothing on a second run', async () => {
    const files = loadMigrations();
    const rows = await database.db.selectFrom('schema_migrations').select(['version', 'name']).orderBy('version').execute();
    expect(rows.map((row) => row.name)).toEqual(files.map((file) => file.name));
    const again = await migrate(database.db);
    expect(again.applied).toEqual([]);
  });

  it('creates the catalog rules in the database itself (a conditional entry without conditions is refused)', async () => {
    const violation = await sql`SELECT conname FROM pg_constraint WHERE conname = 'catalog_conditional_needs_conditions' AND connamespace = current_schema()::regnamespace`.execute(database.db);
    expect(violation.rows).toHaveLength(1);
  });

  it('keeps the wide catalog values out of line so broad searches read small rows', async () => {
    const table = await sql<{ reloptions: string[] | null }>`
      SELECT reloptions FROM pg_class WHERE relname = 'catalog_resources' AND relnamespace = current_schema()::regnamespace`.execute(database.db);
    expect(table.rows[0].reloptions).toContain('toast_tuple_target=128');
    const storage = await sql<{ attname: string; attstorage: string }>`
      SELECT attname, attstorage FROM pg_attribute
      WHERE attrelid = (SELECT oid FROM pg_class WHERE relname = 'catalog_resources' AND relnamespace = current_schema()::regnamespace)
        AND attname IN ('name', 'keywords', 'summary')`.execute(database.db);
    const byName = Object.fromEntries(storage.rows.map((row) => [row.attname, row.attstorage]));
    expect(byName).toEqual({ name: 'm', keywords: 'm', summary: 'x' });
  });
});
