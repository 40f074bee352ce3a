import { defineConfig } from 'vitest/config';

// Browser journeys and HTTP smoke tests against the real, built server (`node dist/server/cli.js serve`)
// driven through Debian's /usr/bin/chromium. One worker: the files share one server started by the global
// setup, and two browsers at once on a 2-core machine only make every step slower.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    environment: 'node',
    globalSetup: ['test/e2e/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    // Generous caps for a slow shared machine: a server start includes migrating and seeding the demo
    // district. Nothing asserts a duration.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // A journey step that fails leaves later steps skipped; retrying would only repeat the same failure.
    retry: 0,
  },
});
