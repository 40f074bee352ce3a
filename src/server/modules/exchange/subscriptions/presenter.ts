/** Rows → API shapes. No secret has a field here: a secret is shown once, by the service, at creation. */
import type { DeliveryRow, SubscriptionWithGrant } from './repository.js';
import type { DeliveryView, SubscriptionView } from './schema.js';

const iso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());

export function presentSubscription(row: SubscriptionWithGrant): SubscriptionView {
  return {
    id: row.id,
    grantId: row.grant_id,
    resourceCode: row.resource_code,
    systemId: row.system_id,
    departmentId: row.department_id,
    url: row.url,
    status: row.status,
    cursor: Number(row.cursor),
    lastSeq: Number(row.store_last_seq ?? 0),
    batchSize: row.batch_size,
    attempts: row.attempts,
    nextAttemptAt: iso(row.next_attempt_at),
    lastError: row.last_error,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function presentDelivery(row: DeliveryRow): DeliveryView {
  return {
    id: Number(row.id),
    attempt: row.attempt,
    status: row.status,
    httpStatus: row.http_status,
    error: row.error,
    durationMs: row.duration_ms,
    seqFrom: Number(row.seq_from),
    seqTo: Number(row.seq_to),
    changeCount: row.change_count,
    at: iso(row.at),
  };
}

/** What the audit log keeps of a subscription (never the secret). */
export const auditSubscription = (row: Pick<SubscriptionWithGrant, 'grant_id' | 'url' | 'status' | 'cursor' | 'batch_size'>) => ({
  grantId: row.grant_id, url: row.url, status: row.status, cursor: Number(row.cursor), batchSize: row.batch_size,
});
