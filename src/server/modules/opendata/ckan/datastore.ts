/**
 * datastore_search (ckanext/datastore): a local dataset's records through the publish part's Datastore, with
 * CKAN's parameters, limits, field checks, result shape and `_links`. Conditionally open datasets answer 403
 * unless the caller's portal session holds an approved application (never for JSONP).
 */
import { DomainError } from '../../../platform/errors.js';
import type { Dataset, DatastoreQuery } from '../index.js';
import { requireDataAccess } from '../publish/portal.js';
import { datasetPageUrl } from '../urls.js';
import type { ActionContext } from './actions.js';
import { accessDenied, invalid, notFound } from './errors.js';
import { readBool, readList, readNatural, readObject, readString, type Params } from './params.js';

export const DATASTORE_LIMIT_DEFAULT = 100;
export const DATASTORE_ROWS_MAX = 32000;

/** The keys of CKAN's datastore_search_schema; anything else is `__junk`. */
const KNOWN = new Set([
  'resource_id', 'id', 'q', 'full_text', 'plain', 'filters', 'language', 'limit', 'offset', 'fields', 'sort', 'distinct',
  'include_total', 'total_estimation_threshold', 'records_format',
]);
const RECORD_FORMATS = ['objects', 'lists', 'csv', 'tsv'] as const;
type RecordsFormat = (typeof RECORD_FORMATS)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type FilterValue = NonNullable<DatastoreQuery['filters']>[string];

function readFilters(params: Params, columns: ReadonlySet<string>): DatastoreQuery['filters'] {
  const filters = readObject(params, 'filters');
  if (!filters) return null;
  const out: Record<string, FilterValue> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (!columns.has(key)) throw invalid({ filters: [`invalid value "${key}"`] });
    const scalar = (item: unknown) => item === null || ['string', 'number', 'boolean'].includes(typeof item);
    if (Array.isArray(value) ? !value.every((item) => item !== null && scalar(item)) : !scalar(value)) {
      throw invalid({ filters: [`invalid value for "${key}": use a value or a list of values`] });
    }
    out[key] = value as FilterValue;
  }
  return out;
}

/** A string over every column, or {column: text} (CKAN's unicode_or_json_validator). */
function readQ(params: Params, columns: ReadonlySet<string>): DatastoreQuery['q'] {
  const raw = params.q ?? params.full_text;
  if (raw === undefined || raw === null || raw === '') return null;
  let value: unknown = raw;
  if (typeof raw === 'string' && raw.trim().startsWith('{')) {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      value = raw;
    }
  }
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, string> = {};
    for (const [key, text] of Object.entries(value)) {
      if (!columns.has(key) || typeof text !== 'string') throw invalid({ q: [`invalid value "${key}"`] });
      out[key] = text;
    }
    return out;
  }
  throw invalid({ q: ['Must be a string or a JSON object'] });
}

/** "town, routes desc" / ["town", "routes desc"] / '"stop name" desc nulls last'. */
function readSort(params: Params, columns: ReadonlySet<string>): DatastoreQuery['sort'] {
  const clauses = readList(params, 'sort', { json: false });
  if (!clauses?.length) return null;
  return clauses.map((clause) => {
    const match = /^(?:"((?:[^"]|"")+)"|(\S+))(?:\s+(asc|desc))?(?:\s+nulls\s+(?:first|last))?$/i.exec(clause.trim());
    const field = match ? (match[1]?.replace(/""/g, '"') ?? match[2]) : null;
    if (!match || !field || !columns.has(field)) throw invalid({ sort: [`invalid value "${clause}"`] });
    return { field, direction: (match[3]?.toLowerCase() ?? 'asc') as 'asc' | 'desc' };
  });
}

/** The dataset whose records a resource id (or, as a CKAN alias, a local dataset's name or id) stands for. */
async function resolveDataset(context: ActionContext, resourceId: string): Promise<{ dataset: Dataset; resourceId: string }> {
  const { datasets } = context.parts;
  if (UUID.test(resourceId)) {
    const found = await datasets.resource(resourceId);
    if (found?.resource.datastoreActive) return { dataset: found.dataset, resourceId };
    if (found) throw notFound(`Resource "${resourceId}" was not found.`);
  }
  const dataset = await datasets.get(resourceId);
  const first = dataset?.resources.filter((resource) => resource.datastoreActive).sort((a, b) => a.position - b.position)[0];
  if (dataset && first) return { dataset, resourceId: first.id };
  throw notFound(`Resource "${resourceId}" was not found.`);
}

