// Reading a local dataset's rows through the portal's records API (/api/v1/open/datasets/{name}/records).
// preview=true marks the reads of the dataset page (they are not counted as API calls).
import { datasetPath, portalApi } from '../api';
import type { DatastoreAnswer, DatastoreFieldType } from '../types';

export interface RecordsQuery {
  filters?: Record<string, string | number | boolean>;
  q?: string;
  sort?: { field: string; direction: 'asc' | 'desc' } | null;
  limit: number;
  offset?: number;
}

export function fetchRecords(name: string, query: RecordsQuery, signal?: AbortSignal): Promise<DatastoreAnswer> {
  const filters = query.filters && Object.keys(query.filters).length ? JSON.stringify(query.filters) : undefined;
  return portalApi.get<DatastoreAnswer>(
    `${datasetPath(name)}/records`,
    {
      // The contract says preview=1; the server's schema reads a boolean, and 'true' passes either way.
      preview: 'true',
      limit: query.limit,
      offset: query.offset || undefined,
      filters,
      q: query.q?.trim() || undefined,
      sort: query.sort ? `${query.sort.field} ${query.sort.direction}` : undefined,
    },
    signal,
  );
}

/** A filter typed into a box, as the value the column holds (numbers and booleans are not strings). */
export function filterValue(type: DatastoreFieldType | undefined, text: string): string | number | boolean {
  const value = text.trim();
  if ((type === 'int' || type === 'numeric') && value !== '' && Number.isFinite(Number(value))) return Number(value);
  if (type === 'bool' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** How a cell shows: null as a dash, booleans and objects as text. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Datastore types of the catalog's data item types, for the columns known before the first answer. */
export function datastoreTypeOf(itemType: string): DatastoreFieldType {
  switch (itemType) {
    case 'integer':
      return 'int';
    case 'decimal':
      return 'numeric';
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamp';
    case 'boolean':
      return 'bool';
    default:
      return 'text';
  }
}
