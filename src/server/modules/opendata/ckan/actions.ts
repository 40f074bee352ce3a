/**
 * The CKAN actions we emulate (CKAN 2.10/2.11, ckan/logic/action/get.py and ckanext/datastore/logic/action.py),
 * each reading its parameters the way CKAN's schema does and answering CKAN's result shape.
 */
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Dataset, SearchField, SearchFilter, SearchQuery, SearchResult } from '../index.js';
import type { OpendataParts } from '../parts.js';
import { LICENCES, THEMES, THEME_BY_KEY } from '../vocabulary.js';
import { datastoreSearch } from './datastore.js';
import { groupDict, groupId, licenseDict, organizationDict, packageDict, resourceDict, tagDict } from './dictize.js';
import { CkanError, invalid, notFound, pyListRepr, searchQueryError } from './errors.js';
import { readBool, readInt, readList, readNatural, readString, requireString, type Params } from './params.js';
import { buildSearch, DEFAULT_SORT, mentionsField, parseSolrQuery, parseSort, type QueryNode } from './query.js';

export interface ActionContext {
  parts: OpendataParts;
  /** The portal's base URL (absolute links). */
  base: string;
  params: Params;
  request: FastifyRequest;
  /** JSONP requests run as nobody (as in CKAN): no portal session counts. */
  anonymous: boolean;
}

export interface Action {
  /** The docstring help_show returns. */
  help: string;
  run(context: ActionContext): Promise<unknown>;
}

/** The version CKAN clients see in status_show; the actions and shapes follow CKAN 2.10/2.11. */
export const CKAN_VERSION = '2.10.5';

// ---------------------------------------------------------------- package_search

/** The Solr parameters CKAN passes on (ckan/lib/search/query.py VALID_SOLR_PARAMETERS) and those package_search consumes itself. */
const PACKAGE_SEARCH_PARAMETERS = new Set([
  'q', 'fl', 'fq', 'rows', 'sort', 'start', 'wt', 'qf', 'bf', 'boost', 'facet', 'facet.mincount', 'facet.limit',
  'facet.field', 'extras', 'fq_list', 'tie', 'defType', 'mm', 'df',
  'include_private', 'include_drafts', 'include_deleted', 'use_default_schema',
]);

/** CKAN facet field names → the index's fields. */
const FACET_FIELDS: Record<string, SearchField> = {
  organization: 'organization', groups: 'groups', tags: 'tags', res_format: 'res_format', license_id: 'license_id',
  frequency: 'frequency', name: 'name', id: 'id', open_type: 'open_type', source: 'source',
};

export const ROWS_MAX = 1000;
const FACET_LIMIT_DEFAULT = 50;

async function organizationNames(parts: OpendataParts, nodes: QueryNode[]): Promise<Map<string, string> | undefined> {
  if (!nodes.some((node) => mentionsField(node, 'owner_org'))) return undefined;
  const organizations = await parts.datasets.organizations();
  return new Map(organizations.map((organization) => [organization.id, organization.name]));
}

function queryText(params: Params, key: string): string | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(' ');
  throw invalid({ [key]: ['Must be a string'] });
}

