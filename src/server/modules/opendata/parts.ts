/**
 * What the open data parts are built from. module.ts creates the shared services in dependency order
 * (publish → search → engagement → harvest) and hands this object to every part.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import type { JobRunner } from '../../platform/jobs.js';
import type { CatalogService } from '../catalog/index.js';
import type { DirectoryReader } from '../directory/index.js';
import type { ExchangeModule } from '../exchange/index.js';
import type { Applications, DatasetReader, Datastore, Harvester, PortalAccounts, Publisher, SearchIndex, Usage } from './index.js';

/** The platform services every part may use. */
export interface OpendataBase {
  ctx: AppContext;
  directory: DirectoryReader;
  catalog: CatalogService;
  /** The stores (records of local datasets) and their change events. */
  exchange: Pick<ExchangeModule, 'stores' | 'events'>;
  jobs: JobRunner;
}

export interface PublishServices {
  datasets: DatasetReader;
  datastore: Datastore;
  usage: Usage;
  publisher: Publisher;
}

export interface EngagementServices {
  accounts: PortalAccounts;
  applications: Applications;
}

export interface OpendataParts extends OpendataBase, PublishServices, EngagementServices {
  search: SearchIndex;
  harvester: Harvester;
}

/** A part contributes routes and, optionally, background work started with the server. */
export interface OpendataPart {
  routes?(app: FastifyInstance): void | Promise<void>;
  start?(): void;
  stop?(): Promise<void>;
}
