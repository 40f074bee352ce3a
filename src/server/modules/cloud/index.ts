/**
 * The cloud service portal's public face (云服务): providers and their contracts (统采分签), the service catalog with
 * versioned rate cards, carts and orders with approval chains, quotas, provisioning through drivers, hourly
 * metering, monthly bills, and the IT centre's view.
 * CONTRACT: the lead wrote this file; each part implements its piece in its own folder, keeping these names.
 *
 *   catalog/       providers, their endpoints (driver + sealed secrets), departments' sub-contracts, offerings in
 *                  nine categories with a JSON Schema of parameters, versioned rate cards, pricing (CloudCatalog).
 *   quotas/        the quota ledger per department and dimension (QuotaLedger): reserve / commit / release inside
 *                  the caller's transaction.
 *   orders/        carts per business system, submission (quota reservation), approval chains with automatic
 *                  approval, deadlines and escalation, decisions with reasons (Orders, ApprovalPolicies).
 *   provisioning/  the operations worker (create / resize / retire through drivers, polled until done), resources,
 *                  credentials shown once, leases with warnings, reconciliation (drift, orphans) (Provisioner).
 *   drivers/       one interface (driver.ts) and the drivers: simulated, postgresql, mariadb, redis, openstack
 *                  (with a local fake of Nova/Cinder/Neutron/Keystone for tests and development).
 *   metering/      hourly usage records (partitioned by month), showback, monthly bills with XLSX export, the IT
 *                  centre's dashboard and the business system view (Metering, Bills, CloudInsights).
 *
 * Money is integer fen (分) in the database and the API (fields end in Fen); the console shows yuan.
 * Notifications (console, and e-mail when SMTP is configured) are platform/notifications.
 */
import type { Actor } from '../../platform/actor.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import type {
  ApprovalStatus,
  ApprovalStepRecord,
  ApproverKind,
  CloudCategory,
  CloudDriverKind,
  OperationKind,
  OrderItemStatus,
  OrderStatus,
  QuotaDimension,
  RateComponentRecord,
  ResourceStatus,
} from '../../platform/db/schema.js';

export type { ApprovalStatus, ApproverKind, CloudCategory, CloudDriverKind, OrderItemStatus, OrderStatus, QuotaDimension, ResourceStatus };

// The constants live in vocabulary.ts and are re-exported first, so parts that import them from here work
// while module.ts (re-exported at the end) is still being evaluated.
export { CLOUD_CATEGORIES, DRIVER_KINDS, IT_CENTRE_ROLES, ORDERING_ROLES, QUOTA_DIMENSIONS } from './vocabulary.js';

export type QuotaDemand = Partial<Record<QuotaDimension, number>>;

// ---------------------------------------------------------------- catalog (catalog/)

export interface Provider {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  frameworkContractNo: string;
  frameworkValidFrom: string;
  frameworkValidTo: string;
  contact: string | null;
  status: 'active' | 'suspended';
  /** drivers configured for this provider (settings without secrets) */
  endpoints: ProviderEndpoint[];
  createdAt: string;
}

export interface ProviderEndpoint {
  id: string;
  providerId: string;
  driver: CloudDriverKind;
  /** non-secret settings (host, port, region, latency …) */
  settings: Record<string, unknown>;
  /** names of the sealed secrets that are set (never their values) */
  secretNames: string[];
}

export interface Subcontract {
  id: string;
  providerId: string;
  departmentId: string;
  contractNo: string;
  signedOn: string;
  validFrom: string;
  validTo: string;
  status: 'active' | 'terminated';
}

export type RateComponent = RateComponentRecord;

export interface RateCard {
  id: string;
  offeringId: string;
  version: number;
  effectiveFrom: string;
  currency: 'CNY';
  components: RateComponent[];
  note: string | null;
  createdAt: string;
}

export interface Offering {
  id: string;
  code: string;
  providerId: string;
  providerName: string;
  category: CloudCategory;
  resourceKind: string;
  driver: CloudDriverKind;
  name: string;
  nameEn: string | null;
  description: string;
  descriptionEn: string | null;
  /** JSON Schema of the order parameters (type object; properties with title, description, enum, minimum, maximum, default; x-title-en for English labels; x-unit) */
  parametersSchema: Record<string, unknown>;
  /** dimension → parameter name (quantity from the parameter) or a constant number */
  quotaMap: Partial<Record<QuotaDimension, string | number>>;
  status: 'active' | 'retired';
  /** the rate card in force now */
  rateCard: RateCard | null;
  /** the price of the schema's defaults, per month */
  fromMonthlyFen: number | null;
}

