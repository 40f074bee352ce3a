/**
 * The pull part (数据归集: 定时抽取): database sources, scheduled pulls and their runner. See runner.ts for the
 * run semantics and docs/exchange/pull.md for the API.
 */
import type { ExchangePart, ExchangeParts } from '../parts.js';
import { registerPullRoutes } from './routes.js';
import { PullRunner, type PullRunnerOptions } from './runner.js';
import { PullService } from './service.js';

export interface PullPart extends ExchangePart {
  service: PullService;
  runner: PullRunner;
}

export function createPullPart(parts: ExchangeParts, options: PullRunnerOptions = {}): PullPart {
  const runner = new PullRunner(parts, options);
  const service = new PullService(parts, runner);
  return {
    service,
    runner,
    routes: (app) => registerPullRoutes(app, service),
    start: () => runner.start(),
    stop: () => runner.stop(),
  };
}

export { runPullNow, PullRunner, type PullRunnerOptions } from './runner.js';
export { parseCron, nextOccurrence } from './cron.js';
