/** Rows → API shapes of provisioning. No field ever carries the sealed credentials. */
import type { CloudResource } from '../index.js';
import type { ResourceRow, ResourceViewRow } from './repository.js';

export const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export function presentResource(row: ResourceViewRow): CloudResource {
  return {
    id: row.id,
    orderItemId: row.order_item_id,
    orderId: row.order_id,
    orderNumber: row.order_number,
    departmentId: row.department_id,
    departmentName: row.department_name,
    businessSystemId: row.business_system_id,
    businessSystemName: row.business_system_name,
    providerId: row.provider_id,
    providerName: row.provider_name,
    offeringId: row.offering_id,
    offeringName: row.offering_name,
    offeringNameEn: row.offering_name_en,
    category: row.category,
    driver: row.driver,
    resourceKind: row.resource_kind,
    name: row.name,
    externalId: row.external_id,
    status: row.status,
    parameters: row.parameters,
    monthlyFen: Number(row.monthly_fen),
    tags: row.tags,
    endpointInfo: row.endpoint_info,
    credentialsAvailable: row.credentials_sealed !== null && row.credentials_revealed_at === null,
    credentialsRevealedAt: iso(row.credentials_revealed_at),
    leaseEndsAt: iso(row.lease_ends_at),
    driftStatus: row.drift_status,
    driftDetail: row.drift_detail,
    measured: row.measured,
    measuredAt: iso(row.measured_at),
    failureReason: row.failure_reason,
    createdAt: iso(row.created_at)!,
    readyAt: iso(row.ready_at),
    retiredAt: iso(row.retired_at),
  };
}

/** What the audit log keeps of a resource: never the credentials, sealed or not. */
export function auditResource(row: Pick<ResourceRow, 'status' | 'name' | 'external_id' | 'parameters' | 'monthly_fen' | 'lease_ends_at'>) {
  return {
    status: row.status,
    name: row.name,
    externalId: row.external_id,
    parameters: row.parameters,
    monthlyFen: Number(row.monthly_fen),
    leaseEndsAt: iso(row.lease_ends_at),
  };
}