export interface QuoteLine {
  code: string;
  name: string;
  nameEn: string | null;
  quantity: number;
  unit: string | null;
  amountFen: number;
}

/** The price of one configuration, per month, with its breakdown and what it holds against the quota. */
export interface Quote {
  offeringId: string;
  rateCardId: string;
  rateCardVersion: number;
  currency: 'CNY';
  lines: QuoteLine[];
  monthlyFen: number;
  quotaDemand: QuotaDemand;
}

export interface CloudCatalog {
  listOfferings(actor: Actor, filter: { category?: CloudCategory; providerId?: string; q?: string; includeRetired?: boolean }): Promise<Offering[]>;
  getOffering(actor: Actor, id: string): Promise<Offering>;
  /**
   * Validates parameters against the offering's schema (defaults applied; every problem at once as
   * validation.failed with pointers /parameters/…) and prices them with the rate card in force at `at` (default now).
   */
  quote(offeringId: string, parameters: Record<string, unknown>, at?: Date): Promise<{ parameters: Record<string, unknown>; quote: Quote }>;
  /** Whether the department holds a valid sub-contract with the offering's provider on that date. */
  assertContracted(departmentId: string, providerId: string, at?: Date): Promise<void>;
  /** The endpoint (driver settings + opened secrets) that serves an offering: for the provisioning worker only. */
  endpointFor(offeringId: string): Promise<{ endpointId: string; driver: CloudDriverKind; settings: Record<string, unknown>; secrets: Record<string, string> }>;
  endpointById(endpointId: string): Promise<{ endpointId: string; driver: CloudDriverKind; settings: Record<string, unknown>; secrets: Record<string, string> }>;
}

// ---------------------------------------------------------------- quotas (quotas/)

export interface QuotaShortfall {
  dimension: QuotaDimension;
  limit: number;
  inUse: number;
  requested: number;
}

export interface QuotaView {
  departmentId: string;
  departmentName: string;
  dimension: QuotaDimension;
  limit: number;
  reserved: number;
  committed: number;
  available: number;
}

/**
 * Every method taking a `trx` runs inside the caller's transaction, so a reservation, commit or release happens
 * with the state change that causes it, or not at all. A dimension without a quota row has no limit.
 */
export interface QuotaLedger {
  /** Reserves the positive parts of the demand; throws 409 cloud.quota_exceeded (extra: shortfalls) when any dimension would overshoot. */
  reserve(trx: Tx, departmentId: string, demand: QuotaDemand): Promise<void>;
  /** Moves the demand from reserved to committed (provisioned). Negative parts (a smaller resize) reduce committed. */
  commit(trx: Tx, departmentId: string, demand: QuotaDemand): Promise<void>;
  /** Gives back a reservation (rejected, cancelled, failed) or a commitment (retired). Never below zero. */
  release(trx: Tx, departmentId: string, demand: QuotaDemand, from: 'reserved' | 'committed'): Promise<void>;
  /** Would the demand fit now? (no write) */
  shortfalls(db: Executor, departmentId: string, demand: QuotaDemand): Promise<QuotaShortfall[]>;
  list(actor: Actor, filter: { departmentId?: string }): Promise<QuotaView[]>;
  /** IT centre: sets a limit; the first time, reserved and committed are computed from the department's orders and resources. */
  setLimit(actor: Actor, departmentId: string, dimension: QuotaDimension, limit: number): Promise<QuotaView>;
}

// ---------------------------------------------------------------- orders and approvals (orders/)

export interface OrderItem {
  id: string;
  orderId: string;
  offeringId: string;
  offeringName: string;
  offeringNameEn: string | null;
  category: CloudCategory;
  providerName: string;
  action: 'create' | 'resize';
  resourceId: string | null;
  name: string;
  parameters: Record<string, unknown>;
  quote: Quote;
  monthlyFen: number;
  quotaDemand: QuotaDemand;
  leaseMonths: number | null;
  status: OrderItemStatus;
  failureReason: string | null;
  readyAt: string | null;
}

export interface ApprovalStep {
  id: string;
  step: number;
  approver: ApproverKind;
  escalateTo: ApprovalStepRecord['escalateTo'];
  status: ApprovalStatus;
  dueAt: string | null;
  escalatedAt: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  reason: string | null;
}

