/**
 * Builds open data from the platform context: the shared services first (datasets and publishing, the search
 * index, portal accounts and applications, the harvester), then the parts that serve routes and run in the
 * background.
 */
import type { AppContext } from '../../platform/context.js';
import type { JobRunner } from '../../platform/jobs.js';
import type { CatalogService } from '../catalog/index.js';
import type { DirectoryReader } from '../directory/index.js';
import type { ExchangeModule } from '../exchange/index.js';
import { createCkanPart } from './ckan/part.js';
import { createDcatPart } from './dcat/part.js';
import { createEngagementPart, createEngagementServices } from './engagement/part.js';
import { createHarvester, createHarvestPart } from './harvest/part.js';
import type { OpendataModule } from './index.js';
import type { OpendataBase, OpendataPart, OpendataParts } from './parts.js';
import { createPublishPart, createPublishServices } from './publish/part.js';
import { createSearchIndex, createSearchPart } from './search/part.js';

export function createOpendataModule(
  ctx: AppContext,
  deps: { directory: DirectoryReader; catalog: CatalogService; exchange: Pick<ExchangeModule, 'stores' | 'events'>; jobs: JobRunner },
): OpendataModule {
  const base: OpendataBase = { ctx, ...deps };
  const publish = createPublishServices(base);
  const search = createSearchIndex(base, publish.datasets);
  const engagement = createEngagementServices(base, publish.datasets);
  const harvester = createHarvester({ ...base, ...publish, ...engagement, search });
  const parts: OpendataParts = { ...base, ...publish, ...engagement, search, harvester };

  const components: OpendataPart[] = [
    createPublishPart(parts),
    createSearchPart(parts),
    createEngagementPart(parts),
    createCkanPart(parts),
    createDcatPart(parts),
    createHarvestPart(parts),
  ];

  return {
    ...publish,
    ...engagement,
    search,
    harvester,
    async routes(app) {
      for (const component of components) await component.routes?.(app);
    },
    start() {
      for (const component of components) component.start?.();
    },
    async stop() {
      for (const component of [...components].reverse()) await component.stop?.();
      await publish.usage.flush();
    },
  };
}
