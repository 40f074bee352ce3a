/** HTTP schemas of the store part (OpenAPI 3.1 via TypeBox). */
import { Type } from 'typebox';
import { Nullable } from '../../../platform/http/schema.js';


export const FieldRuleSchema = Type.Object(
  {
    check: Type.Optional(Nullable(Type.Enum(['citizen_id', 'credit_code', 'phone', 'division_code', 'email']))),
    pattern: Type.Optional(Nullable(Type.String({ maxLength: 500, description: 'ECMAScript regular expression the whole value must match.' }))),
    codeListId: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  },
  { additionalProperties: false },
);

export const StoreColumnSchema = Type.Object({
  name: Type.String(),
  label: Type.String(),
  type: Type.String(),
  length: Nullable(Type.Integer()),
  required: Type.Boolean(),
  key: Type.Boolean(),
  sensitivity: Type.String(),
  codeList: Nullable(Type.String()),
});

export const StoreSchema = Type.Object({
  resourceId: Type.String(),
  resourceCode: Type.String(),
  resourceName: Type.String(),
  providerDepartmentId: Type.String(),
  sharingType: Type.String(),
  updateCycle: Type.String(),
  catalogVersion: Type.Integer(),
  table: Type.String(),
  history: Type.String(),
  keyColumns: Type.Array(Type.String()),
  columns: Type.Array(StoreColumnSchema),
  rules: Type.Record(Type.String(), FieldRuleSchema),
  rowCount: Type.Integer(),
  lastChangeSeq: Type.Integer(),
  lastLoadAt: Nullable(Type.String({ format: 'date-time' })),
});

export const StoreListItemSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  providerDepartmentId: Type.String(),
  providerDepartmentName: Nullable(Type.String()),
  sharingType: Type.String(),
  hasStore: Type.Boolean(),
  rowCount: Type.Integer(),
  lastLoadAt: Nullable(Type.String({ format: 'date-time' })),
});

export const CodeListSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  builtin: Type.Boolean(),
  codes: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
});

const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });

export const storeRouteSchemas = {
  list: {
    tags: ['exchange'],
    summary: 'Published catalog entries with data items, and their stores',
    querystring: Type.Object({ departmentId: Type.Optional(Type.String({ format: 'uuid' })), q: Type.Optional(Type.String({ maxLength: 100 })) }),
    response: { 200: Type.Object({ items: Type.Array(StoreListItemSchema) }) },
  },
  get: {
    tags: ['exchange'],
    summary: "A resource's store: columns, key, checks, row count (created on first use)",
    params: CodeParams,
    response: { 200: StoreSchema },
  },
  setRules: {
    tags: ['exchange'],
    summary: 'Replace the field checks of a store (provider department or data bureau)',
    params: CodeParams,
    body: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), FieldRuleSchema),
    response: { 200: StoreSchema },
  },
  listCodeLists: {
    tags: ['exchange'],
    summary: 'Code lists that code items are checked against',
    response: { 200: Type.Object({ items: Type.Array(CodeListSchema) }) },
  },
  putCodeList: {
    tags: ['exchange'],
    summary: 'Create or replace a code list (data bureau)',
    body: Type.Object({
      id: Type.String({ minLength: 1, maxLength: 100 }),
      name: Type.String({ minLength: 1, maxLength: 200 }),
      codes: Type.Array(Type.Object({ code: Type.String({ minLength: 1, maxLength: 50 }), label: Type.String({ maxLength: 200 }) }), { minItems: 1, maxItems: 20000 }),
    }),
    response: { 200: CodeListSchema },
  },
};
