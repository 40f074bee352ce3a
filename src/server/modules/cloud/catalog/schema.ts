/**
 * Request and response schemas of the cloud catalog's endpoints (docs/cloud/catalog.md): validation, types and
 * OpenAPI in one place.
 */
import { Type, type Static } from 'typebox';
import { Nullable } from '../../../platform/http/schema.js';
import type { CloudCategory, CloudDriverKind } from '../../../platform/db/schema.js';

const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });
const TAGS = ['cloud: catalog'];
const body = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Code = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$', description: '2–63: a-z, 0-9 and -, starting with a letter or digit.' });
// Spelled out here (not imported from ../index.js, which imports this file through module.ts: a cycle).
const CATEGORIES: CloudCategory[] = ['compute', 'storage', 'database', 'cache', 'message_queue', 'network', 'security', 'backup', 'big_data'];
const DRIVERS: CloudDriverKind[] = ['simulated', 'postgresql', 'mariadb', 'redis', 'openstack'];
const Category = Type.Enum(CATEGORIES);
const Driver = Type.Enum(DRIVERS);
const AnyObject = Type.Record(Type.String(), Type.Unknown());

// ------------------------------------------------------------------ providers

const providerFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  nameEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  frameworkContractNo: Type.String({ minLength: 1, maxLength: 100, description: 'The framework contract (统采) number.' }),
  frameworkValidFrom: Day,
  frameworkValidTo: Day,
  contact: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  status: Type.Optional(Type.Enum(['active', 'suspended'], { description: 'Default active. A suspended provider takes no new orders.' })),
};
export const ProviderCreateSchema = body({ code: Code, ...providerFields });
export const ProviderUpdateSchema = body(providerFields);

export const EndpointSchema = Type.Object({
  id: Type.String(),
  providerId: Type.String(),
  driver: Driver,
  settings: AnyObject,
  secretNames: Type.Array(Type.String(), { description: 'Which secrets are set; their values are never shown.' }),
});

export const ProviderSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  frameworkContractNo: Type.String(),
  frameworkValidFrom: Type.String(),
  frameworkValidTo: Type.String(),
  contact: Nullable(Type.String()),
  status: Type.Enum(['active', 'suspended']),
  endpoints: Type.Array(EndpointSchema, { description: 'The IT centre sees them; department users get an empty list.' }),
  createdAt: Type.String(),
});

export const EndpointInputSchema = body({
  settings: Type.Record(Type.String(), Type.Unknown(), { description: 'Non-secret settings (host, port, region, latencyMs …).' }),
  secrets: Type.Optional(
    Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }), Type.String({ maxLength: 4096 }), {
      description: 'Secrets to set (sealed at rest). Keys not given keep their value; an empty string removes that secret.',
    }),
  ),
});

// ------------------------------------------------------------------ sub-contracts

const subcontractFields = {
  contractNo: Type.String({ minLength: 1, maxLength: 100 }),
  signedOn: Day,
  validFrom: Day,
  validTo: Day,
  status: Type.Optional(Type.Enum(['active', 'terminated'], { description: 'Default active.' })),
};
export const SubcontractCreateSchema = body({ providerId: Uuid, departmentId: Uuid, ...subcontractFields });
export const SubcontractUpdateSchema = body(subcontractFields);
export const SubcontractSchema = Type.Object({
  id: Type.String(),
  providerId: Type.String(),
  departmentId: Type.String(),
  contractNo: Type.String(),
  signedOn: Type.String(),
  validFrom: Type.String(),
  validTo: Type.String(),
  status: Type.Enum(['active', 'terminated']),
});

// ------------------------------------------------------------------ offerings and rate cards

export const RateComponentSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,40}$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    type: Type.Enum(['fixed', 'per_unit', 'tiered']),
    parameter: Type.Optional(Type.String({ maxLength: 64, description: 'per_unit and tiered: the numeric parameter giving the quantity.' })),
    unit: Type.Optional(Type.String({ maxLength: 20 })),
    priceFen: Type.Optional(Type.Integer({ minimum: 0, description: 'fixed: the monthly price; per_unit: the monthly price of one unit (fen).' })),
    tiers: Type.Optional(
      Type.Array(Type.Object({ upTo: Nullable(Type.Number({ exclusiveMinimum: 0 })), priceFen: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }), {
        maxItems: 20,
        description: 'tiered (graduated): the units up to upTo cost priceFen each; the last tier has upTo null.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const RateCardSchema = Type.Object({
  id: Type.String(),
  offeringId: Type.String(),
  version: Type.Integer(),
  effectiveFrom: Type.String(),
  currency: Type.Literal('CNY'),
  components: Type.Array(RateComponentSchema),
  note: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const RateCardInputSchema = body({
  effectiveFrom: Type.Optional(Type.String({ format: 'date-time', description: 'Default now. Only the first version may start in the past.' })),
  components: Type.Array(RateComponentSchema, { minItems: 1, maxItems: 30 }),
  note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
});

const offeringFields = {
  category: Category,
  resourceKind: Type.String({ pattern: '^[a-z][a-z0-9_]{1,62}$', description: 'What is provisioned: postgresql_database, vm, volume, public_ip, redis_user …' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  nameEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  descriptionEn: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  parametersSchema: Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema (2020-12) of the order parameters: type object with properties.' }),
  quotaMap: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()]), { description: 'dimension → numeric parameter name or a constant.' })),
  status: Type.Optional(Type.Enum(['active', 'retired'])),
};
export const OfferingCreateSchema = body({ code: Code, providerId: Uuid, driver: Driver, ...offeringFields });
export const OfferingUpdateSchema = body(offeringFields);

export const OfferingSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  providerId: Type.String(),
  providerName: Type.String(),
  category: Category,
  resourceKind: Type.String(),
  driver: Driver,
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  description: Type.String(),
  descriptionEn: Nullable(Type.String()),
  parametersSchema: AnyObject,
  quotaMap: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()])),
  status: Type.Enum(['active', 'retired']),
  rateCard: Nullable(RateCardSchema),
  fromMonthlyFen: Nullable(Type.Integer()),
});

