/** Rows → API shapes of the cloud catalog. No shape has a field for a secret: endpoints show secretNames only. */
import type { Offering, Provider, ProviderEndpoint, RateCard, Subcontract } from '../index.js';
import type { EndpointRow, OfferingRow, ProviderRow, RateCardRow, SubcontractRow } from './repository.js';

const iso = (value: Date | string): string => new Date(value).toISOString();

export function presentEndpoint(row: EndpointRow, secretNames: string[]): ProviderEndpoint {
  return { id: row.id, providerId: row.provider_id, driver: row.driver, settings: row.settings ?? {}, secretNames: [...secretNames].sort() };
}

export function presentProvider(row: ProviderRow, endpoints: ProviderEndpoint[]): Provider {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    frameworkContractNo: row.framework_contract_no,
    frameworkValidFrom: row.framework_valid_from,
    frameworkValidTo: row.framework_valid_to,
    contact: row.contact,
    status: row.status,
    endpoints,
    createdAt: iso(row.created_at),
  };
}

export function presentSubcontract(row: SubcontractRow): Subcontract {
  return {
    id: row.id,
    providerId: row.provider_id,
    departmentId: row.department_id,
    contractNo: row.contract_no,
    signedOn: row.signed_on,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    status: row.status,
  };
}

export function presentRateCard(row: RateCardRow): RateCard {
  return {
    id: row.id,
    offeringId: row.offering_id,
    version: row.version,
    effectiveFrom: iso(row.effective_from),
    currency: row.currency,
    components: row.components,
    note: row.note,
    createdAt: iso(row.created_at),
  };
}

export function presentOffering(row: OfferingRow, rateCard: RateCardRow | undefined, fromMonthlyFen: number | null): Offering {
  return {
    id: row.id,
    code: row.code,
    providerId: row.provider_id,
    providerName: row.provider_name,
    category: row.category,
    resourceKind: row.resource_kind,
    driver: row.driver,
    name: row.name,
    nameEn: row.name_en,
    description: row.description,
    descriptionEn: row.description_en,
    parametersSchema: row.parameters_schema,
    quotaMap: row.quota_map,
    status: row.status,
    rateCard: rateCard ? presentRateCard(rateCard) : null,
    fromMonthlyFen,
  };
}

/** What the audit log keeps of an endpoint: the settings and which secrets are set, never their values. */
export const auditEndpoint = (row: Pick<EndpointRow, 'driver' | 'settings'>, secretNames: string[]) => ({ driver: row.driver, settings: row.settings, secretNames: [...secretNames].sort() });

export const auditOffering = (row: Omit<OfferingRow, 'provider_name' | 'created_at' | 'updated_at'>) => ({
  code: row.code,
  providerId: row.provider_id,
  category: row.category,
  resourceKind: row.resource_kind,
  driver: row.driver,
  name: row.name,
  nameEn: row.name_en,
  status: row.status,
  parametersSchema: row.parameters_schema,
  quotaMap: row.quota_map,
});
