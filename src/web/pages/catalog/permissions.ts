// Which lifecycle actions the console offers, mirroring the server's rules (docs/API.md, Catalog).
// The server still decides; this only avoids showing buttons that would be refused.
import type { Role } from '../../auth';
import type { ResourceStatus } from './types';

export type CatalogAction = 'edit' | 'delete' | 'submit' | 'return' | 'publish' | 'retire';

export interface Actor {
  departmentId: string | null;
  roles: Role[];
}

const DEPARTMENT_ROLES: Role[] = ['dept_admin', 'dept_operator'];

export function isDepartmentUser(actor: Actor | null): boolean {
  return !!actor?.departmentId && actor.roles.some((role) => DEPARTMENT_ROLES.includes(role));
}

export function isDataAdmin(actor: Actor | null): boolean {
  return !!actor?.roles.includes('data_admin');
}

/** Department users and data admins see entries that are not published, so they get the status filter. */
export function canFilterByStatus(actor: Actor | null): boolean {
  return isDepartmentUser(actor) || isDataAdmin(actor);
}

export function canImport(actor: Actor | null): boolean {
  return isDepartmentUser(actor) || isDataAdmin(actor);
}

export function allowedActions(
  actor: Actor | null,
  resource: { providerDepartmentId: string; status: ResourceStatus },
): CatalogAction[] {
  if (!actor) return [];
  const ownDepartment = isDepartmentUser(actor) && actor.departmentId === resource.providerDepartmentId;
  const dataAdmin = isDataAdmin(actor);
  const actions: CatalogAction[] = [];
  const { status } = resource;
  if (ownDepartment && (status === 'draft' || status === 'returned' || status === 'published')) actions.push('edit');
  if (ownDepartment && (status === 'draft' || status === 'returned')) actions.push('submit');
  if (dataAdmin && status === 'submitted') actions.push('publish', 'return');
  if (status === 'published' && (dataAdmin || (ownDepartment && actor.roles.includes('dept_admin')))) {
    actions.push('retire');
  }
  if (ownDepartment && status === 'draft') actions.push('delete');
  return actions;
}
