/**
 * What the exchange's parts are built from. module.ts creates the shared services in dependency order
 * (stores → events → access log → loads → access) and hands this object to every part.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import type { JobRunner } from '../../platform/jobs.js';
import type { SecretBox } from '../../platform/secret-box.js';
import type { DirectoryReader } from '../directory/index.js';
import type { AccessLogWriter, AccessService, ExchangeEvents, LoadService, StoreRegistry } from './index.js';

export interface ExchangeParts {
  ctx: AppContext;
  directory: DirectoryReader;
  jobs: JobRunner;
  secrets: SecretBox;
  stores: StoreRegistry;
  events: ExchangeEvents;
  accessLog: AccessLogWriter;
  loads: LoadService;
  access: AccessService;
}

/** A part contributes routes and, optionally, background work started with the server. */
export interface ExchangePart {
  routes?(app: FastifyInstance): void | Promise<void>;
  start?(): void;
  stop?(): Promise<void>;
}
