import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../platform/actor.js';
import { makeCreditCode } from '../../platform/identifiers.js';
import { createTestPlatform, seedBasicDirectory, type BasicDirectory, type HttpSession, type TestPlatform } from '../../testing/harness.js';

/**
 * Every directory endpoint × every role × own/other department. Department A is the "own" department of
 * own_admin, own_op, plain and the business system calling with a bearer token; department B that of other_admin
 * and other_op. `+` = allowed (any answer but 401/403; a 404 or 409 from a repeated write still counts as allowed),
 * `-` = refused (403, or 401 for the anonymous caller).
 */
const ACTORS = ['sysadmin', 'secadmin', 'auditor', 'dataadmin', 'own_admin', 'own_op', 'other_admin', 'other_op', 'plain', 'bearer', 'anonymous'] as const;
type ActorName = (typeof ACTORS)[number];
type Target = 'A' | 'B' | '-';

interface Fixture {
  dir: BasicDirectory;
  departments: Record<'A' | 'B', string>;
  users: Record<'A' | 'B', string>;
  systems: Record<'A' | 'B', string>;
  rotate: Record<'A' | 'B', string>;
  revoke: Record<'A' | 'B', string>;
}

type RequestSpec = { method: InjectOptions['method']; url: string; body?: unknown };
let counter = 0;
const unique = () => String(++counter).padStart(6, '0');
const A_OR_B = (target: Target): 'A' | 'B' => (target === '-' ? 'A' : target);
const DEFAULT_POLICY = { passwordMinLength: 8, passwordMinClasses: 3, lockoutThreshold: 5, lockoutMinutes: 15, sessionIdleMinutes: 30 };

