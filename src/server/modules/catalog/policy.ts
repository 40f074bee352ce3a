/**
 * Who may do what in the catalog, as data (docs/API.md, "Roles" and "Catalog"). The routes derive their
 * coarse role lists from these tables and the service asks `may` with the entry's department, so the
 * role list at the edge and the department check inside cannot disagree.
 */
import type { Actor, Role } from '../../platform/actor.js';
import type { ResourceStatus } from './index.js';

export type CatalogAction = 'create' | 'edit' | 'delete' | 'submit' | 'return' | 'publish' | 'retire' | 'readUnpublished';
/** 'own': only entries of the actor's department; 'any': every department. */
export type Scope = 'own' | 'any';

/**
 * The grants. `member` is any person of the department, whatever their roles: a department sees its own drafts.
 * data_admin may create for any department because the platform's data bureau imports for departments.
 */
export const GRANTS: Record<CatalogAction, Partial<Record<Role | 'member', Scope>>> = {
  create: { dept_admin: 'own', dept_operator: 'own', data_admin: 'any' },
  edit: { dept_admin: 'own', dept_operator: 'own' },
  delete: { dept_admin: 'own', dept_operator: 'own' },
  submit: { dept_admin: 'own', dept_operator: 'own' },
  return: { data_admin: 'any' },
  publish: { data_admin: 'any' },
  retire: { data_admin: 'any', dept_admin: 'own' },
  readUnpublished: { data_admin: 'any', member: 'own' },
};

/** Lifecycle: the statuses an action starts from, and where it leads (null: the entry is gone or unchanged). */
export const TRANSITIONS: Record<Exclude<CatalogAction, 'create' | 'readUnpublished'>, { from: readonly ResourceStatus[]; to: ResourceStatus | null }> = {
  edit: { from: ['draft', 'returned', 'published'], to: null },
  delete: { from: ['draft'], to: null },
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  return: { from: ['submitted'], to: 'returned' },
  publish: { from: ['submitted'], to: 'published' },
  retire: { from: ['published'], to: 'retired' },
};

/** Published and retired entries are public to every authenticated person and business system. */
export const PUBLIC_STATUSES: readonly ResourceStatus[] = ['published', 'retired'];

/** May the actor do this to an entry of that department? The CLI operator may do anything. */
export function may(actor: Actor, action: CatalogAction, departmentId: string | null): boolean {
  if (actor.kind === 'cli') return true;
  if (actor.kind !== 'user') return false;
  const grant = GRANTS[action];
  const scopes: Scope[] = actor.roles.map((role) => grant[role]).filter((scope): scope is Scope => scope !== undefined);
  if (grant.member) scopes.push(grant.member);
  if (scopes.includes('any')) return true;
  return scopes.includes('own') && actor.departmentId !== null && actor.departmentId === departmentId;
}

export function canSee(actor: Actor, entry: { status: ResourceStatus; providerDepartmentId: string }): boolean {
  return PUBLIC_STATUSES.includes(entry.status) || may(actor, 'readUnpublished', entry.providerDepartmentId);
}

/** Which entries a search may return, expressed so the repository can turn it into one SQL predicate. */
export type Visibility = { kind: 'all' } | { kind: 'public' } | { kind: 'publicOrDepartment'; departmentId: string };

export function visibilityOf(actor: Actor): Visibility {
  if (actor.kind === 'cli') return { kind: 'all' };
  if (actor.kind === 'user' && actor.roles.some((role) => GRANTS.readUnpublished[role] === 'any')) return { kind: 'all' };
  if (actor.kind === 'user' && actor.departmentId) return { kind: 'publicOrDepartment', departmentId: actor.departmentId };
  return { kind: 'public' };
}

/** The roles a route admits before the service decides on the department: those with any grant for the action. */
export function rolesFor(action: CatalogAction): Role[] {
  return Object.keys(GRANTS[action]).filter((role): role is Role => role !== 'member');
}

/** The department a new entry belongs to when the input names none: the actor's own. */
export function defaultDepartment(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.departmentId : null;
}
