import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar, organisationCodeCheckChar } from '../../platform/identifiers.js';
import { createTestPlatform, seedBasicDirectory, type BasicDirectory, type HttpSession, type TestPlatform } from '../../testing/harness.js';

/** Regions and departments over HTTP: identifier checks, uniqueness, the tree, nothing written on failure. */
let t: TestPlatform;
let dir: BasicDirectory;
let admin: HttpSession;

beforeAll(async () => {
  t = await createTestPlatform();
  dir = await seedBasicDirectory(t.platform);
  admin = await t.login('sysadmin');
});
afterAll(() => t.close());

// Vectors from the standards notes (GB 32100-2015).
const VALID = ['91350100M000100Y43', '91330100716105852F', '9144030071526726XG', '11100000000013338W'];
/** The notes' invalid vector ends in Z, which the alphabet lacks (a charset error); this one has a wrong but legal check character. */
const NOTES_INVALID = '91350100M000100Y4Z';
const WRONG_CHECK_CHAR = '91350100M000100Y40';
/** 91350100M000100Y43 with its organisation-code check character (position 17) altered and position 18 recomputed, so only the inner layer fails. */
function wrongOrganisationLayer(): string {
  const valid = VALID[0];
  const wrongInner = organisationCodeCheckChar(valid.slice(8, 16)) === '5' ? '6' : '5';
  const first17 = valid.slice(0, 16) + wrongInner;
  return first17 + creditCodeCheckChar(first17);
}

const department = (creditCode: string, extra: Record<string, unknown> = {}) => ({ name: '测试局', creditCode, regionCode: '440607', kind: 'economy', ...extra });
const countRows = async () => ({
  departments: (await t.platform.ctx.db.selectFrom('departments').select('id').execute()).length,
  audit: (await t.platform.ctx.db.selectFrom('audit_log').select('id').execute()).length,
});

describe('department credit codes', () => {
  it('accepts the valid vectors, assigning the next free short codes', async () => {
    const shortCodes: string[] = [];
    for (const code of VALID) {
      const response = await admin.post('/api/v1/departments', department(code, { name: `局 ${code}` }));
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ creditCode: code, regionCode: '440607', regionName: '三水区', status: 'active', depth: 0 });
      shortCodes.push(response.json().shortCode);
    }
    // 08 and 23 are taken by the seed.
    expect(shortCodes).toEqual(['01', '02', '03', '04']);
  });

  it('says which layer failed, and writes nothing', async () => {
    const before = await countRows();
    const outer = await admin.post('/api/v1/departments', department(WRONG_CHECK_CHAR));
    expect(outer.statusCode).toBe(400);
    expect(outer.json()).toMatchObject({ code: 'directory.invalid_credit_code', errors: [{ pointer: '/creditCode', code: 'directory.credit_code_check' }] });
    expect(outer.json().errors[0].message).toContain('position 18');

    const inner = await admin.post('/api/v1/departments', department(wrongOrganisationLayer()));
    expect(inner.statusCode).toBe(400);
    expect(inner.json()).toMatchObject({ code: 'directory.invalid_credit_code', errors: [{ pointer: '/creditCode', code: 'directory.credit_code_organisation_check' }] });
    expect(inner.json().errors[0].message).toContain('GB 11714');

    for (const code of [NOTES_INVALID, '91350100M000100I43']) {
      const charset = await admin.post('/api/v1/departments', department(code));
      expect(charset.json()).toMatchObject({ code: 'directory.invalid_credit_code', errors: [{ code: 'directory.credit_code_charset' }] });
    }
    const length = await admin.post('/api/v1/departments', department('9135'));
    expect(length.json().errors[0].code).toBe('directory.credit_code_length');
    expect(await countRows()).toEqual(before);
  });

  it('reports an unknown region, and every problem of the request together', async () => {
    const before = await countRows();
    const unknown = await admin.post('/api/v1/departments', department(makeCode('MB2C3300'), { regionCode: '440699' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'directory.unknown_region', errors: [{ pointer: '/regionCode', code: 'directory.unknown_region' }] });

    const both = await admin.post('/api/v1/departments', department(WRONG_CHECK_CHAR, { regionCode: '440699' }));
    expect(both.json().code).toBe('directory.invalid_credit_code');
    expect(both.json().errors.map((error: { pointer: string }) => error.pointer)).toEqual(['/creditCode', '/regionCode']);
    expect(await countRows()).toEqual(before);
  });

  it('refuses a duplicate credit code (409) and a taken short code, normalising case first', async () => {
    const before = await countRows();
    const duplicate = await admin.post('/api/v1/departments', department(VALID[2].toLowerCase()));
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'directory.duplicate_credit_code', errors: [{ pointer: '/creditCode' }] });
    const shortCode = await admin.post('/api/v1/departments', department(makeCode('MB2C3301'), { shortCode: '23' }));
    expect(shortCode.statusCode).toBe(409);
    expect(shortCode.json()).toMatchObject({ code: 'directory.duplicate_short_code', errors: [{ pointer: '/shortCode' }] });
    const badShortCode = await admin.post('/api/v1/departments', department(makeCode('MB2C3301'), { shortCode: '7' }));
    expect(badShortCode.json().code).toBe('directory.invalid_short_code');
    expect(await countRows()).toEqual(before);
  });

  it('checks a changed credit code on update the same way', async () => {
    const response = await admin.patch(`/api/v1/departments/${dir.departments.own}`, { creditCode: WRONG_CHECK_CHAR });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('directory.invalid_credit_code');
    const taken = await admin.patch(`/api/v1/departments/${dir.departments.own}`, { creditCode: VALID[0] });
    expect(taken.statusCode).toBe(409);
  });
});