//                     endpoint                                        target  sys sec aud dat oAd oOp xAd xOp pln brr anon
const MATRIX: Array<[string, Target, string, (f: Fixture, t: 'A' | 'B') => RequestSpec]> = [
  ['GET /session',                                                        '-', '+   +   +   +   +   +   +   +   +   -   -', () => ({ method: 'GET', url: '/api/v1/session' })],
  ['GET /regions',                                                        '-', '+   +   +   +   +   +   +   +   +   +   -', () => ({ method: 'GET', url: '/api/v1/regions' })],
  ['POST /regions',                                                       '-', '+   -   -   -   -   -   -   -   -   -   -', () => ({ method: 'POST', url: '/api/v1/regions', body: { code: '440604', name: '禅城区' } })],
  ['POST /regions/{code}/retire',                                         '-', '+   -   -   -   -   -   -   -   -   -   -', () => ({ method: 'POST', url: '/api/v1/regions/440608/retire', body: { validTo: '2024-01-01' } })],
  ['GET /departments',                                                    '-', '+   +   +   +   +   +   +   +   +   +   -', () => ({ method: 'GET', url: '/api/v1/departments' })],
  ['GET /departments/{id}',                                               'A', '+   +   +   +   +   +   +   +   +   +   -', (f, t) => ({ method: 'GET', url: `/api/v1/departments/${f.departments[t]}` })],
  ['GET /departments/{id}',                                               'B', '+   +   +   +   +   +   +   +   +   +   -', (f, t) => ({ method: 'GET', url: `/api/v1/departments/${f.departments[t]}` })],
  ['POST /departments',                                                   '-', '+   -   -   -   -   -   -   -   -   -   -', () => ({ method: 'POST', url: '/api/v1/departments', body: { name: `局${counter}`, creditCode: makeCreditCode('11', '440607', `MX${unique()}`), regionCode: '440607', kind: 'economy' } })],
  ['PATCH /departments/{id}',                                             'A', '+   -   -   -   -   -   -   -   -   -   -', (f, t) => ({ method: 'PATCH', url: `/api/v1/departments/${f.departments[t]}`, body: { kind: 'economy' } })],
  ['PATCH /departments/{id}',                                             'B', '+   -   -   -   -   -   -   -   -   -   -', (f, t) => ({ method: 'PATCH', url: `/api/v1/departments/${f.departments[t]}`, body: { kind: 'society' } })],
  ['GET /users?departmentId',                                             'A', '+   +   -   -   +   -   -   -   -   -   -', (f, t) => ({ method: 'GET', url: `/api/v1/users?departmentId=${f.departments[t]}` })],
  ['GET /users?departmentId',                                             'B', '+   +   -   -   -   -   +   -   -   -   -', (f, t) => ({ method: 'GET', url: `/api/v1/users?departmentId=${f.departments[t]}` })],
  ['GET /users/{id}',                                                     'A', '+   +   -   -   +   -   -   -   -   -   -', (f, t) => ({ method: 'GET', url: `/api/v1/users/${f.users[t]}` })],
  ['GET /users/{id}',                                                     'B', '+   +   -   -   -   -   +   -   -   -   -', (f, t) => ({ method: 'GET', url: `/api/v1/users/${f.users[t]}` })],
  ['POST /users',                                                         '-', '+   -   -   -   -   -   -   -   -   -   -', (f) => ({ method: 'POST', url: '/api/v1/users', body: { username: `u${unique()}`, displayName: 'x', departmentId: f.departments.A } })],
  ['PATCH /users/{id}',                                                   'A', '+   -   -   -   -   -   -   -   -   -   -', (f, t) => ({ method: 'PATCH', url: `/api/v1/users/${f.users[t]}`, body: { displayName: 'Target A' } })],
  ['PATCH /users/{id}',                                                   'B', '+   -   -   -   -   -   -   -   -   -   -', (f, t) => ({ method: 'PATCH', url: `/api/v1/users/${f.users[t]}`, body: { displayName: 'Target B' } })],
  ['POST /users/{id}/reset-password',                                     'A', '+   -   -   -   -   -   -   -   -   -   -', (f, t) => ({ method: 'POST', url: `/api/v1/users/${f.users[t]}/reset-password` })],
  ['POST /users/{id}/reset-password',                                     'B', '+   -   -   -   -   -   -   -   -   -   -', (f, t) => ({ method: 'POST', url: `/api/v1/users/${f.users[t]}/reset-password` })],
  ['POST /users/{id}/unlock',                                             'A', '-   +   -   -   -   -   -   -   -   -   -', (f, t) => ({ method: 'POST', url: `/api/v1/users/${f.users[t]}/unlock` })],
  ['POST /users/{id}/unlock',                                             'B', '-   +   -   -   -   -   -   -   -   -   -', (f, t) => ({ method: 'POST', url: `/api/v1/users/${f.users[t]}/unlock` })],
  ['PUT /users/{id}/roles',                                               'A', '-   +   -   -   -   -   -   -   -   -   -', (f, t) => ({ method: 'PUT', url: `/api/v1/users/${f.users[t]}/roles`, body: { roles: ['dept_operator'] } })],
  ['PUT /users/{id}/roles',                                               'B', '-   +   -   -   -   -   -   -   -   -   -', (f, t) => ({ method: 'PUT', url: `/api/v1/users/${f.users[t]}/roles`, body: { roles: ['dept_operator'] } })],
  ['GET /security-policy',                                                '-', '-   +   -   -   -   -   -   -   -   -   -', () => ({ method: 'GET', url: '/api/v1/security-policy' })],
  ['PUT /security-policy',                                                '-', '-   +   -   -   -   -   -   -   -   -   -', () => ({ method: 'PUT', url: '/api/v1/security-policy', body: DEFAULT_POLICY })],
  ['GET /systems?departmentId',                                           'A', '+   +   -   +   +   +   -   -   +   -   -', (f, t) => ({ method: 'GET', url: `/api/v1/systems?departmentId=${f.departments[t]}` })],
  ['GET /systems?departmentId',                                           'B', '+   +   -   +   -   -   +   +   -   -   -', (f, t) => ({ method: 'GET', url: `/api/v1/systems?departmentId=${f.departments[t]}` })],
  ['GET /systems/{id}',                                                   'A', '+   +   -   +   +   +   -   -   +   -   -', (f, t) => ({ method: 'GET', url: `/api/v1/systems/${f.systems[t]}` })],
  ['GET /systems/{id}',                                                   'B', '+   +   -   +   -   -   +   +   -   -   -', (f, t) => ({ method: 'GET', url: `/api/v1/systems/${f.systems[t]}` })],
  ['POST /systems',                                                       'A', '+   -   -   -   +   -   -   -   -   -   -', (f, t) => ({ method: 'POST', url: '/api/v1/systems', body: { departmentId: f.departments[t], code: `sys-${unique()}`, name: 'x' } })],
  ['POST /systems',                                                       'B', '+   -   -   -   -   -   +   -   -   -   -', (f, t) => ({ method: 'POST', url: '/api/v1/systems', body: { departmentId: f.departments[t], code: `sys-${unique()}`, name: 'x' } })],
  ['PATCH /systems/{id}',                                                 'A', '+   -   -   -   +   -   -   -   -   -   -', (f, t) => ({ method: 'PATCH', url: `/api/v1/systems/${f.systems[t]}`, body: { description: 'd' } })],
  ['PATCH /systems/{id}',                                                 'B', '+   -   -   -   -   -   +   -   -   -   -', (f, t) => ({ method: 'PATCH', url: `/api/v1/systems/${f.systems[t]}`, body: { description: 'd' } })],
  ['POST /systems/{id}/credentials',                                      'A', '+   -   -   -   +   -   -   -   -   -   -', (f, t) => ({ method: 'POST', url: `/api/v1/systems/${f.systems[t]}/credentials`, body: {} })],
  ['POST /systems/{id}/credentials',                                      'B', '+   -   -   -   -   -   +   -   -   -   -', (f, t) => ({ method: 'POST', url: `/api/v1/systems/${f.systems[t]}/credentials`, body: {} })],
  ['POST /systems/{id}/credentials/{credentialId}/rotate',                'A', '+   -   -   -   +   -   -   -   -   -   -', (f, t) => ({ method: 'POST', url: `/api/v1/systems/${f.systems[t]}/credentials/${f.rotate[t]}/rotate`, body: {} })],
  ['POST /systems/{id}/credentials/{credentialId}/rotate',                'B', '+   -   -   -   -   -   +   -   -   -   -', (f, t) => ({ method: 'POST', url: `/api/v1/systems/${f.systems[t]}/credentials/${f.rotate[t]}/rotate`, body: {} })],
  ['DELETE /systems/{id}/credentials/{credentialId}',                     'A', '+   -   -   -   +   -   -   -   -   -   -', (f, t) => ({ method: 'DELETE', url: `/api/v1/systems/${f.systems[t]}/credentials/${f.revoke[t]}` })],
  ['DELETE /systems/{id}/credentials/{credentialId}',                     'B', '+   -   -   -   -   -   +   -   -   -   -', (f, t) => ({ method: 'DELETE', url: `/api/v1/systems/${f.systems[t]}/credentials/${f.revoke[t]}` })],
  ['GET /audit',                                                          '-', '-   -   +   -   -   -   -   -   -   -   -', () => ({ method: 'GET', url: '/api/v1/audit' })],
];

