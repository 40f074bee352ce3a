import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../platform/actor.js';
import { makeCreditCode } from '../../platform/identifiers.js';
import { createTestPlatform, seedBasicDirectory, type BasicDirectory, type HttpSession, type TestPlatform } from '../../testing/harness.js';

/** 三员分立 and the user administration around it. */
let t: TestPlatform;
let dir: BasicDirectory;
let sysadmin: HttpSession;
let secadmin: HttpSession;
let auditor: HttpSession;

beforeAll(async () => {
  t = await createTestPlatform();
  dir = await seedBasicDirectory(t.platform);
  [sysadmin, secadmin, auditor] = await Promise.all([t.login('sysadmin'), t.login('secadmin'), t.login('auditor')]);
});
afterAll(() => t.close());

const idOf = async (username: string) => (await t.platform.directory.service.findUserByUsername(username))!.id;

describe('三员分立 over HTTP', () => {
  it('the system admin cannot set roles', async () => {
    const response = await sysadmin.put(`/api/v1/users/${await idOf('plain')}/roles`, { roles: ['dept_operator'] });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('auth.forbidden');
  });

  it('the security admin cannot create departments, users or business systems', async () => {
    const department = await secadmin.post('/api/v1/departments', {
      name: '新局', creditCode: makeCreditCode('11', '440607', 'MB2C3900'), regionCode: '440607', kind: 'economy',
    });
    const user = await secadmin.post('/api/v1/users', { username: 'sneaky', displayName: 'Sneaky' });
    const system = await secadmin.post('/api/v1/systems', { departmentId: dir.departments.own, code: 'sneaky', name: 'Sneaky' });
    for (const response of [department, user, system]) expect(response.statusCode).toBe(403);
    expect(await t.platform.directory.service.findUserByUsername('sneaky')).toBeNull();
  });

  it('the audit admin reads the audit log and nothing administrative', async () => {
    expect((await auditor.get('/api/v1/audit')).statusCode).toBe(200);
    const refused = [
      await auditor.get('/api/v1/users'),
      await auditor.get('/api/v1/systems'),
      await auditor.get('/api/v1/security-policy'),
      await auditor.put(`/api/v1/users/${await idOf('plain')}/roles`, { roles: [] }),
      await auditor.post('/api/v1/regions', { code: '440604', name: '禅城区' }),
    ];
    expect(refused.map((response) => response.statusCode)).toEqual([403, 403, 403, 403, 403]);
    expect((await sysadmin.get('/api/v1/audit')).statusCode).toBe(403);
    expect((await secadmin.get('/api/v1/audit')).statusCode).toBe(403);
  });

  it('the security admin sets roles; the three admin roles are exclusive', async () => {
    const id = await idOf('plain');
    const granted = await secadmin.put(`/api/v1/users/${id}/roles`, { roles: ['dept_operator', 'data_admin'] });
    expect(granted.statusCode).toBe(200);
    expect(granted.json().roles).toEqual(['data_admin', 'dept_operator']);

    const exclusive = await secadmin.put(`/api/v1/users/${id}/roles`, { roles: ['system_admin', 'audit_admin'] });
    expect(exclusive.statusCode).toBe(400);
    expect(exclusive.json()).toMatchObject({ code: 'directory.admin_roles_exclusive', errors: [{ pointer: '/roles' }] });
    expect((await t.platform.directory.service.findUserByUsername('plain'))!.roles).toEqual(['data_admin', 'dept_operator']);
  });

  it('also through the service, whoever calls it (even the CLI)', async () => {
    await expect(t.platform.directory.service.setRoles(cliActor(), await idOf('plain'), ['security_admin', 'system_admin'])).rejects.toMatchObject({
      code: 'directory.admin_roles_exclusive',
    });
  });

  it('department roles need a department', async () => {
    const response = await secadmin.put(`/api/v1/users/${await idOf('dataadmin')}/roles`, { roles: ['data_admin', 'dept_admin'] });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('directory.department_required');
    const moveOut = await sysadmin.patch(`/api/v1/users/${await idOf('own_op')}`, { departmentId: null });
    expect(moveOut.json().code).toBe('directory.department_required');
  });

  it('the security admin cannot change their own roles', async () => {
    const response = await secadmin.put(`/api/v1/users/${await idOf('secadmin')}/roles`, { roles: ['security_admin', 'data_admin'] });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('directory.cannot_change_own_roles');
  });

  it('the system admin cannot take over a security or audit admin through a password reset', async () => {
    for (const username of ['secadmin', 'auditor']) {
      const response = await sysadmin.post(`/api/v1/users/${await idOf(username)}/reset-password`);
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('directory.admin_separation');
    }
  });

  it('role changes apply to the very next request', async () => {
    const session = await t.login('own_op');
    expect((await session.get('/api/v1/users')).statusCode).toBe(403);
    await secadmin.put(`/api/v1/users/${await idOf('own_op')}/roles`, { roles: ['dept_admin'] });
    expect((await session.get('/api/v1/users')).statusCode).toBe(200);
    await secadmin.put(`/api/v1/users/${await idOf('own_op')}/roles`, { roles: ['dept_operator'] });
  });
});

