/**
 * Request and response schemas of the harvesting endpoints (docs/opendata/harvesting.md): validation, types and
 * OpenAPI in one place.
 */
import { Type, type Static } from 'typebox';
import { Nullable } from '../../../platform/http/schema.js';

const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });
const TAGS = ['opendata: harvest'];
const body = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });

const SourceType = Type.Enum(['ckan', 'dcat']);

export const SourceConfigSchema = Type.Object(
  {
    fq: Type.Optional(Type.String({ maxLength: 1000, description: 'CKAN: a filter query added to every search, e.g. "organization:transport".' })),
    fullEvery: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, description: 'CKAN: every Nth run is a full run that also finds deletions; 0 never (the first run always is). Default 10.' })),
    rows: Type.Optional(Type.Integer({ minimum: 10, maximum: 1000, description: 'CKAN: datasets per page. Default 100.' })),
    overlapSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400, description: 'CKAN: an incremental run starts this long before the last modification seen. Default 300.' })),
    format: Type.Optional(Type.Enum(['jsonld', 'turtle'], { description: "DCAT: the catalog's syntax when the server's Content-Type and the URL do not say it." })),
    timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 600, description: 'Per request. Default 30.' })),
    maxPageMegabytes: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'Largest answer read per page. Default 50.' })),
  },
  { additionalProperties: false },
);

const sourceFields = {
  name: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{1,49}$', description: 'Slug (2–50: a-z, 0-9, - and _): prefixes harvested names that clash with local ones.' }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  type: SourceType,
  url: Type.String({ minLength: 8, maxLength: 2000, description: 'http(s): the CKAN site (or its /api/3/action), or the DCAT catalog document.' }),
  schedule: Type.Optional(Nullable(Type.String({ minLength: 9, maxLength: 120, description: 'Five-field cron in the server\'s local time, e.g. "0 2 * * *"; null: manual runs only.' }))),
  enabled: Type.Optional(Type.Boolean({ description: 'Default true. A disabled source is not run on its schedule (run now still works).' })),
  config: Type.Optional(SourceConfigSchema),
};

export const SourceCreateSchema = body(sourceFields);
export const SourceUpdateSchema = body(sourceFields);

const runFields = {
  id: Type.String(),
  sourceId: Type.String(),
  trigger: Type.Enum(['manual', 'schedule']),
  status: Type.Enum(['running', 'succeeded', 'partial', 'failed']),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  deleted: Type.Integer(),
  failed: Type.Integer(),
  message: Nullable(Type.String({ description: 'What kind of run it was, or why it failed.' })),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
};
export const RunSchema = Type.Object(runFields);

export const RunErrorSchema = Type.Object({
  id: Type.Integer(),
  identifier: Nullable(Type.String({ description: 'The dataset at the source (CKAN id or DCAT IRI), when known.' })),
  message: Type.String(),
  at: Type.String(),
});

export const RunDetailSchema = Type.Object({
  ...runFields,
  sourceName: Type.String(),
  sourceTitle: Type.String(),
  errors: Type.Array(RunErrorSchema, { description: 'The first 1000 per-dataset errors.' }),
  errorCount: Type.Integer(),
});

export const SourceSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  title: Type.String(),
  type: SourceType,
  url: Type.String(),
  schedule: Nullable(Type.String()),
  enabled: Type.Boolean(),
  config: SourceConfigSchema,
  lastModifiedSeen: Nullable(Type.String({ description: 'CKAN: the latest metadata_modified of the last successful run.' })),
  nextRunAt: Nullable(Type.String()),
  lastRunAt: Nullable(Type.String()),
  lastSuccessAt: Nullable(Type.String()),
  lastRun: Nullable(RunSchema),
  datasetCount: Type.Integer({ description: 'Active datasets harvested from this source.' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export type SourceConfig = Static<typeof SourceConfigSchema>;
export type SourceInput = Static<typeof SourceCreateSchema>;
export type SourceAnswer = Static<typeof SourceSchema>;
export type RunAnswer = Static<typeof RunSchema>;
export type RunDetailAnswer = Static<typeof RunDetailSchema>;

const NoContent = Type.Null({ description: 'No content' });

export const routeSchemas = {
  listSources: { tags: TAGS, summary: 'Harvest sources with their last run', response: { 200: Type.Object({ items: Type.Array(SourceSchema) }) } },
  createSource: { tags: TAGS, summary: 'Add a CKAN or DCAT source', body: SourceCreateSchema, response: { 201: SourceSchema } },
  getSource: { tags: TAGS, summary: 'One source', params: IdParams, response: { 200: SourceSchema } },
  updateSource: { tags: TAGS, summary: 'Change a source', params: IdParams, body: SourceUpdateSchema, response: { 200: SourceSchema } },
  deleteSource: { tags: TAGS, summary: 'Delete a source and the datasets harvested from it', params: IdParams, response: { 204: NoContent } },
  runSource: {
    tags: TAGS,
    summary: 'Run now, in the background: answers the run id; poll GET /api/v1/open/harvest/runs/{id}',
    params: IdParams,
    body: Type.Optional(body({ full: Type.Optional(Type.Boolean({ description: 'CKAN: a full run (finds deletions) instead of an incremental one.' })) })),
    response: { 202: Type.Object({ runId: Type.String(), run: RunSchema }) },
  },
  listRuns: {
    tags: TAGS,
    summary: "A source's runs, newest first",
    params: IdParams,
    querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
    response: { 200: Type.Object({ items: Type.Array(RunSchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }) },
  },
  getRun: { tags: TAGS, summary: 'One run with its per-dataset errors', params: IdParams, response: { 200: RunDetailSchema } },
};
