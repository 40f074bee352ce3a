/**
 * Request and response schemas of metering, bills, showback, the dashboard and the business system view
 * (docs/cloud/metering.md): validation, types and OpenAPI in one place. Money in fen, times as ISO strings.
 */
import { Type } from 'typebox';
import { Nullable } from '../../../platform/http/schema.js';

const TAGS = ['cloud: metering and bills'];
const Uuid = Type.String({ format: 'uuid' });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'A calendar month in Asia/Shanghai: YYYY-MM.' });
const Fen = Type.Integer({ description: 'fen (1/100 CNY)' });
const body = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });
const Sizes = Type.Record(Type.String(), Type.Number());

const billFields = {
  id: Type.String(),
  departmentId: Type.String(),
  departmentName: Type.String(),
  month: Type.String(),
  status: Type.Enum(['open', 'closed']),
  totalFen: Fen,
  generatedAt: Type.String(),
};

export const BillSummarySchema = Type.Object(billFields);

export const BillLineSchema = Type.Object({
  id: Type.String(),
  resourceId: Type.String(),
  resourceName: Type.String(),
  businessSystemId: Type.String(),
  businessSystemName: Type.String(),
  providerId: Type.String(),
  providerName: Type.String(),
  offeringId: Type.String(),
  offeringName: Type.String(),
  description: Type.String(),
  hours: Type.Integer({ description: 'metered hours in the month' }),
  monthlyFen: Type.Integer({ description: 'the monthly price in force in the last metered hour' }),
  amountFen: Type.Integer({ description: 'round(sum of hourly monthly prices / hours in the month)' }),
});

export const BillSchema = Type.Object({ ...billFields, lines: Type.Array(BillLineSchema) });

const ShowbackBy = Type.Enum(['department', 'business_system', 'provider']);
export const ShowbackRowSchema = Type.Object({ key: Type.String(), name: Type.String(), amountFen: Fen, resources: Type.Integer() });

const LeadTime = Type.Object({ orders: Type.Integer(), medianSeconds: Nullable(Type.Number()), p95Seconds: Nullable(Type.Number()) });

export const DashboardSchema = Type.Object({
  generatedAt: Type.String(),
  month: Type.String({ description: 'this month (YYYY-MM)' }),
  lastMonth: Type.String(),
  resources: Type.Object({
    total: Type.Integer(),
    byStatus: Type.Record(Type.String(), Type.Integer()),
    byCategory: Type.Array(Type.Object({ category: Type.String(), total: Type.Integer(), byStatus: Type.Record(Type.String(), Type.Integer()) })),
  }),
  quotas: Type.Array(Type.Object({
    departmentId: Type.String(),
    departmentName: Type.String(),
    dimension: Type.String(),
    limit: Type.Integer(),
    reserved: Type.Integer(),
    committed: Type.Integer(),
    inUse: Type.Integer(),
    utilisation: Nullable(Type.Number({ description: '(reserved + committed) / limit; null when the limit is 0' })),
  })),
  storage: Type.Array(Type.Object({
    departmentId: Type.String(),
    departmentName: Type.String(),
    allocatedGb: Type.Number(),
    measuredGb: Type.Number(),
    measuredResources: Type.Integer({ description: 'running resources whose driver reported storageBytes' }),
  })),
  cost: Type.Object({
    runRateFen: Fen,
    runRateByDepartment: Type.Array(ShowbackRowSchema),
    runRateByProvider: Type.Array(ShowbackRowSchema),
    lastMonthFen: Fen,
    lastMonthByDepartment: Type.Array(ShowbackRowSchema),
    lastMonthByProvider: Type.Array(ShowbackRowSchema),
  }),
  leadTime: Type.Object({ windowDays: Type.Integer(), overall: LeadTime, autoApproved: LeadTime }),
  overdueApprovals: Type.Array(Type.Object({
    orderId: Type.String(),
    orderNumber: Nullable(Type.String()),
    departmentId: Type.String(),
    departmentName: Type.String(),
    step: Type.Integer(),
    approver: Type.String(),
    dueAt: Type.String(),
    escalatedAt: Nullable(Type.String()),
    hoursOverdue: Type.Number(),
    totalMonthlyFen: Fen,
  })),
  failedProvisioning: Type.Object({
    windowDays: Type.Integer(),
    items: Type.Array(Type.Object({
      operationId: Type.String(),
      kind: Type.String(),
      reason: Nullable(Type.String()),
      at: Nullable(Type.String()),
      resourceId: Type.String(),
      resourceName: Type.String(),
      departmentId: Type.String(),
      departmentName: Type.String(),
      offeringName: Type.String(),
      providerName: Type.String(),
      orderId: Nullable(Type.String()),
      orderNumber: Nullable(Type.String()),
    })),
  }),
  drift: Type.Object({ drifted: Type.Integer(), missing: Type.Integer(), orphans: Type.Integer() }),
});

