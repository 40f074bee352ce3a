/**
 * The metering part: hourly usage (metering.ts), monthly bills with XLSX export (bills.ts, bill-xlsx.ts), showback,
 * the IT centre's dashboard and the business system view (insights.ts). A poll loop meters every 5 minutes what
 * is due and keeps the open months' bills current. HTTP API and rules: docs/cloud/metering.md.
 */
import { PollLoop } from '../../../platform/poll-loop.js';
import type { Bills, CloudInsights, Metering } from '../index.js';
import type { CloudPart, CloudParts } from '../parts.js';
import { BillsService } from './bills.js';
import { InsightsService } from './insights.js';
import { MeteringService, type MeteringOptions } from './metering.js';
import { registerMeteringRoutes } from './routes.js';
import { MeteringRuns } from './runs.js';

export type MeteringDeps = Omit<CloudParts, 'metering' | 'bills' | 'insights'>;

export const METERING_INTERVAL_MS = 5 * 60_000;

export function createMeteringServices(
  // only these are used: tests pass just them
  deps: Pick<MeteringDeps, 'ctx' | 'drivers' | 'systemData'> & Partial<MeteringDeps>,
  options: MeteringOptions = {},
): { metering: Metering; bills: Bills; insights: CloudInsights } {
  const metering = new MeteringService(deps, options);
  const bills = new BillsService(deps);
  const insights = new InsightsService(deps, bills);
  return { metering, bills, insights };
}

export function createMeteringPart(parts: CloudParts): CloudPart {
  // module.ts built the services above; stand-ins (tests) get services of their own for the routes and the loop.
  const metering = parts.metering instanceof MeteringService ? parts.metering : new MeteringService(parts);
  const bills = parts.bills instanceof BillsService ? parts.bills : new BillsService(parts);
  const insights = parts.insights instanceof InsightsService ? parts.insights : new InsightsService(parts, bills);
  const runs = new MeteringRuns(parts, metering, bills);
  const loop = new PollLoop({
    intervalMs: METERING_INTERVAL_MS,
    tick: () => runs.tick(),
    onError: (error) => parts.ctx.log.error({ err: error }, 'cloud metering failed'),
  });
  return {
    routes: (app) => registerMeteringRoutes(app, { bills, insights, runs }),
    start: () => loop.start(),
    stop: () => loop.stop(),
  };
}

export { BillsService } from './bills.js';
export { InsightsService } from './insights.js';
export { MeteringService, type MeteringOptions } from './metering.js';
export { MeteringRuns } from './runs.js';
