import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../../platform/actor.js';
import { DomainError } from '../../../platform/errors.js';
import { createTestPlatform, seedBasicDirectory, type BasicDirectory, type HttpSession, type TestPlatform } from '../../../testing/harness.js';
import type { ProvisioningDriver } from '../drivers/driver.js';
import { CLOUD_API, type DriverPool } from '../parts.js';
import { CatalogService } from './service.js';

let t: TestPlatform;
let dir: BasicDirectory;
let admin: HttpSession;
let op: HttpSession;
let catalog: CatalogService;
const cli = cliActor('test');

const DB_SCHEMA = {
  type: 'object',
  required: ['vcpu'],
  properties: {
    vcpu: { type: 'integer', title: 'vCPU', 'x-title-en': 'vCPU', 'x-unit': '核', minimum: 1, maximum: 64 },
    memoryGb: { type: 'integer', title: '内存', minimum: 1, maximum: 512, default: 4 },
    storageGb: { type: 'integer', title: '存储', minimum: 20, maximum: 10000, default: 100 },
    version: { type: 'string', enum: ['15', '16'], default: '16' },
  },
  additionalProperties: false,
};
const DB_COMPONENTS = [
  { code: 'base', name: '实例费', type: 'fixed', priceFen: 10_000 },
  { code: 'vcpu', name: 'vCPU', type: 'per_unit', parameter: 'vcpu', unit: '核', priceFen: 5_000 },
  { code: 'storage', name: '存储', type: 'tiered', parameter: 'storageGb', unit: 'GB', tiers: [{ upTo: 100, priceFen: 50 }, { upTo: null, priceFen: 30 }] },
];

let providerId: string;
let offeringId: string;

beforeAll(async () => {
  t = await createTestPlatform();
  dir = await seedBasicDirectory(t.platform);
  admin = await t.login(dir.users.data_admin);
  op = await t.login(dir.users.dept_operator);
  catalog = t.platform.cloud.catalog as CatalogService;
});
afterAll(() => t.close());

const providerBody = { code: 'gz-cloud', name: '政务云一服务商', frameworkContractNo: 'GZ-2024-001', frameworkValidFrom: '2024-01-01', frameworkValidTo: '2030-12-31', contact: '020-12345678' };

describe('providers and endpoints', () => {
  it('the IT centre adds a provider; departments read it without endpoints and cannot write', async () => {
    const created = await admin.post(`${CLOUD_API}/providers`, providerBody);
    expect(created.statusCode).toBe(201);
    providerId = created.json().id;
    expect(created.json()).toMatchObject({ code: 'gz-cloud', status: 'active', endpoints: [] });
    expect((await admin.post(`${CLOUD_API}/providers`, providerBody)).json().code).toBe('cloud.provider_code_taken');
    expect((await op.post(`${CLOUD_API}/providers`, { ...providerBody, code: 'x-cloud' })).statusCode).toBe(403);
    const bad = await admin.post(`${CLOUD_API}/providers`, { ...providerBody, code: 'bad-dates', frameworkValidTo: '2023-01-01' });
    expect(bad.json().errors).toEqual([expect.objectContaining({ pointer: '/frameworkValidTo', code: 'cloud.contract_dates' })]);
  });

  it('endpoint secrets are sealed, shown by name only, kept when an update leaves them out, and never audited', async () => {
    const put = await admin.put(`${CLOUD_API}/providers/${providerId}/endpoints/postgresql`, {
      settings: { host: 'db.example', port: 5432 },
      secrets: { adminPassword: 'S3cret-Value!', apiKey: 'k-123456' },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ driver: 'postgresql', settings: { host: 'db.example', port: 5432 }, secretNames: ['adminPassword', 'apiKey'] });
    expect(put.body).not.toContain('S3cret-Value!');

    // an update without secrets keeps them; an empty string removes one
    await admin.put(`${CLOUD_API}/providers/${providerId}/endpoints/postgresql`, { settings: { host: 'db2.example', port: 5433 } });
    const kept = await catalog.endpointById(put.json().id);
    expect(kept).toMatchObject({ driver: 'postgresql', settings: { host: 'db2.example', port: 5433 }, secrets: { adminPassword: 'S3cret-Value!', apiKey: 'k-123456' } });
    const removed = await admin.put(`${CLOUD_API}/providers/${providerId}/endpoints/postgresql`, { settings: { host: 'db2.example' }, secrets: { apiKey: '' } });
    expect(removed.json().secretNames).toEqual(['adminPassword']);

    const stored = await t.platform.ctx.db.selectFrom('cloud_provider_endpoints').select('secrets_sealed').where('id', '=', put.json().id).executeTakeFirstOrThrow();
    expect(stored.secrets_sealed).not.toContain('S3cret');
    const audit = await t.platform.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'cloud.endpoint.update').execute();
    expect(audit).toHaveLength(3);
    expect(JSON.stringify(audit)).not.toContain('S3cret-Value!');
    expect(JSON.stringify(audit)).not.toContain('k-123456');

    const listed = await admin.get(`${CLOUD_API}/providers`);
    expect(listed.json().items[0].endpoints).toHaveLength(1);
    expect((await op.get(`${CLOUD_API}/providers`)).json().items[0].endpoints).toEqual([]);
  });

  it('refuses a setting that looks like a secret', async () => {
    const answer = await admin.put(`${CLOUD_API}/providers/${providerId}/endpoints/redis`, { settings: { host: 'r', password: 'plain' } });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().errors).toEqual([expect.objectContaining({ pointer: '/settings/password', code: 'cloud.secret_in_settings' })]);
  });

  it("test connection reports the driver's failure as 502 without the secret, and success as ok", async () => {
    const endpoint = await catalog.endpointById((await t.platform.ctx.db.selectFrom('cloud_provider_endpoints').select('id').where('driver', '=', 'postgresql').executeTakeFirstOrThrow()).id);
    let failWith: string | null = `password authentication failed for "admin" with password ${endpoint.secrets.adminPassword}`;
    const driver = { kind: 'postgresql', test: async () => { if (failWith) throw new Error(failWith); } } as unknown as ProvisioningDriver;
    const opened: string[] = [];
    const pool: DriverPool = { forEndpoint: async (id) => (opened.push(id), driver), invalidate: async () => undefined, closeAll: async () => undefined };

    const failure = await catalog.testEndpoint(cli, providerId, 'postgresql', pool).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DomainError);
    expect(failure).toMatchObject({ code: 'cloud.endpoint_unreachable', status: 502 });
    expect((failure as DomainError).message).toContain('password authentication failed');
    expect((failure as DomainError).message).not.toContain('S3cret-Value!');
    expect(opened).toEqual([endpoint.endpointId]);

    failWith = null;
    expect(await catalog.testEndpoint(cli, providerId, 'postgresql', pool)).toEqual({ ok: true, driver: 'postgresql' });
    await expect(catalog.testEndpoint(cli, providerId, 'mariadb', pool)).rejects.toMatchObject({ code: 'cloud.endpoint_not_found' });
  });
});

