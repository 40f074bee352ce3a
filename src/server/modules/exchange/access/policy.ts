/**
 * Who may do what with access requests, grants and the calendar, as data. The routes take their role lists
 * from here and the services ask `may` with the departments involved, so the two cannot disagree.
 *
 * Scopes: 'any' every department; 'provider' the department that owns the resource; 'requester' the department
 * whose business system asks or holds the grant; 'party' either of the two.
 */
import type { Actor, Role } from '../../../platform/actor.js';

export type AccessAction = 'request' | 'decide' | 'withdraw' | 'readRequests' | 'revoke' | 'readGrants' | 'writeCalendar';
export type AccessScope = 'any' | 'provider' | 'requester' | 'party';

export const ACCESS_GRANTS: Record<AccessAction, Partial<Record<Role, AccessScope>>> = {
  request: { dept_admin: 'requester', dept_operator: 'requester' },
  decide: { data_admin: 'any', dept_admin: 'provider' },
  withdraw: { dept_admin: 'requester', dept_operator: 'requester' },
  readRequests: { data_admin: 'any', dept_admin: 'party', dept_operator: 'party' },
  revoke: { data_admin: 'any', dept_admin: 'provider' },
  readGrants: { data_admin: 'any', dept_admin: 'party', dept_operator: 'party' },
  writeCalendar: { data_admin: 'any' },
};

export interface Parties {
  providerDepartmentId: string | null;
  requesterDepartmentId: string | null;
}

/** May the actor do this to a request or grant between these departments? The CLI operator may do anything. */
export function may(actor: Actor, action: AccessAction, parties: Parties): boolean {
  if (actor.kind === 'cli') return true;
  if (actor.kind !== 'user') return false;
  const department = actor.departmentId;
  return actor.roles.some((role) => {
    const scope = ACCESS_GRANTS[action][role];
    switch (scope) {
      case 'any':
        return true;
      case 'provider':
        return department !== null && department === parties.providerDepartmentId;
      case 'requester':
        return department !== null && department === parties.requesterDepartmentId;
      case 'party':
        return department !== null && (department === parties.providerDepartmentId || department === parties.requesterDepartmentId);
      default:
        return false;
    }
  });
}

/** Does the actor hold a role with an 'any' scope for this action (sees every department)? */
export function mayAll(actor: Actor, action: AccessAction): boolean {
  return actor.kind === 'cli' || (actor.kind === 'user' && actor.roles.some((role) => ACCESS_GRANTS[action][role] === 'any'));
}

/** Does the actor hold any role for this action at all (the coarse check before departments are known)? */
export function mayAtAll(actor: Actor, action: AccessAction): boolean {
  return actor.kind === 'cli' || (actor.kind === 'user' && actor.roles.some((role) => ACCESS_GRANTS[action][role] !== undefined));
}

/** The roles a route admits before the service decides on departments. */
export function rolesFor(action: AccessAction): Role[] {
  return Object.keys(ACCESS_GRANTS[action]) as Role[];
}
