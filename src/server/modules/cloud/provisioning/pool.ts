/**
 * One open driver per provider endpoint. The first use opens it from the catalog's endpoint (settings and opened
 * secrets) with the registry's factory for its kind, or the one given in the options (tests: stand-ins); later
 * uses share it until the endpoint's settings change (invalidate) or the module stops.
 */
import type { CloudDriverKind } from '../../../platform/db/schema.js';
import type { DriverFactory, ProvisioningDriver } from '../drivers/driver.js';
import { driverFactories } from '../drivers/registry.js';
import type { CloudCatalog } from '../index.js';
import type { CloudBase, DriverPool } from '../parts.js';

export class EndpointDriverPool implements DriverPool {
  private readonly open = new Map<string, Promise<ProvisioningDriver>>();
  private readonly factories: Record<CloudDriverKind, DriverFactory>;

  constructor(base: CloudBase, private readonly catalog: Pick<CloudCatalog, 'endpointById'>) {
    this.factories = { ...driverFactories({ simulatedStore: { db: base.ctx.db } }), ...base.options.driverFactories };
  }

  forEndpoint(endpointId: string): Promise<ProvisioningDriver> {
    let driver = this.open.get(endpointId);
    if (!driver) {
      driver = this.openDriver(endpointId);
      this.open.set(endpointId, driver);
      // A driver that could not be opened (unreachable settings, unknown endpoint) is tried afresh next time.
      driver.catch(() => {
        if (this.open.get(endpointId) === driver) this.open.delete(endpointId);
      });
    }
    return driver;
  }

  private async openDriver(endpointId: string): Promise<ProvisioningDriver> {
    const endpoint = await this.catalog.endpointById(endpointId);
    const factory = this.factories[endpoint.driver];
    if (!factory) throw new Error(`No driver for ${endpoint.driver}.`);
    return factory({ settings: endpoint.settings, secrets: endpoint.secrets });
  }

  async invalidate(endpointId: string): Promise<void> {
    const driver = this.open.get(endpointId);
    this.open.delete(endpointId);
    await closeQuietly(driver);
  }

  async closeAll(): Promise<void> {
    const drivers = [...this.open.values()];
    this.open.clear();
    await Promise.all(drivers.map(closeQuietly));
  }
}

async function closeQuietly(driver: Promise<ProvisioningDriver> | undefined): Promise<void> {
  if (!driver) return;
  try {
    await (await driver).close();
  } catch {
    // a driver that never opened, or fails to close, holds nothing to give back
  }
}
