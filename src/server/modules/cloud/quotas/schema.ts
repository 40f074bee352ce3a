/** Request and response schemas of the quota endpoints (docs/cloud/quotas.md). */
import { Type } from 'typebox';
import type { QuotaDimension } from '../../../platform/db/schema.js';

const TAGS = ['cloud: quotas'];
// Spelled out here (not imported from ../index.js, which imports this file through module.ts: a cycle).
const DIMENSIONS: QuotaDimension[] = ['vcpu', 'memory_gb', 'storage_gb', 'databases', 'public_ips', 'monthly_budget_fen'];
const Dimension = Type.Enum(DIMENSIONS);

export const QuotaViewSchema = Type.Object({
  departmentId: Type.String(),
  departmentName: Type.String(),
  dimension: Dimension,
  limit: Type.Integer(),
  reserved: Type.Integer({ description: 'Held by submitted orders not provisioned yet.' }),
  committed: Type.Integer({ description: 'Held by provisioned resources.' }),
  available: Type.Integer({ description: 'limit − reserved − committed, never below 0.' }),
});

export const routeSchemas = {
  list: {
    tags: TAGS,
    summary: "Quotas per department and dimension (a department user: their own). A dimension without a row has no limit.",
    querystring: Type.Object({ departmentId: Type.Optional(Type.String({ format: 'uuid' })) }),
    response: { 200: Type.Object({ items: Type.Array(QuotaViewSchema) }) },
  },
  setLimit: {
    tags: TAGS,
    summary: 'Set a limit (IT centre). The first time, reserved and committed are counted from the department\'s orders and resources.',
    params: Type.Object({ departmentId: Type.String({ format: 'uuid' }), dimension: Dimension }),
    body: Type.Object({ limit: Type.Integer({ minimum: 0, description: 'monthly_budget_fen in fen; the others in their unit (vCPU, GB, count).' }) }, { additionalProperties: false }),
    response: { 200: QuotaViewSchema },
  },
};
