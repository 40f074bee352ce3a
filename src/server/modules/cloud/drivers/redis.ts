/** STUB: the redis driver (drivers helper implements). */
import type { DriverSettings, ProvisioningDriver } from './driver.js';

export function createRedisDriver(_endpoint: DriverSettings): ProvisioningDriver {
  throw new Error('The redis driver is not implemented yet.');
}