describe('sub-contracts', () => {
  it('must lie within the framework contract; every date problem at once', async () => {
    const answer = await admin.post(`${CLOUD_API}/subcontracts`, {
      providerId, departmentId: dir.departments.own, contractNo: 'S-1', signedOn: '2023-06-01', validFrom: '2023-06-01', validTo: '2031-01-01',
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().errors.map((e: { pointer: string; code: string }) => `${e.pointer} ${e.code}`)).toEqual([
      '/validFrom cloud.subcontract_outside_framework',
      '/validTo cloud.subcontract_outside_framework',
    ]);
  });

  it('decides whether a department may order from a provider on a day', async () => {
    const created = await admin.post(`${CLOUD_API}/subcontracts`, {
      providerId, departmentId: dir.departments.own, contractNo: 'S-1', signedOn: '2024-12-20', validFrom: '2025-01-01', validTo: '2026-12-31',
    });
    expect(created.statusCode).toBe(201);
    expect((await admin.post(`${CLOUD_API}/subcontracts`, { ...(created.json() as Record<string, unknown>), id: undefined, status: undefined })).json().code).toBe('cloud.subcontract_exists');

    await expect(catalog.assertContracted(dir.departments.own, providerId, new Date(2025, 5, 1, 12))).resolves.toBeUndefined();
    await expect(catalog.assertContracted(dir.departments.own, providerId, new Date(2024, 11, 31, 12))).rejects.toMatchObject({ code: 'cloud.no_subcontract', status: 409 });
    await expect(catalog.assertContracted(dir.departments.other, providerId, new Date(2025, 5, 1, 12))).rejects.toMatchObject({ code: 'cloud.no_subcontract' });

    const terminated = await admin.put(`${CLOUD_API}/subcontracts/${created.json().id}`, { contractNo: 'S-1', signedOn: '2024-12-20', validFrom: '2025-01-01', validTo: '2026-12-31', status: 'terminated' });
    expect(terminated.json().status).toBe('terminated');
    await expect(catalog.assertContracted(dir.departments.own, providerId, new Date(2025, 5, 1, 12))).rejects.toMatchObject({ code: 'cloud.no_subcontract' });
  });

  it("a department user sees only their own department's sub-contracts", async () => {
    await admin.post(`${CLOUD_API}/subcontracts`, { providerId, departmentId: dir.departments.other, contractNo: 'S-2', signedOn: '2025-01-01', validFrom: '2025-01-01', validTo: '2030-12-31' });
    const own = (await op.get(`${CLOUD_API}/subcontracts`)).json().items as Array<{ departmentId: string }>;
    expect(own.map((s) => s.departmentId)).toEqual([dir.departments.own]);
    expect((await op.get(`${CLOUD_API}/subcontracts`, { departmentId: dir.departments.other })).statusCode).toBe(403);
    expect((await admin.get(`${CLOUD_API}/subcontracts`)).json().items).toHaveLength(2);
  });
});

describe('offerings, rate cards and quotes', () => {
  const offeringBody = () => ({
    code: 'rds-pg', providerId, driver: 'postgresql', category: 'database', resourceKind: 'postgresql_database', name: 'PostgreSQL 云数据库', nameEn: 'PostgreSQL database',
    parametersSchema: DB_SCHEMA, quotaMap: { vcpu: 'vcpu', memory_gb: 'memoryGb', storage_gb: 'storageGb', databases: 1 },
  });

  it('refuses a schema that is not an object schema and a quota map that names no numeric parameter, all at once', async () => {
    const noType = await admin.post(`${CLOUD_API}/offerings`, { ...offeringBody(), parametersSchema: { properties: { a: { type: 'integer', minimum: 'x' } } } });
    expect(noType.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/parametersSchema/type']);
    const noCompile = await admin.post(`${CLOUD_API}/offerings`, { ...offeringBody(), parametersSchema: { type: 'object', properties: { a: { type: 'integer', minimum: 'x' } } } });
    expect(noCompile.json().errors).toEqual([expect.objectContaining({ pointer: '/parametersSchema', code: 'cloud.schema_invalid' })]);
    const badMap = await admin.post(`${CLOUD_API}/offerings`, { ...offeringBody(), quotaMap: { vcpu: 'version', cores: 1, memory_gb: -1, monthly_budget_fen: 5 } });
    expect(badMap.json().errors.map((e: { pointer: string; code: string }) => `${e.pointer} ${e.code}`)).toEqual([
      '/quotaMap/vcpu cloud.quota_map_invalid',
      '/quotaMap/cores cloud.quota_map_invalid',
      '/quotaMap/memory_gb cloud.quota_map_invalid',
      '/quotaMap/monthly_budget_fen cloud.quota_map_invalid',
    ]);
  });

  it('creates an offering; without a rate card it has no price and cannot be quoted', async () => {
    const created = await admin.post(`${CLOUD_API}/offerings`, offeringBody());
    expect(created.statusCode, created.body).toBe(201);
    offeringId = created.json().id;
    expect(created.json()).toMatchObject({ providerName: '政务云一服务商', status: 'active', rateCard: null, fromMonthlyFen: null });
    expect((await op.post(`${CLOUD_API}/offerings/${offeringId}/quote`, { parameters: { vcpu: 2 } })).json().code).toBe('cloud.no_rate_card');
  });

  it('rate cards: a per-unit price must name a numeric parameter; the first version may start in the past, later ones not', async () => {
    const wrong = await admin.post(`${CLOUD_API}/offerings/${offeringId}/rate-cards`, { components: [{ code: 'v', name: '版本', type: 'per_unit', parameter: 'version', priceFen: 1 }] });
    expect(wrong.json().errors).toEqual([expect.objectContaining({ pointer: '/components/0/parameter', code: 'cloud.rate_parameter_unknown' })]);

    const first = await admin.post(`${CLOUD_API}/offerings/${offeringId}/rate-cards`, { effectiveFrom: '2024-01-01T00:00:00Z', components: DB_COMPONENTS, note: '首版' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ version: 1, effectiveFrom: '2024-01-01T00:00:00.000Z' });
    const past = await admin.post(`${CLOUD_API}/offerings/${offeringId}/rate-cards`, { effectiveFrom: '2024-06-01T00:00:00Z', components: DB_COMPONENTS });
    expect(past.json().errors).toEqual([expect.objectContaining({ pointer: '/effectiveFrom', code: 'cloud.rate_card_in_past' })]);

    const nextMonth = new Date(Date.now() + 30 * 86_400_000);
    const cheaper = DB_COMPONENTS.map((c) => (c.code === 'vcpu' ? { ...c, priceFen: 4_000 } : c));
    const second = await admin.post(`${CLOUD_API}/offerings/${offeringId}/rate-cards`, { effectiveFrom: nextMonth.toISOString(), components: cheaper });
    expect(second.json().version).toBe(2);
    const versions = (await op.get(`${CLOUD_API}/offerings/${offeringId}/rate-cards`)).json().items as Array<{ version: number }>;
    expect(versions.map((v) => v.version)).toEqual([2, 1]);

    // the card in force is the one with the highest start not after the moment priced
    expect((await catalog.quote(offeringId, { vcpu: 2 })).quote.rateCardVersion).toBe(1);
    const later = await catalog.quote(offeringId, { vcpu: 2 }, new Date(nextMonth.getTime() + 1000));
    expect(later.quote).toMatchObject({ rateCardVersion: 2, monthlyFen: 10_000 + 2 * 4_000 + 100 * 50 });
    await expect(catalog.quote(offeringId, { vcpu: 2 }, new Date('2023-12-31T00:00:00Z'))).rejects.toMatchObject({ code: 'cloud.no_rate_card' });
  });

  it('quotes a configuration with defaults applied, its lines, and its quota demand including the budget', async () => {
    const answer = await op.post(`${CLOUD_API}/offerings/${offeringId}/quote`, { parameters: { vcpu: 2, storageGb: 120 } });
    expect(answer.statusCode).toBe(200);
    const body = answer.json();
    expect(body.parameters).toEqual({ vcpu: 2, memoryGb: 4, storageGb: 120, version: '16' });
    expect(body.quote.lines.map((l: { code: string; quantity: number; amountFen: number }) => [l.code, l.quantity, l.amountFen])).toEqual([
      ['base', 1, 10_000],
      ['vcpu', 2, 10_000],
      ['storage', 120, 100 * 50 + 20 * 30],
    ]);
    expect(body.quote.monthlyFen).toBe(25_600);
    expect(body.quote.quotaDemand).toEqual({ vcpu: 2, memory_gb: 4, storage_gb: 120, databases: 1, monthly_budget_fen: 25_600 });
  });

  it('reports every parameter problem at once with a pointer under /parameters', async () => {
    const answer = await op.post(`${CLOUD_API}/offerings/${offeringId}/quote`, { parameters: { memoryGb: 0, storageGb: 5, version: '9', colour: 'red' } });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().code).toBe('validation.failed');
    const problems = (answer.json().errors as Array<{ pointer: string; code: string }>).map((e) => `${e.pointer} ${e.code}`).sort();
    expect(problems).toEqual([
      '/parameters/colour validation.additionalProperties',
      '/parameters/memoryGb validation.minimum',
      '/parameters/storageGb validation.minimum',
      '/parameters/vcpu validation.required',
      '/parameters/version validation.enum',
    ]);
  });

  it('lists offerings with the card in force and the price of the defaults; retired ones only for the IT centre', async () => {
    const listed = (await op.get(`${CLOUD_API}/offerings`, { category: 'database' })).json().items;
    expect(listed).toHaveLength(1);
    // defaults: vcpu at its minimum 1, storage 100 GB → 10000 + 5000 + 5000
    expect(listed[0]).toMatchObject({ id: offeringId, fromMonthlyFen: 20_000, rateCard: { version: 1 } });
    expect((await op.get(`${CLOUD_API}/offerings`, { q: 'postgre' })).json().items).toHaveLength(1);
    expect((await op.get(`${CLOUD_API}/offerings`, { category: 'compute' })).json().items).toHaveLength(0);

    const retired = await admin.put(`${CLOUD_API}/offerings/${offeringId}`, { ...offeringBody(), code: undefined, providerId: undefined, driver: undefined, status: 'retired' });
    expect(retired.statusCode).toBe(200);
    expect(retired.json().status).toBe('retired');
    expect((await op.get(`${CLOUD_API}/offerings`, { includeRetired: 'true' })).json().items).toHaveLength(0);
    expect((await admin.get(`${CLOUD_API}/offerings`, { includeRetired: 'true' })).json().items).toHaveLength(1);
    expect((await op.post(`${CLOUD_API}/offerings/${offeringId}/quote`, { parameters: { vcpu: 1 } })).json().code).toBe('cloud.offering_retired');
    const actions = await t.platform.ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', offeringId).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['cloud.offering.create', 'cloud.rate_card.create', 'cloud.rate_card.create', 'cloud.offering.retire']);
  });

  it('a schema change that would strand a rate card parameter is refused', async () => {
    const { vcpu: _dropped, ...rest } = DB_SCHEMA.properties;
    const answer = await admin.put(`${CLOUD_API}/offerings/${offeringId}`, {
      category: 'database', resourceKind: 'postgresql_database', name: 'PostgreSQL 云数据库', parametersSchema: { ...DB_SCHEMA, required: [], properties: rest }, quotaMap: {},
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().errors.map((e: { code: string }) => e.code)).toEqual(['cloud.schema_breaks_rate_card', 'cloud.schema_breaks_rate_card']);
  });

  it('endpointFor finds the endpoint of the offering\'s provider and driver with its secrets opened', async () => {
    expect(await catalog.endpointFor(offeringId)).toMatchObject({ driver: 'postgresql', secrets: { adminPassword: 'S3cret-Value!' } });
  });
});