async function packageSearch(context: ActionContext) {
  const { params, parts, base } = context;
  // The schema first (409), as CKAN validates before it hands the rest to Solr.
  const rows = Math.min(readNatural(params, 'rows') ?? 10, ROWS_MAX);
  const start = readNatural(params, 'start') ?? 0;
  const facetMincount = readNatural(params, 'facet.mincount') ?? 1;
  const facetLimitRaw = readInt(params, 'facet.limit') ?? FACET_LIMIT_DEFAULT;
  const facetFields = readList(params, 'facet.field') ?? [];
  const fl = readList(params, 'fl', { separator: /[\s,]+/ });
  const fqList = readList(params, 'fq_list', { separator: /\n/ }) ?? [];
  const facet = readBool(params, 'facet', true);
  readBool(params, 'include_private', false);
  readBool(params, 'include_drafts', false);
  readBool(params, 'include_deleted', false);
  // Then what Solr would refuse (400).
  const unknown = Object.keys(params).filter((key) => !PACKAGE_SEARCH_PARAMETERS.has(key) && !key.startsWith('ext_'));
  if (unknown.length) throw searchQueryError(`Invalid search parameters: ${pyListRepr(unknown)}`);

  let q = queryText(params, 'q')?.trim() ?? '';
  if (q === '""' || q === "''") q = '';
  const sortText = queryText(params, 'sort')?.trim();
  const sort = !sortText || sortText === 'rank' ? DEFAULT_SORT : sortText;
  const qNode = parseSolrQuery(q, 'q');
  const fqText = queryText(params, 'fq')?.trim() ?? '';
  const fqNodes = [fqText, ...fqList].filter(Boolean).map((text) => parseSolrQuery(text, 'fq'));
  const built = buildSearch(qNode, fqNodes, { organizationNameById: await organizationNames(parts, [qNode, ...fqNodes]) });

  const requestedFacets = facet ? facetFields : [];
  const searchFacets = [...new Set(requestedFacets.map((field) => FACET_FIELDS[field]).filter(Boolean))];
  const query: SearchQuery = {
    text: built.text,
    filter: built.filter,
    sort: parseSort(sort),
    start,
    rows,
    facetFields: searchFacets,
    facetLimit: facetLimitRaw < 0 ? -1 : facetLimitRaw,
    facetMincount,
  };
  const result: SearchResult = built.nothing ? { count: 0, ids: [], facets: {} } : await parts.search.search(query);
  const datasets = result.ids.length ? await parts.datasets.getMany(result.ids) : [];

  const results = datasets.map((dataset) => {
    const dict = packageDict(base, dataset) as Record<string, unknown>;
    return fl?.length ? Object.fromEntries(fl.map((key) => [key, dict[key] ?? null])) : dict;
  });
  const facets: Record<string, Record<string, number>> = {};
  const search_facets: Record<string, { title: string; items: Array<{ name: string; display_name: string; count: number }> }> = {};
  for (const field of requestedFacets) {
    const searchField = FACET_FIELDS[field];
    const values = searchField ? result.facets[searchField] ?? [] : [];
    facets[field] = Object.fromEntries(values.map((entry) => [entry.value, entry.count]));
    search_facets[field] = {
      title: field,
      items: values.map((entry) => ({ name: entry.value, display_name: parts.search.label(searchField, entry.value), count: entry.count })),
    };
  }
  return { count: result.count, facets, results, sort, search_facets };
}

// ---------------------------------------------------------------- packages and resources

async function packageList(context: ActionContext) {
  const limit = readNatural(context.params, 'limit');
  const offset = readNatural(context.params, 'offset');
  // Byte order (COLLATE "C"): the same list on every database, whatever its locale.
  let query = context.parts.ctx.db.selectFrom('opendata_datasets').select('name').where('state', '=', 'active').orderBy(sql`name COLLATE "C"`);
  if (limit) query = query.limit(limit);
  if (offset) query = query.offset(offset);
  const rows = await query.execute();
  return rows.map((row) => row.name);
}

async function datasetOf(context: ActionContext): Promise<Dataset> {
  const { params } = context;
  const id = readString(params, 'id') || requireString(params, 'name_or_id');
  const dataset = await context.parts.datasets.get(id);
  if (!dataset) throw notFound();
  return dataset;
}

async function packageShow(context: ActionContext) {
  const dataset = await datasetOf(context);
  const dict: Record<string, unknown> = packageDict(context.base, dataset);
  if (readBool(context.params, 'include_tracking', false)) {
    const usage = await context.parts.datasets.usage(dataset.id);
    const recentDays = usage.daily.slice(-14);
    dict.tracking_summary = { total: usage.views, recent: recentDays.reduce((sum, day) => sum + day.views, 0) };
  }
  return dict;
}

