// STUB (lead): the search part replaces this file.
import type { DatasetReader, SearchIndex } from '../index.js';
import type { OpendataBase, OpendataPart, OpendataParts } from '../parts.js';

export function createSearchIndex(_base: OpendataBase, _datasets: DatasetReader): SearchIndex {
  const missing = () => { throw new Error('search: not implemented'); };
  return { search: missing, refresh: missing, label: (_field, value) => value };
}

export function createSearchPart(_parts: OpendataParts): OpendataPart {
  return {};
}