let t: TestPlatform;
let fixture: Fixture;
const sessions = new Map<ActorName, HttpSession>();
let bearerToken: string;

beforeAll(async () => {
  t = await createTestPlatform();
  const dir = await seedBasicDirectory(t.platform);
  const cli = cliActor('matrix');
  const service = t.platform.directory.service;
  await service.upsertRegion(cli, { code: '440608', name: '高明区', parentCode: '440600' });
  const targetA = await service.createUser(cli, { username: 'target_a', displayName: 'Target A', departmentId: dir.departments.own, password: 'Target-Passw0rd' });
  const targetB = await service.createUser(cli, { username: 'target_b', displayName: 'Target B', departmentId: dir.departments.other, password: 'Target-Passw0rd' });
  const systemA = await service.createBusinessSystem(cli, { departmentId: dir.departments.own, code: 'system-a', name: 'System A' });
  const systemB = await service.createBusinessSystem(cli, { departmentId: dir.departments.other, code: 'system-b', name: 'System B' });
  bearerToken = (await service.issueCredential(cli, systemA.id, 'bearer')).token;
  const issue = async (systemId: string) => (await service.issueCredential(cli, systemId)).credentialId;
  fixture = {
    dir,
    departments: { A: dir.departments.own, B: dir.departments.other },
    users: { A: targetA.id, B: targetB.id },
    systems: { A: systemA.id, B: systemB.id },
    rotate: { A: await issue(systemA.id), B: await issue(systemB.id) },
    revoke: { A: await issue(systemA.id), B: await issue(systemB.id) },
  };
  for (const actor of ACTORS) {
    if (actor !== 'bearer' && actor !== 'anonymous') sessions.set(actor, await t.login(actor));
  }
});
afterAll(() => t.close());

async function send(actor: ActorName, spec: RequestSpec) {
  const payload = spec.body === undefined ? {} : { payload: spec.body as InjectOptions['payload'] };
  if (actor === 'anonymous') return t.inject({ method: spec.method, url: spec.url, ...payload });
  if (actor === 'bearer') return t.inject({ method: spec.method, url: spec.url, headers: { authorization: `Bearer ${bearerToken}` }, ...payload });
  return sessions.get(actor)!.inject({ method: spec.method, url: spec.url, ...payload });
}

describe('directory authorization matrix', () => {
  it('covers every actor in every row', () => {
    for (const [, , expectations] of MATRIX) expect(expectations.split(/\s+/)).toHaveLength(ACTORS.length);
  });

  it.each(MATRIX.map(([endpoint, target, expectations, build]) => ({ name: `${endpoint} [${target}]`, target, expectations, build })))(
    '$name',
    async ({ target, expectations, build }) => {
      const expected = expectations.split(/\s+/);
      const mismatches: string[] = [];
      for (const [index, actor] of ACTORS.entries()) {
        const response = await send(actor, build(fixture, A_OR_B(target)));
        const status = response.statusCode;
        const allowed = expected[index] === '+';
        const ok = allowed ? status !== 401 && status !== 403 && status < 500 : status === (actor === 'anonymous' ? 401 : 403);
        if (!ok) mismatches.push(`${actor}: expected ${allowed ? 'allow' : 'deny'}, got ${status} ${response.body.slice(0, 160)}`);
      }
      expect(mismatches).toEqual([]);
    },
  );
});