/** The portal's own rule (publish/portal.ts); its refusals (no portal user, no approved application) answer false. */
async function mayRead(context: ActionContext, dataset: Dataset): Promise<boolean> {
  if (dataset.openType === 'open') return true;
  if (context.anonymous) return false;
  return requireDataAccess(context.parts, context.request, dataset).then(
    () => true,
    (error: unknown) => {
      if (error instanceof DomainError && error.status < 500) return false;
      throw error;
    },
  );
}

function csvCell(value: unknown, separator: string): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CKAN's `_links`: the request's own URL without the offset, and with offset + limit. A POST's URL carries no
 * parameters, so the resource id is added where the URL lacks it (the links then lead somewhere useful).
 */
function links(context: ActionContext, resourceId: string, limit: number, offset: number) {
  const [path, rawQuery = ''] = context.request.url.split('?');
  const given = new URLSearchParams(rawQuery);
  const query = given.has('resource_id') || given.has('id') ? given.toString() : `resource_id=${encodeURIComponent(resourceId)}${rawQuery ? `&${given.toString()}` : ''}`;
  const start = new URLSearchParams(query);
  start.delete('offset');
  const next = new URLSearchParams(query);
  next.set('offset', String(offset + limit));
  const url = (search: URLSearchParams) => {
    const text = search.toString();
    return text ? `${path}?${text}` : path;
  };
  if (offset - limit <= 0) return { start: url(start), next: url(next) };
  const prev = new URLSearchParams(query);
  prev.set('offset', String(offset - limit));
  return { start: url(start), next: url(next), prev: url(prev) };
}

export async function datastoreSearch(context: ActionContext) {
  const { params } = context;
  const resourceId = readString(params, 'resource_id') ?? readString(params, 'id');
  if (!resourceId) throw invalid({ resource_id: ['Missing value'] });
  if (Object.keys(params).some((key) => !KNOWN.has(key))) throw invalid({ __junk: ['The input field __junk was not expected.'] });
  const limit = Math.min(readNatural(params, 'limit') ?? DATASTORE_LIMIT_DEFAULT, DATASTORE_ROWS_MAX);
  const offset = readNatural(params, 'offset');
  const includeTotal = readBool(params, 'include_total', true);
  if (readBool(params, 'distinct', false)) throw invalid({ distinct: ['distinct is not supported'] });
  readBool(params, 'plain', true);
  const recordsFormat = (readString(params, 'records_format') ?? 'objects') as RecordsFormat;
  if (!RECORD_FORMATS.includes(recordsFormat)) throw invalid({ records_format: [`Value must be one of ['objects', 'lists', 'csv', 'tsv']`] });

  const { dataset, resourceId: realId } = await resolveDataset(context, resourceId);
  if (!(await mayRead(context, dataset))) {
    throw accessDenied(`the data of "${dataset.name}" is conditionally open; apply for access at ${datasetPageUrl(context.base, dataset.name)}`);
  }

  const columns = new Set(['_id', ...dataset.fields.map((field) => field.name)]);
  const fields = readList(params, 'fields', { json: true });
  for (const field of fields ?? []) if (!columns.has(field)) throw invalid({ fields: [`invalid value "${field}"`] });
  const filters = readFilters(params, columns);
  const q = readQ(params, columns);
  const sort = readSort(params, columns);

  const answer = await context.parts.datastore.search(dataset, {
    fields: fields?.length ? fields : null, filters, q, sort, limit, offset: offset ?? 0, includeTotal,
  });
  context.parts.usage.count(dataset.id, 'api');

  const order = answer.fields.map((field) => field.id);
  let records: unknown = answer.records;
  if (recordsFormat === 'lists') records = answer.records.map((record) => order.map((id) => record[id] ?? null));
  else if (recordsFormat === 'csv' || recordsFormat === 'tsv') {
    const separator = recordsFormat === 'csv' ? ',' : '\t';
    records = answer.records.map((record) => `${order.map((id) => csvCell(record[id], separator)).join(separator)}\n`).join('');
  }
  return {
    include_total: includeTotal,
    limit,
    ...(offset !== undefined ? { offset } : {}),
    records_format: recordsFormat,
    resource_id: realId,
    total_estimation_threshold: null,
    ...(params.filters !== undefined ? { filters: filters ?? {} } : {}),
    ...(q !== null ? { q } : {}),
    ...(sort ? { sort: readString(params, 'sort') ?? sort.map((key) => `${key.field} ${key.direction}`).join(', ') } : {}),
    fields: answer.fields,
    records,
    _links: links(context, resourceId, limit, offset ?? 0),
    ...(includeTotal ? { total: answer.total ?? 0, total_was_estimated: false } : {}),
  };
}
