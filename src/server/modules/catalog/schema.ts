/**
 * Request and response schemas of the catalog endpoints (docs/API.md, "Catalog"): validation at the edge, the
 * TypeScript types, and the OpenAPI document all come from here.
 *
 * The entry body (ResourceInput) is deliberately checked only for JSON types here. Enumerations, required
 * fields, lengths and the catalog rules are checked by the service (validation.ts), because a data officer
 * must see every problem of an entry in one answer, and the importer needs the same checks without HTTP.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { Nullable } from '../../platform/http/schema.js';
import {
  CLASSIFICATION_VIEWS, DATA_ITEM_TYPES, FORMATS, LIMITS, OPEN_TYPES, RESOURCE_STATUSES, SEARCH_SORTS, SENSITIVITIES, SHARING_METHODS,
  SHARING_TYPES, STATUS_FILTERS, UPDATE_CYCLES,
} from './vocabulary.js';

const oneOfText = (values: readonly string[]) => `One of: ${values.join(', ')}.`;
const TAGS = ['catalog'];

export const ClassificationSchema = Type.Object({
  code: Type.String(),
  view: Type.Enum([...CLASSIFICATION_VIEWS]),
  level: Type.Integer(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  parentCode: Nullable(Type.String()),
});

export const DataItemSchema = Type.Object({
  name: Type.String({ description: 'Identifier: [a-z][a-z0-9_]*, unique within the entry.' }),
  label: Type.String({ description: '中文名' }),
  type: Type.Enum([...DATA_ITEM_TYPES]),
  length: Nullable(Type.Integer()),
  required: Type.Boolean(),
  key: Type.Boolean(),
  codeList: Nullable(Type.String()),
  sensitivity: Type.Enum([...SENSITIVITIES]),
});

const LooseText = (description?: string) => Nullable(Type.String(description ? { description } : {}));

const DataItemInputSchema = Type.Object({
  name: Type.Optional(LooseText('Identifier: [a-z][a-z0-9_]*, unique within the entry.')),
  label: Type.Optional(LooseText('中文名 (required)')),
  type: Type.Optional(LooseText(oneOfText(DATA_ITEM_TYPES))),
  length: Type.Optional(Nullable(Type.Number({ description: 'A positive whole number.' }))),
  required: Type.Optional(Type.Boolean()),
  key: Type.Optional(Type.Boolean({ description: 'A key item is always required.' })),
  codeList: Type.Optional(LooseText()),
  sensitivity: Type.Optional(LooseText(`${oneOfText(SENSITIVITIES)} Default internal.`)),
});

export const ResourceInputSchema = Type.Object(
  {
    classificationCode: Type.Optional(LooseText('A level 3 or 4 classification code (required).')),
    name: Type.Optional(LooseText(`Required, at most ${LIMITS.name} characters.`)),
    nameEn: Type.Optional(LooseText()),
    providerDepartmentId: Type.Optional(LooseText("Defaults to the caller's department.")),
    summary: Type.Optional(LooseText(`Required, at most ${LIMITS.summary} characters.`)),
    format: Type.Optional(LooseText(oneOfText(FORMATS))),
    dataItems: Type.Optional(Type.Array(DataItemInputSchema)),
    sharingType: Type.Optional(LooseText(oneOfText(SHARING_TYPES))),
    sharingConditions: Type.Optional(LooseText('Required when sharingType is conditional.')),
    sharingMethods: Type.Optional(Type.Array(Type.String({ description: oneOfText(SHARING_METHODS) }))),
    notSharedBasis: Type.Optional(LooseText('Required when sharingType is not_shared: the legal or policy basis.')),
    openType: Type.Optional(LooseText(oneOfText(OPEN_TYPES))),
    openConditions: Type.Optional(LooseText()),
    updateCycle: Type.Optional(LooseText(oneOfText(UPDATE_CYCLES))),
    publishDate: Type.Optional(LooseText('YYYY-MM-DD; set at first publication when empty.')),
    keywords: Type.Optional(Type.Array(Type.String())),
    relatedCodes: Type.Optional(Type.Array(Type.String())),
    sourceSystemId: Type.Optional(LooseText('A business system of the provider department.')),
    changeNote: Type.Optional(LooseText('Recorded with the new version when a published entry is edited.')),
  },
  { description: 'Every problem is answered at once as 400 validation.failed with JSON pointers.' },
);

export const ResourceSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  classificationCode: Type.String(),
  classificationName: Nullable(Type.String()),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  providerDepartmentId: Type.String(),
  providerDepartmentName: Nullable(Type.String()),
  providerCreditCode: Nullable(Type.String()),
  summary: Type.String(),
  format: Type.String(),
  dataItems: Type.Array(DataItemSchema),
  sharingType: Type.Enum([...SHARING_TYPES]),
  sharingConditions: Nullable(Type.String()),
  sharingMethods: Type.Array(Type.String()),
  notSharedBasis: Nullable(Type.String()),
  openType: Type.Enum([...OPEN_TYPES]),
  openConditions: Nullable(Type.String()),
  updateCycle: Type.String(),
  publishDate: Nullable(Type.String()),
  keywords: Type.Array(Type.String()),
  relatedCodes: Type.Array(Type.String()),
  sourceSystemId: Nullable(Type.String()),
  status: Type.Enum([...RESOURCE_STATUSES]),
  returnReason: Nullable(Type.String()),
  retireReason: Nullable(Type.String()),
  currentVersion: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  submittedAt: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  retiredAt: Nullable(Type.String()),
});

export const ResourceSummarySchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  summary: Type.String(),
  providerDepartmentId: Type.String(),
  providerDepartmentName: Nullable(Type.String()),
  classificationCode: Type.String(),
  format: Type.String(),
  sharingType: Type.String(),
  openType: Type.String(),
  updateCycle: Type.String(),
  status: Type.String(),
  currentVersion: Type.Integer(),
  updatedAt: Type.String(),
  dataItemCount: Type.Integer(),
});

const FacetBucketSchema = Type.Object({ value: Type.String(), label: Nullable(Type.String()), count: Type.Integer() });
const FACET_NAMES = ['department', 'classification', 'sharingType', 'openType', 'format', 'updateCycle'] as const;

const repeatable = <T extends TSchema>(item: T, description: string) => Type.Optional(Type.Array(item, { description, maxItems: 100 }));

export const SearchQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: LIMITS.query, description: 'Chinese or English words; any characters are safe.' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.pageSize, default: 20 })),
  department: repeatable(Type.String({ pattern: '^[0-9a-fA-F-]{36}$' }), 'Provider department ids.'),
  classification: repeatable(Type.String({ pattern: '^[0-9]{1,12}$' }), 'Classification code prefixes.'),
  sharingType: repeatable(Type.Enum([...SHARING_TYPES]), 'Sharing types.'),
  openType: repeatable(Type.Enum([...OPEN_TYPES]), 'Open types.'),
  format: repeatable(Type.Enum([...FORMATS]), 'Formats.'),
  updateCycle: repeatable(Type.Enum([...UPDATE_CYCLES]), 'Update cycles.'),
  status: Type.Optional(Type.Enum([...STATUS_FILTERS], { default: 'published', description: 'Entries you may not see are never returned.' })),
  sort: Type.Optional(Type.Enum([...SEARCH_SORTS], { description: 'Default: relevance with q, else updated.' })),
});

export const SearchAnswerSchema = Type.Object({
  data: Type.Array(ResourceSummarySchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  facets: Type.Object(Object.fromEntries(FACET_NAMES.map((name) => [name, Type.Array(FacetBucketSchema)])) as Record<(typeof FACET_NAMES)[number], ReturnType<typeof Type.Array<typeof FacetBucketSchema>>>),
});

export const VersionInfoSchema = Type.Object({
  version: Type.Integer(),
  createdAt: Type.String(),
  createdBy: Nullable(Type.String()),
  changeNote: Nullable(Type.String()),
});

export const VersionDetailSchema = Type.Object({
  version: Type.Integer(),
  createdAt: Type.String(),
  createdBy: Nullable(Type.String()),
  changeNote: Nullable(Type.String()),
  snapshot: Type.Record(Type.String(), Type.Unknown(), { description: 'The entry as it was published (Resource).' }),
});

export const DiffSchema = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  changes: Type.Array(Type.Object({ path: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
});

const CountSchema = Type.Object({ key: Type.String(), label: Nullable(Type.String()), count: Type.Integer() });

export const StatsSchema = Type.Object({
  total: Type.Integer(),
  byDepartment: Type.Array(CountSchema),
  byView: Type.Array(CountSchema),
  byClassification: Type.Array(CountSchema),
  bySharingType: Type.Array(CountSchema),
  byStatus: Type.Array(CountSchema),
  recent: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), action: Type.String(), at: Type.String(), actor: Nullable(Type.String()) })),
});

const CodeParams = Type.Object({ code: Type.String({ maxLength: LIMITS.code }) });
const ReasonBody = Type.Object({ reason: Type.Optional(Nullable(Type.String({ description: `Required, at most ${LIMITS.reason} characters.` }))) });

export const routeSchemas = {
  listClassifications: { tags: TAGS, summary: 'Classifications: three views, four levels', response: { 200: Type.Array(ClassificationSchema) } },
  search: { tags: TAGS, summary: 'Search the catalog (Chinese full text, filters, facets)', querystring: SearchQuerySchema, response: { 200: SearchAnswerSchema } },
  get: { tags: TAGS, summary: 'One catalog entry', params: CodeParams, response: { 200: ResourceSchema } },
  create: { tags: TAGS, summary: 'Register an entry (draft)', body: ResourceInputSchema, response: { 201: ResourceSchema } },
  update: {
    tags: TAGS,
    summary: 'Edit an entry: drafts in place, published entries as a new version',
    params: CodeParams,
    body: ResourceInputSchema,
    response: { 200: ResourceSchema },
  },
  remove: { tags: TAGS, summary: 'Delete a draft', params: CodeParams, response: { 204: Type.Null() } },
  submit: { tags: TAGS, summary: 'Submit for review', params: CodeParams, response: { 200: ResourceSchema } },
  returnForRevision: { tags: TAGS, summary: 'Return to the department with a reason', params: CodeParams, body: ReasonBody, response: { 200: ResourceSchema } },
  publish: { tags: TAGS, summary: 'Publish (writes the next version)', params: CodeParams, response: { 200: ResourceSchema } },
  retire: { tags: TAGS, summary: 'Retire a published entry with a reason', params: CodeParams, body: ReasonBody, response: { 200: ResourceSchema } },
  versions: { tags: TAGS, summary: 'Published versions of an entry', params: CodeParams, response: { 200: Type.Array(VersionInfoSchema) } },
  version: {
    tags: TAGS,
    summary: 'One published version with its snapshot',
    params: Type.Object({ code: Type.String({ maxLength: LIMITS.code }), version: Type.Integer({ minimum: 1 }) }),
    response: { 200: VersionDetailSchema },
  },
  diff: {
    tags: TAGS,
    summary: 'Changes between two versions (data items compared by name)',
    params: CodeParams,
    querystring: Type.Object({
      from: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: the version before `to`.' })),
      to: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: the current version.' })),
    }),
    response: { 200: DiffSchema },
  },
  stats: { tags: TAGS, summary: 'Counts of the entries you can see, and recent changes', response: { 200: StatsSchema } },
};

export type Classification = Static<typeof ClassificationSchema>;
export type Resource = Static<typeof ResourceSchema>;
export type ResourceSummary = Static<typeof ResourceSummarySchema>;
export type SearchQuery = Static<typeof SearchQuerySchema>;
export type SearchAnswer = Static<typeof SearchAnswerSchema>;
export type FacetName = (typeof FACET_NAMES)[number];
export type FacetBucket = Static<typeof FacetBucketSchema>;
export type VersionInfo = Static<typeof VersionInfoSchema>;
export type VersionDetail = Static<typeof VersionDetailSchema>;
export type VersionDiff = Static<typeof DiffSchema>;
export type CatalogStats = Static<typeof StatsSchema>;
export { FACET_NAMES };
