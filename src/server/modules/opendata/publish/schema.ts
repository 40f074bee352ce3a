/** HTTP schemas of the portal's dataset API (OpenAPI 3.1 via TypeBox), one per endpoint. */
import { Type } from 'typebox';
import { Nullable } from '../../../platform/http/schema.js';

const TAGS = ['open data'];

export const UsageTotalsSchema = Type.Object({ views: Type.Integer(), downloads: Type.Integer(), apiCalls: Type.Integer() });

export const DatasetSummarySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  title: Type.String(),
  titleEn: Nullable(Type.String()),
  notes: Type.String({ description: 'The first 200 characters of the description.' }),
  organization: Type.Object({ name: Type.String(), title: Type.String(), titleEn: Nullable(Type.String()) }),
  themes: Type.Array(Type.String()),
  tags: Type.Array(Type.String()),
  formats: Type.Array(Type.String()),
  licenseId: Type.String(),
  frequency: Nullable(Type.String()),
  openType: Type.Enum(['open', 'conditional']),
  metadataModified: Type.String({ format: 'date-time' }),
  dataModified: Nullable(Type.String({ format: 'date-time' })),
  rowCount: Type.Integer(),
  currentVersion: Type.Integer(),
  usage: UsageTotalsSchema,
  source: Nullable(Type.Object({ title: Type.String(), url: Nullable(Type.String()) })),
});

const DatasetVersionSchema = Type.Object({
  version: Type.Integer(),
  rowCount: Type.Integer(),
  catalogVersion: Nullable(Type.Integer()),
  note: Nullable(Type.String()),
  publishedAt: Type.String({ format: 'date-time' }),
});

const DatasetUsageSchema = Type.Object({
  views: Type.Integer(),
  downloads: Type.Integer(),
  apiCalls: Type.Integer(),
  daily: Type.Array(Type.Object({ day: Type.String(), views: Type.Integer(), downloads: Type.Integer(), apiCalls: Type.Integer() }), {
    description: 'The last 30 days (China time), oldest first.',
  }),
});

const DatasetDetailSchema = Type.Object({
  ...DatasetSummarySchema.properties,
  notes: Type.String(),
  usage: DatasetUsageSchema,
  fields: Type.Array(Type.Object({ name: Type.String(), label: Type.String(), type: Type.String(), key: Type.Boolean() }), {
    description: 'The public data items only.',
  }),
  resources: Type.Array(Type.Object({
    id: Type.String(),
    name: Type.String(),
    format: Type.String(),
    mediaType: Nullable(Type.String()),
    url: Type.String(),
    size: Nullable(Type.Integer()),
    datastoreActive: Type.Boolean(),
  })),
  versions: Type.Array(DatasetVersionSchema),
  openConditions: Nullable(Type.String()),
  licence: Type.Object({ id: Type.String(), title: Type.String(), titleEn: Type.String(), url: Nullable(Type.String()) }),
  maintainer: Nullable(Type.String()),
  maintainerEmail: Nullable(Type.String()),
  issued: Nullable(Type.String()),
  metadataCreated: Type.String({ format: 'date-time' }),
  catalogCode: Nullable(Type.String()),
  access: Type.Enum(['open', 'granted', 'apply', 'pending', 'login'], {
    description: 'open: anyone; conditional datasets: login (no portal user), apply, pending, granted.',
  }),
  apiExamples: Type.Object({ datastoreSearch: Type.String(), packageShow: Type.String(), records: Type.String() }),
});

const ThemeCountSchema = Type.Object({
  key: Type.String(), code: Type.String(), uri: Type.String(), title: Type.String(), titleEn: Type.String(), count: Type.Integer(),
});

const OrganizationSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  title: Type.String(),
  titleEn: Nullable(Type.String()),
  description: Type.String(),
  /** The local department behind it (a data request may be addressed to it); null for harvested publishers. */
  departmentId: Nullable(Type.String()),
  datasetCount: Type.Integer(),
});

const DatastoreAnswerSchema = Type.Object({
  fields: Type.Array(Type.Object({
    id: Type.String(),
    type: Type.Enum(['int', 'numeric', 'text', 'date', 'timestamp', 'bool']),
    info: Type.Optional(Type.Object({ label: Type.String() })),
  })),
  records: Type.Array(Type.Object({}, { additionalProperties: true })),
  total: Nullable(Type.Integer()),
});

