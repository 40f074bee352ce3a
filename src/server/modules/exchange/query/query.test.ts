import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../../platform/actor.js';
import { accessLinkHash } from '../../../platform/access-chain.js';
import { GENESIS_HASH } from '../../../platform/audit.js';
import { json } from '../../../platform/db/database.js';
import { citizenIdCheckChar } from '../../../platform/identifiers.js';
import type { MaskRule, RawRecord, RowCondition } from '../index.js';
import { GroupCommitAccessLog } from './access-log.js';
import { createExchangeTestbed, VALID_CREDIT_CODES, type ExchangeTestbed } from '../test-support.js';

async function* each(records: RawRecord[]): AsyncIterable<RawRecord> {
  for (const record of records) yield record;
}

/** Valid 18-digit citizen ids, distinct per n. */
const citizenId = (n: number) => {
  const first17 = `440524${1950 + (n % 50)}0101${String(n).padStart(3, '0')}`;
  return first17 + citizenIdCheckChar(first17);
};

const PEOPLE = 23;
const person = (n: number): RawRecord => ({
  id_number: citizenId(n), full_name: n % 3 === 0 ? '欧阳娜' : '张三', gender: n % 2 === 0 ? '1' : '2', birth_date: '1950-01-01',
  phone: `138${String(n).padStart(8, '0')}`, employer_credit_code: VALID_CREDIT_CODES[0], household_size: n,
  monthly_income: '5200.50', registered_at: '2024-05-01 08:30:00', is_resident: n % 2 === 0,
});