async function resourceShow(context: ActionContext) {
  const id = requireString(context.params, 'id');
  const found = await context.parts.datasets.resource(id);
  if (!found) throw notFound();
  return resourceDict(context.base, found.dataset, found.resource);
}

// ---------------------------------------------------------------- organisations and groups

interface ListOptions {
  sortField: 'name' | 'title' | 'package_count';
  sortDirection: 'asc' | 'desc';
  limit: number;
  offset: number;
  allFields: boolean;
  includeDatasetCount: boolean;
  names: string[] | null;
  q: string;
}

/** CKAN's _group_or_org_list parameters: sort ('title' by default), paging capped at 1000 (25 with all_fields). */
function listOptions(params: Params, namesKey: string): ListOptions {
  const limit = readNatural(params, 'limit');
  const offset = readNatural(params, 'offset') ?? 0;
  const allFields = readBool(params, 'all_fields', false);
  const max = allFields ? 25 : 1000;
  let sort = (readString(params, 'sort') || readString(params, 'order_by') || 'title').trim();
  if (sort === 'packages' || sort === 'package_count') sort = 'package_count desc';
  const [field, direction = 'asc', extra] = sort.split(/\s+/);
  const sortField = field === 'packages' ? 'package_count' : field;
  if (extra !== undefined || !['name', 'title', 'package_count'].includes(sortField)) throw new CkanError('Validation Error', `Cannot sort by field \`${field}\``, { message: `Cannot sort by field \`${field}\`` });
  if (direction !== 'asc' && direction !== 'desc') throw new CkanError('Validation Error', `Invalid sort direction \`${direction}\``, { message: `Invalid sort direction \`${direction}\`` });
  return {
    sortField: sortField as ListOptions['sortField'],
    sortDirection: direction,
    limit: !limit || limit > max ? max : limit,
    offset,
    allFields,
    includeDatasetCount: readBool(params, 'include_dataset_count', true),
    names: readList(params, namesKey) ?? null,
    q: (readString(params, 'q') ?? '').trim().toLowerCase(),
  };
}

function applyList<T extends { name: string; title: string; description: string; count: number }>(items: T[], options: ListOptions): T[] {
  let list = items;
  if (options.names) list = list.filter((item) => options.names!.includes(item.name));
  if (options.q) list = list.filter((item) => [item.name, item.title, item.description].some((text) => text.toLowerCase().includes(options.q)));
  const sign = options.sortDirection === 'asc' ? 1 : -1;
  list = [...list].sort((a, b) => {
    const primary = options.sortField === 'package_count' ? a.count - b.count : (a[options.sortField] < b[options.sortField] ? -1 : a[options.sortField] > b[options.sortField] ? 1 : 0);
    return sign * primary || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  });
  return list.slice(options.offset, options.offset + options.limit);
}

function withoutCount<T extends { package_count: number }>(dict: T, include: boolean): Omit<T, 'package_count'> | T {
  if (include) return dict;
  const { package_count: _count, ...rest } = dict;
  return rest;
}

async function organizationList(context: ActionContext) {
  const options = listOptions(context.params, 'organizations');
  const organizations = await context.parts.datasets.organizations();
  const items = organizations.map((organization) => ({ ...organization, count: organization.datasetCount }));
  const page = applyList(items, options);
  if (!options.allFields) return page.map((item) => item.name);
  return page.map((item) => withoutCount(organizationDict(item, item.count), options.includeDatasetCount));
}

/** The first datasets of a group or organisation (include_datasets), newest first. */
async function datasetsWhere(context: ActionContext, filter: SearchFilter, rows: number) {
  const result = await context.parts.search.search({ filter, start: 0, rows, sort: [{ field: 'metadata_modified', direction: 'desc' }] });
  const datasets = result.ids.length ? await context.parts.datasets.getMany(result.ids) : [];
  return datasets.map((dataset) => packageDict(context.base, dataset));
}

