/** STUB (provisioning part): the driver pool, the operations worker, resources, leases, reconciliation. */
import type { CloudCatalog, Provisioner } from '../index.js';
import type { CloudBase, CloudPart, CloudParts, DriverPool } from '../parts.js';
import { notYet } from '../stub.js';

export function createDriverPool(_base: CloudBase, _catalog: CloudCatalog): DriverPool {
  return { forEndpoint: () => Promise.reject(new Error('DriverPool is not implemented yet.')), invalidate: async () => {}, closeAll: async () => {} };
}

export function createProvisioner(_parts: Pick<CloudParts, 'ctx' | 'directory' | 'jobs' | 'notifier' | 'systemData' | 'options' | 'catalog' | 'quotas' | 'drivers'>): Provisioner {
  return notYet<Provisioner>('Provisioner');
}

export function createProvisioningPart(_parts: CloudParts): CloudPart {
  return {};
}