describe('records API', () => {
  let bed: ExchangeTestbed;
  let calls = 0;
  const cli = cliActor('test');
  const grants: Record<string, string> = {};
  const purpose = { 'x-purpose': encodeURIComponent('低保资格核查') };

  /** A records call as a business system; counts calls for the access-log check. */
  const call = (system: 'own' | 'other', url: string, query: Record<string, string | string[]> = {}, headers: Record<string, string> = purpose) => {
    calls++;
    return bed.t.inject({ method: 'GET', url, query, headers: { ...bed.bearer(system), ...headers } });
  };
  const records = (code: string) => `/api/v1/exchange/resources/${code}/records`;
  const db = () => bed.t.platform.ctx.db;

  async function grant(system: 'own' | 'other', code: string, options: {
    fields: string[]; masking?: Record<string, MaskRule>; rowScope?: RowCondition[] | null; rate?: number; expiresAt?: Date;
  }): Promise<string> {
    const store = await bed.t.platform.exchange.stores.forResource(code);
    const id = randomUUID();
    await db().insertInto('exchange_grants').values({
      id, resource_id: store.resourceId, system_id: bed.systems[system].id,
      department_id: system === 'own' ? bed.directory.departments.own : bed.directory.departments.other,
      request_id: null, fields: options.fields, row_scope: options.rowScope ? json(options.rowScope) : null, masking: json(options.masking ?? {}),
      rate_limit_per_minute: options.rate ?? 10_000, purpose: '低保资格核查', legal_basis: '《社会救助暂行办法》',
      expires_at: options.expiresAt ?? new Date(Date.now() + 86_400_000), created_by: 'test',
    } as never).execute();
    return id;
  }

  beforeAll(async () => {
    bed = await createExchangeTestbed();
    const load = (resourceCode: string, rows: RawRecord[]) => bed.t.platform.exchange.loads.loadRecords({
      actor: cli, resourceCode, channel: 'api', format: 'json', records: each(rows), rejectPolicy: 'atomic',
    });
    expect((await load(bed.personCode, Array.from({ length: PEOPLE }, (_, n) => person(n)))).status).toBe('succeeded');
    expect((await load(bed.licenceCode, [
      { licence_no: 'GS-001', issue_year: 2023, holder_name: '三水食品有限公司', holder_credit_code: VALID_CREDIT_CODES[1] },
      { licence_no: 'GS-001', issue_year: 2024, holder_name: '=HYPERLINK("x")', holder_credit_code: VALID_CREDIT_CODES[1] },
      { licence_no: 'GS-002', issue_year: 2024, holder_name: '西南, "街道" 商店', holder_credit_code: VALID_CREDIT_CODES[2] },
    ])).status).toBe('succeeded');
    // other → person: some fields, masked, only gender 1 (even n).
    grants.person = await grant('other', bed.personCode, {
      fields: ['id_number', 'full_name', 'gender', 'phone', 'household_size', 'registered_at', 'is_resident'],
      masking: { id_number: 'id_number', full_name: 'name', phone: 'phone' },
      rowScope: [{ field: 'gender', op: 'eq', value: '1' }],
    });
    // own → person: expired.
    grants.expired = await grant('own', bed.personCode, { fields: ['id_number'], expiresAt: new Date(Date.now() - 1000) });
    // own → licence: everything, clear.
    grants.licence = await grant('own', bed.licenceCode, { fields: ['licence_no', 'issue_year', 'holder_name', 'holder_credit_code'] });
    // other → licence: 2 requests per minute.
    grants.limited = await grant('other', bed.licenceCode, { fields: ['licence_no', 'issue_year'], rate: 2 });
  });
  afterAll(() => bed.close());

  const scopedIds = () => Array.from({ length: PEOPLE }, (_, n) => n).filter((n) => n % 2 === 0).map(citizenId);

  it('refuses without X-Purpose, without a grant, with an expired grant, and people', async () => {
    const noPurpose = await call('other', records(bed.personCode), {}, {});
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().code).toBe('exchange.purpose_required');
    const tooLong = await call('other', records(bed.personCode), {}, { 'x-purpose': 'x'.repeat(201) });
    expect(tooLong.json().code).toBe('exchange.purpose_required');
    const noGrant = await call('other', records('99999999999999'));
    expect(noGrant.statusCode).toBe(403);
    expect(noGrant.json().code).toBe('exchange.no_grant');
    const expired = await call('own', records(bed.personCode));
    expect(expired.statusCode).toBe(403);
    expect(expired.json().code).toBe('exchange.no_grant');
    const session = await bed.t.login('own_admin');
    calls++;
    const person = await session.inject({ method: 'GET', url: records(bed.licenceCode), headers: purpose });
    expect(person.statusCode).toBe(403);
    expect(person.json().code).toBe('exchange.system_only');
  });

  it('returns only granted fields, masked, and only rows in the grant\'s scope', async () => {
    const response = await call('other', records(bed.personCode), { _limit: '1000' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.fields).toEqual(['id_number', 'full_name', 'gender', 'phone', 'household_size', 'registered_at', 'is_resident']);
    expect(body.next).toBeNull();
    expect(body.items).toHaveLength(scopedIds().length);
    for (const item of body.items) {
      expect(Object.keys(item).sort()).toEqual([...body.fields].sort());
      expect(item.gender).toBe('1');
      expect(item.id_number).toMatch(/^440524\*{8}\d{3}[\dX]$/);
      expect(['张*', '欧**']).toContain(item.full_name);
      expect(item.phone).toMatch(/^138\*{4}\d{4}$/);
      expect(typeof item.household_size).toBe('number');
      expect(item.registered_at).toBe('2024-05-01T00:30:00.000Z');
    }
    expect(response.body).not.toContain('5200.50');
  });

  it('filters (ANDed on one field) and allows eq on a masked field, which stays masked', async () => {
    const range = await call('other', records(bed.personCode), { household_size: ['gte.4', 'lt.10'], _fields: 'household_size' });
    expect(range.json().items.map((item: { household_size: number }) => item.household_size)).toEqual([4, 6, 8]);
    const byId = await call('other', records(bed.personCode), { id_number: `eq.${citizenId(4)}` });
    expect(byId.json().items).toHaveLength(1);
    expect(byId.json().items[0].id_number).toBe(`440524********${citizenId(4).slice(14)}`);
    const outOfScope = await call('other', records(bed.personCode), { id_number: `in.${citizenId(3)},${citizenId(5)}` });
    expect(outOfScope.json().items).toEqual([]);
  });

  it('refuses ungranted fields with 403, range filters on masked fields with 403, and bad filters with 400', async () => {
    const selected = await call('other', records(bed.personCode), { _fields: 'id_number,monthly_income' });
    expect(selected.statusCode).toBe(403);
    expect(selected.json().code).toBe('exchange.field_not_granted');
    const filtered = await call('other', records(bed.personCode), { birth_date: 'eq.1950-01-01' });
    expect(filtered.json().code).toBe('exchange.field_not_granted');
    const prefix = await call('other', records(bed.personCode), { id_number: 'prefix.440524' });
    expect(prefix.statusCode).toBe(403);
    expect(prefix.json().code).toBe('exchange.filter_on_masked_field');
    const unknown = await call('other', records(bed.personCode), { nickname: 'eq.x', household_size: 'eq.many', gender: 'like.1' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/gender', '/nickname']);
    const badValue = await call('other', records(bed.personCode), { household_size: 'eq.many' });
    expect(badValue.json().errors).toEqual([expect.objectContaining({ pointer: '/household_size', code: 'exchange.invalid_filter_value' })]);
  });

  it('keyset paging returns every scoped row exactly once, with a sealed cursor', async () => {
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const response = await call('other', records(bed.personCode), { _limit: '5', _fields: 'household_size', ...(next ? { _after: next } : {}) });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      seen.push(...body.items.map((item: { household_size: number }) => citizenId(item.household_size)));
      next = body.next;
      if (next) expect(next).not.toContain('440524');
      pages++;
    } while (next && pages < 10);
    expect(pages).toBe(Math.ceil(scopedIds().length / 5));
    expect([...seen].sort()).toEqual([...scopedIds()].sort());
    expect(new Set(seen).size).toBe(seen.length);
    const forged = await call('other', records(bed.personCode), { _after: Buffer.from('["x"]').toString('base64url') });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().code).toBe('exchange.invalid_cursor');
  });

  it('looks a record up by key (single, composite, JSON array), masked, 404 outside the scope', async () => {
    const inScope = await call('other', `${records(bed.personCode)}/${citizenId(2)}`);
    expect(inScope.statusCode).toBe(200);
    expect(inScope.json().item).toMatchObject({ id_number: `440524********${citizenId(2).slice(14)}`, gender: '1' });
    const outside = await call('other', `${records(bed.personCode)}/${citizenId(3)}`);
    expect(outside.statusCode).toBe(404);
    expect(outside.json().code).toBe('exchange.record_not_found');
    const composite = await call('own', `${records(bed.licenceCode)}/GS-001,2024`);
    expect(composite.json().item).toEqual({ licence_no: 'GS-001', issue_year: 2024, holder_name: '=HYPERLINK("x")', holder_credit_code: VALID_CREDIT_CODES[1] });
    const array = await call('own', `${records(bed.licenceCode)}/${encodeURIComponent('["GS-001",2023]')}`);
    expect(array.json().item.issue_year).toBe(2023);
    const absent = await call('own', `${records(bed.licenceCode)}/GS-009,2024`);
    expect(absent.statusCode).toBe(404);
    const malformed = await call('own', `${records(bed.licenceCode)}/GS-001`);
    expect(malformed.json().code).toBe('exchange.invalid_key');
  });

  it('exports NDJSON and CSV (BOM, header, masked values) with the count in the access log', async () => {
    const ndjson = await call('other', `${records(bed.personCode)}/export`, { gender: 'eq.1' });
    expect(ndjson.statusCode).toBe(200);
    expect(ndjson.headers['content-type']).toContain('application/x-ndjson');
    expect(ndjson.headers['content-disposition']).toMatch(/^attachment; filename=".+\.ndjson"/);
    const lines = ndjson.body.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(scopedIds().length);
    expect(lines.every((line) => /^440524\*{8}/.test(line.id_number) && !('monthly_income' in line))).toBe(true);
    const logged = await db().selectFrom('exchange_access_log').selectAll().where('request_id', '=', ndjson.headers['x-request-id'] as string).executeTakeFirstOrThrow();
    expect(logged).toMatchObject({ operation: 'export', record_count: scopedIds().length, result: 'success', status_code: 200 });

    const csv = await call('own', `${records(bed.licenceCode)}/export`, { _format: 'csv' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFFlicence_no,issue_year,holder_name,holder_credit_code\r\n')).toBe(true);
    expect(csv.body).toContain(`GS-001,2024,"'=HYPERLINK(""x"")",${VALID_CREDIT_CODES[1]}\r\n`);
    expect(csv.body).toContain('GS-002,2024,"西南, ""街道"" 商店",');
  });

  it('provider preview is clear for the provider department, masked for the data bureau, refused to others', async () => {
    const url = `/api/v1/exchange/resources/${bed.personCode}/preview`;
    const provider = await (await bed.t.login('own_op')).get(url, { _limit: '3' });
    calls++;
    expect(provider.statusCode).toBe(200);
    expect(provider.json()).toMatchObject({ masked: false });
    expect(provider.json().items).toHaveLength(3);
    expect(provider.json().items[0].monthly_income).toBe('5200.50');
    const bureau = await (await bed.t.login('dataadmin')).get(url);
    calls++;
    expect(bureau.json().masked).toBe(true);
    expect(bureau.json().items[0]).toMatchObject({ monthly_income: null, id_number: expect.stringMatching(/^440524\*{8}/) });
    const other = await (await bed.t.login('other_op')).get(url);
    calls++;
    expect(other.statusCode).toBe(403);
    const entry = await db().selectFrom('exchange_access_log').selectAll().where('request_id', '=', provider.headers['x-request-id'] as string).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ operation: 'console_preview', actor_type: 'user', record_count: 3, system_id: null });
  });

  it('rate-limits per grant with Retry-After, and a revoked grant is refused at once', async () => {
    for (let i = 0; i < 2; i++) expect((await call('other', records(bed.licenceCode))).statusCode).toBe(200);
    const limited = await call('other', records(bed.licenceCode));
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('exchange.rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    const before = await call('own', records(bed.licenceCode));
    expect(before.statusCode).toBe(200);
    const admin = await bed.t.login('own_admin');
    const revoked = await admin.post(`/api/v1/exchange/grants/${grants.licence}/revoke`, { reason: '业务系统下线' });
    expect(revoked.statusCode).toBe(200);
    const after = await call('own', records(bed.licenceCode));
    expect(after.statusCode).toBe(403);
    expect(after.json().code).toBe('exchange.no_grant');
  });

  it('group-commits concurrent calls: one access-log entry per call, and the hash chain links', async () => {
    const burst = await Promise.all(Array.from({ length: 20 }, () => call('other', records(bed.personCode), { _limit: '1' })));
    expect(burst.every((response) => response.statusCode === 200)).toBe(true);
    // A second writer (another process or node) appending in between: each writer's cached head goes stale.
    const second = new GroupCommitAccessLog(bed.t.platform.ctx);
    const entry = { actor: cli, systemId: null, departmentId: null, grantId: null, resourceCode: bed.personCode, operation: 'webhook',
      purpose: null, filter: { cursor: 0, note: undefined }, fields: ['id_number'], recordCount: 2, result: 'success' as const, statusCode: 200 };
    await second.append(entry);
    await call('other', records(bed.personCode), { _limit: '1' });
    await Promise.all([second.append(entry), second.append({ ...entry, recordCount: 3 })]);
    await call('other', records(bed.personCode), { _limit: '1' });
    calls += 3;

    const rows = await db().selectFrom('exchange_access_log').selectAll().orderBy('id').execute();
    expect(rows).toHaveLength(calls);
    const denied = rows.filter((row) => row.result === 'denied').map((row) => row.status_code);
    expect(denied).toEqual(expect.arrayContaining([400, 403, 404, 429]));
    const first = rows.find((row) => row.status_code === 400)!;
    expect(first).toMatchObject({ system_id: bed.systems.other.id, resource_code: bed.personCode, operation: 'query', purpose: null });
    const withPurpose = rows.find((row) => row.grant_id === grants.person)!;
    expect(withPurpose.purpose).toBe('低保资格核查');

    let prev = GENESIS_HASH;
    for (const row of rows) {
      expect(row.prev_hash).toBe(prev);
      const hash = accessLinkHash(bed.t.platform.ctx.crypto, prev, {
        at: new Date(row.at).toISOString(), actorType: row.actor_type, actorId: row.actor_id, systemId: row.system_id,
        departmentId: row.department_id, grantId: row.grant_id, resourceCode: row.resource_code, operation: row.operation,
        purpose: row.purpose, filter: row.filter, fields: row.fields, recordCount: row.record_count, result: row.result,
        statusCode: row.status_code, requestId: row.request_id,
      });
      expect(row.hash).toBe(hash);
      prev = hash;
    }
  });
});
