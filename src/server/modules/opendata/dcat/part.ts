// STUB (lead): the DCAT part replaces this file.
import type { OpendataPart, OpendataParts } from '../parts.js';

export function createDcatPart(_parts: OpendataParts): OpendataPart {
  return {};
}
