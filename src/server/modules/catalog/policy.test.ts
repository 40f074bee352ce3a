import { describe, expect, it } from 'vitest';
import { cliActor, type Actor, type Role, type UserActor } from '../../platform/actor.js';
import { canSee, may, rolesFor, visibilityOf, type CatalogAction } from './policy.js';

const OWN = 'own-department';
const OTHER = 'other-department';

const person = (roles: Role[], departmentId: string | null = OWN): UserActor => ({
  kind: 'user', userId: 'u', username: 'u', displayName: 'u', departmentId, roles, mustChangePassword: false,
});
const system: Actor = { kind: 'system', systemId: 's', systemCode: 'sys', credentialId: 'c', departmentId: OWN, roles: [] };

const ACTORS: Record<string, Actor> = {
  system_admin: person(['system_admin'], null),
  security_admin: person(['security_admin'], null),
  audit_admin: person(['audit_admin'], null),
  data_admin: person(['data_admin'], null),
  dept_admin: person(['dept_admin']),
  dept_operator: person(['dept_operator']),
  member: person([]),
  system,
  cli: cliActor(),
};

const Y = true;
const N = false;
// [actor, action, on own department, on another department]
const RULES: Array<[string, CatalogAction, boolean, boolean]> = [
  ['dept_operator', 'create', Y, N], ['dept_operator', 'edit', Y, N], ['dept_operator', 'delete', Y, N], ['dept_operator', 'submit', Y, N],
  ['dept_operator', 'return', N, N], ['dept_operator', 'publish', N, N], ['dept_operator', 'retire', N, N], ['dept_operator', 'readUnpublished', Y, N],
  ['dept_admin', 'create', Y, N], ['dept_admin', 'edit', Y, N], ['dept_admin', 'delete', Y, N], ['dept_admin', 'submit', Y, N],
  ['dept_admin', 'return', N, N], ['dept_admin', 'publish', N, N], ['dept_admin', 'retire', Y, N], ['dept_admin', 'readUnpublished', Y, N],
  ['data_admin', 'create', Y, Y], ['data_admin', 'edit', N, N], ['data_admin', 'delete', N, N], ['data_admin', 'submit', N, N],
  ['data_admin', 'return', Y, Y], ['data_admin', 'publish', Y, Y], ['data_admin', 'retire', Y, Y], ['data_admin', 'readUnpublished', Y, Y],
  ['member', 'create', N, N], ['member', 'edit', N, N], ['member', 'retire', N, N], ['member', 'readUnpublished', Y, N],
  ['system_admin', 'create', N, N], ['system_admin', 'publish', N, N], ['system_admin', 'readUnpublished', N, N],
  ['security_admin', 'edit', N, N], ['security_admin', 'readUnpublished', N, N],
  ['audit_admin', 'retire', N, N], ['audit_admin', 'readUnpublished', N, N],
  ['system', 'create', N, N], ['system', 'edit', N, N], ['system', 'readUnpublished', N, N],
  ['cli', 'create', Y, Y], ['cli', 'edit', Y, Y], ['cli', 'publish', Y, Y], ['cli', 'retire', Y, Y], ['cli', 'readUnpublished', Y, Y],
];

describe('catalog policy', () => {
  it.each(RULES)('%s may %s: own %s, other %s', (actor, action, own, other) => {
    expect(may(ACTORS[actor], action, OWN)).toBe(own);
    expect(may(ACTORS[actor], action, OTHER)).toBe(other);
  });

  it('a department role without a department acts on no department', () => {
    expect(may(person(['dept_admin'], null), 'create', OWN)).toBe(false);
  });

  it('published and retired entries are visible to everyone, the rest to the department and data admins', () => {
    for (const actor of Object.values(ACTORS)) {
      expect(canSee(actor, { status: 'published', providerDepartmentId: OTHER })).toBe(true);
      expect(canSee(actor, { status: 'retired', providerDepartmentId: OTHER })).toBe(true);
    }
    for (const status of ['draft', 'submitted', 'returned'] as const) {
      expect(canSee(ACTORS.dept_operator, { status, providerDepartmentId: OWN })).toBe(true);
      expect(canSee(ACTORS.dept_operator, { status, providerDepartmentId: OTHER })).toBe(false);
      expect(canSee(ACTORS.data_admin, { status, providerDepartmentId: OTHER })).toBe(true);
      expect(canSee(ACTORS.system, { status, providerDepartmentId: OWN })).toBe(false);
      expect(canSee(ACTORS.system_admin, { status, providerDepartmentId: OWN })).toBe(false);
    }
  });

  it('search visibility matches canSee', () => {
    expect(visibilityOf(ACTORS.cli)).toEqual({ kind: 'all' });
    expect(visibilityOf(ACTORS.data_admin)).toEqual({ kind: 'all' });
    expect(visibilityOf(ACTORS.dept_operator)).toEqual({ kind: 'publicOrDepartment', departmentId: OWN });
    expect(visibilityOf(ACTORS.member)).toEqual({ kind: 'publicOrDepartment', departmentId: OWN });
    expect(visibilityOf(ACTORS.system)).toEqual({ kind: 'public' });
    expect(visibilityOf(ACTORS.audit_admin)).toEqual({ kind: 'public' });
  });

  it('routes admit exactly the roles with a grant', () => {
    expect(rolesFor('create').sort()).toEqual(['data_admin', 'dept_admin', 'dept_operator']);
    expect(rolesFor('edit').sort()).toEqual(['dept_admin', 'dept_operator']);
    expect(rolesFor('publish')).toEqual(['data_admin']);
    expect(rolesFor('return')).toEqual(['data_admin']);
    expect(rolesFor('retire').sort()).toEqual(['data_admin', 'dept_admin']);
  });
});
