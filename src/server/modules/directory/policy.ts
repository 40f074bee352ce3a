import { ADMIN_TRIAD, type Actor, type Role } from '../../platform/actor.js';
import { forbidden, type FieldError } from '../../platform/errors.js';

/**
 * Who may do what in the directory, as data. Routes declare these role lists (`config.auth`) and the services
 * check them again with `assertCan`, so a service called from elsewhere (CLI, seeder, another module) applies
 * the same rules. The operator at the CLI may do everything; business systems hold no roles.
 *
 * 三员分立: the system admin runs the directory (regions, departments, users) but cannot grant roles; the security
 * admin grants roles, sets the security policy and unlocks accounts but cannot create anything; the audit admin
 * only reads the audit log.
 */
export const PERMISSIONS = {
  'region.write': ['system_admin'],
  'department.write': ['system_admin'],
  /** Dept admins see their own department's users only (see userListScope). */
  'user.list': ['system_admin', 'security_admin', 'dept_admin'],
  'user.create': ['system_admin'],
  'user.update': ['system_admin'],
  'user.resetPassword': ['system_admin'],
  'user.unlock': ['security_admin'],
  'user.setRoles': ['security_admin'],
  'securityPolicy.read': ['security_admin'],
  'securityPolicy.write': ['security_admin'],
  /** Sees every department's business systems; everyone else with a department sees their own. */
  'system.listAll': ['system_admin', 'security_admin', 'data_admin'],
  'system.manageAny': ['system_admin'],
  /** Manages business systems and credentials of the actor's own department only. */
  'system.manageOwn': ['dept_admin'],
  'audit.read': ['audit_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** The roles a route declares: the union of the permissions it may be reached with. */
export function rolesFor(...permissions: Permission[]): Role[] {
  return [...new Set(permissions.flatMap((permission) => PERMISSIONS[permission]))];
}

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.kind === 'cli') return true;
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return actor.roles.some((role) => allowed.includes(role));
}

export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden();
}

/** 'all', one department, or nothing at all (the caller gets 403). */
export type DepartmentScope = { kind: 'all' } | { kind: 'department'; departmentId: string } | { kind: 'none' };

export function userListScope(actor: Actor): DepartmentScope {
  if (actor.kind === 'cli' || actor.roles.some((role) => role === 'system_admin' || role === 'security_admin')) {
    return { kind: 'all' };
  }
  const roles: readonly Role[] = actor.roles;
  if (roles.includes('dept_admin') && actor.departmentId) return { kind: 'department', departmentId: actor.departmentId };
  return { kind: 'none' };
}

/** Business systems: platform admins see all; any other person sees their own department's systems. */
export function systemListScope(actor: Actor): DepartmentScope {
  if (can(actor, 'system.listAll')) return { kind: 'all' };
  if (actor.kind === 'user' && actor.departmentId && !actor.roles.includes('audit_admin')) {
    return { kind: 'department', departmentId: actor.departmentId };
  }
  return { kind: 'none' };
}

/** Narrows a requested department filter to what the scope allows; asking for another department is refused. */
export function applyScope(scope: DepartmentScope, requestedDepartmentId: string | undefined): string | undefined {
  if (scope.kind === 'none') throw forbidden();
  if (scope.kind === 'all') return requestedDepartmentId;
  if (requestedDepartmentId !== undefined && requestedDepartmentId !== scope.departmentId) {
    throw forbidden('You may only see your own department.');
  }
  return scope.departmentId;
}

export function canManageSystemsOf(actor: Actor, departmentId: string): boolean {
  if (can(actor, 'system.manageAny')) return true;
  return can(actor, 'system.manageOwn') && actor.departmentId === departmentId;
}

export const DEPARTMENT_ROLES: readonly Role[] = ['dept_admin', 'dept_operator'];

export interface RoleSetProblem {
  code: 'directory.admin_roles_exclusive' | 'directory.department_required';
  error: FieldError;
}

/** The rules a role set must satisfy, whoever grants it. Returns every broken rule. */
export function roleSetProblems(roles: readonly Role[], hasDepartment: boolean): RoleSetProblem[] {
  const problems: RoleSetProblem[] = [];
  const admins = roles.filter((role) => ADMIN_TRIAD.includes(role));
  if (admins.length > 1) {
    problems.push({
      code: 'directory.admin_roles_exclusive',
      error: {
        pointer: '/roles',
        code: 'directory.admin_roles_exclusive',
        message: `A user may hold only one of system_admin, security_admin and audit_admin (got ${admins.join(', ')}).`,
      },
    });
  }
  const departmentRoles = roles.filter((role) => DEPARTMENT_ROLES.includes(role));
  if (departmentRoles.length > 0 && !hasDepartment) {
    problems.push({
      code: 'directory.department_required',
      error: {
        pointer: '/roles',
        code: 'directory.department_required',
        message: `${departmentRoles.join(', ')} require the user to belong to a department.`,
      },
    });
  }
  return problems;
}