export const QuoteSchema = Type.Object({
  offeringId: Type.String(),
  rateCardId: Type.String(),
  rateCardVersion: Type.Integer(),
  currency: Type.Literal('CNY'),
  lines: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()), quantity: Type.Number(), unit: Nullable(Type.String()), amountFen: Type.Integer() }),
  ),
  monthlyFen: Type.Integer(),
  quotaDemand: Type.Record(Type.String(), Type.Number()),
});

export type ProviderCreate = Static<typeof ProviderCreateSchema>;
export type ProviderUpdate = Static<typeof ProviderUpdateSchema>;
export type EndpointInput = Static<typeof EndpointInputSchema>;
export type SubcontractCreate = Static<typeof SubcontractCreateSchema>;
export type SubcontractUpdate = Static<typeof SubcontractUpdateSchema>;
export type OfferingCreate = Static<typeof OfferingCreateSchema>;
export type OfferingUpdate = Static<typeof OfferingUpdateSchema>;
export type RateCardInput = Static<typeof RateCardInputSchema>;

const DriverParams = Type.Object({ id: Uuid, driver: Driver });

export const routeSchemas = {
  listProviders: { tags: TAGS, summary: 'Providers with their framework contracts (and, for the IT centre, endpoints)', response: { 200: Type.Object({ items: Type.Array(ProviderSchema) }) } },
  createProvider: { tags: TAGS, summary: 'Add a provider (IT centre)', body: ProviderCreateSchema, response: { 201: ProviderSchema } },
  getProvider: { tags: TAGS, summary: 'One provider', params: IdParams, response: { 200: ProviderSchema } },
  updateProvider: { tags: TAGS, summary: 'Change a provider (IT centre)', params: IdParams, body: ProviderUpdateSchema, response: { 200: ProviderSchema } },
  putEndpoint: {
    tags: TAGS,
    summary: "Set a provider's endpoint for a driver: settings, and sealed secrets (IT centre)",
    params: DriverParams,
    body: EndpointInputSchema,
    response: { 200: EndpointSchema },
  },
  testEndpoint: {
    tags: TAGS,
    summary: "Test connection: the driver checks it reaches the endpoint (502 cloud.endpoint_unreachable with the driver's reason)",
    params: DriverParams,
    response: { 200: Type.Object({ ok: Type.Literal(true), driver: Driver }) },
  },
  listSubcontracts: {
    tags: TAGS,
    summary: "Departments' sub-contracts (a department user: their own)",
    querystring: Type.Object({ departmentId: Type.Optional(Uuid), providerId: Type.Optional(Uuid) }),
    response: { 200: Type.Object({ items: Type.Array(SubcontractSchema) }) },
  },
  createSubcontract: { tags: TAGS, summary: "Record a department's sub-contract (IT centre)", body: SubcontractCreateSchema, response: { 201: SubcontractSchema } },
  updateSubcontract: { tags: TAGS, summary: 'Change a sub-contract (IT centre)', params: IdParams, body: SubcontractUpdateSchema, response: { 200: SubcontractSchema } },
  listOfferings: {
    tags: TAGS,
    summary: 'Offerings with the rate card in force and the price of the defaults',
    querystring: Type.Object({
      category: Type.Optional(Category),
      providerId: Type.Optional(Uuid),
      q: Type.Optional(Type.String({ maxLength: 100 })),
      includeRetired: Type.Optional(Type.Boolean({ description: 'IT centre only.' })),
    }),
    response: { 200: Type.Object({ items: Type.Array(OfferingSchema) }) },
  },
  createOffering: { tags: TAGS, summary: 'Add an offering (IT centre)', body: OfferingCreateSchema, response: { 201: OfferingSchema } },
  getOffering: { tags: TAGS, summary: 'One offering', params: IdParams, response: { 200: OfferingSchema } },
  updateOffering: { tags: TAGS, summary: 'Change an offering; code, provider and driver stay (IT centre)', params: IdParams, body: OfferingUpdateSchema, response: { 200: OfferingSchema } },
  listRateCards: { tags: TAGS, summary: "An offering's rate card versions, newest first", params: IdParams, response: { 200: Type.Object({ items: Type.Array(RateCardSchema) }) } },
  createRateCard: { tags: TAGS, summary: 'Add a rate card version (IT centre)', params: IdParams, body: RateCardInputSchema, response: { 201: RateCardSchema } },
  quote: {
    tags: TAGS,
    summary: 'Price a configuration: parameters with defaults applied, and the quote',
    params: IdParams,
    body: body({ parameters: Type.Record(Type.String(), Type.Unknown()) }),
    response: { 200: Type.Object({ parameters: AnyObject, quote: QuoteSchema }) },
  },
};
