/**
 * Request and response schemas of the quality endpoints (docs/exchange/quality.md): validation, types and OpenAPI.
 */
import { Type, type TSchema } from 'typebox';
import { Nullable } from '../../../platform/http/schema.js';

const TAGS = ['exchange: quality'];
const Percent = (description?: string) => Type.Number({ minimum: 0, maximum: 100, ...(description ? { description } : {}) });
const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 100 }) });

const Dimensions = {
  score: Percent('Weighted 30 % completeness, 30 % validity, 15 % uniqueness, 25 % timeliness.'),
  completeness: Percent('Share of non-null values over all data items of the current records; required items weigh double.'),
  validity: Percent('(received − rejected) / received over the loads of the last 30 days; 100 without loads.'),
  uniqueness: Percent('1 − duplicate keys inside loads / rows received over the same loads.'),
  timeliness: Percent('100 within the update cycle + 25 % grace, then linearly to 0 at three cycles late.'),
};

export const ScoreSummarySchema = Type.Object({ measuredAt: Type.String({ format: 'date-time' }), ...Dimensions });
export const ScoreSchema = Type.Object({
  measuredAt: Type.String({ format: 'date-time' }),
  ...Dimensions,
  rowCount: Type.Integer({ description: 'Rows in the store when measured.' }),
  details: Type.Record(Type.String(), Type.Unknown(), {
    description: 'How each number was reached: trigger, weights, completeness (rowsMeasured, sampled, samplePercent, fields), validity and uniqueness (loads, received, rejected, duplicateKeys), timeliness (cycle, lastLoadAt, dueAt, zeroAt).',
  }),
});

const Freshness = Type.Enum(['ok', 'late', 'never_loaded'], { description: 'late: the last load is older than the update cycle + 25 % grace.' });

const resourceFields = {
  code: Type.String(),
  name: Type.String(),
  departmentId: Type.String(),
  departmentName: Nullable(Type.String()),
  updateCycle: Type.String(),
  hasStore: Type.Boolean(),
  rowCount: Type.Integer(),
  lastLoadAt: Nullable(Type.String({ format: 'date-time' })),
  freshness: Freshness,
  dueAt: Nullable(Type.String({ format: 'date-time', description: 'When the next load is due (null: irregular or never loaded).' })),
  late: Type.Boolean({ description: 'freshness is late, or a freshness alarm is open.' }),
  openAlarm: Nullable(Type.Object({ id: Type.String(), raisedAt: Type.String({ format: 'date-time' }), dueAt: Type.String({ format: 'date-time' }) })),
  score: Nullable(ScoreSummarySchema),
};
export const ResourceQualitySchema = Type.Object(resourceFields);

const LoadQualitySchema = Type.Object({
  rows: Type.Integer(),
  fields: Type.Record(Type.String(), Type.Object({ present: Type.Integer(), invalid: Type.Integer() })),
  duplicateKeys: Type.Integer(),
  completeness: Type.Number(),
  validity: Type.Number(),
});

export const LoadReportSchema = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  format: Type.String(),
  status: Type.String(),
  received: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  deleted: Type.Integer(),
  rejected: Type.Integer(),
  quality: Nullable(LoadQualitySchema),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const ResourceDetailSchema = Type.Object({
  ...resourceFields,
  latest: Nullable(ScoreSchema),
  history: Type.Array(ScoreSummarySchema, { description: 'Oldest first, for a chart.' }),
  loads: Type.Array(LoadReportSchema, { description: 'The latest loads, newest first, with their quality reports.' }),
});

export const DepartmentScoreSchema = Type.Object({
  departmentId: Type.String(),
  departmentName: Nullable(Type.String()),
  resources: Type.Integer({ description: 'Published resources with data items.' }),
  resourcesWithData: Type.Integer({ description: 'Of those, resources whose store holds records.' }),
  scoredResources: Type.Integer(),
  averageScore: Nullable(Type.Number({ description: 'Average latest score of the scored resources.' })),
  lateCount: Type.Integer(),
  neverLoaded: Type.Integer(),
  loads: Type.Integer({ description: 'Finished loads in the window.' }),
  recordsLoaded: Type.Integer({ description: 'Valid records of succeeded loads in the window.' }),
  receivedRows: Type.Integer(),
  rejectedRows: Type.Integer(),
  rejectedShare: Percent('rejected / received rows of the window, in %.'),
  rank: Nullable(Type.Integer({ description: 'By average score, highest first (ties share a rank); null without a score.' })),
});

export const AlarmSchema = Type.Object({
  id: Type.String(),
  resourceCode: Type.String(),
  resourceName: Type.String(),
  departmentId: Type.String(),
  departmentName: Nullable(Type.String()),
  raisedAt: Type.String({ format: 'date-time' }),
  dueAt: Type.String({ format: 'date-time' }),
  lastLoadAt: Nullable(Type.String({ format: 'date-time' })),
  clearedAt: Nullable(Type.String({ format: 'date-time' })),
  open: Type.Boolean(),
});

const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};
const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

export const qualityRouteSchemas = {
  list: {
    tags: TAGS,
    summary: 'Latest quality score and freshness of every published resource',
    querystring: Type.Object({
      departmentId: Type.Optional(Type.String({ format: 'uuid' })),
      minScore: Type.Optional(Percent()),
      maxScore: Type.Optional(Percent()),
      late: Type.Optional(Type.Boolean({ description: 'true: only late resources (or with an open alarm); false: only the others.' })),
      ...Paging,
    }),
    response: { 200: pageOf(ResourceQualitySchema) },
  },
  detail: {
    tags: TAGS,
    summary: "One resource's latest score, score history and recent load quality reports",
    params: CodeParams,
    querystring: Type.Object({
      history: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 30, description: 'Scores in the history.' })),
      loads: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'Latest loads listed.' })),
    }),
    response: { 200: ResourceDetailSchema },
  },
  measure: {
    tags: TAGS,
    summary: 'Measure a resource now (provider department, data bureau)',
    params: CodeParams,
    response: { 200: ScoreSchema },
  },
  departments: {
    tags: TAGS,
    summary: 'Quality scorecard per provider department, ranked',
    response: { 200: Type.Object({ windowDays: Type.Integer(), items: Type.Array(DepartmentScoreSchema) }) },
  },
  alarms: {
    tags: TAGS,
    summary: 'Freshness alarms',
    querystring: Type.Object({
      open: Type.Optional(Type.Boolean({ description: 'true: open alarms only; false: cleared only; absent: all.' })),
      resourceCode: Type.Optional(Type.String({ maxLength: 100 })),
      departmentId: Type.Optional(Type.String({ format: 'uuid' })),
      ...Paging,
    }),
    response: { 200: pageOf(AlarmSchema) },
  },
};
