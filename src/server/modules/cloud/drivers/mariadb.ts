/** STUB: the mariadb driver (drivers helper implements). */
import type { DriverSettings, ProvisioningDriver } from './driver.js';

export function createMariadbDriver(_endpoint: DriverSettings): ProvisioningDriver {
  throw new Error('The mariadb driver is not implemented yet.');
}
