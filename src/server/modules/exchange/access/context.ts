/** What the access part's services share: the platform, names, the clock, and the grant cache with its hub. */
import { actorLabel, type Actor } from '../../../platform/actor.js';
import type { AppContext } from '../../../platform/context.js';
import type { DirectoryReader } from '../../directory/index.js';
import type { GrantCache, GrantChangeHub } from './grant-cache.js';
import type { Parties } from './policy.js';
import type { PageArgs, Scope } from './repository.js';

export interface AccessDeps {
  ctx: Pick<AppContext, 'db' | 'dbKind' | 'audit' | 'log' | 'config'>;
  directory: DirectoryReader;
  now: () => Date;
  cache: GrantCache;
  hub: GrantChangeHub;
}

/** What created_by / revoked_by record: the user id, the credential id, or the CLI operator's name. */
export const actorRef = (actor: Actor): string => actorLabel(actor).id;

/** decided_by is a uuid column: a person's id, or null (the CLI, or an automatic decision). */
export const deciderId = (actor: Actor): string | null => (actor.kind === 'user' ? actor.userId : null);

export const pageArgs = (query: { page?: number; pageSize?: number }): PageArgs => ({ page: query.page ?? 1, pageSize: query.pageSize ?? 20 });

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The rows a person's list covers. `side` picks the department's role in the row; holders of an 'any' scope
 * without a department (the data bureau) see every department; null means the person sees nothing.
 */
export function listScope(actor: Actor, seesAll: boolean, side: 'provider' | 'consumer' | 'both'): Scope | null {
  if (actor.kind === 'system') return { kind: 'system', systemId: actor.systemId };
  if (seesAll && (side === 'both' || actor.departmentId === null)) return { kind: 'all' };
  if (actor.departmentId === null) return null;
  return { kind: 'department', departmentId: actor.departmentId, as: side };
}

export const partiesOf = (row: { provider_department_id: string; requester_department_id?: string; department_id?: string }): Parties => ({
  providerDepartmentId: row.provider_department_id,
  requesterDepartmentId: row.requester_department_id ?? row.department_id ?? null,
});
