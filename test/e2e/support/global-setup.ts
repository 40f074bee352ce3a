// One server for the whole e2e suite: built if need be, copied for the run, started once on a fresh data
// directory with the demo district seeded and a known admin password. Test files reach it through
// inject('baseUrl').
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureBuilt, removeDataDir, RESULTS_DIR, snapshotBuild, startServer } from './server.js';

export const ADMIN_PASSWORD = 'E2e-Admin-Passw0rd!';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dataDir: string;
    adminPassword: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Screenshots are the CI artifacts of this run only.
  rmSync(path.join(RESULTS_DIR, 'screenshots'), { recursive: true, force: true });
  rmSync(path.join(RESULTS_DIR, 'logs'), { recursive: true, force: true });
  mkdirSync(path.join(RESULTS_DIR, 'screenshots'), { recursive: true });

  ensureBuilt();
  await snapshotBuild();
  const server = await startServer({ name: 'shared-server', env: { ZHONGSHU_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  // The server answers /ready as soon as it listens, while it is still seeding; the banner comes after seeding.
  await server.waitForOutput(/is running/, 240_000);
  console.log(`[e2e] server ready at ${server.url} (data in ${server.dataDir})`);
  project.provide('baseUrl', server.url);
  project.provide('dataDir', server.dataDir);
  project.provide('adminPassword', ADMIN_PASSWORD);

  return async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  };
}
