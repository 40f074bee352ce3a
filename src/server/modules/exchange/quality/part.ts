/**
 * The quality part: scores per resource (service.ts, arithmetic in scoring.ts), freshness alarms, the dashboard
 * API (queries.ts, routes.ts). start() listens for loads (debounced measurement, alarm clearing) and runs the
 * sweep every ten minutes: freshness alarms, then the daily re-measurement of stores.
 */
import type { ExchangePart, ExchangeParts } from '../parts.js';
import { QualityQueries } from './queries.js';
import { registerQualityRoutes } from './routes.js';
import { QualityService, type QualityOptions } from './service.js';

export const SWEEP_INTERVAL_MS = 10 * 60_000;
/** The first sweep runs shortly after start-up, not at once (the server is still warming up). */
const FIRST_SWEEP_MS = 30_000;

export interface QualityPart extends ExchangePart {
  service: QualityService;
  queries: QualityQueries;
  /** One freshness sweep (raise and clear alarms); exported for tests. */
  sweepOnce(now?: Date): Promise<{ raised: string[]; cleared: string[] }>;
  /** The whole periodic tick: freshness sweep, then the daily re-measurement. */
  tick(): Promise<void>;
}

export function createQualityService(parts: Pick<ExchangeParts, 'ctx' | 'stores' | 'events' | 'directory'>, options: QualityOptions = {}): QualityService {
  return new QualityService(parts, options);
}

export function createQualityPart(parts: Pick<ExchangeParts, 'ctx' | 'stores' | 'events' | 'directory'>, options: QualityOptions = {}): QualityPart {
  const service = createQualityService(parts, options);
  const queries = new QualityQueries(service.repo, parts.directory);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  const tick = async (): Promise<void> => {
    if (running) return running;
    running = (async () => {
      try {
        await service.sweepOnce();
        await service.measureDue();
      } catch (error) {
        parts.ctx.log.warn({ err: error }, 'exchange quality sweep failed');
      } finally {
        running = null;
      }
    })();
    return running;
  };

  return {
    service,
    queries,
    sweepOnce: (now) => service.sweepOnce(now),
    tick,
    routes: (app) => registerQualityRoutes(app, { service, queries }),
    start() {
      service.listen();
      if (timer) return;
      const first = setTimeout(() => {
        void tick();
        timer = setInterval(() => void tick(), SWEEP_INTERVAL_MS);
        timer.unref();
      }, FIRST_SWEEP_MS);
      first.unref();
      timer = first;
    },
    async stop() {
      if (timer) {
        clearTimeout(timer);
        clearInterval(timer);
        timer = null;
      }
      await service.stop();
      await running;
    },
  };
}
