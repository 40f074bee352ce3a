/**
 * GET /api/v1/open/search: the portal's search. Repeated parameters are ORed within a field and ANDed across
 * fields; facets come with Chinese and English labels; when the words together find nothing, the answer holds
 * the datasets that match the most of them, with `relaxed: true` so the portal can say so.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DatasetReader, SearchField, SearchFilter, SearchQuery } from '../index.js';
import { datasetSummary } from '../publish/presenter.js';
import { PORTAL_FACETS, searchRouteSchemas, type PortalFacet, type PortalSearchQuery } from './schema.js';
import type { SearchIndexService } from './service.js';

const FIELD_OF_FACET: Record<PortalFacet, SearchField> = {
  organization: 'organization',
  theme: 'groups',
  format: 'res_format',
  license: 'license_id',
  frequency: 'frequency',
  tag: 'tags',
  openType: 'open_type',
};

const PARAMETER_OF_FACET: Record<PortalFacet, keyof PortalSearchQuery> = {
  organization: 'organization', theme: 'theme', format: 'format', license: 'license', frequency: 'frequency', tag: 'tag', openType: 'openType',
};

const SORTS: Record<NonNullable<PortalSearchQuery['sort']>, SearchQuery['sort']> = {
  relevance: undefined,
  modified: [{ field: 'metadata_modified', direction: 'desc' }],
  popular: [{ field: 'popularity', direction: 'desc' }],
  name: [{ field: 'title', direction: 'asc' }],
};

/** The portal's parameters as a SearchQuery (exported for tests). */
export function toSearchQuery(parameters: PortalSearchQuery): SearchQuery {
  const page = parameters.page ?? 1;
  const pageSize = parameters.pageSize ?? 10;
  const clauses: SearchFilter[] = [];
  for (const facet of PORTAL_FACETS) {
    const values = parameters[PARAMETER_OF_FACET[facet]] as string[] | undefined;
    if (!values?.length) continue;
    const terms = [...new Set(values)].map((value): SearchFilter => ({ kind: 'term', field: FIELD_OF_FACET[facet], value }));
    clauses.push(terms.length === 1 ? terms[0] : { kind: 'or', items: terms });
  }
  return {
    text: parameters.q?.trim() || null,
    filter: clauses.length === 0 ? null : clauses.length === 1 ? clauses[0] : { kind: 'and', items: clauses },
    sort: SORTS[parameters.sort ?? 'relevance'],
    start: (page - 1) * pageSize,
    rows: pageSize,
    facetFields: PORTAL_FACETS.map((facet) => FIELD_OF_FACET[facet]),
    facetLimit: 50,
    facetMincount: 1,
  };
}

export function registerSearchRoutes(scope: FastifyInstance, index: SearchIndexService, datasets: Pick<DatasetReader, 'getMany'>): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/v1/open/search', { schema: searchRouteSchemas.search, config: { auth: 'public' } }, async (request) => {
    const parameters = request.query;
    const query = toSearchQuery(parameters);
    const result = await index.searchWith(query, { relax: true });
    const found = await datasets.getMany(result.ids);
    const facets = Object.fromEntries(PORTAL_FACETS.map((facet) => {
      const field = FIELD_OF_FACET[facet];
      const buckets = (result.facets[field] ?? []).map(({ value, count }) => ({
        value,
        label: index.label(field, value, 'zh-CN'),
        labelEn: index.label(field, value, 'en-US'),
        count,
      }));
      return [facet, buckets];
    })) as Record<PortalFacet, Array<{ value: string; label: string; labelEn: string; count: number }>>;
    return {
      total: result.count,
      page: parameters.page ?? 1,
      pageSize: parameters.pageSize ?? 10,
      items: found.map((dataset) => datasetSummary(dataset, index.usageOf(dataset.id))),
      facets,
      relaxed: result.relaxed,
    };
  });
}
