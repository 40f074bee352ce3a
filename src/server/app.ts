import type { FastifyInstance } from 'fastify';
import { AuditLog } from './platform/audit.js';
import type { Config } from './platform/config.js';
import type { AppContext } from './platform/context.js';
import { createCrypto } from './platform/crypto.js';
import { openDatabase, type DatabaseHandle } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { createHttpServer } from './platform/http/server.js';
import { JobRunner } from './platform/jobs.js';
import { createLogger, type Logger } from './platform/logger.js';
import { createCatalogModule, type CatalogModule } from './modules/catalog/index.js';
import { createDirectoryModule, type DirectoryModule } from './modules/directory/index.js';

/**
 * The composition root: opens the database, migrates, builds each domain module from the context and mounts
 * their routes. The CLI, the server and the tests all start the platform through here.
 */
export interface Platform {
  ctx: AppContext;
  directory: DirectoryModule;
  catalog: CatalogModule;
  jobs: JobRunner;
  http: FastifyInstance;
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** An already-open database (tests); otherwise opened from config. */
  database?: DatabaseHandle;
  logger?: Logger;
  /** Start the background job worker (default true). */
  worker?: boolean;
}

export async function createPlatform(config: Config, options: PlatformOptions = {}): Promise<Platform> {
  const log = options.logger ?? createLogger(config);
  const database = options.database ?? (await openDatabase(config));
  await migrate(database.db);
  const crypto = createCrypto(config.crypto);
  const ctx: AppContext = { config, db: database.db, dbKind: database.kind, log, crypto, audit: new AuditLog(crypto) };

  const jobs = new JobRunner(ctx);
  const directory = createDirectoryModule(ctx);
  const catalog = createCatalogModule(ctx, { directory: directory.service, jobs });
  const http = await createHttpServer(ctx, { resolver: directory.resolver, modules: [directory.routes, catalog.routes] });
  if (options.worker !== false) jobs.start();

  return {
    ctx,
    directory,
    catalog,
    jobs,
    http,
    async close() {
      await jobs.stop();
      await http.close();
      await database.close();
    },
  };
}
