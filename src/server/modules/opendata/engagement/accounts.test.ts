/**
 * Portal accounts through HTTP on a real database: registration, login with lockout, sessions (hashed tokens,
 * expiry, logout), the CSRF rule, and the wall between portal and console accounts.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../testing/harness.js';
import { loginPortalUser, PORTAL_PASSWORD, registerPortalUser } from './test-support.js';

const A = '/api/v1/open/account';

describe('portal accounts', () => {
  let t: TestPlatform;
  const db = () => t.platform.ctx.db;

  beforeAll(async () => {
    t = await createTestPlatform();
  });
  afterAll(() => t.close());

  it('registering logs the user in with an httpOnly, SameSite=Lax session cookie and a CSRF token', async () => {
    const response = await t.inject({
      method: 'POST', url: `${A}/register`,
      payload: { email: 'Li.Ming@Example.org', password: PORTAL_PASSWORD, displayName: ' 李明 ', organisation: '佛山大学' },
    });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body.user).toMatchObject({ email: 'Li.Ming@Example.org', displayName: '李明', organisation: '佛山大学' });
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    expect(JSON.stringify(body)).not.toContain(PORTAL_PASSWORD);
    const cookie = response.cookies.find((c) => c.name === 'zs_portal')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    // Seven days, absolute.
    const days = (new Date(cookie.expires!).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);

    const me = await t.inject({ method: 'GET', url: `${A}/me`, headers: { cookie: `zs_portal=${cookie.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ user: body.user, csrfToken: body.csrfToken });

    // The database keeps only the token's SHA-256 digest, and an argon2id hash of the password.
    const sessions = await db().selectFrom('opendata_portal_sessions').select(['token_hash', 'csrf_token']).where('user_id', '=', body.user.id).execute();
    expect(sessions).toEqual([{ token_hash: createHash('sha256').update(cookie.value).digest('hex'), csrf_token: body.csrfToken }]);
    const user = await db().selectFrom('opendata_portal_users').select('password_hash').where('id', '=', body.user.id).executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('the cookie is Secure when the request came over HTTPS', async () => {
    const response = await t.inject({
      method: 'POST', url: `${A}/register`, headers: { 'x-forwarded-proto': 'https' },
      payload: { email: 'secure@example.org', password: PORTAL_PASSWORD, displayName: '王五' },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.cookies.find((c) => c.name === 'zs_portal')?.secure).toBe(true);
  });

  it('refuses a malformed e-mail, a weak password and an address registered already (in any case)', async () => {
    const bad = await t.inject({ method: 'POST', url: `${A}/register`, payload: { email: 'not-an-address', password: PORTAL_PASSWORD, displayName: '甲' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'portal.invalid_email', errors: [{ pointer: '/email' }] });

    const weak = await t.inject({ method: 'POST', url: `${A}/register`, payload: { email: 'weak@example.org', password: 'short', displayName: '乙' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('portal.password_policy');
    expect(weak.json().errors.map((e: { code: string }) => e.code)).toEqual(expect.arrayContaining(['password.too_short', 'password.too_few_classes']));
    expect(await db().selectFrom('opendata_portal_users').select('id').where('email', '=', 'weak@example.org').executeTakeFirst()).toBeUndefined();

    const again = await t.inject({ method: 'POST', url: `${A}/register`, payload: { email: 'LI.MING@example.ORG', password: PORTAL_PASSWORD, displayName: '丙' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('portal.email_taken');
  });

  it('logs in by e-mail in any case; a wrong password and an unknown address get the same answer', async () => {
    const browser = await loginPortalUser(t, 'li.ming@example.org');
    expect((await browser.get(`${A}/me`)).json().user.email).toBe('Li.Ming@Example.org');

    const wrong = await t.inject({ method: 'POST', url: `${A}/login`, payload: { email: 'li.ming@example.org', password: 'Wrong-Passw0rd' } });
    const unknown = await t.inject({ method: 'POST', url: `${A}/login`, payload: { email: 'nobody@example.org', password: 'Wrong-Passw0rd' } });
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json().code).toBe('portal.invalid_credentials');
    expect(unknown.json().code).toBe('portal.invalid_credentials');
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it('five wrong passwords lock the account for 15 minutes, even against the right password; then it opens again', async () => {
    const browser = await registerPortalUser(t, { email: 'locked@example.org' });
    const attempt = (password: string) => t.inject({ method: 'POST', url: `${A}/login`, payload: { email: 'locked@example.org', password } });
    for (let i = 1; i <= 4; i++) expect((await attempt(`Wrong-Passw0rd${i}`)).statusCode).toBe(401);
    const fifth = await attempt('Wrong-Passw0rd5');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().code).toBe('portal.account_locked');
    const minutes = (Date.parse(fifth.json().lockedUntil) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14.9);
    expect(minutes).toBeLessThanOrEqual(15);

    const right = await attempt(PORTAL_PASSWORD);
    expect(right.statusCode).toBe(423);
    // A session opened before the lock goes on (the lock stops guessing, not the owner's open browser).
    expect((await browser.get(`${A}/me`)).statusCode).toBe(200);

    await db().updateTable('opendata_portal_users').set({ locked_until: new Date(Date.now() - 1000) }).where('email', '=', 'locked@example.org').execute();
    expect((await attempt(PORTAL_PASSWORD)).statusCode).toBe(200);
    const row = await db().selectFrom('opendata_portal_users').select(['failed_attempts', 'locked_until']).where('email', '=', 'locked@example.org').executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_attempts: 0, locked_until: null });
  });

  it('logout ends the session; an expired session is no session', async () => {
    const browser = await registerPortalUser(t);
    const other = await loginPortalUser(t, browser.email);
    const out = await browser.post(`${A}/logout`);
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'zs_portal')?.value).toBe('');
    const me = await browser.get(`${A}/me`);
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe('portal.login_required');
    // The same user's other browser stays logged in until its session expires.
    expect((await other.get(`${A}/me`)).statusCode).toBe(200);
    await db().updateTable('opendata_portal_sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', other.userId).execute();
    expect((await other.get(`${A}/me`)).statusCode).toBe(401);
    expect(await t.platform.opendata.accounts.userOf({ method: 'GET', headers: {}, cookies: { zs_portal: other.cookie.slice('zs_portal='.length) } } as never)).toBeNull();
  });

  it('an unsafe request carrying the portal cookie needs X-Portal-CSRF equal to the session token', async () => {
    const browser = await registerPortalUser(t);
    const missing = await t.inject({ method: 'POST', url: `${A}/logout`, headers: { cookie: browser.cookie } });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('portal.csrf_invalid');
    const wrong = await browser.post(`${A}/logout`, {}, { 'x-portal-csrf': 'x'.repeat(43) });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('portal.csrf_invalid');
    // Still logged in: the refused logout did nothing.
    expect((await browser.get(`${A}/me`)).statusCode).toBe(200);
    // Another session's token is not this one's.
    const other = await registerPortalUser(t);
    expect((await browser.post(`${A}/logout`, {}, { 'x-portal-csrf': other.csrfToken })).statusCode).toBe(403);
    // The public form too: a logged-in browser must prove it is the portal.
    const request = await t.inject({
      method: 'POST', url: '/api/v1/open/requests', headers: { cookie: browser.cookie },
      payload: { title: '公交实时到站数据', description: '希望开放', requesterName: '张三' },
    });
    expect(request.statusCode).toBe(403);
    expect((await browser.post(`${A}/logout`)).statusCode).toBe(204);
  });

  it('portal accounts and console accounts never open each other', async () => {
    const browser = await registerPortalUser(t);
    const swapped = await t.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: `zs_session=${browser.cookie.slice('zs_portal='.length)}` } });
    expect(swapped.statusCode).toBe(401);
    const asConsole = await t.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: browser.cookie } });
    expect(asConsole.statusCode).toBe(401);
    // Logging in to the console with a portal account's e-mail and password fails.
    const login = await t.inject({ method: 'POST', url: '/api/v1/session', payload: { username: browser.email, password: PORTAL_PASSWORD } });
    expect(login.statusCode).toBe(401);
  });

  it('never writes a password or a session token to the log', async () => {
    const lines: string[] = [];
    const log = t.platform.ctx.log as unknown as { info: (...args: unknown[]) => void };
    const original = log.info.bind(log);
    log.info = (...args: unknown[]) => {
      lines.push(JSON.stringify(args));
      original(...args);
    };
    try {
      const browser = await registerPortalUser(t, { email: 'quiet@example.org' });
      await t.inject({ method: 'POST', url: `${A}/login`, payload: { email: 'quiet@example.org', password: 'Secret-Guess-123' } });
      await t.inject({ method: 'POST', url: `${A}/login`, payload: { email: 'ghost@example.org', password: 'Secret-Guess-456' } });
      const text = lines.join('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const secret of ['Secret-Guess-123', 'Secret-Guess-456', PORTAL_PASSWORD, browser.cookie.slice('zs_portal='.length), browser.csrfToken]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      log.info = original;
    }
  });
});
