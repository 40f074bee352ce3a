// STUB (lead): the CKAN part replaces this file.
import type { OpendataPart, OpendataParts } from '../parts.js';

export function createCkanPart(_parts: OpendataParts): OpendataPart {
  return {};
}
