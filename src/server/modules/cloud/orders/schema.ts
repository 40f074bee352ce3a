/**
 * Request and response schemas of carts, orders, approvals and approval policies (docs/cloud/orders.md).
 * The enumerations are spelled here, not imported from ../index.js, which is still being evaluated when this
 * file's top level runs (index.ts → module.ts → orders/part.ts → here).
 */
import { Type, type Static, type TSchema } from 'typebox';
import { Nullable } from '../../../platform/http/schema.js';

const TAGS = ['cloud: orders'];
const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });
const AnyObject = Type.Record(Type.String(), Type.Unknown());
/**
 * Null first: with the server's type coercion, a union that tries the other type first turns a sent null into 0 or ""
 * before the null branch is reached.
 */
const OrNull = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema]);
const body = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });

const Category = Type.Enum(['compute', 'storage', 'database', 'cache', 'message_queue', 'network', 'security', 'backup', 'big_data']);
const OrderStatus = Type.Enum(['cart', 'approving', 'approved', 'provisioning', 'completed', 'partially_failed', 'failed', 'rejected', 'cancelled']);
const ItemStatus = Type.Enum(['cart', 'pending', 'provisioning', 'ready', 'failed', 'cancelled']);
const Approver = Type.Enum(['dept_head', 'it_centre']);
const EscalateTo = Nullable(Type.Enum(['it_centre', 'system_admin']));
const ApprovalStatus = Type.Enum(['waiting', 'pending', 'approved', 'rejected', 'auto_approved', 'skipped']);
const QuotaDemand = Type.Record(Type.String(), Type.Number(), { description: 'dimension → amount (monthly_budget_fen included); a resize: the difference' });

const QuoteSchema = Type.Object({
  offeringId: Type.String(),
  rateCardId: Type.String(),
  rateCardVersion: Type.Integer(),
  currency: Type.Literal('CNY'),
  lines: Type.Array(Type.Object({
    code: Type.String(),
    name: Type.String(),
    nameEn: Nullable(Type.String()),
    quantity: Type.Number(),
    unit: Nullable(Type.String()),
    amountFen: Type.Integer(),
  })),
  monthlyFen: Type.Integer(),
  quotaDemand: QuotaDemand,
});

const OrderItemSchema = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  offeringId: Type.String(),
  offeringName: Type.String(),
  offeringNameEn: Nullable(Type.String()),
  category: Category,
  providerName: Type.String(),
  action: Type.Enum(['create', 'resize']),
  resourceId: Nullable(Type.String()),
  name: Type.String(),
  parameters: AnyObject,
  quote: QuoteSchema,
  monthlyFen: Type.Integer(),
  quotaDemand: QuotaDemand,
  leaseMonths: Nullable(Type.Integer()),
  status: ItemStatus,
  failureReason: Nullable(Type.String()),
  readyAt: Nullable(Type.String()),
});

const ApprovalStepSchema = Type.Object({
  id: Type.String(),
  step: Type.Integer(),
  approver: Approver,
  escalateTo: EscalateTo,
  status: ApprovalStatus,
  dueAt: Nullable(Type.String()),
  escalatedAt: Nullable(Type.String()),
  decidedBy: Nullable(Type.String()),
  decidedByName: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  reason: Nullable(Type.String()),
});

export const OrderSchema = Type.Object({
  id: Type.String(),
  number: Nullable(Type.String({ description: 'CO-YYYYMMDD-NNNNNN, given at submission' })),
  departmentId: Type.String(),
  departmentName: Type.String(),
  businessSystemId: Type.String(),
  businessSystemName: Type.String(),
  status: OrderStatus,
  purpose: Nullable(Type.String()),
  totalMonthlyFen: Type.Integer(),
  autoApproved: Type.Boolean(),
  rejectionReason: Nullable(Type.String()),
  createdBy: Type.String(),
  createdByName: Type.String(),
  createdAt: Type.String(),
  submittedAt: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  completedAt: Nullable(Type.String()),
  items: Type.Array(OrderItemSchema),
  approvals: Type.Array(ApprovalStepSchema),
  can: Type.Object({ submit: Type.Boolean(), cancel: Type.Boolean(), approve: Type.Boolean() }, { description: 'what the current user may do with it now' }),
});

const StepSchema = Type.Object({
  approver: Approver,
  deadlineHours: Type.Integer({ minimum: 1, maximum: 720 }),
  escalateTo: OrNull(Type.Enum(['it_centre', 'system_admin'])),
}, { additionalProperties: false });