export interface Order {
  id: string;
  number: string | null;
  departmentId: string;
  departmentName: string;
  businessSystemId: string;
  businessSystemName: string;
  status: OrderStatus;
  purpose: string | null;
  totalMonthlyFen: number;
  autoApproved: boolean;
  rejectionReason: string | null;
  createdBy: string;
  createdByName: string;
  createdAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
  completedAt: string | null;
  items: OrderItem[];
  approvals: ApprovalStep[];
  /** what the current user may do with it now */
  can: { submit: boolean; cancel: boolean; approve: boolean };
}

export interface ApprovalPolicy {
  id: string;
  name: string;
  departmentId: string | null;
  category: CloudCategory | null;
  steps: ApprovalStepRecord[];
  autoApproveMaxFen: number | null;
  enabled: boolean;
}

export interface CartItemInput {
  offeringId: string;
  name: string;
  parameters: Record<string, unknown>;
  leaseMonths?: number | null;
}

export interface Orders {
  /** The user's cart for a business system of their department (created empty on first use). */
  cart(actor: Actor, businessSystemId: string): Promise<Order>;
  addItem(actor: Actor, businessSystemId: string, input: CartItemInput): Promise<Order>;
  updateItem(actor: Actor, itemId: string, input: Partial<CartItemInput>): Promise<Order>;
  removeItem(actor: Actor, itemId: string): Promise<Order>;
  /**
   * Re-prices every item, reserves quota (409 cloud.quota_exceeded, nothing reserved), picks the approval policy;
   * automatic approval when the policy allows it hands the order to provisioning in the same transaction.
   */
  submit(actor: Actor, orderId: string, input: { purpose: string }): Promise<Order>;
  /** A resize of an active resource: a one-item order (action resize) submitted at once; quota demand is the difference. */
  requestResize(actor: Actor, resourceId: string, input: { parameters: Record<string, unknown>; purpose: string }): Promise<Order>;
  cancel(actor: Actor, orderId: string): Promise<Order>;
  list(actor: Actor, filter: { departmentId?: string; businessSystemId?: string; status?: OrderStatus; page?: number; pageSize?: number }): Promise<{ items: Order[]; total: number }>;
  get(actor: Actor, orderId: string): Promise<Order>;
  /** Orders waiting for this user's decision (their step is pending, or escalated to them). */
  inbox(actor: Actor): Promise<Order[]>;
  decide(actor: Actor, orderId: string, input: { decision: 'approve' | 'reject'; reason?: string | null }): Promise<Order>;
  /** Marks overdue pending steps escalated and notifies; returns how many. Run by the orders scheduler. */
  escalateOverdue(now?: Date): Promise<number>;
}

export interface ApprovalPolicies {
  list(actor: Actor): Promise<ApprovalPolicy[]>;
  upsert(actor: Actor, input: Omit<ApprovalPolicy, 'id'> & { id?: string }): Promise<ApprovalPolicy>;
  remove(actor: Actor, id: string): Promise<void>;
  /** The policy that applies (most specific enabled one; a built-in default: dept_head then it_centre, 24 h each). */
  resolve(db: Executor, departmentId: string, categories: CloudCategory[]): Promise<ApprovalPolicy>;
}

// ---------------------------------------------------------------- provisioning (provisioning/)

export interface CloudResource {
  id: string;
  orderItemId: string;
  orderId: string;
  orderNumber: string | null;
  departmentId: string;
  departmentName: string;
  businessSystemId: string;
  businessSystemName: string;
  providerId: string;
  providerName: string;
  offeringId: string;
  offeringName: string;
  offeringNameEn: string | null;
  category: CloudCategory;
  driver: CloudDriverKind;
  resourceKind: string;
  name: string;
  externalId: string | null;
  status: ResourceStatus;
  parameters: Record<string, unknown>;
  monthlyFen: number;
  tags: Record<string, string>;
  /** connection details without secrets */
  endpointInfo: Record<string, unknown>;
  credentialsAvailable: boolean;
  credentialsRevealedAt: string | null;
  leaseEndsAt: string | null;
  driftStatus: 'ok' | 'drifted' | 'missing';
  driftDetail: string | null;
  measured: Record<string, number> | null;
  measuredAt: string | null;
  failureReason: string | null;
  createdAt: string;
  readyAt: string | null;
  retiredAt: string | null;
}

