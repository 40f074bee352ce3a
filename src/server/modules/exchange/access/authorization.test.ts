/**
 * The authorization matrix of the access endpoints: every role (and a business system) × every endpoint.
 * Requests and grants are between the "own" department (provider of both entries) and the "other" department
 * (requester, through its business system). "plain" belongs to the provider department without a role;
 * "system" is the requesting department's business system calling with its credential.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExchangeTestbed, type ExchangeTestbed } from '../test-support.js';
import type { DefaultAccessService } from './service.js';

const ACTORS = ['sysadmin', 'secadmin', 'auditor', 'dataadmin', 'own_admin', 'own_op', 'other_admin', 'other_op', 'plain', 'system'] as const;
type ActorName = (typeof ACTORS)[number];

/** What a case needs before the call: a new system of the other department, with a pending request or a grant. */
interface Fixture { systemId: string; requestId: string; grantId: string; day: string }
type Needs = 'nothing' | 'system' | 'pending' | 'grant' | 'day';

const R = '/api/v1/exchange/requests';
const G = '/api/v1/exchange/grants';
const C = '/api/v1/exchange/calendar';

const ENDPOINTS: Record<string, { needs: Needs; request(f: Fixture, licence: string): { method: InjectOptions['method']; url: string; body?: unknown } }> = {
  'POST request': {
    needs: 'system',
    request: (f, licence) => ({ method: 'POST', url: R, body: { resourceCode: licence, systemId: f.systemId, fields: ['licence_no'], purpose: '核验', legalBasis: '依据', durationDays: 30 } }),
  },
  'GET requests': { needs: 'nothing', request: () => ({ method: 'GET', url: R }) },
  'GET request': { needs: 'pending', request: (f) => ({ method: 'GET', url: `${R}/${f.requestId}` }) },
  'POST approve': { needs: 'pending', request: (f) => ({ method: 'POST', url: `${R}/${f.requestId}/approve`, body: {} }) },
  'POST reject': { needs: 'pending', request: (f) => ({ method: 'POST', url: `${R}/${f.requestId}/reject`, body: { reason: '不符合条件' } }) },
  'POST withdraw': { needs: 'pending', request: (f) => ({ method: 'POST', url: `${R}/${f.requestId}/withdraw`, body: {} }) },
  'GET grants': { needs: 'nothing', request: () => ({ method: 'GET', url: G }) },
  'GET grant': { needs: 'grant', request: (f) => ({ method: 'GET', url: `${G}/${f.grantId}` }) },
  'POST revoke': { needs: 'grant', request: (f) => ({ method: 'POST', url: `${G}/${f.grantId}/revoke`, body: { reason: '停止使用' } }) },
  'GET calendar': { needs: 'nothing', request: () => ({ method: 'GET', url: `${C}?year=2026` }) },
  'PUT calendar day': { needs: 'nothing', request: () => ({ method: 'PUT', url: `${C}/2030-05-06`, body: { kind: 'holiday', name: '测试' } }) },
  'DELETE calendar day': { needs: 'day', request: (f) => ({ method: 'DELETE', url: `${C}/${f.day}` }) },
};

// prettier-ignore
const MATRIX: Record<string, number[]> = {
  //                        sysadmin secadmin auditor dataadmin own_admin own_op other_admin other_op plain system
  'POST request':           [403,    403,     403,    403,      403,      403,   201,        201,     403,  403],
  'GET requests':           [403,    403,     403,    200,      200,      200,   200,        200,     403,  403],
  'GET request':            [403,    403,     403,    200,      200,      200,   200,        200,     403,  403],
  'POST approve':           [403,    403,     403,    200,      200,      403,   403,        403,     403,  403],
  'POST reject':            [403,    403,     403,    200,      200,      403,   403,        403,     403,  403],
  'POST withdraw':          [403,    403,     403,    403,      403,      403,   200,        200,     403,  403],
  'GET grants':             [403,    403,     403,    200,      200,      200,   200,        200,     403,  200],
  'GET grant':              [403,    403,     403,    200,      200,      200,   200,        200,     403,  200],
  'POST revoke':            [403,    403,     403,    200,      200,      403,   403,        403,     403,  403],
  'GET calendar':           [200,    200,     200,    200,      200,      200,   200,        200,     200,  403],
  'PUT calendar day':       [403,    403,     403,    200,      403,      403,   403,        403,     403,  403],
  'DELETE calendar day':    [403,    403,     403,    204,      403,      403,   403,        403,     403,  403],
};