export const PolicySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  departmentId: Nullable(Type.String()),
  category: Nullable(Category),
  steps: Type.Array(StepSchema),
  autoApproveMaxFen: Nullable(Type.Integer()),
  enabled: Type.Boolean(),
});

export const PolicyInputSchema = body({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  departmentId: Type.Optional(OrNull(Uuid)),
  category: Type.Optional(OrNull(Category)),
  steps: Type.Array(StepSchema, { minItems: 1, maxItems: 5 }),
  autoApproveMaxFen: Type.Optional(OrNull(Type.Integer({ minimum: 0, description: 'orders whose monthly total is at most this are approved automatically; null: never' }))),
  enabled: Type.Optional(Type.Boolean()),
});
export type PolicyInput = Static<typeof PolicyInputSchema>;

const ItemFields = {
  offeringId: Uuid,
  name: Type.String({ minLength: 1, maxLength: 100 }),
  parameters: AnyObject,
  leaseMonths: Type.Optional(OrNull(Type.Integer({ minimum: 1, maximum: 120 }))),
};

const NoContent = Type.Null({ description: 'No content' });
const Purpose = Type.String({ maxLength: 2000, description: 'what the resources are for (required)' });

export const routeSchemas = {
  cart: { tags: TAGS, summary: "My cart for a business system of my department (made empty on first use)", params: Type.Object({ businessSystemId: Uuid }), response: { 200: OrderSchema } },
  addItem: { tags: TAGS, summary: 'Add a priced item to my cart', params: Type.Object({ businessSystemId: Uuid }), body: body(ItemFields), response: { 200: OrderSchema } },
  updateItem: {
    tags: TAGS, summary: 'Change an item of my cart (priced again)', params: IdParams,
    body: body({ offeringId: Type.Optional(Uuid), name: Type.Optional(ItemFields.name), parameters: Type.Optional(AnyObject), leaseMonths: ItemFields.leaseMonths }),
    response: { 200: OrderSchema },
  },
  removeItem: { tags: TAGS, summary: 'Remove an item from my cart', params: IdParams, response: { 200: OrderSchema } },
  list: {
    tags: TAGS,
    summary: "Orders: a department's own, every department's for the IT centre (carts only with status=cart: my own)",
    querystring: Type.Object({
      departmentId: Type.Optional(Uuid),
      businessSystemId: Type.Optional(Uuid),
      status: Type.Optional(OrderStatus),
      page: Type.Optional(Type.Integer({ minimum: 1 })),
      pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    }),
    response: { 200: Type.Object({ items: Type.Array(OrderSchema), total: Type.Integer() }) },
  },
  get: { tags: TAGS, summary: 'One order with its items and approval steps', params: IdParams, response: { 200: OrderSchema } },
  submit: { tags: TAGS, summary: 'Submit my cart: re-priced, quota reserved, approval chain started (or approved automatically)', params: IdParams, body: body({ purpose: Purpose }), response: { 200: OrderSchema } },
  cancel: { tags: TAGS, summary: 'Cancel my order before it is decided (its reservation is given back)', params: IdParams, response: { 200: OrderSchema } },
  decide: {
    tags: TAGS, summary: 'Approve or reject the pending step (a rejection needs a reason)', params: IdParams,
    body: body({ decision: Type.Enum(['approve', 'reject']), reason: Type.Optional(OrNull(Type.String({ maxLength: 2000 }))) }),
    response: { 200: OrderSchema },
  },
  inbox: { tags: TAGS, summary: 'Orders waiting for my decision', response: { 200: Type.Object({ items: Type.Array(OrderSchema) }) } },
  listPolicies: { tags: TAGS, summary: 'Approval policies (a department: those of every department and its own)', response: { 200: Type.Object({ items: Type.Array(PolicySchema) }) } },
  createPolicy: { tags: TAGS, summary: 'Add an approval policy (IT centre)', body: PolicyInputSchema, response: { 201: PolicySchema } },
  updatePolicy: { tags: TAGS, summary: 'Change an approval policy (IT centre)', params: IdParams, body: PolicyInputSchema, response: { 200: PolicySchema } },
  deletePolicy: { tags: TAGS, summary: 'Delete an approval policy no order was submitted under (IT centre)', params: IdParams, response: { 204: NoContent } },
  resize: {
    tags: TAGS, summary: 'Resize an active resource: a one-item order submitted at once (quota demand: the difference)', params: IdParams,
    body: body({ parameters: AnyObject, purpose: Purpose }),
    response: { 200: OrderSchema },
  },
};
