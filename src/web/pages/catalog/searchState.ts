// The search page keeps its whole state in the URL so that back/forward, reload and shared links
// reproduce the same result list. These functions are the only translation between the two.
import type { SearchQuery } from './catalogApi';
import { FACET_NAMES, SORTS, type FacetName, type SearchSort } from './types';

export const DEFAULT_PAGE_SIZE = 10;
export const STATUS_FILTERS = ['published', 'draft', 'submitted', 'returned', 'retired', 'all'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface SearchState {
  q: string;
  page: number;
  pageSize: number;
  sort: SearchSort | null;
  status: StatusFilter;
  filters: Record<FacetName, string[]>;
}

function positiveInt(raw: string | null, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

export function parseSearchState(params: URLSearchParams): SearchState {
  const filters = Object.fromEntries(
    FACET_NAMES.map((name) => [name, [...new Set(params.getAll(name).filter(Boolean))]]),
  ) as Record<FacetName, string[]>;
  const sort = params.get('sort');
  const status = params.get('status');
  return {
    q: params.get('q') ?? '',
    page: positiveInt(params.get('page'), 1),
    pageSize: positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, 200),
    sort: SORTS.includes(sort as SearchSort) ? (sort as SearchSort) : null,
    status: STATUS_FILTERS.includes(status as StatusFilter) ? (status as StatusFilter) : 'published',
    filters,
  };
}

// Defaults are left out so that the plain `/catalog` link and the untouched page have the same URL.
export function toSearchParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q.trim());
  for (const name of FACET_NAMES) for (const value of state.filters[name]) params.append(name, value);
  if (state.status !== 'published') params.set('status', state.status);
  if (state.sort) params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  if (state.pageSize !== DEFAULT_PAGE_SIZE) params.set('pageSize', String(state.pageSize));
  return params;
}

/** The filters of a state as API query parameters, without paging (export uses the same filters). */
export function toFilterQuery(state: SearchState): SearchQuery {
  const query: SearchQuery = {};
  if (state.q.trim()) query.q = state.q.trim();
  for (const name of FACET_NAMES) if (state.filters[name].length) query[name] = state.filters[name];
  query.status = state.status;
  if (state.sort) query.sort = state.sort;
  return query;
}

export function toApiQuery(state: SearchState): SearchQuery {
  return { ...toFilterQuery(state), page: state.page, pageSize: state.pageSize };
}

export function toggleFilter(state: SearchState, name: FacetName, value: string): SearchState {
  const current = state.filters[name];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...state, page: 1, filters: { ...state.filters, [name]: next } };
}

export function clearFilters(state: SearchState): SearchState {
  const filters = Object.fromEntries(FACET_NAMES.map((name) => [name, []])) as unknown as Record<FacetName, string[]>;
  return { ...state, page: 1, filters };
}

export function effectiveSort(state: SearchState): SearchSort {
  return state.sort ?? (state.q.trim() ? 'relevance' : 'updated');
}
