// Where the benchmark meets the catalog module's search: the same service call the HTTP route makes
// (GET /api/v1/catalog/resources), facets included, as a department operator.
import type { Platform } from '../../src/server/app.js';
import type { UserActor } from '../../src/server/platform/actor.js';
import type { SearchParams } from '../../src/server/modules/catalog/index.js';

export type SearchParameters = SearchParams & { page: number; pageSize: number };

export interface SearchOutcome {
  total: number;
  returned: number;
  facetCount: number;
}

/** A department operator: the most common searcher (published entries plus the own department's drafts). */
export function benchActor(departmentId: string): UserActor {
  return {
    kind: 'user',
    userId: '00000000-0000-4000-8000-000000000001',
    username: 'bench_op',
    displayName: 'bench',
    departmentId,
    roles: ['dept_operator'],
    mustChangePassword: false,
  };
}

export type Searcher = (actor: UserActor, parameters: SearchParameters) => Promise<SearchOutcome>;

/** The catalog's real search: the service method behind GET /api/v1/catalog/resources. */
export function catalogSearcher(platform: Platform): Searcher {
  return async (actor, parameters) => {
    const answer = await platform.catalog.service.search(actor, parameters);
    return {
      total: answer.total,
      returned: answer.data.length,
      facetCount: Object.values(answer.facets).reduce((sum, buckets) => sum + buckets.length, 0),
    };
  };
}
