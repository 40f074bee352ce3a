/** HTTP schema of the portal's search (GET /api/v1/open/search), OpenAPI 3.1 via TypeBox. */
import { Type, type Static } from 'typebox';
import { DatasetSummarySchema } from '../publish/schema.js';

const repeatable = (description: string) =>
  Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50, description: `${description} Repeat the parameter for several (any of them).` }));

export const PORTAL_SORTS = ['relevance', 'modified', 'popular', 'name'] as const;
export const PORTAL_FACETS = ['organization', 'theme', 'format', 'license', 'frequency', 'tag', 'openType'] as const;
export type PortalFacet = (typeof PORTAL_FACETS)[number];

export const PortalSearchQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words, Chinese or English; every word must match (synonyms count).' })),
  organization: repeatable('Organisation names.'),
  theme: repeatable('Theme keys (EU data themes).'),
  format: repeatable('Resource formats (CSV, XLSX, JSON, …; any case).'),
  license: repeatable('Licence ids.'),
  frequency: repeatable('Update frequencies.'),
  tag: repeatable('Tags.'),
  openType: Type.Optional(Type.Array(Type.Enum(['open', 'conditional']), { maxItems: 2, description: 'open, conditional.' })),
  sort: Type.Optional(Type.Enum([...PORTAL_SORTS], {
    description: 'relevance (default: best match, then newest; newest without q), modified (newest first), popular (most used first), name (title, in pinyin order).',
  })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
});
export type PortalSearchQuery = Static<typeof PortalSearchQuerySchema>;

const FacetBucketSchema = Type.Object({
  value: Type.String(),
  label: Type.String({ description: 'Chinese display label.' }),
  labelEn: Type.String({ description: 'English display label.' }),
  count: Type.Integer(),
});

export const PortalSearchAnswerSchema = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(DatasetSummarySchema),
  facets: Type.Object(Object.fromEntries(PORTAL_FACETS.map((facet) => [facet, Type.Array(FacetBucketSchema)])) as Record<PortalFacet, ReturnType<typeof Type.Array<typeof FacetBucketSchema>>>),
  relaxed: Type.Boolean({ description: 'True when no dataset matched every word: the items match as many of them as any dataset does.' }),
});

export const searchRouteSchemas = {
  search: {
    tags: ['opendata'],
    summary: 'Search the open data portal (Chinese words, synonyms, facets, sorting)',
    querystring: PortalSearchQuerySchema,
    response: { 200: PortalSearchAnswerSchema },
  },
};