export interface Provisioner {
  /**
   * Called by orders inside the approval's transaction: creates the resources (status provisioning) and queued
   * operations for every item of an approved order, sets items and order to provisioning, and wakes the worker
   * after commit. Resize items queue a resize operation on their resource.
   */
  startOrder(trx: Tx, orderId: string): Promise<void>;
  /** Wakes the worker now (after the caller's commit). */
  kick(): void;
  /** One pass of the worker: claims due operations, calls or polls their drivers, settles finished ones. */
  runDue(): Promise<number>;
  list(actor: Actor, filter: { departmentId?: string; businessSystemId?: string; status?: ResourceStatus; category?: CloudCategory; drift?: boolean; page?: number; pageSize?: number }): Promise<{ items: CloudResource[]; total: number }>;
  get(actor: Actor, id: string): Promise<CloudResource>;
  /** Once, to a user of the owning department: the credentials in clear; later calls 410 cloud.credentials_revealed. */
  revealCredentials(actor: Actor, id: string): Promise<{ credentials: Record<string, string>; endpointInfo: Record<string, unknown> }>;
  retire(actor: Actor, id: string, input: { reason: string }): Promise<CloudResource>;
  renewLease(actor: Actor, id: string, input: { months: number }): Promise<CloudResource>;
  /** Lease warnings at 30, 7 and 1 days; retirement of expired leases. Returns counts. */
  checkLeases(now?: Date): Promise<{ warned: number; retired: number }>;
  /** Compares every endpoint's listing with the resources: drift, missing, orphans. */
  reconcile(actor: Actor | null): Promise<{ checked: number; drifted: number; missing: number; orphans: number }>;
  listOrphans(actor: Actor): Promise<Array<{ id: string; endpointId: string; providerName: string; driver: CloudDriverKind; externalId: string; kind: string; tags: Record<string, string>; firstSeenAt: string; lastSeenAt: string }>>;
}

// ---------------------------------------------------------------- metering, bills, insights (metering/)

export interface Metering {
  /** Writes one usage row per resource active during that hour (idempotent), with real sizes where the driver reads them. */
  meterHour(hourStart: Date): Promise<{ resources: number; measured: number }>;
  /** Meters every completed hour not metered yet (up to 48 back). */
  catchUp(now?: Date): Promise<number>;
  /** History: every hour in [from, to) without measurements, one statement per month (demo district, take-over). */
  backfill(from: Date, to: Date): Promise<number>;
}

export interface BillLine {
  id: string;
  resourceId: string;
  resourceName: string;
  businessSystemId: string;
  businessSystemName: string;
  providerId: string;
  providerName: string;
  offeringId: string;
  offeringName: string;
  description: string;
  hours: number;
  monthlyFen: number;
  amountFen: number;
}

export interface Bill {
  id: string;
  departmentId: string;
  departmentName: string;
  month: string;
  status: 'open' | 'closed';
  totalFen: number;
  generatedAt: string;
  lines: BillLine[];
}

export interface Bills {
  /** Builds (or rebuilds, while open) every department's bill of a month from usage. */
  generate(month: string): Promise<number>;
  list(actor: Actor, filter: { departmentId?: string; month?: string }): Promise<Array<Omit<Bill, 'lines'>>>;
  get(actor: Actor, departmentId: string, month: string): Promise<Bill>;
  /** Streams the bill as XLSX. */
  exportXlsx(actor: Actor, departmentId: string, month: string, out: NodeJS.WritableStream): Promise<void>;
}

export interface ShowbackRow {
  key: string;
  name: string;
  amountFen: number;
  resources: number;
}

export interface CloudInsights {
  /** Cost of a month grouped by department, business system or provider (a department user: their own only). */
  showback(actor: Actor, input: { month: string; by: 'department' | 'business_system' | 'provider' }): Promise<ShowbackRow[]>;
  /** The IT centre's dashboard. */
  dashboard(actor: Actor): Promise<Record<string, unknown>>;
  /** A business system: owner, cloud resources, cost, and the data it publishes and consumes through the exchange. */
  businessSystem(actor: Actor, systemId: string): Promise<Record<string, unknown>>;
}

/** What the exchange tells about a business system (built in app.ts from the exchange). */
export interface SystemDataReader {
  dataOfSystem(systemId: string): Promise<{
    publishes: Array<{ code: string; name: string; records: number | null; lastLoadAt: string | null }>;
    consumes: Array<{ grantId: string; code: string; name: string; providerDepartmentName: string; validUntil: string | null; status: string }>;
  }>;
}

// ---------------------------------------------------------------- the module

export type { OperationKind };

export interface CloudModule {
  catalog: CloudCatalog;
  quotas: QuotaLedger;
  orders: Orders;
  policies: ApprovalPolicies;
  provisioner: Provisioner;
  metering: Metering;
  bills: Bills;
  insights: CloudInsights;
  routes(app: import('fastify').FastifyInstance): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

export { createCloudModule } from './module.js';
