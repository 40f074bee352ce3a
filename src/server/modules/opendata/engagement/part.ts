// STUB (lead): the engagement part replaces this file.
import type { DatasetReader } from '../index.js';
import type { EngagementServices, OpendataBase, OpendataPart, OpendataParts } from '../parts.js';

export function createEngagementServices(_base: OpendataBase, _datasets: DatasetReader): EngagementServices {
  return {
    accounts: { userOf: async () => null },
    applications: { hasAccess: async () => false, status: async () => 'none' },
  };
}

export function createEngagementPart(_parts: OpendataParts): OpendataPart {
  return {};
}
