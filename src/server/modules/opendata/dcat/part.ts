/**
 * DCAT-AP 3.0.1 (docs/opendata/dcat.md): the catalog as JSON-LD, Turtle and RDF/XML with Hydra paging and
 * modified_since, each dataset in the same three forms, and content negotiation on the dataset's page.
 */
import type { OpendataPart, OpendataParts } from '../parts.js';
import { createDcatCatalog } from './catalog.js';
import { registerDcatRoutes } from './routes.js';

export function createDcatPart(parts: OpendataParts): OpendataPart {
  const catalog = createDcatCatalog({ db: parts.ctx.db, datasets: parts.datasets, directory: parts.directory });
  return {
    routes(app) {
      registerDcatRoutes(app, { config: parts.ctx.config, catalog });
    },
  };
}
