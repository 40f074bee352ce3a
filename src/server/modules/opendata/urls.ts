/**
 * Absolute URLs of the portal. DCAT IRIs and CKAN resource URLs must be absolute and stable: they come from
 * ZHONGSHU_PUBLIC_URL when it is set, otherwise from the request (scheme and Host as received).
 */
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../platform/config.js';
import type { Dataset, DatasetResource } from './index.js';

export function baseUrlOf(config: Pick<Config, 'publicUrl'>, request: FastifyRequest): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

/** The dataset's page on the portal (also its DCAT IRI: content negotiation answers RDF there). */
export const datasetPageUrl = (base: string, name: string): string => `${base}/dataset/${encodeURIComponent(name)}`;

export const organizationPageUrl = (base: string, name: string): string => `${base}/organization/${encodeURIComponent(name)}`;

/** A local resource downloads the dataset's current data in its format; a harvested one keeps its own URL. */
export function resourceUrl(base: string, dataset: Pick<Dataset, 'name'>, resource: Pick<DatasetResource, 'url' | 'format'>): string {
  if (resource.url) return resource.url;
  return `${base}/api/v1/open/datasets/${encodeURIComponent(dataset.name)}/download?format=${resource.format.toLowerCase()}`;
}

/** The catalog's IRI. */
export const catalogIri = (base: string): string => `${base}/catalog`;
