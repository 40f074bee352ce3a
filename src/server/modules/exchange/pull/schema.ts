/**
 * Request and response schemas of the pull endpoints (docs/exchange/pull.md): validation, types and OpenAPI.
 * A source's password is write-only: it appears in request bodies and never in a response schema.
 */
import { Type, type Static } from 'typebox';
import { Nullable } from '../../../platform/http/schema.js';

const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });
const TAGS = ['exchange: pull'];
const body = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });

const SourceKind = Type.Enum(['mysql', 'postgres']);

const connectionFields = {
  kind: SourceKind,
  host: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^\\s/?#@]+$', description: 'Host name or IP address.' }),
  port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'Default 3306 (mysql) / 5432 (postgres).' })),
  user: Type.String({ minLength: 1, maxLength: 128 }),
  database: Type.String({ minLength: 1, maxLength: 128 }),
  ssl: Type.Optional(Type.Boolean({ description: 'Require TLS with a verified certificate. Default false.' })),
};
const Password = Type.String({ maxLength: 256, description: 'Write-only: stored encrypted, never returned.' });

export const SourceCreateSchema = body({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  departmentId: Type.Optional(Type.String({ format: 'uuid', description: "Default: the caller's department." })),
  ...connectionFields,
  password: Password,
});
export const SourceUpdateSchema = body({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  ...connectionFields,
  password: Type.Optional(Type.Union([Password, Type.Null()], { description: 'Absent or null: keep the stored password.' })),
});
export const SourceTestSchema = body({ ...connectionFields, password: Type.Optional(Password) });

export const SourceSchema = Type.Object({
  id: Type.String(),
  departmentId: Type.String(),
  name: Type.String(),
  kind: SourceKind,
  host: Type.String(),
  port: Type.Integer(),
  user: Type.String(),
  database: Type.String(),
  ssl: Type.Boolean(),
  summary: Type.String({ description: 'kind://user@host:port/database — never the password.' }),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const TestResultSchema = Type.Object({
  ok: Type.Boolean(),
  serverVersion: Type.Optional(Type.String()),
  latencyMs: Type.Optional(Type.Integer()),
  code: Type.Optional(Type.String({ description: 'exchange.source_unreachable | source_timeout | source_auth_failed | source_database_missing | source_tls_failed | source_error' })),
  message: Type.Optional(Type.String()),
});

export const SourceTableSchema = Type.Object({ name: Type.String({ description: 'PostgreSQL: schema.table' }), type: Type.Enum(['table', 'view']) });
export const SourceColumnSchema = Type.Object({
  name: Type.String(),
  type: Type.String(),
  nullable: Type.Boolean(),
  key: Type.Boolean({ description: 'Part of the primary key.' }),
  cursorCapable: Type.Boolean({ description: 'An integer, date or date-time column: usable as the incremental cursor.' }),
});

const Mode = Type.Enum(['incremental', 'full']);
const pullFields = {
  sourceTable: Type.String({ minLength: 1, maxLength: 300 }),
  columnMapping: Type.Record(Type.String({ maxLength: 64 }), Type.String({ minLength: 1, maxLength: 128 }), {
    description: 'Data-item name → source column. Every key item and every required item must be mapped.',
  }),
  mode: Mode,
  cursorColumn: Type.Optional(Nullable(Type.String({ maxLength: 128, description: 'Required for incremental pulls.' }))),
  safetyWindowSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400, description: 'Default 300.' })),
  schedule: Type.String({ minLength: 9, maxLength: 120, description: 'Five-field cron in the server\'s local time, e.g. "*/15 * * * *".' }),
  reconcileEveryRuns: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, description: 'Full read with deletions every N incremental runs; 0 never. Default 24.' })),
  enabled: Type.Optional(Type.Boolean({ description: 'Default true.' })),
};
export const PullCreateSchema = body({ resourceCode: Type.String({ minLength: 1, maxLength: 64 }), sourceId: Uuid, ...pullFields });
export const PullUpdateSchema = body({
  sourceTable: Type.Optional(pullFields.sourceTable),
  columnMapping: Type.Optional(pullFields.columnMapping),
  mode: Type.Optional(Mode),
  cursorColumn: pullFields.cursorColumn,
  safetyWindowSeconds: pullFields.safetyWindowSeconds,
  schedule: Type.Optional(pullFields.schedule),
  reconcileEveryRuns: pullFields.reconcileEveryRuns,
  enabled: pullFields.enabled,
});

