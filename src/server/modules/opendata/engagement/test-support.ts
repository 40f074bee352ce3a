/**
 * Fixtures for tests that need the public's side of the portal: a portal user's browser (cookie + X-Portal-CSRF)
 * driven through fastify.inject, and the datasets applications are about.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TestPlatform } from '../../../testing/harness.js';
import { insertDatasets, type OpendataTestbed } from '../test-support.js';

export const PORTAL_PASSWORD = 'Portal-Passw0rd';

export interface PortalBrowser {
  email: string;
  userId: string;
  cookie: string;
  csrfToken: string;
  get(url: string, query?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Sends the CSRF header unless `headers` overrides it. */
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

let registered = 0;

/** Registers a portal user (logged in by registering) and answers its browser. */
export async function registerPortalUser(
  t: Pick<TestPlatform, 'inject'>,
  overrides: { email?: string; displayName?: string; organisation?: string | null; password?: string } = {},
): Promise<PortalBrowser> {
  const email = overrides.email ?? `citizen${++registered}.${Date.now()}@example.org`;
  const response = await t.inject({
    method: 'POST',
    url: '/api/v1/open/account/register',
    payload: { email, password: overrides.password ?? PORTAL_PASSWORD, displayName: overrides.displayName ?? '张三', organisation: overrides.organisation ?? null },
  });
  if (response.statusCode !== 201) throw new Error(`register ${email} failed: ${response.statusCode} ${response.body}`);
  return browserFrom(t, response, email);
}

/** Logs a portal user in and answers its browser. */
export async function loginPortalUser(t: Pick<TestPlatform, 'inject'>, email: string, password = PORTAL_PASSWORD): Promise<PortalBrowser> {
  const response = await t.inject({ method: 'POST', url: '/api/v1/open/account/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`login ${email} failed: ${response.statusCode} ${response.body}`);
  return browserFrom(t, response, email);
}

function browserFrom(t: Pick<TestPlatform, 'inject'>, response: LightMyRequestResponse, email: string): PortalBrowser {
  const set = response.cookies.find((cookie) => cookie.name === 'zs_portal');
  if (!set) throw new Error('no zs_portal cookie');
  const cookie = `zs_portal=${set.value}`;
  const { csrfToken, user } = response.json() as { csrfToken: string; user: { id: string } };
  return {
    email,
    userId: user.id,
    cookie,
    csrfToken,
    get: (url, query) => t.inject({ method: 'GET', url, query, headers: { cookie } }),
    post: (url, body, headers = {}) =>
      t.inject({ method: 'POST', url, headers: { cookie, 'x-portal-csrf': csrfToken, ...headers }, payload: (body ?? {}) as InjectOptions['payload'] }),
    inject: (options) => t.inject({ ...options, headers: { cookie, 'x-portal-csrf': csrfToken, ...(options.headers ?? {}) } }),
  };
}

export interface EngagementDatasets {
  /** Conditionally open, provided by the "own" department. */
  conditional: { id: string; name: string };
  /** Open, provided by the "own" department. */
  open: { id: string; name: string };
  /** Conditionally open but harvested from another portal. */
  harvested: { id: string; name: string };
}

/**
 * The datasets of the engagement tests: the testbed's open and conditional entries as the publisher published
 * them (createOpendataTestbed publishes by default), plus a harvested conditional dataset written directly.
 */
export async function engagementDatasets(bed: OpendataTestbed): Promise<EngagementDatasets> {
  const db = bed.t.platform.ctx.db;
  const byCode = async (code: string) => {
    const row = await db.selectFrom('opendata_datasets').select(['id', 'name']).where('catalog_code', '=', code).where('state', '=', 'active').executeTakeFirst();
    if (!row) throw new Error(`entry ${code} was not published as a dataset`);
    return row;
  };
  const conditional = await byCode(bed.conditionalCode);
  const open = await byCode(bed.openCode);

  const source = await db
    .insertInto('opendata_harvest_sources')
    .values({ name: 'city-portal', title: '市级开放平台', type: 'ckan', url: 'https://data.city.example.org' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const [harvestedId] = await insertDatasets(db, [{ name: 'city-enterprise-credit', title: '企业信用信息', openType: 'conditional', organizationName: 'city-market-bureau' }]);
  await db.updateTable('opendata_datasets').set({ source_id: source.id, source_identifier: 'abc-123' }).where('id', '=', harvestedId).execute();
  return { conditional, open, harvested: { id: harvestedId, name: 'city-enterprise-credit' } };
}
