// The cloud portal's API shapes as the console sees them (copies of src/server/modules/cloud/index.ts; money in
// fen, 1/100 CNY — show yuan with formatFen).
export type CloudCategory = 'compute' | 'storage' | 'database' | 'cache' | 'message_queue' | 'network' | 'security' | 'backup' | 'big_data';
export type CloudDriverKind = 'simulated' | 'postgresql' | 'mariadb' | 'redis' | 'openstack';
export type QuotaDimension = 'vcpu' | 'memory_gb' | 'storage_gb' | 'databases' | 'public_ips' | 'monthly_budget_fen';
export type OrderStatus = 'cart' | 'approving' | 'approved' | 'provisioning' | 'completed' | 'partially_failed' | 'failed' | 'rejected' | 'cancelled';
export type OrderItemStatus = 'cart' | 'pending' | 'provisioning' | 'ready' | 'failed' | 'cancelled';
export type ApproverKind = 'dept_head' | 'it_centre';
export type ApprovalStatus = 'waiting' | 'pending' | 'approved' | 'rejected' | 'auto_approved' | 'skipped';
export type ResourceStatus = 'provisioning' | 'active' | 'resizing' | 'retiring' | 'retired' | 'failed';
export type QuotaDemand = Partial<Record<QuotaDimension, number>>;

export const CLOUD_CATEGORIES: CloudCategory[] = ['compute', 'storage', 'database', 'cache', 'message_queue', 'network', 'security', 'backup', 'big_data'];
export const QUOTA_DIMENSIONS: QuotaDimension[] = ['vcpu', 'memory_gb', 'storage_gb', 'databases', 'public_ips', 'monthly_budget_fen'];

export interface RateComponent {
  code: string;
  name: string;
  nameEn?: string | null;
  type: 'fixed' | 'per_unit' | 'tiered';
  parameter?: string;
  unit?: string;
  priceFen?: number;
  tiers?: { upTo: number | null; priceFen: number }[];
}

export interface ApprovalStepRecord {
  approver: ApproverKind;
  deadlineHours: number;
  escalateTo: 'it_centre' | 'system_admin' | null;
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  titleEn: string | null;
  body: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}

/** 12345 fen → "¥123.45" */
export function formatFen(fen: number, locale = 'zh-CN'): string {
  return (fen / 100).toLocaleString(locale, { style: 'currency', currency: 'CNY' });
}


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

export interface Quote {
  offeringId: string;
  rateCardId: string;
  rateCardVersion: number;
  currency: 'CNY';
  lines: QuoteLine[];
  monthlyFen: number;
  quotaDemand: QuotaDemand;
}

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

export interface ShowbackRow {
  key: string;
  name: string;
  amountFen: number;
  resources: number;
}
