import { describe, expect, it } from 'vitest';
import { cliActor, type Actor, type Role, type SystemActor, type UserActor } from '../../platform/actor.js';
import { applyScope, can, canManageSystemsOf, PERMISSIONS, roleSetProblems, rolesFor, systemListScope, userListScope } from './policy.js';

const user = (roles: Role[], departmentId: string | null = null): UserActor => ({
  kind: 'user', userId: 'u', username: 'u', displayName: 'u', departmentId, roles, mustChangePassword: false,
});
const system: SystemActor = { kind: 'system', systemId: 's', systemCode: 's', credentialId: 'c', departmentId: 'A', roles: [] };

describe('directory permissions', () => {
  it('keeps the three administrators apart (三员分立)', () => {
    const sys = user(['system_admin']);
    const sec = user(['security_admin']);
    const aud = user(['audit_admin']);
    expect(can(sys, 'user.setRoles')).toBe(false);
    expect(can(sys, 'user.create')).toBe(true);
    expect(can(sys, 'department.write')).toBe(true);
    expect(can(sec, 'user.setRoles')).toBe(true);
    expect(can(sec, 'user.create')).toBe(false);
    expect(can(sec, 'department.write')).toBe(false);
    expect(can(sec, 'system.manageAny')).toBe(false);
    expect(can(sec, 'securityPolicy.write')).toBe(true);
    const auditorMay = (Object.keys(PERMISSIONS) as Array<keyof typeof PERMISSIONS>).filter((permission) => can(aud, permission));
    expect(auditorMay).toEqual(['audit.read']);
  });

  it('lets the CLI do everything and a business system nothing', () => {
    for (const permission of Object.keys(PERMISSIONS) as Array<keyof typeof PERMISSIONS>) {
      expect(can(cliActor(), permission)).toBe(true);
      expect(can(system, permission)).toBe(false);
    }
  });

  it('derives route roles from the same table', () => {
    expect(rolesFor('system.manageAny', 'system.manageOwn')).toEqual(['system_admin', 'dept_admin']);
  });

  it('scopes user lists: admins all, department admins their department, others nothing', () => {
    expect(userListScope(user(['security_admin']))).toEqual({ kind: 'all' });
    expect(userListScope(user(['dept_admin'], 'A'))).toEqual({ kind: 'department', departmentId: 'A' });
    expect(userListScope(user(['dept_admin']))).toEqual({ kind: 'none' });
    expect(userListScope(user(['dept_operator'], 'A'))).toEqual({ kind: 'none' });
  });

  it('scopes business system lists', () => {
    expect(systemListScope(user(['data_admin']))).toEqual({ kind: 'all' });
    expect(systemListScope(user([], 'A'))).toEqual({ kind: 'department', departmentId: 'A' });
    expect(systemListScope(user(['audit_admin']))).toEqual({ kind: 'none' });
    expect(systemListScope(system)).toEqual({ kind: 'none' });
  });

  it('narrows a requested department to the scope, refusing another department', () => {
    expect(applyScope({ kind: 'all' }, 'B')).toBe('B');
    expect(applyScope({ kind: 'department', departmentId: 'A' }, undefined)).toBe('A');
    expect(() => applyScope({ kind: 'department', departmentId: 'A' }, 'B')).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => applyScope({ kind: 'none' }, undefined)).toThrow(expect.objectContaining({ code: 'auth.forbidden' }));
  });

  it('lets department admins manage only their own department’s systems', () => {
    const cases: Array<[Actor, string, boolean]> = [
      [user(['dept_admin'], 'A'), 'A', true],
      [user(['dept_admin'], 'A'), 'B', false],
      [user(['dept_operator'], 'A'), 'A', false],
      [user(['system_admin']), 'B', true],
      [user(['data_admin']), 'A', false],
      [cliActor(), 'B', true],
    ];
    for (const [actor, department, expected] of cases) expect(canManageSystemsOf(actor, department)).toBe(expected);
  });
});

describe('role set rules', () => {
  it('allows one admin role, with or without business roles', () => {
    expect(roleSetProblems(['system_admin'], false)).toEqual([]);
    expect(roleSetProblems(['data_admin', 'dept_admin'], true)).toEqual([]);
    expect(roleSetProblems([], false)).toEqual([]);
  });

  it('refuses two of the three admin roles', () => {
    expect(roleSetProblems(['system_admin', 'audit_admin'], true).map((problem) => problem.code)).toEqual(['directory.admin_roles_exclusive']);
    expect(roleSetProblems(['security_admin', 'audit_admin', 'system_admin'], true)).toHaveLength(1);
  });

  it('requires a department for department roles, reporting every broken rule', () => {
    expect(roleSetProblems(['dept_operator'], false).map((problem) => problem.code)).toEqual(['directory.department_required']);
    expect(roleSetProblems(['system_admin', 'security_admin', 'dept_admin'], false).map((problem) => problem.code)).toEqual([
      'directory.admin_roles_exclusive',
      'directory.department_required',
    ]);
  });
});
