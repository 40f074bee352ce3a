/**
 * Who may see what in the cloud portal, shared by every part: the IT centre (and the operator at the CLI) sees
 * every department; a department's people (dept_admin, dept_operator) see their own department only; everyone
 * else — the three administrators of 三员分立, business systems, users without a cloud role — sees nothing.
 * Each part words its own refusals.
 */
import { hasRole, type Actor } from '../../platform/actor.js';
import { forbidden } from '../../platform/errors.js';
import { IT_CENTRE_ROLES, ORDERING_ROLES } from './vocabulary.js';

export const isItCentre = (actor: Actor): boolean => hasRole(actor, ...IT_CENTRE_ROLES);

/** A person of a department who may order for it (and see its orders, resources, quotas and bills). */
export const isDepartmentUser = (actor: Actor): actor is Extract<Actor, { kind: 'user' }> & { departmentId: string } =>
  actor.kind === 'user' && actor.departmentId !== null && actor.roles.some((role) => (ORDERING_ROLES as readonly string[]).includes(role));

export function requireItCentre(actor: Actor, message: string): void {
  if (!isItCentre(actor)) throw forbidden(message);
}

/** The department the actor may see: null for every department (the IT centre); refused (403) for anyone else. */
export function visibleDepartment(actor: Actor, refusal: string): string | null {
  if (isItCentre(actor)) return null;
  if (isDepartmentUser(actor)) return actor.departmentId;
  throw forbidden(refusal);
}
