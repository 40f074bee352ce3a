/**
 * Request and response schemas of the access endpoints (docs/exchange/access.md): validation at the edge, the
 * TypeScript types and the OpenAPI document. Rules that need the catalog entry (fields are data items,
 * cleartextFields ⊆ fields, narrowing on approval) are checked by the service, all problems at once.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { Nullable } from '../../../platform/http/schema.js';

const TAGS = ['exchange'];
const Uuid = (description?: string) => Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', ...(description ? { description } : {}) });
const FieldName = Type.String({ minLength: 1, maxLength: 64 });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

export const LIMITS = { text: 2000, reason: 1000, fields: 500, rowScope: 20, inValues: 1000, value: 200, rateLimit: 100_000, durationDays: 3660, pageSize: 100 } as const;

export const MASK_RULE_VALUES = ['clear', 'id_number', 'phone', 'name', 'partial', 'hidden'] as const;
export const REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export const GRANT_STATUS_FILTERS = ['active', 'expired', 'revoked'] as const;

const Value = Type.String({ maxLength: LIMITS.value });
export const RowConditionSchema = Type.Union(
  [
    Type.Object({ field: FieldName, op: Type.Literal('eq'), value: Value }, { additionalProperties: false }),
    Type.Object({ field: FieldName, op: Type.Literal('in'), values: Type.Array(Value, { minItems: 1, maxItems: LIMITS.inValues }) }, { additionalProperties: false }),
    Type.Object({ field: FieldName, op: Type.Literal('prefix'), value: Type.String({ minLength: 1, maxLength: LIMITS.value }) }, { additionalProperties: false }),
    Type.Object({ field: FieldName, op: Type.Enum(['gte', 'gt', 'lte', 'lt']), value: Value }, { additionalProperties: false }),
  ],
  { description: 'A condition on one data item; the conditions of a row scope are ANDed.' },
);

/** Row conditions in answers (one flat shape: `value` or `values` depending on `op`). */
const RowConditionOut = Type.Object({ field: Type.String(), op: Type.String(), value: Type.Optional(Type.String()), values: Type.Optional(Type.Array(Type.String())) });
const MaskRuleSchema = Type.Enum([...MASK_RULE_VALUES]);
const Masking = Type.Record(Type.String(), MaskRuleSchema, { description: 'Data item → rule; unlisted granted fields are clear.' });

export const CreateRequestSchema = Type.Object(
  {
    resourceCode: Type.String({ minLength: 1, maxLength: 64, description: 'Code of a published catalog entry.' }),
    systemId: Uuid('A business system of your department: the grant is bound to it.'),
    fields: Type.Array(FieldName, { minItems: 1, maxItems: LIMITS.fields, description: 'Data item names.' }),
    purpose: Type.String({ minLength: 1, maxLength: LIMITS.text, description: '用途' }),
    legalBasis: Type.String({ minLength: 1, maxLength: LIMITS.text, description: '依据 (law, regulation, document number)' }),
    rowScope: Type.Optional(Nullable(Type.Array(RowConditionSchema, { maxItems: LIMITS.rowScope }))),
    durationDays: Type.Integer({ minimum: 1, maximum: LIMITS.durationDays, description: 'How long the grant should last.' }),
    cleartextFields: Type.Optional(Type.Array(FieldName, { maxItems: LIMITS.fields, description: 'Sensitive fields needed unmasked (a subset of fields).' })),
    rateLimitPerMinute: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: LIMITS.rateLimit, description: 'Default 600.' }))),
  },
  { additionalProperties: false },
);

export const ApproveSchema = Type.Object(
  {
    fields: Type.Optional(Type.Array(FieldName, { minItems: 1, maxItems: LIMITS.fields, description: 'A subset of the requested fields.' })),
    masking: Type.Optional(Masking),
    rateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.rateLimit, description: 'At most what was asked (or 600).' })),
    expiresAt: Type.Optional(Type.String({ format: 'date-time', description: 'Not later than decision time + the requested duration.' })),
    durationDays: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.durationDays, description: 'At most the requested duration; not with expiresAt.' })),
    reason: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.reason, description: 'Optional remark.' }))),
  },
  { additionalProperties: false },
);

export const ReasonSchema = Type.Object({ reason: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.reason, description: 'Required.' }))) });

export const RequestViewSchema = Type.Object({
  id: Type.String(),
  resourceId: Type.String(),
  resourceCode: Type.String(),
  resourceName: Type.String(),
  sharingType: Type.String(),
  providerDepartmentId: Type.String(),
  providerDepartmentName: Nullable(Type.String()),
  requesterDepartmentId: Type.String(),
  requesterDepartmentName: Nullable(Type.String()),
  systemId: Type.String(),
  systemCode: Nullable(Type.String()),
  systemName: Nullable(Type.String()),
  fields: Type.Array(Type.String()),
  cleartextFields: Type.Array(Type.String()),
  purpose: Type.String(),
  legalBasis: Type.String(),
  rowScope: Nullable(Type.Array(RowConditionOut)),
  durationDays: Type.Integer(),
  rateLimitPerMinute: Nullable(Type.Integer()),
  status: Type.Enum([...REQUEST_STATUSES]),
  dueDate: Type.String({ description: 'The 10th working day after the request day (YYYY-MM-DD).' }),
  workingDaysLeft: Nullable(Type.Integer({ description: 'Pending only: working days until the due date; negative when overdue.' })),
  overdue: Type.Boolean(),
  automatic: Type.Boolean({ description: 'Granted automatically (unconditional sharing).' }),
  decisionReason: Nullable(Type.String()),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  grantId: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String(),
});