const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) });

const RecordsQuery = Type.Object({
  filters: Type.Optional(Type.String({ maxLength: 4000, description: 'A JSON object: field → value or array of values (exact match; arrays match any).' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Case-insensitive substring over the text columns.' })),
  sort: Type.Optional(Type.String({ maxLength: 500, description: '"field asc, other desc" (default: by key).' })),
  fields: Type.Optional(Type.String({ maxLength: 2000, description: 'Comma-separated columns to return (default all public columns).' })),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 })),
  version: Type.Optional(Type.Integer({ minimum: 1, description: 'A published version instead of the current data.' })),
  preview: Type.Optional(Type.Boolean({ description: 'The portal page\'s own preview: not counted as an API call.' })),
});

export const publishRouteSchemas = {
  summary: {
    tags: TAGS,
    summary: 'The portal home page: counts, themes, top organisations, newest and most used datasets',
    response: {
      200: Type.Object({
        counts: Type.Object({ datasets: Type.Integer(), organizations: Type.Integer(), views: Type.Integer(), downloads: Type.Integer(), apiCalls: Type.Integer() }),
        themes: Type.Array(ThemeCountSchema),
        organizations: Type.Array(Type.Object({ name: Type.String(), title: Type.String(), titleEn: Nullable(Type.String()), count: Type.Integer() })),
        newest: Type.Array(DatasetSummarySchema),
        popular: Type.Array(DatasetSummarySchema),
      }),
    },
  },
  detail: {
    tags: TAGS,
    summary: 'One dataset with its fields, downloads, versions, usage and the caller\'s access (counts a view)',
    params: NameParams,
    response: { 200: DatasetDetailSchema },
  },
  records: {
    tags: TAGS,
    summary: 'Rows of a dataset: filters, substring search, sort, paging; current data or a version',
    params: NameParams,
    querystring: RecordsQuery,
    response: { 200: DatastoreAnswerSchema },
  },
  download: {
    tags: TAGS,
    summary: 'The dataset\'s data as a file (streamed): CSV (UTF-8 with BOM), XLSX or a JSON array',
    params: NameParams,
    querystring: Type.Object({
      format: Type.Optional(Type.Enum(['csv', 'xlsx', 'json'], { default: 'csv' })),
      version: Type.Optional(Type.Integer({ minimum: 1 })),
    }),
    response: {
      200: {
        description: 'The file, as an attachment.',
        content: {
          'text/csv': { schema: Type.String() },
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: Type.String() },
          'application/json': { schema: Type.String() },
        },
      },
    },
  },
  versions: {
    tags: TAGS,
    summary: 'The published versions of a dataset, newest first (each stays downloadable)',
    params: NameParams,
    response: { 200: Type.Array(DatasetVersionSchema) },
  },
  organizations: {
    tags: TAGS,
    summary: 'Organisations (departments and harvested publishers) with at least one dataset',
    response: { 200: Type.Array(OrganizationSchema) },
  },
  organization: {
    tags: TAGS,
    summary: 'One organisation',
    params: NameParams,
    response: { 200: OrganizationSchema },
  },
  themes: {
    tags: TAGS,
    summary: 'The EU data themes with their dataset counts',
    response: { 200: Type.Array(ThemeCountSchema) },
  },
  manageList: {
    tags: TAGS,
    summary: 'Console: the datasets of the caller\'s department (all for the data bureau), also deleted ones',
    querystring: Type.Object({
      q: Type.Optional(Type.String({ maxLength: 200 })),
      page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
      pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    }),
    response: {
      200: Type.Object({
        items: Type.Array(Type.Object({
          ...DatasetSummarySchema.properties,
          catalogCode: Nullable(Type.String()),
          state: Type.Enum(['active', 'deleted']),
          pendingApplications: Type.Integer(),
        })),
        total: Type.Integer(),
      }),
    },
  },
  manageSync: {
    tags: TAGS,
    summary: 'Console (data bureau): publish now — bring the datasets in step with the catalog and the stores',
    response: { 200: Type.Object({ created: Type.Integer(), updated: Type.Integer(), deleted: Type.Integer(), versions: Type.Integer() }) },
  },
};
