/**
 * Who may do what with webhook subscriptions, as data. A subscription belongs to its grant: the consuming
 * business system itself, and the dept_admin / dept_operator of the grant's (consuming) department manage it;
 * the data bureau (data_admin) sees and operates every subscription but does not create them for others.
 */
import { hasRole, type Actor } from '../../../platform/actor.js';
import type { Scope } from './repository.js';

export interface GrantParties {
  systemId: string;
  departmentId: string;
}

const DEPARTMENT_ROLES = ['dept_admin', 'dept_operator'] as const;

function ownsAsDepartment(actor: Actor, parties: GrantParties): boolean {
  return actor.kind === 'user' && actor.departmentId === parties.departmentId && actor.roles.some((role) => (DEPARTMENT_ROLES as readonly string[]).includes(role));
}

/** Create a subscription on a grant. */
export function mayCreate(actor: Actor, parties: GrantParties): boolean {
  if (actor.kind === 'cli') return true;
  if (actor.kind === 'system') return actor.systemId === parties.systemId;
  return ownsAsDepartment(actor, parties);
}

/** Read, pause, resume, delete a subscription and read its delivery log. */
export function mayManage(actor: Actor, parties: GrantParties): boolean {
  if (mayCreate(actor, parties)) return true;
  return actor.kind === 'user' && hasRole(actor, 'data_admin');
}

/** The subscriptions a list shows; null: none at all (403). */
export function listScope(actor: Actor): Scope | null {
  if (actor.kind === 'cli') return { kind: 'all' };
  if (actor.kind === 'system') return { kind: 'system', systemId: actor.systemId };
  if (hasRole(actor, 'data_admin')) return { kind: 'all' };
  if (actor.departmentId && actor.roles.some((role) => (DEPARTMENT_ROLES as readonly string[]).includes(role))) {
    return { kind: 'department', departmentId: actor.departmentId };
  }
  return null;
}
