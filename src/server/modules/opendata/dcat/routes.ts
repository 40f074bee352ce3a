/**
 * HTTP of DCAT: /catalog(.jsonld|.ttl|.rdf) with Hydra paging and modified_since, /dataset/{name}(.jsonld|.ttl|
 * .rdf), and content negotiation on /dataset/{name} (the portal page for browsers, RDF for RDF clients).
 * These live outside /api: no session lookup, anyone may read.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../../../platform/config.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { sendPortalHtml, sendSpaIndex } from '../portal-html.js';
import { baseUrlOf } from '../urls.js';
import { lastPage, type DcatCatalog } from './catalog.js';
import { negotiate } from './negotiate.js';
import { datasetPageHead, NOT_FOUND_HEAD } from './schema-org.js';
import { dcatRouteSchemas } from './schema.js';
import { EXTENSIONS, MEDIA_TYPES, type RdfFormat } from './writers.js';

const DEFAULT_PAGE_SIZE = 100;

const FORMAT_OF_MEDIA_TYPE: Record<string, RdfFormat> = {
  [MEDIA_TYPES.jsonld]: 'jsonld',
  [MEDIA_TYPES.turtle]: 'turtle',
  [MEDIA_TYPES.rdfxml]: 'rdfxml',
  // JSON-LD is JSON: a client that asks for JSON gets it (labelled application/ld+json).
  'application/json': 'jsonld',
};
const RDF_OFFERS = [MEDIA_TYPES.jsonld, MEDIA_TYPES.turtle, MEDIA_TYPES.rdfxml, 'application/json'] as const;
const PAGE_OFFERS = ['text/html', ...RDF_OFFERS] as const;
/** RDF first: a client that takes anything gets the catalog, a browser (text/html named) the console page. */
const CATALOG_OFFERS = [...RDF_OFFERS, 'text/html'] as const;
const CONTENT_TYPES: Record<RdfFormat, string> = {
  jsonld: `${MEDIA_TYPES.jsonld}; charset=utf-8`,
  turtle: `${MEDIA_TYPES.turtle}; charset=utf-8`,
  rdfxml: `${MEDIA_TYPES.rdfxml}; charset=utf-8`,
};

function notAcceptable(offers: readonly string[]): DomainError {
  return new DomainError('opendata.not_acceptable', 406, `None of the offered media types is acceptable: ${offers.join(', ')}.`, [], { available: offers });
}

/**
 * An ISO 8601 date or date-time (no zone: UTC) as an ISO instant. A '+' of a zone offset that arrived as a
 * space (an unencoded '+' in a query string) is taken back.
 */
export function parseModifiedSince(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  const text = raw.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(text);
  const invalid = () => new DomainError('opendata.invalid_modified_since', 400, 'modified_since must be an ISO 8601 date or date-time, e.g. 2024-05-01 or 2024-05-01T08:00:00Z.', [
    { pointer: '/modified_since', code: 'opendata.invalid_modified_since', message: 'not an ISO 8601 date or date-time' },
  ]);
  if (!match) throw invalid();
  const [, date, time, zone] = match;
  const offset = zone ? (zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : 'Z';
  const instant = Date.parse(`${date}T${time ?? '00:00:00'}${offset}`);
  if (Number.isNaN(instant)) throw invalid();
  // Date.parse rolls 2024-02-31 over to March: refuse dates that do not exist.
  if (!time && new Date(instant).toISOString().slice(0, 10) !== date) throw invalid();
  return new Date(instant).toISOString();
}

interface CatalogQueryInput {
  page?: number;
  pageSize?: number;
  modified_since?: string;
}

export function registerDcatRoutes(scope: FastifyInstance, deps: { config: Pick<Config, 'publicUrl'>; catalog: DcatCatalog }): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { config, catalog } = deps;

  async function sendCatalog(request: FastifyRequest, reply: FastifyReply, format: RdfFormat, query: CatalogQueryInput, path: string) {
    const base = baseUrlOf(config, request);
    const modifiedSince = parseModifiedSince(query.modified_since);
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const pageUrl = (page: number) => {
      const parameters = new URLSearchParams();
      if (query.modified_since) parameters.set('modified_since', query.modified_since);
      if (query.pageSize !== undefined) parameters.set('pageSize', String(pageSize));
      parameters.set('page', String(page));
      return `${base}${path}?${parameters.toString()}`;
    };
    const page = query.page !== undefined ? { page: query.page, pageSize, pageUrl } : null;
    const { chunks, total } = await catalog.catalog({ base, format, modifiedSince, page });
    if (page && total !== null) {
      // The same links as the hydra:PartialCollectionView, for clients that read headers (RFC 8288).
      const last = lastPage(total, pageSize);
      const links = [`<${pageUrl(1)}>; rel="first"`, `<${pageUrl(last)}>; rel="last"`];
      if (page.page > 1) links.push(`<${pageUrl(Math.min(page.page - 1, last))}>; rel="prev"`);
      if (page.page < last) links.push(`<${pageUrl(page.page + 1)}>; rel="next"`);
      reply.header('link', links.join(', '));
    }
    // Open data for any web page that wants it (no cookies are read here).
    reply.header('access-control-allow-origin', '*');
    if (request.method === 'HEAD') return reply.type(CONTENT_TYPES[format]).send('');
    const body = Readable.from(chunks);
    return reply.type(CONTENT_TYPES[format]).header('cache-control', 'no-cache').send(body as unknown as string);
  }

  app.get('/catalog', { schema: dcatRouteSchemas.catalog }, async (request, reply) => {
    reply.header('vary', 'Accept');
    // JSON-LD for clients that take anything (or send no Accept); 406 for those that take none of the offers.
    // /catalog is also the console's catalog page: a browser (text/html preferred over the RDF types) gets the SPA.
    const chosen = negotiate(request.headers.accept, CATALOG_OFFERS);
    if (!chosen) throw notAcceptable(CATALOG_OFFERS);
    if (chosen === 'text/html') return sendSpaIndex(reply);
    return sendCatalog(request, reply, FORMAT_OF_MEDIA_TYPE[chosen], request.query, '/catalog');
  });

  for (const [extension, format] of Object.entries(EXTENSIONS)) {
    app.get(`/catalog.${extension}`, { schema: dcatRouteSchemas.catalogFile }, (request, reply) =>
      sendCatalog(request, reply, format, request.query, `/catalog.${extension}`));
  }

  app.get('/dataset/:name', { schema: dcatRouteSchemas.dataset }, async (request, reply) => {
    const base = baseUrlOf(config, request);
    const match = /^(.+)\.(jsonld|ttl|rdf)$/.exec(request.params.name);
    let format: RdfFormat | 'html';
    if (match) {
      format = EXTENSIONS[match[2]];
    } else {
      reply.header('vary', 'Accept');
      const chosen = negotiate(request.headers.accept, PAGE_OFFERS);
      if (!chosen) throw notAcceptable(PAGE_OFFERS);
      format = chosen === 'text/html' ? 'html' : FORMAT_OF_MEDIA_TYPE[chosen];
    }
    const name = match ? match[1] : request.params.name;
    const dataset = await catalog.dataset(name);
    if (format === 'html') {
      if (!dataset) return sendPortalHtml(reply.code(404), NOT_FOUND_HEAD);
      return sendPortalHtml(reply, datasetPageHead(base, dataset));
    }
    if (!dataset) throw notFound('opendata.dataset_not_found', `No open dataset is called "${name}".`);
    return reply.type(CONTENT_TYPES[format]).header('cache-control', 'no-cache').header('access-control-allow-origin', '*')
      .send(catalog.datasetDocument(base, format, dataset));
  });
}
