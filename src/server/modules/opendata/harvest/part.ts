// STUB (lead): the harvest part replaces this file.
import type { Harvester } from '../index.js';
import type { OpendataPart, OpendataParts } from '../parts.js';

export function createHarvester(_parts: Omit<OpendataParts, 'harvester'>): Harvester {
  return {
    run: async () => { throw new Error('harvest: not implemented'); },
    start: () => undefined,
    stop: async () => undefined,
  };
}

export function createHarvestPart(_parts: OpendataParts): OpendataPart {
  return {};
}
