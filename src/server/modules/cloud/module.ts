/**
 * Builds the cloud service portal from the platform context: the shared services first (catalog, quotas, the
 * driver pool, the provisioner, orders and approval policies, metering and bills), then the parts that serve
 * routes and run in the background.
 */
import type { AppContext } from '../../platform/context.js';
import type { JobRunner } from '../../platform/jobs.js';
import type { Notifier } from '../../platform/notifications/index.js';
import type { DirectoryReader } from '../directory/index.js';
import { createCatalogPart, createCloudCatalog } from './catalog/part.js';
import type { CloudModule, SystemDataReader } from './index.js';
import { createMeteringPart, createMeteringServices } from './metering/part.js';
import { createOrderServices, createOrdersPart } from './orders/part.js';
import type { CloudBase, CloudOptions, CloudPart, CloudParts } from './parts.js';
import { createDriverPool, createProvisioner, createProvisioningPart } from './provisioning/part.js';
import { createQuotaLedger, createQuotasPart } from './quotas/part.js';

export function createCloudModule(
  ctx: AppContext,
  deps: { directory: DirectoryReader; jobs: JobRunner; notifier: Notifier; systemData?: SystemDataReader | null },
  options: CloudOptions = {},
): CloudModule {
  const base: CloudBase = { ctx, directory: deps.directory, jobs: deps.jobs, notifier: deps.notifier, systemData: deps.systemData ?? null, options };
  const catalog = createCloudCatalog(base);
  const quotas = createQuotaLedger(base);
  const drivers = createDriverPool(base, catalog);
  const provisioner = createProvisioner({ ...base, catalog, quotas, drivers });
  const { orders, policies } = createOrderServices({ ...base, catalog, quotas, drivers, provisioner });
  const { metering, bills, insights } = createMeteringServices({ ...base, catalog, quotas, drivers, provisioner, orders, policies });
  const parts: CloudParts = { ...base, catalog, quotas, drivers, provisioner, orders, policies, metering, bills, insights };

  const components: CloudPart[] = [
    createCatalogPart(parts),
    createQuotasPart(parts),
    createOrdersPart(parts),
    createProvisioningPart(parts),
    createMeteringPart(parts),
  ];

  return {
    catalog,
    quotas,
    orders,
    policies,
    provisioner,
    metering,
    bills,
    insights,
    async routes(app) {
      for (const component of components) await component.routes?.(app);
    },
    start() {
      for (const component of components) component.start?.();
    },
    async stop() {
      for (const component of [...components].reverse()) await component.stop?.();
      await drivers.closeAll();
    },
  };
}
