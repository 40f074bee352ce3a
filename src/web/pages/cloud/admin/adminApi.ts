// Typed calls to the cloud administration endpoints (docs/cloud/catalog.md, quotas.md, orders' approval policies);
// the pages never spell URLs themselves.
import { api } from '../../../api/client';
import type {
  ApprovalPolicy, CloudCategory, CloudDriverKind, Offering, Provider, ProviderEndpoint, QuotaDimension, QuotaView, Quote, RateCard, RateComponent, Subcontract,
} from '../types';

const BASE = '/api/v1/cloud';
const enc = encodeURIComponent;

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

export type PolicyInput = Omit<ApprovalPolicy, 'id'>;

export const adminApi = {
  providers: async () => (await api.get<{ items: Provider[] }>(`${BASE}/providers`)).items,
  createProvider: (input: ProviderInput) => api.post<Provider>(`${BASE}/providers`, input),
  updateProvider: (id: string, input: ProviderInput) => api.put<Provider>(`${BASE}/providers/${enc(id)}`, input),
  putEndpoint: (providerId: string, driver: CloudDriverKind, input: { settings: Record<string, unknown>; secrets?: Record<string, string> }) =>
    api.put<ProviderEndpoint>(`${BASE}/providers/${enc(providerId)}/endpoints/${enc(driver)}`, input),
  testEndpoint: (providerId: string, driver: CloudDriverKind) => api.post<{ ok: true }>(`${BASE}/providers/${enc(providerId)}/endpoints/${enc(driver)}/test`, {}),

  subcontracts: async (departmentId?: string) => (await api.get<{ items: Subcontract[] }>(`${BASE}/subcontracts`, { departmentId })).items,
  createSubcontract: (input: SubcontractInput) => api.post<Subcontract>(`${BASE}/subcontracts`, input),
  updateSubcontract: (id: string, input: SubcontractInput) => api.put<Subcontract>(`${BASE}/subcontracts/${enc(id)}`, input),

  offerings: async (filter: { category?: CloudCategory; providerId?: string; q?: string }) =>
    (await api.get<{ items: Offering[] }>(`${BASE}/offerings`, { ...filter, includeRetired: true })).items,
  createOffering: (input: OfferingInput) => api.post<Offering>(`${BASE}/offerings`, input),
  updateOffering: (id: string, input: OfferingInput) => api.put<Offering>(`${BASE}/offerings/${enc(id)}`, input),
  rateCards: async (offeringId: string) => (await api.get<{ items: RateCard[] }>(`${BASE}/offerings/${enc(offeringId)}/rate-cards`)).items,
  createRateCard: (offeringId: string, input: RateCardInput) => api.post<RateCard>(`${BASE}/offerings/${enc(offeringId)}/rate-cards`, input),
  quote: (offeringId: string, parameters: Record<string, unknown>) =>
    api.post<{ parameters: Record<string, unknown>; quote: Quote }>(`${BASE}/offerings/${enc(offeringId)}/quote`, { parameters }),

  quotas: async (departmentId?: string) => (await api.get<{ items: QuotaView[] }>(`${BASE}/quotas`, { departmentId })).items,
  setQuota: (departmentId: string, dimension: QuotaDimension, limit: number) =>
    api.put<QuotaView>(`${BASE}/quotas/${enc(departmentId)}/${enc(dimension)}`, { limit }),

  policies: async () => (await api.get<{ items: ApprovalPolicy[] }>(`${BASE}/approval-policies`)).items,
  createPolicy: (input: PolicyInput) => api.post<ApprovalPolicy>(`${BASE}/approval-policies`, input),
  updatePolicy: (id: string, input: PolicyInput) => api.put<ApprovalPolicy>(`${BASE}/approval-policies/${enc(id)}`, input),
  removePolicy: (id: string) => api.del(`${BASE}/approval-policies/${enc(id)}`),
};

/** Yuan typed in a form → fen; fen → yuan for a form (money is integer fen on the wire). */
export const yuanToFen = (yuan: number): number => Math.round(yuan * 100);
export const fenToYuan = (fen: number): number => fen / 100;
