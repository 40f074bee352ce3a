/**
 * The engagement part: portal accounts of the public, applications for conditionally open data, and "request a
 * dataset". module.ts builds the services first (the publisher's routes ask `accounts.userOf` and
 * `applications.hasAccess`), then the part, which serves the routes on those same services.
 */
import type { DatasetReader } from '../index.js';
import type { EngagementServices, OpendataBase, OpendataPart, OpendataParts } from '../parts.js';
import { PortalAccountService, type AccountOptions } from './accounts.js';
import { ApplicationService } from './applications.js';
import { DataRequestService, type RequestOptions } from './requests.js';
import { registerEngagementRoutes } from './routes.js';

export { PORTAL_COOKIE, PORTAL_CSRF_HEADER, PortalAccountService } from './accounts.js';
export { ApplicationService } from './applications.js';
export { DataRequestService } from './requests.js';

export interface EngagementOptions {
  accounts?: Partial<AccountOptions>;
  requests?: Partial<RequestOptions>;
}

/**
 * `datasets` is part of the contract; the engagement services read the few dataset facts they need (open type,
 * source, providing department) in their own joins, so they work before and apart from the publisher.
 */
export function createEngagementServices(base: OpendataBase, _datasets: DatasetReader, options: EngagementOptions = {}): EngagementServices {
  return {
    accounts: new PortalAccountService(base.ctx, options.accounts),
    applications: new ApplicationService(base.ctx),
  };
}

const SWEEP_EVERY_MS = 3_600_000;

export function createEngagementPart(parts: OpendataParts, options: EngagementOptions = {}): OpendataPart {
  // The module hands back the services createEngagementServices built; anything else (a stand-in) gets its own.
  const accounts = parts.accounts instanceof PortalAccountService ? parts.accounts : new PortalAccountService(parts.ctx, options.accounts);
  const applications = parts.applications instanceof ApplicationService ? parts.applications : new ApplicationService(parts.ctx);
  const requests = new DataRequestService(parts.ctx, parts.directory, options.requests);
  let timer: NodeJS.Timeout | null = null;
  return {
    routes(app) {
      registerEngagementRoutes(app, { accounts, applications, requests });
    },
    start() {
      if (timer) return;
      timer = setInterval(() => {
        accounts.sweepExpired().catch((error: unknown) => parts.ctx.log.warn({ err: error }, 'sweeping expired portal sessions failed'));
      }, SWEEP_EVERY_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
