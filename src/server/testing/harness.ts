import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createPlatform, type Platform } from '../app.js';
import { cliActor, type Role } from '../platform/actor.js';
import { testConfig, type Config } from '../platform/config.js';
import { createTestDatabase } from '../platform/db/testing.js';
import { makeCreditCode } from '../platform/identifiers.js';

/**
 * The whole platform on a fresh test database (PGlite, or PostgreSQL when TEST_DATABASE_URL is set), driven
 * through fastify.inject — real routes, real SQL, no network.
 */
export const TEST_PASSWORD = 'Test-Passw0rd';

export interface HttpSession {
  username: string;
  csrfToken: string;
  cookie: string;
  get(url: string, query?: Record<string, string | string[]>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export interface TestPlatform {
  platform: Platform;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  login(username: string, password?: string): Promise<HttpSession>;
  close(): Promise<void>;
}

export async function createTestPlatform(overrides: Partial<Config> = {}): Promise<TestPlatform> {
  const database = await createTestDatabase();
  const platform = await createPlatform(testConfig(overrides), { database, worker: false });
  await platform.http.ready();
  const inject = (options: InjectOptions) => platform.http.inject(options);
  return {
    platform,
    inject,
    async login(username, password = TEST_PASSWORD) {
      const response = await inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
      if (response.statusCode !== 200) throw new Error(`login ${username} failed: ${response.statusCode} ${response.body}`);
      const setCookie = response.cookies.find((c) => c.name === 'zs_session');
      if (!setCookie) throw new Error('no session cookie');
      const cookie = `zs_session=${setCookie.value}`;
      const csrfToken = response.json().csrfToken as string;
      const send = (method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}) =>
        inject({ method, url, headers: { cookie, 'x-csrf-token': csrfToken, ...headers }, ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }) });
      return {
        username,
        csrfToken,
        cookie,
        get: (url, query) => inject({ method: 'GET', url, query, headers: { cookie } }),
        post: (url, body, headers) => send('POST', url, body ?? {}, headers),
        put: (url, body) => send('PUT', url, body ?? {}),
        patch: (url, body) => send('PATCH', url, body ?? {}),
        delete: (url) => send('DELETE', url),
        inject: (options) => inject({ ...options, headers: { cookie, 'x-csrf-token': csrfToken, ...(options.headers ?? {}) } }),
      };
    },
    close: () => platform.close(),
  };
}

export interface BasicDirectory {
  /** Two departments so tests can check own vs other department. */
  departments: { own: string; other: string };
  /** username per role; dept roles belong to the "own" department; `other_admin`/`other_op` to "other". */
  users: Record<Role | 'other_admin' | 'other_op' | 'no_role', string>;
}

/** A region, two departments and one user per role (all with TEST_PASSWORD, no forced change). */
export async function seedBasicDirectory(platform: Platform): Promise<BasicDirectory> {
  const cli = cliActor('test');
  const directory = platform.directory.service;
  await directory.upsertRegion(cli, { code: '440600', name: '佛山市', nameEn: 'Foshan', level: 'prefecture', parentCode: null });
  await directory.upsertRegion(cli, { code: '440607', name: '三水区', nameEn: 'Sanshui District', level: 'county', parentCode: '440600' });
  const own = await directory.createDepartment(cli, {
    name: '区市场监督管理局', nameEn: 'Market Supervision Administration', creditCode: makeCreditCode('11', '440607', 'MB2C3000'),
    regionCode: '440607', kind: 'economy', shortCode: '23',
  });
  const other = await directory.createDepartment(cli, {
    name: '区民政局', nameEn: 'Civil Affairs Bureau', creditCode: makeCreditCode('11', '440607', 'MB2C3001'),
    regionCode: '440607', kind: 'society', shortCode: '08',
  });
  const spec: Array<[string, Role[], string | null]> = [
    ['sysadmin', ['system_admin'], null],
    ['secadmin', ['security_admin'], null],
    ['auditor', ['audit_admin'], null],
    ['dataadmin', ['data_admin'], null],
    ['own_admin', ['dept_admin'], own.id],
    ['own_op', ['dept_operator'], own.id],
    ['other_admin', ['dept_admin'], other.id],
    ['other_op', ['dept_operator'], other.id],
    ['plain', [], own.id],
  ];
  for (const [username, roles, departmentId] of spec) {
    const user = await directory.createUser(cli, { username, displayName: username, departmentId, password: TEST_PASSWORD, mustChangePassword: false });
    if (roles.length) await directory.setRoles(cli, user.id, roles);
  }
  return {
    departments: { own: own.id, other: other.id },
    users: {
      system_admin: 'sysadmin', security_admin: 'secadmin', audit_admin: 'auditor', data_admin: 'dataadmin',
      dept_admin: 'own_admin', dept_operator: 'own_op', other_admin: 'other_admin', other_op: 'other_op', no_role: 'plain',
    },
  };
}
