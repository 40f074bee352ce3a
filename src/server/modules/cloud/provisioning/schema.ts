/** Request and response schemas of the provisioning endpoints (docs/cloud/provisioning.md). */
import { Type } from 'typebox';
import { Nullable } from '../../../platform/http/schema.js';
import type { CloudCategory, CloudDriverKind } from '../../../platform/db/schema.js';

const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });
const TAGS = ['cloud: resources'];
const body = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });

const ResourceStatus = Type.Enum(['provisioning', 'active', 'resizing', 'retiring', 'retired', 'failed']);
// Spelled out here (not imported from index.ts, which loads this file while it is still loading); the types keep
// them in step with the schema's.
const CATEGORIES: CloudCategory[] = ['compute', 'storage', 'database', 'cache', 'message_queue', 'network', 'security', 'backup', 'big_data'];
const DRIVERS: CloudDriverKind[] = ['simulated', 'postgresql', 'mariadb', 'redis', 'openstack'];
const Category = Type.Enum(CATEGORIES);
const Driver = Type.Enum(DRIVERS);

export const ResourceSchema = Type.Object({
  id: Type.String(),
  orderItemId: Type.String(),
  orderId: Type.String(),
  orderNumber: Nullable(Type.String()),
  departmentId: Type.String(),
  departmentName: Type.String(),
  businessSystemId: Type.String(),
  businessSystemName: Type.String(),
  providerId: Type.String(),
  providerName: Type.String(),
  offeringId: Type.String(),
  offeringName: Type.String(),
  offeringNameEn: Nullable(Type.String()),
  category: Category,
  driver: Driver,
  resourceKind: Type.String(),
  name: Type.String(),
  externalId: Nullable(Type.String({ description: "The provider's id of the resource." })),
  status: ResourceStatus,
  parameters: Type.Record(Type.String(), Type.Unknown()),
  monthlyFen: Type.Integer({ description: 'The monthly price in fen (分).' }),
  tags: Type.Record(Type.String(), Type.String()),
  endpointInfo: Type.Record(Type.String(), Type.Unknown(), { description: 'Connection details without secrets (host, port, database, username).' }),
  credentialsAvailable: Type.Boolean({ description: 'Credentials are kept and have not been shown yet (POST …/credentials shows them once).' }),
  credentialsRevealedAt: Nullable(Type.String()),
  leaseEndsAt: Nullable(Type.String()),
  driftStatus: Type.Enum(['ok', 'drifted', 'missing']),
  driftDetail: Nullable(Type.String()),
  measured: Nullable(Type.Record(Type.String(), Type.Number())),
  measuredAt: Nullable(Type.String()),
  failureReason: Nullable(Type.String()),
  createdAt: Type.String(),
  readyAt: Nullable(Type.String()),
  retiredAt: Nullable(Type.String()),
});

const OrphanSchema = Type.Object({
  id: Type.String(),
  endpointId: Type.String(),
  providerName: Type.String(),
  driver: Driver,
  externalId: Type.String(),
  kind: Type.String(),
  tags: Type.Record(Type.String(), Type.String()),
  firstSeenAt: Type.String(),
  lastSeenAt: Type.String(),
});

export const routeSchemas = {
  listResources: {
    tags: TAGS,
    summary: 'Provisioned resources: the IT centre sees all, a department its own',
    querystring: Type.Object({
      departmentId: Type.Optional(Uuid),
      businessSystemId: Type.Optional(Uuid),
      status: Type.Optional(ResourceStatus),
      category: Type.Optional(Category),
      drift: Type.Optional(Type.Boolean({ description: 'true: only drifted or missing ones; false: only ok ones.' })),
      page: Type.Optional(Type.Integer({ minimum: 1 })),
      pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    }),
    response: { 200: Type.Object({ items: Type.Array(ResourceSchema), total: Type.Integer() }) },
  },
  getResource: { tags: TAGS, summary: 'One resource', params: IdParams, response: { 200: ResourceSchema } },
  revealCredentials: {
    tags: TAGS,
    summary: 'Show the credentials, once, to the owning department (410 cloud.credentials_revealed afterwards)',
    params: IdParams,
    response: {
      200: Type.Object({ credentials: Type.Record(Type.String(), Type.String()), endpointInfo: Type.Record(Type.String(), Type.Unknown()) }),
    },
  },
  retire: {
    tags: TAGS,
    summary: 'Retire an active resource: removed at the provider, its quota given back',
    params: IdParams,
    body: body({ reason: Type.String({ minLength: 1, maxLength: 500 }) }),
    response: { 202: ResourceSchema },
  },
  renew: {
    tags: TAGS,
    summary: "Extend an active resource's lease by whole months",
    params: IdParams,
    body: body({ months: Type.Integer({ minimum: 1, maximum: 120 }) }),
    response: { 200: ResourceSchema },
  },
  reconcile: {
    tags: TAGS,
    summary: "Compare every endpoint's listing with the resources now: drift, missing, orphans",
    response: { 200: Type.Object({ checked: Type.Integer(), drifted: Type.Integer(), missing: Type.Integer(), orphans: Type.Integer() }) },
  },
  listOrphans: {
    tags: TAGS,
    summary: 'Things the providers list that no order made (unresolved)',
    response: { 200: Type.Object({ items: Type.Array(OrphanSchema) }) },
  },
};
