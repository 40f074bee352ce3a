// Typed calls to every cloud portal endpoint (prefix /api/v1/cloud) and to the console notifications; pages never
// spell URLs themselves. Lists are read through `asItems`, so a page keeps working whether an endpoint answers with
// a bare array, `{items}` or `{data}`.
import { api } from '../../api/client';
import type {
  ApprovalPolicy,
  Bill,
  CloudCategory,
  CloudDriverKind,
  CloudResource,
  NotificationView,
  Offering,
  Order,
  OrderStatus,
  Provider,
  ProviderEndpoint,
  QuotaDimension,
  QuotaView,
  Quote,
  RateCard,
  RateComponent,
  ResourceStatus,
  ShowbackRow,
  Subcontract,
} from './types';

export const CLOUD_API = '/api/v1/cloud';
const enc = encodeURIComponent;
const url = (path: string) => `${CLOUD_API}${path}`;

type Listish<T> = T[] | { items: T[] } | { data: T[] };

export function asItems<T>(result: Listish<T>): T[] {
  if (Array.isArray(result)) return result;
  if ('items' in result && Array.isArray(result.items)) return result.items;
  if ('data' in result && Array.isArray(result.data)) return result.data;
  return [];
}

export interface Paged<T> {
  items: T[];
  total: number;
}

function asPaged<T>(result: Paged<T> | { data: T[]; total: number } | T[]): Paged<T> {
  if (Array.isArray(result)) return { items: result, total: result.length };
  if ('items' in result) return result;
  return { items: result.data, total: result.total };
}

// ---------------------------------------------------------------- inputs

export interface ProviderInput {
  code?: string;
  name: string;
  nameEn?: string | null;
  frameworkContractNo: string;
  frameworkValidFrom: string;
  frameworkValidTo: string;
  contact?: string | null;
  status?: 'active' | 'suspended';
}

export interface EndpointInput {
  settings: Record<string, unknown>;
  /** only the secrets to set or replace; omitted ones stay as they are */
  secrets?: Record<string, string>;
}

export interface SubcontractInput {
  providerId?: string;
  departmentId?: string;
  contractNo: string;
  signedOn: string;
  validFrom: string;
  validTo: string;
  status?: 'active' | 'terminated';
}

export interface OfferingInput {
  code?: string;
  providerId?: string;
  driver?: CloudDriverKind;
  category: CloudCategory;
  resourceKind: string;
  name: string;
  nameEn?: string | null;
  description?: string;
  descriptionEn?: string | null;
  parametersSchema: Record<string, unknown>;
  quotaMap?: Record<string, string | number>;
  status?: 'active' | 'retired';
}

export interface RateCardInput {
  effectiveFrom?: string;
  components: RateComponent[];
  note?: string | null;
}

export interface CartItemInput {
  offeringId: string;
  name: string;
  parameters: Record<string, unknown>;
  leaseMonths?: number | null;
}

export type ApprovalPolicyInput = Omit<ApprovalPolicy, 'id'>;

export interface OrderFilter {
  departmentId?: string;
  businessSystemId?: string;
  status?: OrderStatus;
  page?: number;
  pageSize?: number;
}

export interface ResourceFilter {
  departmentId?: string;
  businessSystemId?: string;
  status?: ResourceStatus;
  category?: CloudCategory;
  drift?: boolean;
  page?: number;
  pageSize?: number;
}

export interface Orphan {
  id: string;
  endpointId: string;
  providerName: string;
  driver: CloudDriverKind;
  externalId: string;
  kind: string;
  tags: Record<string, string>;
  firstSeenAt: string;
  lastSeenAt: string;
}

// A type alias (not an interface), so the counts can be handed to t() as message variables.
export type ReconcileReport = {
  checked: number;
  drifted: number;
  missing: number;
  orphans: number;
};

export type ShowbackBy = 'department' | 'business_system' | 'provider';

// ---------------------------------------------------------------- catalog

