/**
 * The authorization matrix of the catalog endpoints: every role (and a business system) × every endpoint,
 * on entries of the caller's own department or of another one. "own_*" users belong to the entry's department,
 * "other_*" users to another; "plain" is a member of the entry's department without a role.
 * 403 means refused by role or department; 404 means the entry is not visible to the caller at all.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpSession } from '../../testing/harness.js';
import { createCatalogTestbed, entryInput, type CatalogTestbed } from './test-support.js';

const ACTORS = ['sysadmin', 'secadmin', 'auditor', 'dataadmin', 'own_admin', 'own_op', 'other_admin', 'other_op', 'plain', 'system'] as const;
type ActorName = (typeof ACTORS)[number];
type State = 'none' | 'draft' | 'submitted' | 'published';

interface Endpoint {
  state: State;
  request(code: string, ownDepartment: string): { method: InjectOptions['method']; url: string; body?: unknown };
}

const R = '/api/v1/catalog/resources';
const ENDPOINTS: Record<string, Endpoint> = {
  'GET classifications': { state: 'none', request: () => ({ method: 'GET', url: '/api/v1/catalog/classifications' }) },
  'GET search': { state: 'none', request: () => ({ method: 'GET', url: R }) },
  'GET stats': { state: 'none', request: () => ({ method: 'GET', url: '/api/v1/catalog/stats' }) },
  'GET published entry': { state: 'published', request: (code) => ({ method: 'GET', url: `${R}/${code}` }) },
  'GET draft entry': { state: 'draft', request: (code) => ({ method: 'GET', url: `${R}/${code}` }) },
  'GET submitted entry': { state: 'submitted', request: (code) => ({ method: 'GET', url: `${R}/${code}` }) },
  'GET versions': { state: 'published', request: (code) => ({ method: 'GET', url: `${R}/${code}/versions` }) },
  'GET version 1': { state: 'published', request: (code) => ({ method: 'GET', url: `${R}/${code}/versions/1` }) },
  'GET diff': { state: 'published', request: (code) => ({ method: 'GET', url: `${R}/${code}/diff?from=1&to=1` }) },
  'POST create (own dept)': { state: 'none', request: (_code, own) => ({ method: 'POST', url: R, body: entryInput({ providerDepartmentId: own }) }) },
  'PUT draft': { state: 'draft', request: (code) => ({ method: 'PUT', url: `${R}/${code}`, body: entryInput({ summary: '修改' }) }) },
  'PUT published': { state: 'published', request: (code) => ({ method: 'PUT', url: `${R}/${code}`, body: entryInput({ summary: '修改' }) }) },
  'DELETE draft': { state: 'draft', request: (code) => ({ method: 'DELETE', url: `${R}/${code}` }) },
  'POST submit': { state: 'draft', request: (code) => ({ method: 'POST', url: `${R}/${code}/submit` }) },
  'POST return': { state: 'submitted', request: (code) => ({ method: 'POST', url: `${R}/${code}/return`, body: { reason: '请补充' } }) },
  'POST publish': { state: 'submitted', request: (code) => ({ method: 'POST', url: `${R}/${code}/publish` }) },
  'POST retire': { state: 'published', request: (code) => ({ method: 'POST', url: `${R}/${code}/retire`, body: { reason: '停用' } }) },
};

// prettier-ignore
const MATRIX: Record<string, number[]> = {
  //                         sysadmin secadmin auditor dataadmin own_admin own_op other_admin other_op plain system
  'GET classifications':     [200,    200,     200,    200,      200,      200,   200,        200,     200,  200],
  'GET search':              [200,    200,     200,    200,      200,      200,   200,        200,     200,  200],
  'GET stats':               [200,    200,     200,    200,      200,      200,   200,        200,     200,  200],
  'GET published entry':     [200,    200,     200,    200,      200,      200,   200,        200,     200,  200],
  'GET draft entry':         [404,    404,     404,    200,      200,      200,   404,        404,     200,  404],
  'GET submitted entry':     [404,    404,     404,    200,      200,      200,   404,        404,     200,  404],
  'GET versions':            [200,    200,     200,    200,      200,      200,   200,        200,     200,  200],
  'GET version 1':           [200,    200,     200,    200,      200,      200,   200,        200,     200,  200],
  'GET diff':                [200,    200,     200,    200,      200,      200,   200,        200,     200,  200],
  'POST create (own dept)':  [403,    403,     403,    201,      201,      201,   403,        403,     403,  403],
  'PUT draft':               [403,    403,     403,    403,      200,      200,   404,        404,     403,  403],
  'PUT published':           [403,    403,     403,    403,      200,      200,   403,        403,     403,  403],
  'DELETE draft':            [403,    403,     403,    403,      204,      204,   404,        404,     403,  403],
  'POST submit':             [403,    403,     403,    403,      200,      200,   404,        404,     403,  403],
  'POST return':             [403,    403,     403,    200,      403,      403,   403,        403,     403,  403],
  'POST publish':            [403,    403,     403,    200,      403,      403,   403,        403,     403,  403],
  'POST retire':             [403,    403,     403,    200,      200,      403,   403,        403,     403,  403],
};

const CASES = Object.entries(MATRIX).flatMap(([endpoint, statuses]) => ACTORS.map((actor, i) => [endpoint, actor, statuses[i]] as const));

describe('catalog authorization matrix', () => {
  let bed: CatalogTestbed;
  const callers = new Map<ActorName, (options: InjectOptions) => Promise<LightMyRequestResponse>>();

  beforeAll(async () => {
    bed = await createCatalogTestbed();
    const users: Record<Exclude<ActorName, 'system'>, string> = {
      sysadmin: 'sysadmin', secadmin: 'secadmin', auditor: 'auditor', dataadmin: 'dataadmin', own_admin: 'own_admin',
      own_op: 'own_op', other_admin: 'other_admin', other_op: 'other_op', plain: 'plain',
    };
    for (const [name, username] of Object.entries(users)) {
      const session: HttpSession = await bed.t.login(username);
      callers.set(name as ActorName, (options) => session.inject(options));
    }
    const directory = bed.t.platform.directory.service;
    const system = await directory.createBusinessSystem(bed.cli, { departmentId: bed.directory.departments.own, code: 'own-app', name: '业务系统' });
    const { token } = await directory.issueCredential(bed.cli, system.id);
    callers.set('system', (options) => bed.t.inject({ ...options, headers: { ...(options.headers ?? {}), authorization: `Bearer ${token}` } }));
  });
  afterAll(() => bed.close());

  it('covers every endpoint of the catalog contract', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(ENDPOINTS).sort());
    expect(Object.values(MATRIX).every((row) => row.length === ACTORS.length)).toBe(true);
  });

  it.each(CASES)('%s by %s → %i', async (endpoint, actor, expected) => {
    const { state, request } = ENDPOINTS[endpoint];
    const code = state === 'none' ? 'none' : await bed.entry(state);
    const { method, url, body } = request(code, bed.directory.departments.own);
    const response = await callers.get(actor)!({ method, url, ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }) });
    expect(response.statusCode, response.body).toBe(expected);
    if (expected === 403) expect(response.json().code).toBe('auth.forbidden');
    if (expected === 404) expect(response.json().code).toBe('catalog.resource_not_found');
  });
});