export const GrantViewSchema = Type.Object({
  id: Type.String(),
  resourceId: Type.String(),
  resourceCode: Type.String(),
  resourceName: Type.String(),
  providerDepartmentId: Type.String(),
  providerDepartmentName: Nullable(Type.String()),
  systemId: Type.String(),
  systemCode: Nullable(Type.String()),
  systemName: Nullable(Type.String()),
  departmentId: Type.String({ description: 'The department of the business system (the consumer).' }),
  departmentName: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  fields: Type.Array(Type.String()),
  rowScope: Nullable(Type.Array(RowConditionOut)),
  masking: Masking,
  rateLimitPerMinute: Type.Integer(),
  purpose: Type.String(),
  legalBasis: Type.String(),
  status: Type.Enum(['active', 'revoked']),
  expired: Type.Boolean({ description: 'Active but past expiresAt.' }),
  expiresAt: Type.String(),
  revokedAt: Nullable(Type.String()),
  revokedBy: Nullable(Type.String()),
  revokeReason: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String(),
});

const Page = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.pageSize, default: 20 })),
};

export const RequestListQuerySchema = Type.Object({
  box: Type.Optional(Type.Enum(['incoming', 'outgoing', 'all'], { default: 'all', description: 'incoming: my department provides; outgoing: my department asked; all: both (data_admin: every department).' })),
  status: Type.Optional(Type.Enum([...REQUEST_STATUSES])),
  ...Page,
});

export const GrantListQuerySchema = Type.Object({
  side: Type.Optional(Type.Enum(['provided', 'consumed', 'all'], { default: 'all', description: "provided: on my department's resources; consumed: held by my department's systems (a business system: its own); all: both (data_admin: every department)." })),
  resourceCode: Type.Optional(Type.String({ maxLength: 64 })),
  systemId: Type.Optional(Uuid()),
  status: Type.Optional(Type.Enum([...GRANT_STATUS_FILTERS], { description: 'active = active and unexpired.' })),
  ...Page,
});

const list = <T extends TSchema>(item: T) => Type.Object({ data: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
const IdParams = Type.Object({ id: Uuid() });

export const CalendarDaySchema = Type.Object({ day: Type.String(), kind: Type.Enum(['holiday', 'workday']), name: Type.String() });

export const routeSchemas = {
  createRequest: { tags: TAGS, summary: 'Apply for a resource on behalf of a business system (共享申请)', body: CreateRequestSchema, response: { 201: RequestViewSchema } },
  listRequests: { tags: TAGS, summary: 'Access requests: incoming, outgoing or all', querystring: RequestListQuerySchema, response: { 200: list(RequestViewSchema) } },
  getRequest: { tags: TAGS, summary: 'One access request', params: IdParams, response: { 200: RequestViewSchema } },
  approve: { tags: TAGS, summary: 'Approve (optionally narrowed) and create the grant', params: IdParams, body: ApproveSchema, response: { 200: RequestViewSchema } },
  reject: { tags: TAGS, summary: 'Reject with a reason', params: IdParams, body: ReasonSchema, response: { 200: RequestViewSchema } },
  withdraw: { tags: TAGS, summary: 'Withdraw a pending request (requesting department)', params: IdParams, response: { 200: RequestViewSchema } },
  listGrants: { tags: TAGS, summary: 'Grants provided, consumed or all (business systems: their own)', querystring: GrantListQuerySchema, response: { 200: list(GrantViewSchema) } },
  getGrant: { tags: TAGS, summary: 'One grant', params: IdParams, response: { 200: GrantViewSchema } },
  revoke: { tags: TAGS, summary: 'Revoke a grant at once, with a reason', params: IdParams, body: ReasonSchema, response: { 200: GrantViewSchema } },
  getCalendar: {
    tags: TAGS,
    summary: 'Holiday calendar of a year (holiday closes a weekday, workday opens a weekend day)',
    querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
    response: { 200: Type.Object({ year: Type.Integer(), days: Type.Array(CalendarDaySchema) }) },
  },
  putCalendarDay: {
    tags: TAGS,
    summary: 'Set a calendar day (due dates of pending requests follow)',
    params: Type.Object({ day: Day }),
    body: Type.Object({ kind: Type.Enum(['holiday', 'workday']), name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
    response: { 200: CalendarDaySchema },
  },
  deleteCalendarDay: { tags: TAGS, summary: 'Remove a calendar day', params: Type.Object({ day: Day }), response: { 204: Type.Null() } },
};

export type CreateRequestInput = Static<typeof CreateRequestSchema>;
export type ApproveInput = Static<typeof ApproveSchema>;
export type RequestView = Static<typeof RequestViewSchema>;
export type GrantView = Static<typeof GrantViewSchema>;
export type RequestListQuery = Static<typeof RequestListQuerySchema>;
export type GrantListQuery = Static<typeof GrantListQuerySchema>;
export interface Paged<T> { data: T[]; total: number; page: number; pageSize: number }
