import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, seedBasicDirectory, TEST_PASSWORD, type BasicDirectory, type TestPlatform } from '../../testing/harness.js';

/** Logging in and out, lockout, idle timeout, CSRF and the forced first password change, over HTTP. */
let t: TestPlatform;
let dir: BasicDirectory;

beforeAll(async () => {
  t = await createTestPlatform();
  dir = await seedBasicDirectory(t.platform);
});
afterAll(() => t.close());

const login = (username: string, password: string) => t.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
const userRow = (username: string) => t.platform.ctx.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();

describe('login', () => {
  it('sets an HttpOnly SameSite=Lax cookie, returns Me and a CSRF token, and stores only the token digest', async () => {
    const response = await login('own_admin', TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({ username: 'own_admin', roles: ['dept_admin'], departmentId: dir.departments.own, departmentName: '区市场监督管理局', mustChangePassword: false, locale: 'zh-CN' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^zs_session=[A-Za-z0-9_-]{40,};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
    const token = response.cookies.find((cookie) => cookie.name === 'zs_session')!.value;
    const stored = await t.platform.ctx.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.map((row) => row.token_hash)).toContain(t.platform.ctx.crypto.digestHex(token));
    expect(stored.map((row) => row.token_hash)).not.toContain(token);
    expect((await userRow('own_admin')).last_login_at).not.toBeNull();
  });

  it('answers the same 401 for a wrong password and an unknown user', async () => {
    const wrong = await login('own_op', 'Wrong-Passw0rd');
    const unknown = await login('nobody', 'Wrong-Passw0rd');
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'auth.invalid_credentials', detail: 'The username or password is wrong.' });
    }
    // A success resets the counter.
    expect((await userRow('own_op')).failed_attempts).toBe(1);
    expect((await login('own_op', TEST_PASSWORD)).statusCode).toBe(200);
    expect((await userRow('own_op')).failed_attempts).toBe(0);
  });

  it('locks the account after 5 failures (423 with lockedUntil, even with the right password) until unlocked', async () => {
    for (let i = 1; i <= 4; i++) expect((await login('other_op', `Wrong-${i}-Passw0rd`)).statusCode).toBe(401);
    const fifth = await login('other_op', 'Wrong-5-Passw0rd');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().code).toBe('auth.account_locked');
    const lockedUntil = new Date(fifth.json().lockedUntil).getTime();
    expect(lockedUntil - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(lockedUntil - Date.now()).toBeLessThanOrEqual(15 * 60_000);

    const rightPassword = await login('other_op', TEST_PASSWORD);
    expect(rightPassword.statusCode).toBe(423);
    expect(rightPassword.json().lockedUntil).toBe(fifth.json().lockedUntil);

    const secadmin = await t.login('secadmin');
    const user = await userRow('other_op');
    const unlocked = await secadmin.post(`/api/v1/users/${user.id}/unlock`);
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json().lockedUntil).toBeNull();
    expect((await login('other_op', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('lets a lock run out on its own', async () => {
    await t.platform.ctx.db.updateTable('users').set({ locked_until: new Date(Date.now() - 1000) }).where('username', '=', 'other_op').execute();
    expect((await login('other_op', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a disabled user like a wrong password', async () => {
    const sysadmin = await t.login('sysadmin');
    const created = await sysadmin.post('/api/v1/users', { username: 'leaver', displayName: 'Leaver', departmentId: dir.departments.own });
    const id = created.json().user.id;
    expect((await sysadmin.patch(`/api/v1/users/${id}`, { status: 'disabled' })).statusCode).toBe(200);
    const response = await login('leaver', created.json().initialPassword);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('auth.invalid_credentials');
  });

  it('marks the cookie Secure when configured', async () => {
    const secure = await createTestPlatform({ cookieSecure: true });
    try {
      await seedBasicDirectory(secure.platform);
      const response = await secure.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'plain', password: TEST_PASSWORD } });
      expect(String(response.headers['set-cookie'])).toContain('Secure');
    } finally {
      await secure.close();
    }
  });
});

describe('session', () => {
  it('GET answers Me and the CSRF token; without a cookie 401', async () => {
    const session = await t.login('plain');
    const current = await session.get('/api/v1/session');
    expect(current.statusCode).toBe(200);
    expect(current.json()).toMatchObject({ user: { username: 'plain', roles: [] }, csrfToken: session.csrfToken });
    const anonymous = await t.inject({ method: 'GET', url: '/api/v1/session' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe('auth.unauthenticated');
  });

  it('DELETE ends the session at once and clears the cookie', async () => {
    const session = await t.login('plain');
    const response = await session.delete('/api/v1/session');
    expect(response.statusCode).toBe(204);
    expect(String(response.headers['set-cookie'])).toMatch(/zs_session=;/);
    expect((await session.get('/api/v1/session')).statusCode).toBe(401);
  });

  it('refuses writes without the right X-CSRF-Token (403 auth.csrf_invalid)', async () => {
    const session = await t.login('sysadmin');
    const body = { code: '440604', name: '禅城区' };
    const missing = await t.inject({ method: 'POST', url: '/api/v1/regions', headers: { cookie: session.cookie }, payload: body });
    const wrong = await session.inject({ method: 'POST', url: '/api/v1/regions', headers: { 'x-csrf-token': 'wrong' }, payload: body });
    for (const response of [missing, wrong]) {
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('auth.csrf_invalid');
    }
    expect(await t.platform.ctx.db.selectFrom('regions').select('code').where('code', '=', '440604').execute()).toEqual([]);
    expect((await session.post('/api/v1/regions', body)).statusCode).toBe(200);
  });

  it('ends an idle session with 401 auth.session_expired, following the live policy', async () => {
    const secadmin = await t.login('secadmin');
    const policy = (await secadmin.get('/api/v1/security-policy')).json();
    expect(policy).toEqual({ passwordMinLength: 8, passwordMinClasses: 3, lockoutThreshold: 5, lockoutMinutes: 15, sessionIdleMinutes: 30 });
    expect((await secadmin.put('/api/v1/security-policy', { ...policy, sessionIdleMinutes: 1 })).statusCode).toBe(200);

    const session = await t.login('own_op');
    const tokenHash = t.platform.ctx.crypto.digestHex(session.cookie.slice('zs_session='.length));
    const moveBack = (interval: string) =>
      sql`UPDATE sessions SET last_seen_at = now() - ${interval}::interval WHERE token_hash = ${tokenHash}`.execute(t.platform.ctx.db);
    const lastSeen = async () =>
      (await t.platform.ctx.db.selectFrom('sessions').select('last_seen_at').where('token_hash', '=', tokenHash).executeTakeFirst())?.last_seen_at;

    // Within the idle time the session lives on; older than a minute, last_seen_at is refreshed.
    await moveBack('50 seconds');
    const before = await lastSeen();
    expect((await session.get('/api/v1/departments')).statusCode).toBe(200);
    expect(await lastSeen()).toEqual(before);

    await moveBack('90 seconds');
    const expired = await session.get('/api/v1/departments');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('auth.session_expired');
    expect(await lastSeen()).toBeUndefined();
    expect((await session.get('/api/v1/departments')).json().code).toBe('auth.unauthenticated');

    const fresh = await t.login('own_op');
    const freshHash = t.platform.ctx.crypto.digestHex(fresh.cookie.slice('zs_session='.length));
    await sql`UPDATE sessions SET last_seen_at = now() - interval '59 seconds' WHERE token_hash = ${freshHash}`.execute(t.platform.ctx.db);
    expect((await fresh.get('/api/v1/departments')).statusCode).toBe(200);
    expect((await secadmin.put('/api/v1/security-policy', policy)).statusCode).toBe(200);
  });

  it('refreshes last_seen_at when it is over a minute old', async () => {
    const session = await t.login('own_op');
    const tokenHash = t.platform.ctx.crypto.digestHex(session.cookie.slice('zs_session='.length));
    await sql`UPDATE sessions SET last_seen_at = now() - interval '5 minutes' WHERE token_hash = ${tokenHash}`.execute(t.platform.ctx.db);
    expect((await session.get('/api/v1/session')).statusCode).toBe(200);
    const row = await t.platform.ctx.db.selectFrom('sessions').select('last_seen_at').where('token_hash', '=', tokenHash).executeTakeFirstOrThrow();
    expect(Date.now() - row.last_seen_at.getTime()).toBeLessThan(60_000);
  });
});

describe('forced password change', () => {
  it('blocks everything but the session endpoints until the password is changed', async () => {
    const sysadmin = await t.login('sysadmin');
    const created = await sysadmin.post('/api/v1/users', { username: 'newcomer', displayName: '新同事', departmentId: dir.departments.own });
    expect(created.statusCode).toBe(201);
    const { initialPassword } = created.json();
    expect(created.json().user.mustChangePassword).toBe(true);

    const first = await login('newcomer', initialPassword);
    expect(first.statusCode).toBe(200);
    expect(first.json().user.mustChangePassword).toBe(true);
    const session = await t.login('newcomer', initialPassword);

    const blocked = await session.get('/api/v1/departments');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('auth.password_change_required');
    expect((await session.get('/api/v1/session')).statusCode).toBe(200);

    const weak = await session.post('/api/v1/session/password', { currentPassword: initialPassword, newPassword: 'newcomer' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('auth.password_policy');
    expect(weak.json().errors.map((error: { code: string }) => error.code).sort()).toEqual(['password.equals_username', 'password.too_few_classes']);
    expect(weak.json().errors.every((error: { pointer: string }) => error.pointer === '/newPassword')).toBe(true);

    const wrongCurrent = await session.post('/api/v1/session/password', { currentPassword: 'Not-The-0ne', newPassword: 'Brand-New-Passw0rd' });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().code).toBe('auth.wrong_current_password');

    const changed = await session.post('/api/v1/session/password', { currentPassword: initialPassword, newPassword: 'Brand-New-Passw0rd' });
    expect(changed.statusCode).toBe(204);
    expect((await session.get('/api/v1/departments')).statusCode).toBe(200);
    expect((await session.get('/api/v1/session')).json().user.mustChangePassword).toBe(false);
    expect((await login('newcomer', initialPassword)).statusCode).toBe(401);
    expect((await login('newcomer', 'Brand-New-Passw0rd')).statusCode).toBe(200);
  });

  it('a password reset forces a change again and ends the user’s sessions', async () => {
    const sysadmin = await t.login('sysadmin');
    const session = await t.login('newcomer', 'Brand-New-Passw0rd');
    const user = await userRow('newcomer');
    const reset = await sysadmin.post(`/api/v1/users/${user.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    expect((await session.get('/api/v1/session')).statusCode).toBe(401);
    const again = await login('newcomer', reset.json().initialPassword);
    expect(again.json().user.mustChangePassword).toBe(true);
  });
});

describe('first administrator', () => {
  it('generates a password that must be changed, once', async () => {
    const fresh = await createTestPlatform();
    try {
      const service = fresh.platform.directory.service;
      const first = await service.ensureFirstAdmin({ username: 'admin' });
      expect(first.created).toBe(true);
      expect(first.generatedPassword).toMatch(/^.{16}$/);
      expect(await service.ensureFirstAdmin({ username: 'admin' })).toEqual({ created: false, username: 'admin' });
      expect(await service.countUsers()).toBe(1);
      expect((await service.findUserByUsername('admin'))?.roles).toEqual(['system_admin']);
      const response = await fresh.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'admin', password: first.generatedPassword } });
      expect(response.json().user).toMatchObject({ roles: ['system_admin'], mustChangePassword: true });
    } finally {
      await fresh.close();
    }
  });

  it('keeps a configured password without forcing a change, after checking it against the policy', async () => {
    const fresh = await createTestPlatform();
    try {
      const service = fresh.platform.directory.service;
      await expect(service.ensureFirstAdmin({ username: 'root', password: 'short' })).rejects.toMatchObject({ code: 'auth.password_policy' });
      expect(await service.countUsers()).toBe(0);
      const created = await service.ensureFirstAdmin({ username: 'root', password: 'Configured-Passw0rd' });
      expect(created).toEqual({ created: true, username: 'root' });
      const response = await fresh.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'root', password: 'Configured-Passw0rd' } });
      expect(response.json().user).toMatchObject({ roles: ['system_admin'], mustChangePassword: false });
      const audit = await fresh.platform.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.create').execute();
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain('Configured-Passw0rd');
    } finally {
      await fresh.close();
    }
  });
});
