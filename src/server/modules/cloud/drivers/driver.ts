/**
 * The one interface every provisioning driver implements. Operations are asynchronous: a call starts the work and
 * returns its state; the provisioning worker polls `poll(ref)` until it says succeeded or failed. Every call that
 * makes or changes something takes an idempotency key (the order item id for create and resize, the resource id
 * for retire): calling again with the same key never makes a second resource and answers with the same operation.
 * Drivers tag what they make (managed-by=zhongshu, department, business system, order, order item, resource) and
 * list only what carries their tag, so reconciliation finds drifted, missing and orphaned resources.
 * A driver never logs credentials; they travel only in OperationState.credentials, which the caller seals.
 */
import type { CloudDriverKind } from '../../../platform/db/schema.js';

export interface DriverSettings {
  /** non-secret settings of the provider endpoint (host, port, database, region, latencyMs …) */
  settings: Record<string, unknown>;
  /** opened secrets of the endpoint (admin password, API key …) */
  secrets: Record<string, string>;
}

/** Tag keys every driver writes (values are ids or codes as given). */
export const TAG_MANAGED_BY = 'managed-by';
export const TAG_MANAGED_BY_VALUE = 'zhongshu';

export interface ResourceTags {
  'managed-by': 'zhongshu';
  department: string;
  'business-system': string;
  order: string;
  'order-item': string;
  resource: string;
  [key: string]: string;
}

export interface CreateRequest {
  idempotencyKey: string;
  /** the offering's resource kind (postgresql_database, vm, volume, public_ip, redis_user, …) */
  kind: string;
  /** a readable name the user chose (drivers derive safe identifiers from it plus the key) */
  name: string;
  parameters: Record<string, unknown>;
  tags: ResourceTags;
}

export interface ResizeRequest {
  idempotencyKey: string;
  kind: string;
  externalId: string;
  parameters: Record<string, unknown>;
  previous: Record<string, unknown>;
}

export interface RetireRequest {
  idempotencyKey: string;
  kind: string;
  externalId: string;
}

export interface OperationState {
  state: 'running' | 'succeeded' | 'failed';
  /** the handle to poll with (drivers that finish at once may return the external id) */
  ref: string;
  externalId?: string;
  /** connection details without secrets: host, port, database, username, address … */
  endpointInfo?: Record<string, unknown>;
  /** only from a succeeded create (or a resize that rotates them): sealed by the caller, shown once, never logged */
  credentials?: Record<string, string>;
  /** why it failed, in words a department user understands */
  error?: string;
  /** how long to wait before polling again */
  retryAfterMs?: number;
}

export interface ListedResource {
  externalId: string;
  kind: string;
  tags: Record<string, string>;
  /** what the provider says the size is, in the offering's parameter names where it can (e.g. {connectionLimit: 20}) */
  parameters: Record<string, unknown>;
  status: string;
}

export type OperationName = 'create' | 'resize' | 'retire';

export interface ProvisioningDriver {
  readonly kind: CloudDriverKind;
  /** Checks the endpoint is reachable with its settings (console: "test connection"). */
  test(): Promise<void>;
  create(request: CreateRequest): Promise<OperationState>;
  resize(request: ResizeRequest): Promise<OperationState>;
  retire(request: RetireRequest): Promise<OperationState>;
  poll(operation: OperationName, ref: string): Promise<OperationState>;
  /** Everything this driver made at this endpoint (tag managed-by=zhongshu), deleted ones excluded. */
  list(): Promise<ListedResource[]>;
  /** Real sizes where the driver can read them: storageBytes, connections, keys, memoryBytes … */
  measure?(externalIds: string[]): Promise<Map<string, Record<string, number>>>;
  close(): Promise<void>;
}

export type DriverFactory = (endpoint: DriverSettings) => ProvisioningDriver;
