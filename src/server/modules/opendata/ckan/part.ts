/**
 * The CKAN part: the CKAN 2.10/2.11-compatible Action API over the portal's datasets (routes.ts), so CKAN
 * harvesters, ckanapi and uData's CKAN backend work unchanged. It holds no state of its own: datasets come from
 * publish/ (DatasetReader, Datastore, Usage), searching from search/ (q/fq are parsed in query.ts).
 */
import type { OpendataPart, OpendataParts } from '../parts.js';
import { registerCkanRoutes } from './routes.js';

export function createCkanPart(parts: OpendataParts): OpendataPart {
  return { routes: (app) => registerCkanRoutes(app, parts) };
}
