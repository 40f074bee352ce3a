// The platform endpoints of the running server over real HTTP, and a restart on the same data directory.
import { afterAll, describe, expect, inject, test } from 'vitest';
import { removeDataDir, startServer, type RunningServer } from './support/server.js';

const baseUrl = inject('baseUrl');
const adminPassword = inject('adminPassword');
const DEMO_PASSWORD = 'Zhongshu@2026';

async function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
}

/** Logs in over the API and returns the session cookie. */
async function sessionCookie(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('zs_session='));
  expect(cookie).toBeTruthy();
  return cookie!.split(';')[0];
}

describe('platform endpoints', () => {
  test('GET /health answers ok', async () => {
    const response = await get(`${baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  test('GET /ready answers ready', async () => {
    const response = await get(`${baseUrl}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ready' });
  });

  test('GET /metrics is Prometheus text', async () => {
    await get(`${baseUrl}/health`);
    const response = await get(`${baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type') ?? '').toMatch(/^text\/plain/);
    const lines = (await response.text()).split('\n').filter(Boolean);
    // Every line is a comment (# HELP / # TYPE) or a sample: name{labels} value.
    const malformed = lines.filter((line) => !/^# (HELP|TYPE) /.test(line) && !/^[a-zA-Z_:][\w:]*(\{.*\})? ([-+0-9.eE]+|NaN|[-+]Inf)( \d+)?$/.test(line));
    expect(malformed).toEqual([]);
    expect(lines.some((line) => /^# TYPE \S+ (counter|gauge|histogram|summary)$/.test(line))).toBe(true);
    // Default process metrics, and the request we just made counted by route.
    expect(lines.some((line) => /^(\w+_)?process_cpu_seconds_total(\{[^}]*\})? /.test(line))).toBe(true);
    expect(lines.some((line) => /^\w*http_request\w*_count\{[^}]*route="\/health"/.test(line))).toBe(true);
  });

  test('GET /openapi.json is OpenAPI 3.1 with the session and catalog paths', async () => {
    const response = await get(`${baseUrl}/openapi.json`);
    expect(response.status).toBe(200);
    const spec = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(spec.openapi).toMatch(/^3\.1\.\d+$/);
    const paths = Object.keys(spec.paths);
    expect(paths).toContain('/api/v1/session');
    expect(Object.keys(spec.paths['/api/v1/session'])).toEqual(expect.arrayContaining(['post', 'delete']));
    expect(paths).toContain('/api/v1/catalog/resources');
    expect(Object.keys(spec.paths['/api/v1/catalog/resources'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(paths.some((p) => /^\/api\/v1\/catalog\/resources\/\{code\}$/.test(p)), paths.join('\n')).toBe(true);
    expect(paths.some((p) => /^\/api\/v1\/catalog\/resources\/\{code\}\/publish$/.test(p)), paths.join('\n')).toBe(true);
  });

  test('GET /docs is an HTML page', async () => {
    const response = await get(`${baseUrl}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type') ?? '').toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/<html/i);
  });

  test('GET / serves the console to a browser', async () => {
    // Only page requests get the console; an API client asking for an unknown path gets a 404 problem.
    const response = await get(`${baseUrl}/`, { accept: 'text/html' });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/<div id="root"/);
  });

  test('the demo district is there: published entries to search', async () => {
    const response = await get(`${baseUrl}/api/v1/catalog/resources?q=${encodeURIComponent('户籍')}&pageSize=5`, {
      cookie: await sessionCookie(baseUrl, 'admin', adminPassword),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { total: number; data: Array<{ name: string }> };
    expect(answer.total).toBeGreaterThan(0);
  });
});

describe('a second start on the same data directory', () => {
  let server: RunningServer | undefined;
  let dataDir: string | undefined;

  afterAll(async () => {
    await server?.stop();
    if (dataDir) removeDataDir(dataDir);
  });

  /** Everything the data admin can see: every entry of every department, whatever its status. */
  async function countEntries(url: string): Promise<number> {
    const response = await get(`${url}/api/v1/catalog/resources?status=all&pageSize=1`, {
      cookie: await sessionCookie(url, 'dataadmin', DEMO_PASSWORD),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    return ((await response.json()) as { total: number }).total;
  }

  async function countDepartments(url: string): Promise<number> {
    const response = await get(`${url}/api/v1/departments`, { cookie: await sessionCookie(url, 'dataadmin', DEMO_PASSWORD) });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as unknown[] | { data: unknown[] };
    return Array.isArray(answer) ? answer.length : answer.data.length;
  }

  test('keeps the data and does not seed twice', async () => {
    const env = { ZHONGSHU_ADMIN_PASSWORD: adminPassword };
    server = await startServer({ name: 'restart-first-start', env });
    dataDir = server.dataDir;
    await server.waitForOutput(/Demo district seeded: \d+ departments, \d+ catalog entries/);
    const entriesBefore = await countEntries(server.url);
    const departmentsBefore = await countDepartments(server.url);
    expect(entriesBefore).toBeGreaterThanOrEqual(300);
    expect(departmentsBefore).toBeGreaterThanOrEqual(46);
    await server.stop();

    server = await startServer({ name: 'restart-second-start', env, dataDir });
    await server.waitForOutput(/Console \/ 控制台:/);
    expect(server.output()).not.toMatch(/Demo district seeded/);
    expect(await countEntries(server.url)).toBe(entriesBefore);
    expect(await countDepartments(server.url)).toBe(departmentsBefore);
  }, 600_000);
});