describe('user administration', () => {
  it('creates users with a one-time initial password and refuses duplicate usernames', async () => {
    const created = await sysadmin.post('/api/v1/users', { username: 'zhang.san', displayName: '张三', departmentId: dir.departments.own, email: 'z@example.cn' });
    expect(created.statusCode).toBe(201);
    expect(created.json().initialPassword).toHaveLength(16);
    expect(created.json().user).toMatchObject({ username: 'zhang.san', departmentName: '区市场监督管理局', roles: [], status: 'active', mustChangePassword: true });
    const duplicate = await sysadmin.post('/api/v1/users', { username: 'zhang.san', displayName: '另一个张三' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'directory.duplicate_username', errors: [{ pointer: '/username' }] });
    const badName = await sysadmin.post('/api/v1/users', { username: 'a b', displayName: 'x' });
    expect(badName.statusCode).toBe(400);
    const unknownDepartment = await sysadmin.post('/api/v1/users', { username: 'lisi', displayName: '李四', departmentId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownDepartment.json()).toMatchObject({ code: 'directory.unknown_department', errors: [{ pointer: '/departmentId' }] });
  });

  it('lists users: admins all, department admins their own department only', async () => {
    const all = (await sysadmin.get('/api/v1/users', { pageSize: '3' })).json();
    expect(all).toMatchObject({ page: 1, pageSize: 3 });
    expect(all.data).toHaveLength(3);
    expect(all.total).toBeGreaterThan(9);
    expect((await secadmin.get('/api/v1/users', { q: 'zhang' })).json().data.map((u: { username: string }) => u.username)).toEqual(['zhang.san']);

    const ownAdmin = await t.login('own_admin');
    const own = (await ownAdmin.get('/api/v1/users')).json();
    expect(own.data.every((u: { departmentId: string }) => u.departmentId === dir.departments.own)).toBe(true);
    expect(own.data.map((u: { username: string }) => u.username)).toContain('own_op');
    expect((await ownAdmin.get('/api/v1/users', { departmentId: dir.departments.other })).statusCode).toBe(403);
    expect((await ownAdmin.get(`/api/v1/users/${await idOf('other_op')}`)).statusCode).toBe(403);
    expect((await ownAdmin.get(`/api/v1/users/${await idOf('own_op')}`)).statusCode).toBe(200);
  });

  it('answers 404 directory.user_not_found', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const response of [await sysadmin.patch(`/api/v1/users/${missing}`, { displayName: 'x' }), await secadmin.post(`/api/v1/users/${missing}/unlock`)]) {
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('directory.user_not_found');
    }
  });

  it('disabling a user ends their sessions at once; nobody disables themselves', async () => {
    const session = await t.login('other_op');
    expect((await sysadmin.patch(`/api/v1/users/${await idOf('other_op')}`, { status: 'disabled' })).json().status).toBe('disabled');
    expect((await session.get('/api/v1/session')).statusCode).toBe(401);
    await sysadmin.patch(`/api/v1/users/${await idOf('other_op')}`, { status: 'active' });
    const self = await sysadmin.patch(`/api/v1/users/${await idOf('sysadmin')}`, { status: 'disabled' });
    expect(self.json().code).toBe('directory.cannot_disable_self');
  });

  it('the security policy is validated and applies to the next password check', async () => {
    const outOfRange = await secadmin.put('/api/v1/security-policy', { passwordMinLength: 4, passwordMinClasses: 5, lockoutThreshold: 5, lockoutMinutes: 15, sessionIdleMinutes: 30 });
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.json().errors.map((error: { pointer: string }) => error.pointer).sort()).toEqual(['/passwordMinClasses', '/passwordMinLength']);
    await expect(
      t.platform.directory.service.resetPassword(cliActor(), await idOf('plain'), 'Twelve-Chars1'),
    ).resolves.toEqual({ initialPassword: 'Twelve-Chars1' });
    expect((await secadmin.put('/api/v1/security-policy', { passwordMinLength: 16, passwordMinClasses: 3, lockoutThreshold: 5, lockoutMinutes: 15, sessionIdleMinutes: 30 })).statusCode).toBe(200);
    await expect(t.platform.directory.service.resetPassword(cliActor(), await idOf('plain'), 'Twelve-Chars1')).rejects.toMatchObject({ code: 'auth.password_policy' });
    await secadmin.put('/api/v1/security-policy', { passwordMinLength: 8, passwordMinClasses: 3, lockoutThreshold: 5, lockoutMinutes: 15, sessionIdleMinutes: 30 });
  });
});