export const catalogApi = {
  providers: async () => asItems(await api.get<Listish<Provider>>(url('/providers'))),
  provider: (id: string) => api.get<Provider>(url(`/providers/${enc(id)}`)),
  createProvider: (input: ProviderInput) => api.post<Provider>(url('/providers'), input),
  updateProvider: (id: string, input: ProviderInput) => api.put<Provider>(url(`/providers/${enc(id)}`), input),
  saveEndpoint: (providerId: string, driver: CloudDriverKind, input: EndpointInput) =>
    api.put<ProviderEndpoint>(url(`/providers/${enc(providerId)}/endpoints/${enc(driver)}`), input),
  testEndpoint: (providerId: string, driver: CloudDriverKind) =>
    api.post<{ ok: boolean; message?: string | null }>(url(`/providers/${enc(providerId)}/endpoints/${enc(driver)}/test`), {}),

  subcontracts: async (departmentId?: string) =>
    asItems(await api.get<Listish<Subcontract>>(url('/subcontracts'), { departmentId })),
  createSubcontract: (input: SubcontractInput) => api.post<Subcontract>(url('/subcontracts'), input),
  updateSubcontract: (id: string, input: SubcontractInput) => api.put<Subcontract>(url(`/subcontracts/${enc(id)}`), input),

  offerings: async (filter: { category?: CloudCategory; providerId?: string; q?: string; includeRetired?: boolean } = {}) =>
    asItems(await api.get<Listish<Offering>>(url('/offerings'), filter)),
  offering: (id: string) => api.get<Offering>(url(`/offerings/${enc(id)}`)),
  createOffering: (input: OfferingInput) => api.post<Offering>(url('/offerings'), input),
  updateOffering: (id: string, input: OfferingInput) => api.put<Offering>(url(`/offerings/${enc(id)}`), input),
  rateCards: async (offeringId: string) => asItems(await api.get<Listish<RateCard>>(url(`/offerings/${enc(offeringId)}/rate-cards`))),
  createRateCard: (offeringId: string, input: RateCardInput) => api.post<RateCard>(url(`/offerings/${enc(offeringId)}/rate-cards`), input),
  /** The price of a configuration, with the schema's defaults applied to the parameters. */
  quote: (offeringId: string, parameters: Record<string, unknown>) =>
    api.post<{ parameters: Record<string, unknown>; quote: Quote }>(url(`/offerings/${enc(offeringId)}/quote`), { parameters }),
};

// ---------------------------------------------------------------- quotas

export const quotaApi = {
  list: async (departmentId?: string) => asItems(await api.get<Listish<QuotaView>>(url('/quotas'), { departmentId })),
  setLimit: (departmentId: string, dimension: QuotaDimension, limit: number) =>
    api.put<QuotaView>(url(`/quotas/${enc(departmentId)}/${enc(dimension)}`), { limit }),
};

// ---------------------------------------------------------------- carts, orders, approvals

export const orderApi = {
  cart: (businessSystemId: string) => api.get<Order>(url(`/carts/${enc(businessSystemId)}`)),
  addItem: (businessSystemId: string, input: CartItemInput) => api.post<Order>(url(`/carts/${enc(businessSystemId)}/items`), input),
  updateItem: (itemId: string, input: Partial<CartItemInput>) => api.patch<Order>(url(`/cart-items/${enc(itemId)}`), input),
  removeItem: (itemId: string) => api.del<Order>(url(`/cart-items/${enc(itemId)}`)),

  list: async (filter: OrderFilter) => asPaged(await api.get<Paged<Order>>(url('/orders'), { ...filter })),
  get: (id: string) => api.get<Order>(url(`/orders/${enc(id)}`)),
  submit: (id: string, purpose: string) => api.post<Order>(url(`/orders/${enc(id)}/submit`), { purpose }),
  cancel: (id: string) => api.post<Order>(url(`/orders/${enc(id)}/cancel`), {}),
  decide: (id: string, decision: 'approve' | 'reject', reason?: string | null) =>
    api.post<Order>(url(`/orders/${enc(id)}/decision`), { decision, reason: reason ?? null }),
  inbox: async () => asItems(await api.get<Listish<Order>>(url('/approvals/inbox'))),

  policies: async () => asItems(await api.get<Listish<ApprovalPolicy>>(url('/approval-policies'))),
  createPolicy: (input: ApprovalPolicyInput) => api.post<ApprovalPolicy>(url('/approval-policies'), input),
  updatePolicy: (id: string, input: ApprovalPolicyInput) => api.put<ApprovalPolicy>(url(`/approval-policies/${enc(id)}`), input),
  removePolicy: (id: string) => api.del(url(`/approval-policies/${enc(id)}`)),

  /** A resize of an active resource: answers with the one-item order it created. */
  resize: (resourceId: string, parameters: Record<string, unknown>, purpose: string) =>
    api.post<Order>(url(`/resources/${enc(resourceId)}/resize`), { parameters, purpose }),
};