const RunKind = Type.Enum(['incremental', 'full', 'reconcile']);
export const RunSchema = Type.Object({
  id: Type.String(),
  pullId: Type.String(),
  kind: RunKind,
  status: Type.Enum(['running', 'succeeded', 'failed']),
  loadId: Nullable(Type.String({ description: 'The last load the run committed.' })),
  readRows: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  deleted: Type.Integer(),
  rejected: Type.Integer(),
  cursorFrom: Nullable(Type.String()),
  cursorTo: Nullable(Type.String()),
  error: Nullable(Type.String()),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});

export const PullSchema = Type.Object({
  id: Type.String(),
  resourceCode: Type.String(),
  sourceId: Type.String(),
  sourceName: Type.String(),
  departmentId: Type.String(),
  sourceTable: Type.String(),
  columnMapping: Type.Record(Type.String(), Type.String()),
  mode: Mode,
  cursorColumn: Nullable(Type.String()),
  safetyWindowSeconds: Type.Integer(),
  schedule: Type.String(),
  reconcileEveryRuns: Type.Integer(),
  enabled: Type.Boolean(),
  cursorValue: Nullable(Type.String({ description: 'The last committed cursor (source text form).' })),
  runsSinceReconcile: Type.Integer(),
  nextRunAt: Nullable(Type.String()),
  lastRun: Nullable(RunSchema),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export type SourceCreateInput = Static<typeof SourceCreateSchema>;
export type SourceUpdateInput = Static<typeof SourceUpdateSchema>;
export type SourceTestInput = Static<typeof SourceTestSchema>;
export type SourceAnswer = Static<typeof SourceSchema>;
export type TestResult = Static<typeof TestResultSchema>;
export type PullCreateInput = Static<typeof PullCreateSchema>;
export type PullUpdateInput = Static<typeof PullUpdateSchema>;
export type PullAnswer = Static<typeof PullSchema>;
export type RunAnswer = Static<typeof RunSchema>;

const NoContent = Type.Null({ description: 'No content' });
const TableParams = Type.Object({ id: Uuid, table: Type.String({ minLength: 1, maxLength: 300 }) });

export const routeSchemas = {
  listSources: { tags: TAGS, summary: 'Database sources you can see', response: { 200: Type.Object({ items: Type.Array(SourceSchema) }) } },
  createSource: { tags: TAGS, summary: "Register a department's database (password stored encrypted)", body: SourceCreateSchema, response: { 201: SourceSchema } },
  getSource: { tags: TAGS, summary: 'One source (never the password)', params: IdParams, response: { 200: SourceSchema } },
  updateSource: { tags: TAGS, summary: 'Change a source; without password the stored one is kept', params: IdParams, body: SourceUpdateSchema, response: { 200: SourceSchema } },
  deleteSource: { tags: TAGS, summary: 'Delete a source without pulls', params: IdParams, response: { 204: NoContent } },
  testSettings: { tags: TAGS, summary: 'Test unsaved connection settings (200 with ok:false when unreachable)', body: SourceTestSchema, response: { 200: TestResultSchema } },
  testSource: { tags: TAGS, summary: 'Test a saved source', params: IdParams, response: { 200: TestResultSchema } },
  tables: { tags: TAGS, summary: "The source's tables and views", params: IdParams, response: { 200: Type.Object({ items: Type.Array(SourceTableSchema) }) } },
  columns: { tags: TAGS, summary: "A source table's columns (for the column mapping)", params: TableParams, response: { 200: Type.Object({ items: Type.Array(SourceColumnSchema) }) } },
  listPulls: {
    tags: TAGS,
    summary: 'Scheduled pulls you can see',
    querystring: Type.Object({ sourceId: Type.Optional(Uuid), resourceCode: Type.Optional(Type.String({ maxLength: 64 })) }),
    response: { 200: Type.Object({ items: Type.Array(PullSchema) }) },
  },
  createPull: { tags: TAGS, summary: 'Schedule a pull of a source table into a resource of the same department', body: PullCreateSchema, response: { 201: PullSchema } },
  getPull: { tags: TAGS, summary: 'One pull with its cursor and last run', params: IdParams, response: { 200: PullSchema } },
  updatePull: { tags: TAGS, summary: 'Change a pull (a new table, mapping or cursor column restarts from the beginning)', params: IdParams, body: PullUpdateSchema, response: { 200: PullSchema } },
  deletePull: { tags: TAGS, summary: 'Delete a pull and its run history', params: IdParams, response: { 204: NoContent } },
  runPull: { tags: TAGS, summary: 'Run now (in the background); answers the started run', params: IdParams, response: { 202: RunSchema } },
  listRuns: {
    tags: TAGS,
    summary: "A pull's runs, newest first",
    params: IdParams,
    querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
    response: { 200: Type.Object({ items: Type.Array(RunSchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }) },
  },
};
