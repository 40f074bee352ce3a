import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, seedBasicDirectory, type BasicDirectory, type HttpSession, type TestPlatform } from '../../testing/harness.js';

/** Business systems and their bearer credentials. */
let t: TestPlatform;
let dir: BasicDirectory;
let ownAdmin: HttpSession;
let otherAdmin: HttpSession;
let sysadmin: HttpSession;
let systemId: string;

beforeAll(async () => {
  t = await createTestPlatform();
  dir = await seedBasicDirectory(t.platform);
  [ownAdmin, otherAdmin, sysadmin] = await Promise.all([t.login('own_admin'), t.login('other_admin'), t.login('sysadmin')]);
  const created = await ownAdmin.post('/api/v1/systems', { departmentId: dir.departments.own, code: 'market-licences', name: '市场主体登记系统' });
  expect(created.statusCode).toBe(201);
  systemId = created.json().id;
});
afterAll(() => t.close());

const asBearer = (token: string, url = '/api/v1/departments') => t.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

describe('business systems', () => {
  it('are created by the department admin of their department, codes unique', async () => {
    const created = (await ownAdmin.get(`/api/v1/systems/${systemId}`)).json();
    expect(created).toMatchObject({ code: 'market-licences', departmentId: dir.departments.own, departmentName: '区市场监督管理局', status: 'active', credentials: [] });
    const duplicate = await sysadmin.post('/api/v1/systems', { departmentId: dir.departments.other, code: 'market-licences', name: 'x' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe('directory.duplicate_system_code');
    const badCode = await ownAdmin.post('/api/v1/systems', { departmentId: dir.departments.own, code: 'Market_Licences', name: 'x' });
    expect(badCode.json()).toMatchObject({ code: 'directory.invalid_system_code', errors: [{ pointer: '/code' }] });
  });

  it('another department’s admin gets 403 on every write', async () => {
    const responses = [
      await otherAdmin.post('/api/v1/systems', { departmentId: dir.departments.own, code: 'intruder', name: 'x' }),
      await otherAdmin.patch(`/api/v1/systems/${systemId}`, { name: 'taken over' }),
      await otherAdmin.post(`/api/v1/systems/${systemId}/credentials`, {}),
    ];
    expect(responses.map((response) => response.statusCode)).toEqual([403, 403, 403]);
  });

  it('department users see their own department’s systems; platform admins see all', async () => {
    await otherAdmin.post('/api/v1/systems', { departmentId: dir.departments.other, code: 'relief', name: '救助系统' });
    const codes = async (session: HttpSession) => (await session.get('/api/v1/systems')).json().map((system: { code: string }) => system.code);
    expect(await codes(ownAdmin)).toEqual(['market-licences']);
    expect(await codes(await t.login('own_op'))).toEqual(['market-licences']);
    expect(await codes(otherAdmin)).toEqual(['relief']);
    expect(await codes(sysadmin)).toEqual(['market-licences', 'relief']);
    expect(await codes(await t.login('dataadmin'))).toEqual(['market-licences', 'relief']);
    expect((await ownAdmin.get('/api/v1/systems', { departmentId: dir.departments.other })).statusCode).toBe(403);
  });

  it('answers 404 directory.system_not_found and directory.credential_not_found', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const system = await sysadmin.post(`/api/v1/systems/${missing}/credentials`, {});
    expect(system.json()).toMatchObject({ code: 'directory.system_not_found' });
    const credential = await sysadmin.delete(`/api/v1/systems/${systemId}/credentials/${missing}`);
    expect(credential.statusCode).toBe(404);
    expect(credential.json().code).toBe('directory.credential_not_found');
  });
});

describe('credentials', () => {
  it('an issued token works as Bearer on an `any` route, needs no CSRF token, and is never shown again', async () => {
    const issued = await ownAdmin.post(`/api/v1/systems/${systemId}/credentials`, { label: '生产环境' });
    expect(issued.statusCode).toBe(201);
    const { token, credential } = issued.json();
    expect(token).toMatch(/^zs_[A-Za-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
    expect(token.slice(3, 13)).toBe(credential.prefix);
    expect(credential).toMatchObject({ label: '生产环境', status: 'active', revokedAt: null, lastUsedAt: null });

    const response = await asBearer(token);
    expect(response.statusCode).toBe(200);
    expect(response.json().length).toBeGreaterThanOrEqual(2);

    const stored = await t.platform.ctx.db.selectFrom('api_credentials').selectAll().where('id', '=', credential.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(t.platform.ctx.crypto.digestHex(token));
    expect(stored.last_used_at).not.toBeNull();

    const listed = JSON.stringify((await ownAdmin.get('/api/v1/systems')).json());
    expect(listed).toContain(credential.prefix);
    expect(listed).not.toContain(token);
    expect(listed).not.toContain(token.slice(14));
    expect(listed).not.toContain(stored.token_hash);
    const audit = JSON.stringify(await t.platform.ctx.db.selectFrom('audit_log').selectAll().execute());
    expect(audit).not.toContain(token.slice(14));
    expect(audit).not.toContain(stored.token_hash);
  });

  it('a business system reaches only `any` routes', async () => {
    const { token } = (await ownAdmin.post(`/api/v1/systems/${systemId}/credentials`, {})).json();
    expect((await asBearer(token, '/api/v1/regions')).statusCode).toBe(200);
    const forbidden = await asBearer(token, '/api/v1/systems');
    expect(forbidden.statusCode).toBe(403);
    const write = await t.inject({ method: 'POST', url: '/api/v1/regions', headers: { authorization: `Bearer ${token}` }, payload: { code: '440604', name: 'x' } });
    expect(write.statusCode).toBe(403);
  });

  it('rotation kills the old token and hands out a working new one', async () => {
    const { token: oldToken, credential } = (await ownAdmin.post(`/api/v1/systems/${systemId}/credentials`, { label: 'rotating' })).json();
    expect((await asBearer(oldToken)).statusCode).toBe(200);
    const rotated = await ownAdmin.post(`/api/v1/systems/${systemId}/credentials/${credential.id}/rotate`);
    expect(rotated.statusCode).toBe(201);
    expect(rotated.json().credential).toMatchObject({ label: 'rotating', status: 'active' });
    const old = await asBearer(oldToken);
    expect(old.statusCode).toBe(401);
    expect(old.json().code).toBe('auth.invalid_credential');
    expect((await asBearer(rotated.json().token)).statusCode).toBe(200);
    const again = await ownAdmin.post(`/api/v1/systems/${systemId}/credentials/${credential.id}/rotate`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('directory.credential_revoked');
  });

  it('revocation takes effect on the very next request', async () => {
    const { token, credential } = (await ownAdmin.post(`/api/v1/systems/${systemId}/credentials`, {})).json();
    expect((await asBearer(token)).statusCode).toBe(200);
    expect((await ownAdmin.delete(`/api/v1/systems/${systemId}/credentials/${credential.id}`)).statusCode).toBe(204);
    expect((await asBearer(token)).statusCode).toBe(401);
    expect((await ownAdmin.delete(`/api/v1/systems/${systemId}/credentials/${credential.id}`)).statusCode).toBe(204);
    const listed = (await ownAdmin.get(`/api/v1/systems/${systemId}`)).json().credentials.find((c: { id: string }) => c.id === credential.id);
    expect(listed).toMatchObject({ status: 'revoked' });
    expect(listed.revokedAt).not.toBeNull();
  });

  it('a disabled system or department stops its credentials at once', async () => {
    const { token } = (await ownAdmin.post(`/api/v1/systems/${systemId}/credentials`, {})).json();
    await ownAdmin.patch(`/api/v1/systems/${systemId}`, { status: 'disabled' });
    expect((await asBearer(token)).statusCode).toBe(401);
    await ownAdmin.patch(`/api/v1/systems/${systemId}`, { status: 'active' });
    expect((await asBearer(token)).statusCode).toBe(200);
    await sysadmin.patch(`/api/v1/departments/${dir.departments.own}`, { status: 'disabled' });
    expect((await asBearer(token)).statusCode).toBe(401);
    await sysadmin.patch(`/api/v1/departments/${dir.departments.own}`, { status: 'active' });
    expect((await asBearer(token)).statusCode).toBe(200);
  });

  it('refuses malformed, unknown and tampered tokens alike', async () => {
    const { token } = (await ownAdmin.post(`/api/v1/systems/${systemId}/credentials`, {})).json();
    const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const candidate of ['nonsense', `zs_AAAAAAAAAA_${'a'.repeat(43)}`, tampered]) {
      const response = await asBearer(candidate);
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('auth.invalid_credential');
    }
  });
});