async function organizationShow(context: ActionContext) {
  const id = requireString(context.params, 'id');
  const organization = await context.parts.datasets.organization(id);
  if (!organization) throw notFound();
  const dict: Record<string, unknown> = {
    ...organizationDict(organization, organization.datasetCount),
    extras: organization.titleEn ? [{ key: 'title_en', value: organization.titleEn }] : [],
    groups: [],
    tags: [],
    users: [],
  };
  if (readBool(context.params, 'include_datasets', false)) {
    dict.packages = await datasetsWhere(context, { kind: 'term', field: 'organization', value: organization.name }, 1000);
  }
  return dict;
}

async function themeCounts(context: ActionContext): Promise<Map<string, number>> {
  const result = await context.parts.search.search({ start: 0, rows: 0, facetFields: ['groups'], facetLimit: -1, facetMincount: 1 });
  return new Map((result.facets.groups ?? []).map((entry) => [entry.value, entry.count]));
}

async function groupList(context: ActionContext) {
  const options = listOptions(context.params, 'groups');
  const counts = await themeCounts(context);
  const items = THEMES.map((theme) => ({ name: theme.key, title: theme.title, description: theme.titleEn, count: counts.get(theme.key) ?? 0 }));
  const page = applyList(items, options);
  if (!options.allFields) return page.map((item) => item.name);
  return page.map((item) => withoutCount(groupDict(item.name, item.count), options.includeDatasetCount));
}

async function groupShow(context: ActionContext) {
  const id = requireString(context.params, 'id');
  const theme = THEME_BY_KEY.get(id) ?? THEMES.find((entry) => groupId(entry.key) === id);
  if (!theme) throw notFound();
  const counts = await themeCounts(context);
  const dict: Record<string, unknown> = { ...groupDict(theme.key, counts.get(theme.key) ?? 0), groups: [], tags: [], users: [] };
  if (readBool(context.params, 'include_datasets', false)) {
    dict.packages = await datasetsWhere(context, { kind: 'term', field: 'groups', value: theme.key }, 1000);
  }
  return dict;
}

// ---------------------------------------------------------------- tags, licences, status, help

async function tagList(context: ActionContext) {
  const { params } = context;
  const vocabulary = readString(params, 'vocabulary_id');
  if (vocabulary) throw notFound(`Could not find vocabulary "${vocabulary}"`);
  const query = (readString(params, 'query') ?? readString(params, 'q') ?? '').trim().toLowerCase();
  const allFields = readBool(params, 'all_fields', false);
  const result = await context.parts.search.search({ start: 0, rows: 0, facetFields: ['tags'], facetLimit: -1, facetMincount: 1 });
  const names = (result.facets.tags ?? [])
    .map((entry) => entry.value)
    .filter((name) => !query || name.toLowerCase().includes(query))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return allFields ? names.map(tagDict) : names;
}

async function licenseList() {
  return LICENCES.map(licenseDict);
}

async function statusShow(context: ActionContext) {
  return {
    ckan_version: CKAN_VERSION,
    site_title: '中枢 · 数据开放',
    site_description: 'Zhongshu (中枢) open data portal: a CKAN 2.10-compatible Action API over the government\'s open datasets.',
    site_url: context.base,
    error_emails_to: null,
    locale_default: 'zh_Hans_CN',
    extensions: ['datastore', 'dcat'],
  };
}

async function helpShow(context: ActionContext) {
  const name = requireString(context.params, 'name');
  const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
  if (!action) throw notFound('Action function not found');
  return action.help;
}

