/** HTTP schemas of the DCAT endpoints (outside /api: no authentication, shown in the OpenAPI document). */
import { Type } from 'typebox';

export const CatalogQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'A Hydra page (1-based). Without it: the whole catalog, streamed.' })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Datasets per page with `page`, 1–1000 (default 100).' })),
  modified_since: Type.Optional(Type.String({ maxLength: 64, description: 'Only datasets whose metadata changed at or after this ISO 8601 date or date-time.' })),
});

export const DatasetParams = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120, description: 'The dataset\'s name or id, optionally with .jsonld, .ttl or .rdf.' }),
});

const TAGS = ['opendata-dcat'];

export const dcatRouteSchemas = {
  catalog: {
    tags: TAGS,
    summary: 'The DCAT-AP catalog; JSON-LD, Turtle or RDF/XML by the Accept header (JSON-LD when anything goes)',
    querystring: CatalogQuery,
  },
  catalogFile: {
    tags: TAGS,
    summary: 'The DCAT-AP catalog in the format of the extension',
    querystring: CatalogQuery,
  },
  dataset: {
    tags: TAGS,
    summary: 'A dataset: its portal page (HTML), or DCAT-AP by the Accept header or the extension (.jsonld, .ttl, .rdf)',
    params: DatasetParams,
  },
};
