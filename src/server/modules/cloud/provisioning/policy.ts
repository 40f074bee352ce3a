/**
 * Who sees and touches provisioned resources. The IT centre sees every department's; a department's people
 * (dept_admin, dept_operator) only their own department's, and only they may see its credentials. Everyone else
 * (the three administrators of 三员分立, business systems, users without a cloud role) sees none.
 */
import type { Actor } from '../../../platform/actor.js';
import { isDepartmentUser, isItCentre, visibleDepartment as visibleTo } from '../access.js';
import { IT_CENTRE_ROLES, ORDERING_ROLES } from '../index.js';

export { isDepartmentUser, isItCentre };

/** A function, not a constant: index.ts (which defines the roles) loads this file while it is still loading. */
export const resourceReaders = () => [...IT_CENTRE_ROLES, ...ORDERING_ROLES];

/** The department whose resources the actor may see: null for all (IT centre), or throws when none. */
export function visibleDepartment(actor: Actor): string | null {
  return visibleTo(actor, 'Cloud resources are seen by the IT centre and the departments that own them.');
}

/** Whether the actor may see (and act on) a resource of this department. */
export function canSee(actor: Actor, departmentId: string): boolean {
  if (isItCentre(actor)) return true;
  return isDepartmentUser(actor) && actor.departmentId === departmentId;
}

/** Credentials go only to the owning department's people — not even the IT centre reads them. */
export function canReveal(actor: Actor, departmentId: string): boolean {
  return isDepartmentUser(actor) && actor.departmentId === departmentId;
}