describe('department tree', () => {
  it('links children to parents, orders the list as a tree and refuses cycles', async () => {
    const parent = (await admin.get(`/api/v1/departments/${dir.departments.other}`)).json();
    const child = await admin.post('/api/v1/departments', department(makeCode('MB2C3100'), { name: '区民政局 救助站', parentId: parent.id, shortCode: '42' }));
    expect(child.statusCode).toBe(201);
    expect(child.json()).toMatchObject({ parentId: parent.id, depth: 1, shortCode: '42' });
    const grandchild = await admin.post('/api/v1/departments', department(makeCode('MB2C3101'), { name: '救助站 一组', parentId: child.json().id }));
    expect(grandchild.json().depth).toBe(2);

    const list = (await admin.get('/api/v1/departments')).json() as Array<{ id: string; depth: number }>;
    const at = (id: string) => list.findIndex((entry) => entry.id === id);
    expect(at(parent.id)).toBeLessThan(at(child.json().id));
    expect(at(child.json().id) + 1).toBe(at(grandchild.json().id));

    const cycle = await admin.patch(`/api/v1/departments/${parent.id}`, { parentId: grandchild.json().id });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json()).toMatchObject({ code: 'directory.department_cycle', errors: [{ pointer: '/parentId' }] });
    const self = await admin.patch(`/api/v1/departments/${parent.id}`, { parentId: parent.id });
    expect(self.json().code).toBe('directory.department_cycle');
    const unknown = await admin.patch(`/api/v1/departments/${parent.id}`, { parentId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.json().code).toBe('directory.unknown_parent');
  });

  it('searches by name and keeps the depth of the full tree', async () => {
    const found = (await admin.get('/api/v1/departments', { q: '一组' })).json();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ name: '救助站 一组', depth: 2 });
    expect((await admin.get('/api/v1/departments', { q: '100%_' })).json()).toEqual([]);
  });

  it('answers 404 directory.department_not_found', async () => {
    const response = await admin.get('/api/v1/departments/00000000-0000-4000-8000-000000000000');
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('directory.department_not_found');
  });

  it('refuses unknown fields and treats an empty short code as "assign one"', async () => {
    const unknownField = await admin.patch(`/api/v1/departments/${dir.departments.own}`, { bogus: 1 });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json()).toMatchObject({ code: 'validation.failed', errors: [{ pointer: '/bogus' }] });
    const created = await admin.post('/api/v1/departments', department(makeCode('MB2C3400'), { shortCode: '' }));
    expect(created.statusCode).toBe(201);
    expect(created.json().shortCode).toMatch(/^\d{2}$/);
  });

  it('updates fields and status', async () => {
    const response = await admin.patch(`/api/v1/departments/${dir.departments.other}`, { nameEn: 'Civil Affairs', status: 'disabled' });
    expect(response.json()).toMatchObject({ nameEn: 'Civil Affairs', status: 'disabled' });
    await admin.patch(`/api/v1/departments/${dir.departments.other}`, { status: 'active' });
  });
});

describe('regions', () => {
  it('checks the code format (directory.invalid_division_code on /code)', async () => {
    for (const code of ['990000', '44060', '4406071', 'abcdef']) {
      const response = await admin.post('/api/v1/regions', { code, name: 'x' });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'directory.invalid_division_code', errors: [{ pointer: '/code' }] });
    }
  });

  it('derives the level, updates in place, and lists current regions by default', async () => {
    const created = await admin.post('/api/v1/regions', { code: '440605', name: '南海区', parentCode: '440600' });
    expect(created.json()).toMatchObject({ code: '440605', level: 'county', validFrom: '1980-01-01', validTo: null });
    const renamed = await admin.post('/api/v1/regions', { code: '440605', name: '南海区', nameEn: 'Nanhai District', parentCode: '440600' });
    expect(renamed.json().nameEn).toBe('Nanhai District');
    const list = (await admin.get('/api/v1/regions')).json() as Array<{ code: string }>;
    expect(list.filter((region) => region.code === '440605')).toHaveLength(1);
  });

  it('retires a code with its successor; retired codes show only on request', async () => {
    await admin.post('/api/v1/regions', { code: '440608', name: '高明区' });
    const retired = await admin.post('/api/v1/regions/440608/retire', { validTo: '2024-01-01', successorCode: '440605' });
    expect(retired.statusCode).toBe(200);
    expect(retired.json()).toMatchObject({ code: '440608', validTo: '2024-01-01', successorCode: '440605' });
    const current = (await admin.get('/api/v1/regions')).json() as Array<{ code: string }>;
    expect(current.map((region) => region.code)).not.toContain('440608');
    const all = (await admin.get('/api/v1/regions', { includeRetired: 'true' })).json() as Array<{ code: string }>;
    expect(all.map((region) => region.code)).toContain('440608');
    // A department cannot be created in a retired region.
    const response = await admin.post('/api/v1/departments', department(makeCode('MB2C3200'), { regionCode: '440608' }));
    expect(response.json().code).toBe('directory.unknown_region');
    // Reusing the code later opens a new version.
    const reused = await admin.post('/api/v1/regions', { code: '440608', name: '新高明区', validFrom: '2025-01-01' });
    expect(reused.json()).toMatchObject({ validFrom: '2025-01-01', validTo: null });
    const versions = (await admin.get('/api/v1/regions', { includeRetired: 'true' })).json().filter((region: { code: string }) => region.code === '440608');
    expect(versions).toHaveLength(2);
  });
});

function makeCode(orgBody: string): string {
  const first17 = `11440607${orgBody}${organisationCodeCheckChar(orgBody)}`;
  return first17 + creditCodeCheckChar(first17);
}
