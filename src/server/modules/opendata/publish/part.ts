/**
 * The publish part: datasets (reading, publishing, versions), the datastore over the stores, downloads, usage
 * counts and the portal's dataset API. docs/opendata/publishing.md.
 */
import type { OpendataBase, OpendataPart, OpendataParts, PublishServices } from '../parts.js';
import { DatastoreImpl } from './datastore.js';
import { PortalQueries } from './portal.js';
import { PublisherImpl } from './publisher.js';
import { chinaDay, DatasetReaderImpl } from './reader.js';
import { registerPublishRoutes } from './routes.js';
import { UsageImpl } from './usage.js';

export function createPublishServices(base: OpendataBase): PublishServices {
  const usage = new UsageImpl(base.ctx.db, base.ctx.log, () => chinaDay());
  const datasets = new DatasetReaderImpl(base.ctx.db, usage);
  const datastore = new DatastoreImpl(base.ctx.db, base.exchange.stores);
  const publisher = new PublisherImpl(base);
  return { datasets, datastore, usage, publisher };
}

export function createPublishPart(parts: OpendataParts): OpendataPart {
  const { datasets, datastore, publisher, usage } = parts;
  if (!(datasets instanceof DatasetReaderImpl) || !(datastore instanceof DatastoreImpl) || !(publisher instanceof PublisherImpl) || !(usage instanceof UsageImpl)) {
    throw new Error('the publish part needs the services made by createPublishServices');
  }
  const portal = new PortalQueries(parts.ctx.db, datasets, usage);
  return {
    routes: (app) => registerPublishRoutes(app, { parts, reader: datasets, datastore, publisher, portal }),
    start() {
      usage.start();
      publisher.start();
    },
    async stop() {
      await publisher.stop();
      await usage.stop();
    },
  };
}
