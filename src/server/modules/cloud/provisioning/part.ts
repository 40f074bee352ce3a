/**
 * The provisioning part: the driver pool, the operations worker (create / resize / retire through drivers, polled
 * until done), resources and their credentials shown once, leases with warnings, and reconciliation (drift,
 * missing, orphans). See docs/cloud/provisioning.md.
 */
import { PollLoop } from '../../../platform/poll-loop.js';
import type { CloudCatalog, Provisioner } from '../index.js';
import type { CloudBase, CloudPart, CloudParts, DriverPool } from '../parts.js';
import type { ProvisioningDeps } from './deps.js';
import { EndpointDriverPool } from './pool.js';
import { registerProvisioningRoutes } from './routes.js';
import { ProvisioningService } from './service.js';

const HOUR_MS = 3_600_000;

export function createDriverPool(base: CloudBase, catalog: CloudCatalog): DriverPool {
  return new EndpointDriverPool(base, catalog);
}

export function createProvisioner(parts: ProvisioningDeps): Provisioner {
  return new ProvisioningService(parts);
}

export function createProvisioningPart(parts: CloudParts): CloudPart {
  const provisioner = parts.provisioner;
  const service = provisioner instanceof ProvisioningService ? provisioner : null;
  const log = parts.ctx.log;
  const worker = new PollLoop({
    intervalMs: parts.options.provisioningPollMs ?? 1000,
    tick: () => provisioner.runDue(),
    onError: (error) => log.error({ err: error }, 'provisioning worker failed'),
  });
  // Leases and reconciliation once an hour: both are cheap, and a lease ends at a day's granularity anyway.
  const hourly = new PollLoop({
    intervalMs: HOUR_MS,
    tick: async () => {
      const leases = await provisioner.checkLeases(new Date());
      const reconciled = await provisioner.reconcile(null);
      log.info({ leases, reconciled }, 'cloud leases checked and resources reconciled');
    },
    onError: (error) => log.error({ err: error }, 'cloud lease check or reconciliation failed'),
  });
  return {
    routes: (app) => registerProvisioningRoutes(app, provisioner),
    start() {
      service?.wake();
      worker.start();
      hourly.start();
      // Operations left by a previous run of the server are picked up now, not after the first interval.
      provisioner.kick();
    },
    async stop() {
      await hourly.stop();
      await worker.stop();
      await service?.sleep();
    },
  };
}
