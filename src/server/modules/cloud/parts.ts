/**
 * What the cloud parts are built from. module.ts creates the shared services in dependency order
 * (catalog → quotas → drivers → provisioner → orders → metering) and hands this object to every part.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import type { CloudDriverKind } from '../../platform/db/schema.js';
import type { JobRunner } from '../../platform/jobs.js';
import type { Notifier } from '../../platform/notifications/index.js';
import type { DirectoryReader } from '../directory/index.js';
import type { DriverFactory, ProvisioningDriver } from './drivers/driver.js';
import type {
  ApprovalPolicies,
  Bills,
  CloudCatalog,
  CloudInsights,
  Metering,
  Orders,
  Provisioner,
  QuotaLedger,
  SystemDataReader,
} from './index.js';

export interface CloudOptions {
  /** Replace drivers (tests: a driver that fails, a slow one). */
  driverFactories?: Partial<Record<CloudDriverKind, DriverFactory>>;
  /** How often the provisioning worker looks for due operations when nobody kicks it (default 1000 ms). */
  provisioningPollMs?: number;
}

/** The platform services every part may use. */
export interface CloudBase {
  ctx: AppContext;
  directory: DirectoryReader;
  jobs: JobRunner;
  notifier: Notifier;
  /** The exchange's view of a business system's data; null when the exchange is not there. */
  systemData: SystemDataReader | null;
  options: CloudOptions;
}

/** One open driver per provider endpoint, reopened when the endpoint's settings change. */
export interface DriverPool {
  forEndpoint(endpointId: string): Promise<ProvisioningDriver>;
  /** Drops the cached driver (settings changed). */
  invalidate(endpointId: string): Promise<void>;
  closeAll(): Promise<void>;
}

export interface CloudParts extends CloudBase {
  catalog: CloudCatalog;
  quotas: QuotaLedger;
  drivers: DriverPool;
  provisioner: Provisioner;
  orders: Orders;
  policies: ApprovalPolicies;
  metering: Metering;
  bills: Bills;
  insights: CloudInsights;
}

/** A part contributes routes and, optionally, background work started with the server. */
export interface CloudPart {
  routes?(app: FastifyInstance): void | Promise<void>;
  start?(): void;
  stop?(): Promise<void>;
}

/** Every cloud route lives under this prefix. */
export const CLOUD_API = '/api/v1/cloud';
