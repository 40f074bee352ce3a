/**
 * The catalog part (服务目录): providers and their framework contracts, endpoints (driver settings, sealed
 * secrets), departments' sub-contracts, offerings with a JSON Schema of parameters, versioned rate cards and
 * pricing. See service.ts for the rules and docs/cloud/catalog.md for the API.
 */
import type { CloudCatalog } from '../index.js';
import type { CloudBase, CloudPart, CloudParts } from '../parts.js';
import { registerCatalogRoutes } from './routes.js';
import { CatalogService } from './service.js';

export function createCloudCatalog(base: CloudBase): CloudCatalog {
  return new CatalogService(base);
}

export function createCatalogPart(parts: CloudParts): CloudPart {
  // module.ts built the catalog with createCloudCatalog above; a stand-in (tests) gets a service of its own.
  const service = parts.catalog instanceof CatalogService ? parts.catalog : new CatalogService(parts);
  return { routes: (app) => registerCatalogRoutes(app, service, parts.drivers) };
}

export { CatalogService } from './service.js';
