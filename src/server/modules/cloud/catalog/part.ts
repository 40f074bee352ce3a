/** STUB (catalog part): providers, endpoints, sub-contracts, offerings, rate cards, pricing. */
import type { CloudCatalog } from '../index.js';
import type { CloudBase, CloudPart, CloudParts } from '../parts.js';
import { notYet } from '../stub.js';

export function createCloudCatalog(_base: CloudBase): CloudCatalog {
  return notYet<CloudCatalog>('CloudCatalog');
}

export function createCatalogPart(_parts: CloudParts): CloudPart {
  return {};
}
