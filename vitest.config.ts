import { defineConfig } from 'vitest/config';

// Unit, database and HTTP tests. Database tests run on in-memory PGlite, or on PostgreSQL when
// TEST_DATABASE_URL is set. Browser journeys have their own config (vitest.e2e.config.ts).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    // Generous caps so a slow shared machine does not fail a test; no test asserts a duration.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
