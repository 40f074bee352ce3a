/** STUB: the simulated driver (demo and tests): keeps its "cloud" in cloud_simulated_resources. */
import type { Db } from '../../../platform/db/database.js';
import type { DriverSettings, ProvisioningDriver } from './driver.js';

export interface SimulatedStore {
  db: Db;
}

export function createSimulatedDriver(_endpoint: DriverSettings, _store: SimulatedStore): ProvisioningDriver {
  throw new Error('The simulated driver is not implemented yet.');
}
