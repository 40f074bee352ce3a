import type { FastifyInstance } from 'fastify';
import { AuditLog } from './platform/audit.js';
import { createAuditCheckpointer } from './platform/audit-checkpoints.js';
import { createSecretBox, loadSecretKey } from './platform/secret-box.js';
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
import { createExchangeModule, type ExchangeModule } from './modules/exchange/index.js';
import { createOpendataModule, type OpendataModule } from './modules/opendata/index.js';
import { createCloudModule, type CloudModule } from './modules/cloud/index.js';
import type { CloudOptions } from './modules/cloud/parts.js';
import { readSystemData } from './modules/exchange/system-data.js';
import { createNotifier, type Notifier } from './platform/notifications/index.js';

/**
 * The composition root: opens the database, migrates, builds each domain module from the context and mounts
 * their routes. The CLI, the server and the tests all start the platform through here.
 */
export interface Platform {
  ctx: AppContext;
  directory: DirectoryModule;
  catalog: CatalogModule;
  exchange: ExchangeModule;
  opendata: OpendataModule;
  cloud: CloudModule;
  notifier: Notifier;
  jobs: JobRunner;
  http: FastifyInstance;
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** An already-open database (tests); otherwise opened from config. */
  database?: DatabaseHandle;
  logger?: Logger;
  /** Start the background job worker and the exchange's schedulers (default true). */
  worker?: boolean;
  /** Cloud portal options (tests: driver stand-ins, poll interval). */
  cloud?: CloudOptions;
}

export async function createPlatform(config: Config, options: PlatformOptions = {}): Promise<Platform> {
  const log = options.logger ?? createLogger(config);
  const database = options.database ?? (await openDatabase(config));
  await migrate(database.db);
  const crypto = createCrypto(config.crypto);
  const secrets = createSecretBox(loadSecretKey(config), config.crypto);
  const ctx: AppContext = { config, db: database.db, dbKind: database.kind, log, crypto, audit: new AuditLog(crypto), secrets };

  const jobs = new JobRunner(ctx);
  const directory = createDirectoryModule(ctx);
  const catalog = createCatalogModule(ctx, { directory: directory.service, jobs });
  const exchange = createExchangeModule(ctx, { directory: directory.service, jobs });
  const opendata = createOpendataModule(ctx, { directory: directory.service, catalog: catalog.service, exchange, jobs });
  const notifier = createNotifier(ctx);
  const systemData = { dataOfSystem: (systemId: string) => readSystemData(ctx.db, systemId) };
  const cloud = createCloudModule(ctx, { directory: directory.service, jobs, notifier, systemData }, options.cloud);
  const http = await createHttpServer(ctx, {
    resolver: directory.resolver,
    modules: [directory.routes, catalog.routes, exchange.routes, opendata.routes, (app) => notifier.routes(app), (app) => cloud.routes(app)],
  });
  // Signed checkpoints over both audit chains (every 10 minutes while the worker runs).
  const checkpointer = createAuditCheckpointer(ctx, secrets);
  if (options.worker !== false) {
    jobs.start();
    exchange.start();
    opendata.start();
    notifier.start();
    cloud.start();
    checkpointer.start();
  }

  return {
    ctx,
    directory,
    catalog,
    exchange,
    opendata,
    cloud,
    notifier,
    jobs,
    http,
    async close() {
      await checkpointer.stop();
      await cloud.stop();
      await notifier.stop();
      await opendata.stop();
      await exchange.stop();
      await jobs.stop();
      await http.close();
      await database.close();
    },
  };
}