const CASES = Object.entries(MATRIX).flatMap(([endpoint, statuses]) => ACTORS.map((actor, i) => [endpoint, actor, statuses[i]] as const));

describe('access authorization matrix', () => {
  let bed: ExchangeTestbed;
  let access: DefaultAccessService;
  let n = 0;
  const callers = new Map<ActorName, (options: InjectOptions) => Promise<LightMyRequestResponse>>();

  async function fixture(needs: Needs): Promise<Fixture> {
    const f: Fixture = { systemId: '', requestId: '', grantId: '', day: '' };
    n++;
    if (needs === 'day') {
      f.day = `2031-01-${String(n % 28 + 1).padStart(2, '0')}`;
      await access.calendar.put(bed.cli, f.day, { kind: 'holiday', name: '测试' });
      return f;
    }
    if (needs === 'nothing') return f;
    const system = await bed.t.platform.directory.service.createBusinessSystem(bed.cli, { departmentId: bed.directory.departments.other, code: `matrix-${n}`, name: `矩阵系统${n}` });
    f.systemId = system.id;
    if (needs === 'pending' || needs === 'grant') {
      const request = await access.requests.create(bed.cli, {
        resourceCode: needs === 'pending' ? bed.personCode : bed.licenceCode, systemId: system.id, fields: ['id_number', 'licence_no'].slice(needs === 'pending' ? 0 : 1, needs === 'pending' ? 1 : 2),
        purpose: '核验', legalBasis: '依据', durationDays: 30,
      });
      f.requestId = request.id;
      f.grantId = request.grantId ?? '';
    }
    return f;
  }

  beforeAll(async () => {
    bed = await createExchangeTestbed();
    access = bed.t.platform.exchange.access as DefaultAccessService;
    for (const name of ACTORS) {
      if (name === 'system') continue;
      const session = await bed.t.login(name);
      callers.set(name, (options) => session.inject(options));
    }
    // The requesting department's business system with its credential.
    callers.set('system', (options) => bed.t.inject({ ...options, headers: { ...(options.headers ?? {}), ...bed.bearer('other') } }));
  });
  afterAll(() => bed.close());

  it('covers every access endpoint', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(ENDPOINTS).sort());
    expect(Object.values(MATRIX).every((row) => row.length === ACTORS.length)).toBe(true);
  });

  it.each(CASES)('%s by %s → %i', async (endpoint, actor, expected) => {
    const { needs, request } = ENDPOINTS[endpoint];
    let f = await fixture(needs);
    if (actor === 'system' && needs === 'grant') {
      // The business system may read its own grant: let the fixture's grant be held by it.
      const own = await access.requests.create(bed.cli, {
        resourceCode: bed.licenceCode, systemId: bed.systems.other.id, fields: ['licence_no'], purpose: '核验', legalBasis: '依据', durationDays: 30,
      });
      f = { ...f, grantId: own.grantId! };
    }
    const { method, url, body } = request(f, bed.licenceCode);
    const response = await callers.get(actor)!({ method, url, ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }) });
    expect(response.statusCode, response.body).toBe(expected);
    if (expected === 403) expect(response.json().code).toMatch(/^(auth\.forbidden|exchange\.(system_not_yours|not_provider|not_requester))$/);
  });
});
