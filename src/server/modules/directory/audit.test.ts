import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, seedBasicDirectory, TEST_PASSWORD, type BasicDirectory, type HttpSession, type TestPlatform } from '../../testing/harness.js';

/** Every directory write leaves an audit entry in the same transaction; the audit admin reads them. */
let t: TestPlatform;
let dir: BasicDirectory;
let sysadmin: HttpSession;
let auditor: HttpSession;

beforeAll(async () => {
  t = await createTestPlatform();
  dir = await seedBasicDirectory(t.platform);
  [sysadmin, auditor] = await Promise.all([t.login('sysadmin'), t.login('auditor')]);
});
afterAll(() => t.close());

describe('audit log', () => {
  it('records a department change with before and after, who and from which request', async () => {
    const response = await sysadmin.patch(`/api/v1/departments/${dir.departments.own}`, { nameEn: 'Market Regulation' });
    expect(response.statusCode).toBe(200);
    const found = await auditor.get('/api/v1/audit', { action: 'department.update', targetId: dir.departments.own });
    expect(found.statusCode).toBe(200);
    const [entry] = found.json().data;
    expect(entry).toMatchObject({
      actorType: 'user',
      actorName: 'sysadmin',
      action: 'department.update',
      targetType: 'department',
      targetId: dir.departments.own,
      before: { nameEn: 'Market Supervision Administration' },
      after: { nameEn: 'Market Regulation' },
      requestId: response.headers['x-request-id'],
      result: 'success',
    });
  });

  it('records logins, failed logins and password events without any secret', async () => {
    await t.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'plain', password: 'Wrong-Passw0rd-X' } });
    await t.login('plain');
    const created = await sysadmin.post('/api/v1/users', { username: 'audited', displayName: 'Audited', departmentId: dir.departments.own });
    const reset = await sysadmin.post(`/api/v1/users/${created.json().user.id}/reset-password`);

    const logins = (await auditor.get('/api/v1/audit', { actor: 'plain', action: 'session.' })).json().data;
    expect(logins.map((entry: { result: string }) => entry.result)).toEqual(['success', 'failure']);
    const userEntries = (await auditor.get('/api/v1/audit', { targetType: 'user', targetId: created.json().user.id })).json().data;
    expect(userEntries.map((entry: { action: string }) => entry.action)).toEqual(['user.reset_password', 'user.create']);

    const everything = JSON.stringify(await t.platform.ctx.db.selectFrom('audit_log').selectAll().execute());
    for (const secret of [TEST_PASSWORD, 'Wrong-Passw0rd-X', created.json().initialPassword, reset.json().initialPassword, '$argon2', sysadmin.csrfToken]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toMatch(/password_hash|passwordHash|token_hash/);
  });

  it('filters by time and paginates, newest first', async () => {
    const all = (await auditor.get('/api/v1/audit', { pageSize: '200' })).json();
    expect(all.total).toBe(all.data.length);
    const ids = all.data.map((entry: { id: number }) => entry.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const page2 = (await auditor.get('/api/v1/audit', { page: '2', pageSize: '5' })).json();
    expect(page2.data.map((entry: { id: number }) => entry.id)).toEqual(ids.slice(5, 10));
    const future = (await auditor.get('/api/v1/audit', { from: new Date(Date.now() + 3_600_000).toISOString() })).json();
    expect(future).toMatchObject({ data: [], total: 0 });
    const past = (await auditor.get('/api/v1/audit', { to: '2000-01-01T00:00:00Z' })).json();
    expect(past.total).toBe(0);
    // LIKE wildcards in the action prefix are taken literally.
    expect((await auditor.get('/api/v1/audit', { action: '%' })).json().total).toBe(0);
  });

  it('is append-only in the database itself', async () => {
    const db = t.platform.ctx.db;
    await expect(sql`UPDATE audit_log SET action = 'tampered'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(db)).rejects.toThrow(/append-only/);
    const actions = await db.selectFrom('audit_log').select('action').where('action', '=', 'tampered').execute();
    expect(actions).toEqual([]);
  });

  it('writes the entry in the same transaction as the change: a failed change leaves neither', async () => {
    const count = async () => (await t.platform.ctx.db.selectFrom('audit_log').select('id').execute()).length;
    const before = await count();
    const duplicate = await sysadmin.post('/api/v1/users', { username: 'audited', displayName: 'Again' });
    expect(duplicate.statusCode).toBe(409);
    const noChange = await t.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'nobody', password: 'x' } });
    expect(noChange.statusCode).toBe(401);
    expect(await count()).toBe(before);
  });

  it('keeps the hash chain intact', async () => {
    const rows = await t.platform.ctx.db.selectFrom('audit_log').select(['prev_hash', 'hash']).orderBy('id').execute();
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
  });
});
