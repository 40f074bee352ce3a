/**
 * HTTP of the portal's dataset API (docs/opendata/publishing.md): the home page summary, datasets with their
 * records, downloads and versions, organisations and themes, and the console's list and "publish now".
 * Thin: parse, check access, call the services, count usage.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/http/auth.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import type { Dataset, DatastoreQuery, Organization } from '../index.js';
import type { OpendataParts } from '../parts.js';
import { baseUrlOf } from '../urls.js';
import { parseSort, type DatastoreImpl } from './datastore.js';
import { openDownload } from './downloads.js';
import { accessOf, requireDataAccess, type PortalQueries } from './portal.js';
import { datasetDetail } from './presenter.js';
import type { PublisherImpl } from './publisher.js';
import type { DatasetReaderImpl } from './reader.js';
import { publishRouteSchemas as schemas } from './schema.js';

const BASE = '/api/v1/open';
const DATASET_CACHE_MS = 3_000;

export interface PublishRouteDeps {
  parts: OpendataParts;
  reader: DatasetReaderImpl;
  datastore: DatastoreImpl;
  publisher: PublisherImpl;
  portal: PortalQueries;
}

export const datasetNotFound = (name: string) => notFound('opendata.dataset_not_found', `There is no dataset ${name}.`);

type FilterValue = NonNullable<DatastoreQuery['filters']>[string];

/** `filters` as given: a JSON object of field → value, null, or an array of values. */
export function parseFilters(text: string | undefined): DatastoreQuery['filters'] {
  if (text === undefined || !text.trim()) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DomainError('opendata.invalid_filters', 400, 'filters must be a JSON object, e.g. {"town":"白坭镇"}.', [
      { pointer: '/filters', code: 'opendata.invalid_filters', message: 'Not JSON.' },
    ]);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new DomainError('opendata.invalid_filters', 400, 'filters must be a JSON object of field → value.', [
      { pointer: '/filters', code: 'opendata.invalid_filters', message: 'Not an object.' },
    ]);
  }
  const scalar = (value: unknown) => ['string', 'number', 'boolean'].includes(typeof value);
  const filters: Record<string, FilterValue> = {};
  for (const [field, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (value === null || scalar(value)) filters[field] = value as FilterValue;
    else if (Array.isArray(value) && value.every(scalar)) filters[field] = value as FilterValue;
    else {
      throw new DomainError('opendata.invalid_filters', 400, `The filter on ${field} must be a value or an array of values.`, [
        { pointer: `/filters/${field}`, code: 'opendata.invalid_filters', message: 'Not a value or an array of values.' },
      ]);
    }
  }
  return filters;
}

export function parseFields(text: string | undefined): string[] | null {
  if (!text || !text.trim()) return null;
  return text.split(',').map((field) => field.trim()).filter(Boolean);
}

/** RFC 6266 with the plain and the UTF-8 (RFC 5987) form. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function registerPublishRoutes(scope: FastifyInstance, deps: PublishRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { parts, reader, datastore, publisher, portal } = deps;
  const usage = parts.usage;

  const found = async (name: string): Promise<Dataset> => {
    const dataset = await reader.get(name);
    if (!dataset) throw datasetNotFound(name);
    return dataset;
  };

  // The data paths (/records, /download) are the hot ones: the dataset is kept a few seconds in process (cleared
  // at once when this node's publisher changes datasets; other nodes' changes show within the TTL).
  const recent = new Map<string, { dataset: Dataset; at: number }>();
  publisher.onChange(() => recent.clear());
  const foundForData = async (name: string): Promise<Dataset> => {
    const cached = recent.get(name);
    if (cached && Date.now() - cached.at < DATASET_CACHE_MS) return cached.dataset;
    const dataset = await found(name);
    if (recent.size >= 1000) recent.clear();
    recent.set(name, { dataset, at: Date.now() });
    return dataset;
  };

  app.get(`${BASE}/summary`, { schema: schemas.summary, config: { auth: 'public' } }, () => portal.summary());

  app.get(`${BASE}/datasets/:name`, { schema: schemas.detail, config: { auth: 'public' } }, async (request) => {
    const dataset = await found(request.params.name);
    usage.count(dataset.id, 'view');
    const [datasetUsage, versions, access] = await Promise.all([
      reader.usage(dataset.id), reader.versions(dataset.id), accessOf(parts, request, dataset),
    ]);
    return datasetDetail(dataset, { usage: datasetUsage, versions, access, baseUrl: baseUrlOf(parts.ctx.config, request) });
  });

  app.get(`${BASE}/datasets/:name/records`, { schema: schemas.records, config: { auth: 'public' } }, async (request) => {
    const dataset = await foundForData(request.params.name);
    await requireDataAccess(parts, request, dataset);
    const query = request.query;
    const answer = await datastore.search(dataset, {
      filters: parseFilters(query.filters),
      q: query.q ?? null,
      sort: parseSort(query.sort),
      fields: parseFields(query.fields),
      limit: query.limit ?? 20,
      offset: query.offset ?? 0,
      includeTotal: true,
      version: query.version ?? null,
    });
    if (!query.preview) usage.count(dataset.id, 'api');
    return answer;
  });

  app.get(`${BASE}/datasets/:name/download`, { schema: schemas.download, config: { auth: 'public' } }, async (request, reply) => {
    const dataset = await foundForData(request.params.name);
    await requireDataAccess(parts, request, dataset);
    const format = request.query.format ?? 'csv';
    const answer = await openDownload(parts.ctx.db, datastore, dataset, format, request.query.version ?? null);
    usage.count(dataset.id, 'download');
    reply.raw.once('close', () => {
      if (!answer.stream.destroyed) answer.stream.destroy();
    });
    return reply
      .header('content-type', answer.contentType)
      .header('content-disposition', contentDisposition(answer.fileName))
      .header('cache-control', 'no-store')
      .send(answer.stream as unknown as string);
  });

  app.get(`${BASE}/datasets/:name/versions`, { schema: schemas.versions, config: { auth: 'public' } }, async (request) => {
    const dataset = await found(request.params.name);
    return reader.versions(dataset.id);
  });

  const presentOrganization = ({ id, name, title, titleEn, description, departmentId, datasetCount }: Organization & { datasetCount: number }) =>
    ({ id, name, title, titleEn, description, departmentId, datasetCount });

  app.get(`${BASE}/organizations`, { schema: schemas.organizations, config: { auth: 'public' } }, async () =>
    (await reader.organizations()).map(presentOrganization),
  );

  app.get(`${BASE}/organizations/:name`, { schema: schemas.organization, config: { auth: 'public' } }, async (request) => {
    const organization = await reader.organization(request.params.name);
    if (!organization) throw notFound('opendata.organization_not_found', `There is no organisation ${request.params.name}.`);
    return presentOrganization(organization);
  });

  app.get(`${BASE}/themes`, { schema: schemas.themes, config: { auth: 'public' } }, () => portal.themes());

  app.get(`${BASE}/manage/datasets`, { schema: schemas.manageList, config: { auth: ['data_admin', 'dept_admin', 'dept_operator'] } }, (request) =>
    portal.manage(actorOf(request), request.query),
  );

  app.post(`${BASE}/manage/sync`, { schema: schemas.manageSync, config: { auth: ['data_admin'] } }, (request) =>
    publisher.syncAll({ actor: actorOf(request) }),
  );
}
