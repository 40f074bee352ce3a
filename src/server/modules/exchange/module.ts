/**
 * Builds the exchange from the platform context: the shared services first (stores, events, access log, loads,
 * access), then the parts that serve routes and run in the background.
 */
import type { AppContext } from '../../platform/context.js';
import type { JobRunner } from '../../platform/jobs.js';
import type { DirectoryReader } from '../directory/index.js';
import { createAccessPart, createAccessService } from './access/part.js';
import { createExchangeEvents } from './events.js';
import type { ExchangeModule } from './index.js';
import { createIngestPart, createLoadService } from './ingest/part.js';
import type { ExchangePart, ExchangeParts } from './parts.js';
import { createPullPart } from './pull/part.js';
import { createQualityPart } from './quality/part.js';
import { createAccessLogWriter } from './query/access-log.js';
import { createQueryPart } from './query/part.js';
import { createStorePart, createStoreRegistry } from './store/part.js';
import { createSubscriptionsPart } from './subscriptions/part.js';

export function createExchangeModule(ctx: AppContext, deps: { directory: DirectoryReader; jobs: JobRunner }): ExchangeModule {
  const secrets = ctx.secrets;
  const events = createExchangeEvents((error) => ctx.log.error({ err: error }, 'exchange event listener failed'));
  const stores = createStoreRegistry(ctx);
  const accessLog = createAccessLogWriter(ctx);
  const base = { ctx, directory: deps.directory, jobs: deps.jobs, secrets, stores, events, accessLog };
  const loads = createLoadService(base);
  const access = createAccessService(base);
  const parts: ExchangeParts = { ...base, loads, access };

  const components: ExchangePart[] = [
    createStorePart(parts),
    createIngestPart(parts),
    createAccessPart(parts),
    createQueryPart(parts),
    createSubscriptionsPart(parts),
    createPullPart(parts),
    createQualityPart(parts),
  ];

  return {
    stores,
    loads,
    access,
    accessLog,
    events,
    async routes(app) {
      for (const component of components) await component.routes?.(app);
    },
    start() {
      for (const component of components) component.start?.();
    },
    async stop() {
      for (const component of [...components].reverse()) await component.stop?.();
      await accessLog.close();
    },
  };
}
