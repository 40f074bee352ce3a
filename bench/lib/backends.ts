// The two databases the platform runs on, opened empty for one benchmark run: in-memory PGlite, and a
// throw-away schema on a PostgreSQL server (dropped afterwards).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openPglite, openPostgres, type DatabaseHandle } from '../../src/server/platform/db/database.js';

export type BackendName = 'pglite' | 'postgres';

export interface OpenedBackend {
  name: BackendName;
  /** Shown in the report: where the data lived. */
  description: string;
  database: DatabaseHandle;
  /** Drops what the run created (the schema on PostgreSQL). Call after the platform closed the handle. */
  cleanUp(): Promise<void>;
}

export async function openBackend(name: BackendName, postgresUrl: string): Promise<OpenedBackend> {
  if (name === 'pglite') {
    const database = await openPglite(undefined);
    return { name, description: 'PGlite, in memory', database, cleanUp: async () => {} };
  }
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = openPostgres(postgresUrl, { max: 1 });
  try {
    await sql.raw(`CREATE SCHEMA ${schema}`).execute(admin.db);
  } finally {
    await admin.close();
  }
  const database = openPostgres(postgresUrl, { searchPath: schema, max: 4 });
  return {
    name,
    description: `PostgreSQL ${redact(postgresUrl)}, schema ${schema}`,
    database,
    async cleanUp() {
      // BENCH_KEEP_SCHEMA=1 leaves the loaded catalog in place for EXPLAIN ANALYZE; drop it by hand afterwards.
      if (process.env.BENCH_KEEP_SCHEMA === '1') {
        console.log(`[postgres] kept schema ${schema}`);
        return;
      }
      const cleanup = openPostgres(postgresUrl, { max: 1 });
      try {
        await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(cleanup.db);
      } finally {
        await cleanup.close();
      }
    },
  };
}

/** Whether the PostgreSQL server answers; the reason when it does not. */
export async function probePostgres(postgresUrl: string): Promise<string | null> {
  const probe = openPostgres(postgresUrl, { max: 1 });
  try {
    await sql`select 1`.execute(probe.db);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await probe.close().catch(() => undefined);
  }
}

export async function serverVersion(database: DatabaseHandle): Promise<string> {
  const result = await sql<{ version: string }>`select version() as version`.execute(database.db);
  return result.rows[0]?.version.split(',')[0] ?? 'unknown';
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
