/**
 * The query part: the records API for business systems (filters, masking, rate limits, bulk export), the
 * provider's console preview, and — in access-log.ts — the group-committed, hash-chained access log that
 * module.ts builds for every part.
 */
import type { ExchangePart, ExchangeParts } from '../parts.js';
import { registerQueryRoutes } from './routes.js';
import { QueryService } from './service.js';

export { maskValue, presentRecord, compileConditions, checkAgainstGrant, rowPresenter } from './enforce.js';

export function createQueryPart(parts: ExchangeParts): ExchangePart {
  const service = new QueryService(parts);
  return {
    routes(app) {
      registerQueryRoutes(app, service);
    },
  };
}