export const ACTIONS: Record<string, Action> = {
  status_show: { help: 'Return a dictionary with information about the site\'s configuration.\n\n:rtype: dictionary', run: statusShow },
  package_list: {
    help: 'Return a list of the names of the site\'s datasets (packages).\n\n:param limit: if given, the list of datasets will be broken into pages of at most ``limit`` datasets per page and only one page will be returned at a time (optional)\n:type limit: int\n:param offset: when ``limit`` is given, the offset to start returning packages from\n:type offset: int\n\n:rtype: list of strings',
    run: packageList,
  },
  package_search: {
    help: 'Searches for packages satisfying a given search criteria.\n\n:param q: the solr query (words, field:value, "phrases"). Optional. Default: ``"*:*"``\n:param fq: filter queries (organization:, groups:, tags:, res_format:, license_id:, name:, id:, metadata_modified:[<iso> TO *], -negation, OR, parentheses)\n:param sort: comma-separated field names and orderings. Default: ``\'score desc, metadata_modified desc\'``\n:param rows: maximum number of datasets to return (default 10, upper limit 1000)\n:param start: offset in the complete result\n:param facet.field: the fields to facet upon (JSON list)\n:param facet.limit: maximum number of values per facet (default 50, negative = unlimited)\n:param facet.mincount: minimum count of a facet value\n\n:rtype: dictionary with count, results, facets, search_facets, sort',
    run: packageSearch,
  },
  package_show: {
    help: 'Return the metadata of a dataset (package) and its resources.\n\n:param id: the id or name of the dataset\n:type id: string\n:param use_default_schema: ignored (there is one schema)\n:param include_tracking: add tracking information to the dataset (default: False)\n\n:rtype: dictionary',
    run: packageShow,
  },
  resource_show: { help: 'Return the metadata of a resource.\n\n:param id: the id of the resource\n:type id: string\n\n:rtype: dictionary', run: resourceShow },
  organization_list: {
    help: 'Return a list of the names of the site\'s organizations.\n\n:param sort: \'name\', \'title\' or \'package_count\' with asc/desc (default: \'title asc\')\n:param limit: at most 1000 (25 with all_fields)\n:param offset: offset of the first organization\n:param organizations: only these names\n:param all_fields: return full dictionaries (default: False)\n:param include_dataset_count: with all_fields, include package_count (default: True)\n\n:rtype: list of strings',
    run: organizationList,
  },
  organization_show: {
    help: 'Return the details of an organization.\n\n:param id: the id or name of the organization\n:param include_datasets: include up to 1000 of the organization\'s datasets (default: False)\n\n:rtype: dictionary',
    run: organizationShow,
  },
  group_list: {
    help: 'Return a list of the names of the site\'s groups (the EU data themes).\n\n:param sort: \'name\', \'title\' or \'package_count\' with asc/desc (default: \'title asc\')\n:param limit, offset, groups, all_fields, include_dataset_count: as organization_list\n\n:rtype: list of strings',
    run: groupList,
  },
  group_show: {
    help: 'Return the details of a group (an EU data theme).\n\n:param id: the id or name of the group\n:param include_datasets: include up to 1000 of the group\'s datasets (default: False)\n\n:rtype: dictionary',
    run: groupShow,
  },
  tag_list: {
    help: 'Return a list of the site\'s tags.\n\n:param query: a tag name query to search for (substring)\n:param all_fields: return full tag dictionaries (default: False)\n\n:rtype: list of strings',
    run: tagList,
  },
  license_list: { help: 'Return the list of licenses available for datasets on the site.\n\n:rtype: list of dictionaries', run: licenseList },
  datastore_search: {
    help: 'Search a DataStore resource.\n\n:param resource_id: id (or dataset name) of the resource\n:param filters: matching conditions, e.g. {"key1": "a", "key2": ["b", "c"]}\n:param q: full text query: a string over all fields or {"field": "text"}\n:param fields: fields to return (list or comma-separated string)\n:param sort: comma-separated field names with ordering, e.g. "fieldname1, fieldname2 desc"\n:param limit: maximum number of rows (default 100, upper limit 32000)\n:param offset: offset this number of rows\n:param include_total: return the total matching record count (default: true)\n:param records_format: objects (default), lists, csv or tsv\n\n:rtype: dictionary with fields, records, total, _links',
    run: datastoreSearch,
  },
  help_show: { help: 'Return the help string for a particular API action.\n\n:param name: Action function name (eg `package_search`)\n:type name: string\n\n:returns: The help string for the action function\n:rtype: string', run: helpShow },
};
