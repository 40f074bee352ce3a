/**
 * The harvest part (数据汇聚, the cascade district → city): CKAN and DCAT sources, scheduled and manual runs with
 * their history and per-dataset errors, and the writer of harvested datasets. See runner.ts for the run
 * semantics and docs/opendata/harvesting.md for the API.
 */
import type { Harvester } from '../index.js';
import type { OpendataPart, OpendataParts } from '../parts.js';
import { registerHarvestRoutes } from './routes.js';
import { HarvestRunner, type HarvesterOptions } from './runner.js';
import { HarvestService } from './service.js';

export function createHarvester(parts: Omit<OpendataParts, 'harvester'>, options: HarvesterOptions = {}): Harvester {
  return new HarvestRunner(parts, options);
}

export function createHarvestPart(parts: OpendataParts): OpendataPart {
  // module.ts built the harvester with createHarvester above; a stand-in (tests) gets a runner of its own.
  const runner = parts.harvester instanceof HarvestRunner ? parts.harvester : new HarvestRunner(parts);
  const service = new HarvestService(parts, runner);
  return {
    routes: (app) => registerHarvestRoutes(app, service),
    start: () => runner.start(),
    stop: () => runner.stop(),
  };
}

export { HarvestRunner, type HarvesterOptions } from './runner.js';
