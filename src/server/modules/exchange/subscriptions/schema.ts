/**
 * Request and response schemas of the change feed and webhook subscriptions (docs/exchange/subscriptions.md):
 * validation, types and OpenAPI. A webhook secret appears once, in the answer to its creation, and never again.
 */
import { Type, type Static } from 'typebox';
import { Nullable } from '../../../platform/http/schema.js';
import { MAX_PAGE } from './changes.js';

const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });
const TAGS = ['exchange: subscriptions'];
const NoContent = Type.Null({ description: 'No content' });

const ChangeSchema = Type.Object({
  seq: Type.Integer({ description: 'The change sequence (commit order within the resource).' }),
  op: Type.Enum(['insert', 'update', 'delete']),
  key: Type.Record(Type.String(), Type.Unknown(), { description: 'The key data items (masked when the grant masks them).' }),
  record: Nullable(Type.Record(Type.String(), Type.Unknown(), { description: 'Granted fields, masked; null for a delete.' })),
  at: Type.String({ description: 'When the change was stored (ISO 8601).' }),
});

export const ChangePageSchema = Type.Object({
  changes: Type.Array(ChangeSchema),
  next: Type.Integer({ description: 'Pass as `after` to continue: the last sequence looked at (changes outside the row scope are skipped).' }),
  hasMore: Type.Boolean(),
});

export const ChangesQuerySchema = Type.Object({
  after: Type.Optional(Type.Integer({ minimum: 0, description: 'Return changes with a sequence above this one. Default 0.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, description: `At most ${MAX_PAGE}. Default 100.` })),
});

const SubscriptionStatus = Type.Enum(['active', 'paused', 'dead']);

export const SubscriptionSchema = Type.Object({
  id: Type.String(),
  grantId: Type.String(),
  resourceCode: Type.String(),
  systemId: Type.String(),
  departmentId: Type.String({ description: 'The consuming department (the grant’s).' }),
  url: Type.String(),
  status: SubscriptionStatus,
  cursor: Type.Integer({ description: 'The last change sequence delivered (or skipped as outside the row scope).' }),
  lastSeq: Type.Integer({ description: "The store's latest change sequence; cursor < lastSeq means changes are pending." }),
  batchSize: Type.Integer(),
  attempts: Type.Integer({ description: 'Failed attempts in a row.' }),
  nextAttemptAt: Type.String(),
  lastError: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const CreatedSubscriptionSchema = Type.Object({
  ...SubscriptionSchema.properties,
  secret: Type.String({ description: 'The signing secret, shown this once: keep it to verify X-Zhongshu-Signature.' }),
  signatureAlgorithm: Type.Enum(['hmac-sha256', 'hmac-sm3']),
});

export const SubscriptionCreateSchema = Type.Object(
  {
    grantId: Uuid,
    url: Type.String({ minLength: 8, maxLength: 2000, description: 'http:// or https:// URL that receives POSTed batches.' }),
    secret: Type.Optional(Type.String({ minLength: 32, maxLength: 256, description: 'At least 32 characters; generated (32 random bytes) when absent.' })),
    batchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, description: 'Changes per request, default 100.' })),
    fromStart: Type.Optional(Type.Boolean({ description: 'Deliver the whole history; default false (from now on).' })),
  },
  { additionalProperties: false },
);

export const DeliverySchema = Type.Object({
  id: Type.Integer(),
  attempt: Type.Integer(),
  status: Type.Enum(['delivered', 'failed', 'dead']),
  httpStatus: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  durationMs: Nullable(Type.Integer()),
  seqFrom: Type.Integer(),
  seqTo: Type.Integer(),
  changeCount: Type.Integer(),
  at: Type.String(),
});

export type ChangePageView = Static<typeof ChangePageSchema>;
export type SubscriptionView = Static<typeof SubscriptionSchema>;
export type CreatedSubscriptionView = Static<typeof CreatedSubscriptionSchema>;
export type SubscriptionCreate = Static<typeof SubscriptionCreateSchema>;
export type DeliveryView = Static<typeof DeliverySchema>;

export const routeSchemas = {
  changes: {
    tags: TAGS,
    summary: 'Change feed of a granted resource (business systems; X-Purpose required)',
    params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
    headers: Type.Object({ 'x-purpose': Type.Optional(Type.String({ description: 'Why the data is read (required; 1–200 characters, percent-encoded UTF-8).' })) }),
    querystring: ChangesQuerySchema,
    response: { 200: ChangePageSchema },
  },
  create: { tags: TAGS, summary: 'Subscribe a webhook to a grant’s changes (the secret is shown once)', body: SubscriptionCreateSchema, response: { 201: CreatedSubscriptionSchema } },
  list: {
    tags: TAGS,
    summary: 'Webhook subscriptions you can see',
    querystring: Type.Object({ grantId: Type.Optional(Uuid), status: Type.Optional(SubscriptionStatus) }),
    response: { 200: Type.Object({ items: Type.Array(SubscriptionSchema) }) },
  },
  get: { tags: TAGS, summary: 'One subscription', params: IdParams, response: { 200: SubscriptionSchema } },
  pause: { tags: TAGS, summary: 'Stop deliveries (the cursor is kept)', params: IdParams, response: { 200: SubscriptionSchema } },
  resume: { tags: TAGS, summary: 'Resume deliveries; also revives a dead subscription (attempts reset)', params: IdParams, response: { 200: SubscriptionSchema } },
  remove: { tags: TAGS, summary: 'Delete a subscription and its delivery log', params: IdParams, response: { 204: NoContent } },
  deliveries: {
    tags: TAGS,
    summary: "A subscription's delivery log, newest first (dead letters have status dead)",
    params: IdParams,
    querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
    response: { 200: Type.Object({ items: Type.Array(DeliverySchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }) },
  },
};