// ---------------------------------------------------------------- resources (provisioning)

export const resourceApi = {
  list: async (filter: ResourceFilter) => asPaged(await api.get<Paged<CloudResource>>(url('/resources'), { ...filter })),
  get: (id: string) => api.get<CloudResource>(url(`/resources/${enc(id)}`)),
  /** Once: the credentials in clear (410 cloud.credentials_revealed afterwards). */
  revealCredentials: (id: string) =>
    api.post<{ credentials: Record<string, string>; endpointInfo: Record<string, unknown> }>(url(`/resources/${enc(id)}/credentials`), {}),
  retire: (id: string, reason: string) => api.post<CloudResource>(url(`/resources/${enc(id)}/retire`), { reason }),
  renew: (id: string, months: number) => api.post<CloudResource>(url(`/resources/${enc(id)}/renew`), { months }),
  reconcile: () => api.post<ReconcileReport>(url('/reconcile'), {}),
  orphans: async () => asItems(await api.get<Listish<Orphan>>(url('/orphans'))),
};

// ---------------------------------------------------------------- metering, bills, insights

export const billingApi = {
  bills: async (filter: { departmentId?: string; month?: string } = {}) =>
    asItems(await api.get<Listish<Omit<Bill, 'lines'>>>(url('/bills'), filter)),
  bill: (departmentId: string, month: string) => api.get<Bill>(url(`/bills/${enc(departmentId)}/${enc(month)}`)),
  downloadBill: (departmentId: string, month: string) => api.download(url(`/bills/${enc(departmentId)}/${enc(month)}/xlsx`)),
  generate: (month: string) => api.post<{ bills: number } | number>(url('/bills/generate'), { month }),
  runMetering: (hour?: string) => api.post<{ resources: number; measured: number }>(url('/metering/run'), hour ? { hour } : {}),
  showback: async (month: string, by: ShowbackBy) => asItems(await api.get<Listish<ShowbackRow>>(url('/showback'), { month, by })),
  dashboard: () => api.get<Record<string, unknown>>(url('/dashboard')),
  systems: async () => asItems(await api.get<Listish<Record<string, unknown>>>(url('/systems'))),
  system: (id: string) => api.get<Record<string, unknown>>(url(`/systems/${enc(id)}`)),
};

// ---------------------------------------------------------------- notifications (outside the cloud prefix)

export const notificationApi = {
  list: (query: { unreadOnly?: boolean; limit?: number } = {}) =>
    api.get<{ items: NotificationView[]; unread: number }>('/api/v1/notifications', query),
  markRead: (ids: string[]) => api.post<unknown>('/api/v1/notifications/read', { ids }),
  markAllRead: () => api.post<unknown>('/api/v1/notifications/read', { all: true }),
};

/** Every cloud call in one object, for pages that use several parts. */
export const cloudApi = {
  catalog: catalogApi,
  quotas: quotaApi,
  orders: orderApi,
  resources: resourceApi,
  billing: billingApi,
  notifications: notificationApi,
};
