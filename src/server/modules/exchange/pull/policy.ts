/**
 * Who may do what with sources and pulls, as data. A source belongs to a department; its pulls belong to it too.
 * The department admin manages the department's sources and pulls; operators see them and may start a run; the
 * data bureau (data_admin) sees every department's. The CLI operator may do anything.
 */
import type { Actor, Role } from '../../../platform/actor.js';

export type PullAction = 'read' | 'write' | 'test' | 'run';
type Scope = 'own' | 'any';

export const GRANTS: Record<PullAction, Partial<Record<Role, Scope>>> = {
  read: { dept_admin: 'own', dept_operator: 'own', data_admin: 'any' },
  write: { dept_admin: 'own' },
  test: { dept_admin: 'own', data_admin: 'any' },
  run: { dept_admin: 'own', dept_operator: 'own' },
};

/** The roles the route admits (the department check happens in the service). */
export const rolesFor = (action: PullAction): Role[] => Object.keys(GRANTS[action]) as Role[];

export function may(actor: Actor, action: PullAction, departmentId: string): boolean {
  if (actor.kind === 'cli') return true;
  if (actor.kind !== 'user') return false;
  const scopes = actor.roles.map((role) => GRANTS[action][role]).filter((scope): scope is Scope => scope !== undefined);
  if (scopes.includes('any')) return true;
  return scopes.includes('own') && actor.departmentId === departmentId;
}

/** Which departments' sources and pulls a list shows: null = all; undefined = none. */
export function readScope(actor: Actor): string | null | undefined {
  if (actor.kind === 'cli') return null;
  if (actor.kind !== 'user') return undefined;
  if (actor.roles.some((role) => GRANTS.read[role] === 'any')) return null;
  if (actor.departmentId && actor.roles.some((role) => GRANTS.read[role] === 'own')) return actor.departmentId;
  return undefined;
}
