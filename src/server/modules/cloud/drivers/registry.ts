/** Which driver serves which kind of endpoint. The provisioning worker opens one per endpoint and keeps it. */
import type { CloudDriverKind } from '../../../platform/db/schema.js';
import type { DriverFactory, DriverSettings, ProvisioningDriver } from './driver.js';
import { createMariadbDriver } from './mariadb.js';
import { createOpenstackDriver } from './openstack/driver.js';
import { createPostgresDriver } from './postgresql.js';
import { createRedisDriver } from './redis.js';
import { createSimulatedDriver, type SimulatedStore } from './simulated.js';

export interface DriverRegistryOptions {
  /** where the simulated driver keeps its "cloud" (the platform database's cloud_simulated_resources) */
  simulatedStore: SimulatedStore;
}

export function driverFactories(options: DriverRegistryOptions): Record<CloudDriverKind, DriverFactory> {
  return {
    simulated: (endpoint) => createSimulatedDriver(endpoint, options.simulatedStore),
    postgresql: createPostgresDriver,
    mariadb: createMariadbDriver,
    redis: createRedisDriver,
    openstack: createOpenstackDriver,
  };
}

export function openDriver(kind: CloudDriverKind, endpoint: DriverSettings, options: DriverRegistryOptions): ProvisioningDriver {
  return driverFactories(options)[kind](endpoint);
}
