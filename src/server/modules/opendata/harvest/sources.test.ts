import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, seedBasicDirectory, type BasicDirectory, type HttpSession, type TestPlatform } from '../../../testing/harness.js';

const SOURCES = '/api/v1/open/harvest/sources';

let t: TestPlatform;
let directory: BasicDirectory;
let admin: HttpSession;

beforeAll(async () => {
  t = await createTestPlatform();
  directory = await seedBasicDirectory(t.platform);
  admin = await t.login(directory.users.data_admin);
});
afterAll(() => t.close());

const auditOf = (targetId: string) =>
  t.platform.ctx.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('target_id', '=', targetId).orderBy('id').execute();

describe('harvest sources', () => {
  it('are added, changed and deleted by the data admin, each change audited', async () => {
    const created = await admin.post(SOURCES, {
      name: 'city-ckan', title: '市级开放平台', type: 'ckan', url: 'https://data.city.example/', schedule: '0 2 * * *', config: { fq: 'organization:transport', fullEvery: 7 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const source = created.json();
    expect(source).toMatchObject({ name: 'city-ckan', type: 'ckan', enabled: true, schedule: '0 2 * * *', config: { fq: 'organization:transport', fullEvery: 7 }, lastRun: null, datasetCount: 0 });
    // The next run is the next 02:00 in the server's time.
    const next = new Date(source.nextRunAt);
    expect(next.getHours()).toBe(2);
    expect(next.getTime()).toBeGreaterThan(Date.now());

    const list = await admin.get(SOURCES);
    expect(list.json().items.map((item: { name: string }) => item.name)).toEqual(['city-ckan']);

    const updated = await admin.put(`${SOURCES}/${source.id}`, { name: 'city-ckan', title: '市级开放平台（新）', type: 'ckan', url: 'https://data.city.example/', schedule: null, enabled: false });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ title: '市级开放平台（新）', schedule: null, enabled: false, nextRunAt: null, config: {} });

    const removed = await admin.delete(`${SOURCES}/${source.id}`);
    expect(removed.statusCode).toBe(204);
    expect((await admin.get(`${SOURCES}/${source.id}`)).statusCode).toBe(404);

    const audit = await auditOf(source.id);
    expect(audit.map((entry) => entry.action)).toEqual(['opendata.harvest_source.create', 'opendata.harvest_source.update', 'opendata.harvest_source.delete']);
    expect(audit[1].before).toMatchObject({ title: '市级开放平台', schedule: '0 2 * * *' });
    expect(audit[1].after).toMatchObject({ title: '市级开放平台（新）', schedule: null, enabled: false });
  });

  it('refuse a non-http URL, a bad schedule, settings of the other type and a taken name, all at once', async () => {
    const bad = await admin.post(SOURCES, { name: 'bad', title: 'Bad', type: 'dcat', url: 'file:///etc/passwd', schedule: '61 * * * *', config: { fq: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((error: { pointer: string; code: string }) => `${error.pointer} ${error.code}`).sort()).toEqual([
      '/config opendata.harvest_config_type', '/schedule opendata.harvest_invalid_schedule', '/url opendata.harvest_invalid_url',
    ]);
    const badName = await admin.post(SOURCES, { name: 'Not A Slug', title: 'x', type: 'dcat', url: 'https://a.example/catalog.ttl' });
    expect(badName.statusCode).toBe(400);

    expect((await admin.post(SOURCES, { name: 'twice', title: 'x', type: 'dcat', url: 'https://a.example/catalog.ttl' })).statusCode).toBe(201);
    const clash = await admin.post(SOURCES, { name: 'twice', title: 'y', type: 'ckan', url: 'https://b.example/' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('opendata.harvest_source_name_taken');
  });

  it('are the data admin\'s alone', async () => {
    for (const username of [directory.users.dept_admin, directory.users.system_admin, directory.users.dept_operator]) {
      const session = await t.login(username);
      expect((await session.get(SOURCES)).statusCode, username).toBe(403);
      expect((await session.post(SOURCES, { name: 'nope', title: 'x', type: 'dcat', url: 'https://a.example/' })).statusCode, username).toBe(403);
    }
    expect((await t.inject({ method: 'GET', url: SOURCES })).statusCode).toBe(401);
  });

  it('answer 404 for unknown sources and runs', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await admin.get(`${SOURCES}/${unknown}`)).json().code).toBe('opendata.harvest_source_not_found');
    expect((await admin.post(`${SOURCES}/${unknown}/run`, {})).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/open/harvest/runs/${unknown}`)).json().code).toBe('opendata.harvest_run_not_found');
  });
});