export const SystemSummarySchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  status: Type.String(),
  departmentId: Type.String(),
  departmentName: Type.String(),
  resources: Type.Integer({ description: 'resources not retired or failed' }),
  runRateFen: Type.Integer({ description: 'monthly price of the running resources' }),
});

const SystemData = Type.Object({
  publishes: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), records: Nullable(Type.Number()), lastLoadAt: Nullable(Type.String()) })),
  consumes: Type.Array(Type.Object({
    grantId: Type.String(), code: Type.String(), name: Type.String(), providerDepartmentName: Type.String(), validUntil: Nullable(Type.String()), status: Type.String(),
  })),
});

export const SystemDetailSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  status: Type.String(),
  department: Type.Object({ id: Type.String(), name: Type.String() }),
  resources: Type.Array(Type.Object({
    id: Type.String(),
    name: Type.String(),
    status: Type.String(),
    category: Type.String(),
    resourceKind: Type.String(),
    offeringName: Type.String(),
    offeringNameEn: Nullable(Type.String()),
    providerName: Type.String(),
    monthlyFen: Fen,
    readyAt: Nullable(Type.String()),
    retiredAt: Nullable(Type.String()),
    leaseEndsAt: Nullable(Type.String()),
    driftStatus: Type.String(),
    measured: Nullable(Sizes),
  })),
  runRateFen: Fen,
  month: Type.String(),
  monthCostFen: Type.Integer({ description: 'this month so far: metered hours charged as on the bill' }),
  ordersInFlight: Type.Array(Type.Object({ id: Type.String(), number: Nullable(Type.String()), status: Type.String(), totalMonthlyFen: Fen, submittedAt: Nullable(Type.String()) })),
  data: Nullable(SystemData),
});

export const routeSchemas = {
  listBills: {
    tags: TAGS,
    summary: "Bills (a department user: their own department's)",
    querystring: Type.Object({ departmentId: Type.Optional(Uuid), month: Type.Optional(Month) }),
    response: { 200: Type.Object({ items: Type.Array(BillSummarySchema) }) },
  },
  getBill: {
    tags: TAGS,
    summary: "A department's bill of a month with its lines (rebuilt first while the month is open)",
    params: Type.Object({ departmentId: Uuid, month: Month }),
    response: { 200: BillSchema },
  },
  exportBill: {
    tags: TAGS,
    summary: 'The bill as XLSX (sheet 账单 Bill: header, lines, sums by business system and provider)',
    params: Type.Object({ departmentId: Uuid, month: Month }),
    produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  },
  generateBills: {
    tags: TAGS,
    summary: "IT centre: build every department's bill of a month from usage (closed bills stay as they are)",
    body: body({ month: Month }),
    response: { 200: Type.Object({ month: Type.String(), bills: Type.Integer({ description: 'bills written' }) }) },
  },
  runMetering: {
    tags: TAGS,
    summary: 'IT centre: meter one completed hour, or (without hour) every completed hour not metered yet (up to 48 back)',
    body: Type.Optional(body({ hour: Type.Optional(Type.String({ format: 'date-time', description: 'any instant in the hour to meter' })) })),
    response: { 200: Type.Object({ hours: Type.Integer(), resources: Type.Integer(), measured: Type.Integer() }) },
  },
  showback: {
    tags: TAGS,
    summary: 'Cost of a month grouped by department, business system or provider (a department user: their own department)',
    querystring: Type.Object({ month: Month, by: ShowbackBy }),
    response: { 200: Type.Object({ month: Type.String(), by: ShowbackBy, totalFen: Fen, items: Type.Array(ShowbackRowSchema) }) },
  },
  dashboard: { tags: TAGS, summary: "The IT centre's dashboard", response: { 200: DashboardSchema } },
  listSystems: {
    tags: TAGS,
    summary: 'Business systems with their cloud resources and monthly run rate (a department user: their own)',
    response: { 200: Type.Object({ items: Type.Array(SystemSummarySchema) }) },
  },
  getSystem: {
    tags: TAGS,
    summary: 'A business system: owner, resources, cost, orders in flight, the data it publishes and consumes',
    params: Type.Object({ id: Uuid }),
    response: { 200: SystemDetailSchema },
  },
};
