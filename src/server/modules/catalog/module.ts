/**
 * Builds the catalog module from the platform context and the directory's reader (the only way the catalog
 * reaches departments and business systems).
 */
import type { AppContext } from '../../platform/context.js';
import type { JobRunner } from '../../platform/jobs.js';
import type { DirectoryReader } from '../directory/index.js';
import type { CatalogModule } from './index.js';
import { registerCatalogRoutes } from './routes.js';
import { createCatalogContext } from './service-context.js';
import { createCatalogService } from './service.js';

export function createCatalogModule(ctx: AppContext, deps: { directory: DirectoryReader; jobs: JobRunner }): CatalogModule {
  const service = createCatalogService(createCatalogContext({ db: ctx.db, audit: ctx.audit, directory: deps.directory }));
  return {
    service,
    routes: (app) => registerCatalogRoutes(app, { ctx, catalog: service, directory: deps.directory, jobs: deps.jobs }),
  };
}
