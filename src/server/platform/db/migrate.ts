import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './database.js';

/**
 * Forward-only, numbered SQL migrations (src/server/migrations/NNNN_name.sql), applied in order, each in its own
 * transaction, under an advisory lock so that several API nodes starting together apply each one once.
 */
const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
const MIGRATION_LOCK = 72_000_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.replace(/\.sql$/, ''),
      sql: fs.readFileSync(`${dir}/${file}`, 'utf8'),
    }));
}

/**
 * Splits a migration into statements. PGlite's extended protocol runs one statement per call, so the runner
 * sends them one by one; semicolons inside quotes, dollar-quoted bodies and comments do not split.
 */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    if (rest.startsWith('--')) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
      continue;
    }
    const dollar = /^\$[A-Za-z_]*\$/.exec(rest);
    if (dollar) {
      const close = text.indexOf(dollar[0], i + dollar[0].length);
      const end = close === -1 ? text.length : close + dollar[0].length;
      current += text.slice(i, end);
      i = end;
      continue;
    }
    const ch = text[i];
    if (ch === "'") {
      let end = i + 1;
      while (end < text.length && !(text[end] === "'" && text[end + 1] !== "'")) end += text[end] === "'" ? 2 : 1;
      current += text.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (ch === ';') {
      if (current.trim()) statements.push(current.trim());
      current = '';
      i++;
      continue;
    }
    current += ch;
    i++;
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}

export interface MigrationResult {
  applied: string[];
  current: number;
}

export async function migrate(db: Db, migrations = loadMigrations()): Promise<MigrationResult> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`.execute(db);
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
      const existing = await trx
        .selectFrom('schema_migrations')
        .select('version')
        .where('version', '=', migration.version)
        .executeTakeFirst();
      if (existing) return false;
      for (const statement of splitStatements(migration.sql)) {
        await sql.raw(statement).execute(trx);
      }
      await trx.insertInto('schema_migrations').values({ version: migration.version, name: migration.name }).execute();
      return true;
    });
    if (done) applied.push(migration.name);
  }
  const last = migrations.at(-1)?.version ?? 0;
  return { applied, current: last };
}
