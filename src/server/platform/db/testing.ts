import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openPglite, openPostgres, type DatabaseHandle } from './database.js';
import { migrate } from './migrate.js';

/**
 * A migrated, empty database for one test file: in-memory PGlite by default, or a throw-away schema on the
 * PostgreSQL server named by TEST_DATABASE_URL (CI runs the suite both ways).
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const handle = await openPglite(undefined);
    await migrate(handle.db);
    return handle;
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = openPostgres(url, { max: 1 });
  await sql.raw(`CREATE SCHEMA ${schema}`).execute(admin.db);
  await admin.close();
  const handle = openPostgres(url, { searchPath: schema, max: 5 });
  await migrate(handle.db);
  return {
    ...handle,
    async close() {
      await handle.close();
      const cleanup = openPostgres(url, { max: 1 });
      await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(cleanup.db);
      await cleanup.close();
    },
  };
}

export const testBackend = (): 'pglite' | 'postgres' => (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
