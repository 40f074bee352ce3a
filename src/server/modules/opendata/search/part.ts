/**
 * The search part: the in-process search index over all active datasets (service.ts, engine.ts) and the
 * portal's search endpoint (routes.ts). See docs/opendata/search.md.
 */
import type { DatasetReader, SearchIndex } from '../index.js';
import type { OpendataBase, OpendataPart, OpendataParts } from '../parts.js';
import { registerSearchRoutes } from './routes.js';
import { SearchIndexService } from './service.js';

export { SearchIndexService } from './service.js';

export function createSearchIndex(base: OpendataBase, datasets: DatasetReader): SearchIndex {
  return new SearchIndexService(base, datasets);
}

/** The index module.ts built (always ours; a stand-in index in a test gets a service of its own). */
function serviceOf(parts: OpendataParts): SearchIndexService {
  return parts.search instanceof SearchIndexService ? parts.search : new SearchIndexService(parts, parts.datasets);
}

export function createSearchPart(parts: OpendataParts): OpendataPart {
  const index = serviceOf(parts);
  index.attachUsage(parts.usage);
  return {
    routes(app) {
      registerSearchRoutes(app, index, parts.datasets);
    },
    start() {
      index.start();
    },
    stop() {
      return index.stop();
    },
  };
}
