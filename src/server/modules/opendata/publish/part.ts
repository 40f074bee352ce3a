// STUB (lead): the publish part replaces this file.
import type { DatasetReader } from '../index.js';
import type { OpendataBase, OpendataPart, OpendataParts, PublishServices } from '../parts.js';

export function createPublishServices(_base: OpendataBase): PublishServices {
  const missing = () => { throw new Error('publish: not implemented'); };
  const datasets = new Proxy({}, { get: () => missing }) as DatasetReader;
  return {
    datasets,
    datastore: { search: missing },
    usage: { count: () => undefined, flush: async () => undefined, totals: async () => new Map() },
    publisher: { syncAll: missing, start: () => undefined, stop: async () => undefined },
  };
}

export function createPublishPart(_parts: OpendataParts): OpendataPart {
  return {};
}
