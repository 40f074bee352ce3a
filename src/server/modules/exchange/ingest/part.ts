/**
 * The ingest part: the load service (core in load-service.ts, parsers in parse.ts), the push, upload and
 * load-history routes (routes.ts, upload.ts) and the job that loads uploaded files.
 */
import type { LoadService } from '../index.js';
import type { ExchangePart, ExchangeParts } from '../parts.js';
import { createLoadServiceCore } from './load-service.js';
import { parseRecords } from './parse.js';
import { registerIngestRoutes } from './routes.js';
import { registerLoadFileJob } from './upload.js';

export function createLoadService(parts: Omit<ExchangeParts, 'loads' | 'access'>): LoadService {
  return { ...createLoadServiceCore(parts), parse: parseRecords };
}

export function createIngestPart(parts: ExchangeParts): ExchangePart {
  registerLoadFileJob(parts);
  return { routes: (app) => registerIngestRoutes(app, parts) };
}
