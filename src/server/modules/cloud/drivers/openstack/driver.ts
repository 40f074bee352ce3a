/** STUB: the OpenStack-style (Keystone v3, Nova, Cinder, Neutron) driver. */
import type { DriverSettings, ProvisioningDriver } from '../driver.js';

export function createOpenstackDriver(_endpoint: DriverSettings): ProvisioningDriver {
  throw new Error('The openstack driver is not implemented yet.');
}
