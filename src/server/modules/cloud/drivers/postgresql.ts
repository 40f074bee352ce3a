/** STUB: the postgresql driver (drivers helper implements). */
import type { DriverSettings, ProvisioningDriver } from './driver.js';

export function createPostgresDriver(_endpoint: DriverSettings): ProvisioningDriver {
  throw new Error('The postgresql driver is not implemented yet.');
}
