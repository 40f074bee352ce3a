import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../../platform/actor.js';
import type { LoadRecordsInput, RawRecord } from '../index.js';
import { createExchangeTestbed, LICENCE_ITEMS, VALID_CREDIT_CODES, VALID_ID_NUMBERS, type ExchangeTestbed } from '../test-support.js';
import { createQualityPart, type QualityPart } from './part.js';

async function* each(records: RawRecord[]): AsyncIterable<RawRecord> {
  for (const record of records) yield record;
}

const fullPerson = (id: string, overrides: RawRecord = {}): RawRecord => ({
  id_number: id, full_name: '张三', gender: '1', birth_date: '1949-12-31', phone: '13800138000',
  employer_credit_code: VALID_CREDIT_CODES[0], household_size: 3, monthly_income: '5200.50',
  registered_at: '2024-05-01 08:30:00', is_resident: true, ...overrides,
});
const licence = (no: string, overrides: RawRecord = {}): RawRecord => ({
  licence_no: no, issue_year: 2024, holder_name: '某某公司', holder_credit_code: VALID_CREDIT_CODES[1], ...overrides,
});

describe('exchange quality: scores, freshness alarms, dashboard', () => {
  let bed: ExchangeTestbed;
  let quality: QualityPart;
  let sampled: QualityPart;
  /** Published by the other department, weekly, never loaded. */
  let otherCode: string;
  const cli = cliActor('test');
  const db = () => bed.t.platform.ctx.db;

  const load = (resourceCode: string, records: RawRecord[], extra: Partial<LoadRecordsInput> = {}) =>
    bed.t.platform.exchange.loads.loadRecords({
      actor: cli, resourceCode, channel: 'api', format: 'json', records: each(records), rejectPolicy: 'atomic', ...extra,
    });
  const resourceId = async (code: string) =>
    (await db().selectFrom('catalog_resources').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  /** Makes every load of the resource (and the store's last load) `hours` old. */
  const ageLoads = async (code: string, hours: number) => {
    const id = await resourceId(code);
    await sql`UPDATE exchange_stores SET last_load_at = now() - make_interval(hours => ${hours}) WHERE resource_id = ${id}`.execute(db());
    await sql`UPDATE exchange_loads SET started_at = now() - make_interval(hours => ${hours}) WHERE resource_id = ${id}`.execute(db());
  };
  const loadScores = async (code: string) =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM exchange_quality_scores WHERE resource_id = ${await resourceId(code)} AND details->>'trigger' = 'load'`.execute(db())).rows[0].n;

  beforeAll(async () => {
    bed = await createExchangeTestbed();
    otherCode = await bed.entry('published', {
      name: '养老服务机构许可', dataItems: LICENCE_ITEMS, sharingType: 'unconditional', sharingConditions: null,
      providerDepartmentId: bed.directory.departments.other, updateCycle: 'weekly',
    });
    const parts = { ctx: bed.t.platform.ctx, stores: bed.t.platform.exchange.stores, events: bed.t.platform.exchange.events, directory: bed.t.platform.directory.service };
    quality = createQualityPart(parts);
    sampled = createQualityPart(parts, { sampleAbove: 1, sampleRows: 1_000_000 });
  });
  afterAll(async () => {
    await quality?.stop?.();
    await sampled?.stop?.();
    await bed?.close();
  });

  it('completeness: non-null share over all data items of the current records, required items weighing double', async () => {
    // id_number and full_name are required (weight 2 each), the other 8 items weigh 1: one full record and one
    // with only the required items → (2 + 2 + 8 × 0.5) / 12 = 66.67 %.
    await load(bed.personCode, [fullPerson(VALID_ID_NUMBERS[0]), { id_number: VALID_ID_NUMBERS[1], full_name: '李四' }]);
    const score = await quality.service.measure(bed.personCode, 'manual');
    expect(score.completeness).toBe(66.67);
    expect(score.rowCount).toBe(2);
    expect(score.details.completeness).toMatchObject({ rowsMeasured: 2, sampled: false, fields: { gender: { present: 1, share: 50, weight: 1 }, full_name: { share: 100, weight: 2 } } });
  });

  it('completeness of big stores is measured on a TABLESAMPLE sample and says so', async () => {
    const score = await sampled.service.measure(bed.personCode, 'manual');
    expect(score.completeness).toBe(66.67);
    expect(score.details.completeness).toMatchObject({ sampled: true, samplePercent: 100, rowsMeasured: 2 });
  });

  it('validity and uniqueness count the loads of the last 30 days, rejected loads included', async () => {
    await load(bed.licenceCode, [licence('L-1'), licence('L-1', { holder_name: '重复' }), licence('L-2')]); // 3 rows, 1 duplicate key
    await load(bed.licenceCode, [licence('L-3'), licence('L-4'), licence('L-5'), licence('L-6', { holder_credit_code: 'bad' })], { rejectPolicy: 'skip' });
    const rejected = await load(bed.licenceCode, [licence('L-7', { holder_credit_code: 'bad' })]);
    expect(rejected.status).toBe('rejected');
    const old = await load(bed.licenceCode, [licence('L-8', { holder_credit_code: 'bad' }), licence('L-9', { holder_credit_code: 'bad' })], { rejectPolicy: 'skip' });
    await sql`UPDATE exchange_loads SET started_at = now() - interval '40 days' WHERE id = ${old.id}`.execute(db());

    const score = await quality.service.measure(bed.licenceCode, 'manual');
    // counted: received 3 + 4 + 1 = 8, rejected 2, duplicate keys 1
    expect(score.validity).toBe(75);
    expect(score.uniqueness).toBe(87.5);
    expect(score.completeness).toBe(100);
    expect(score.timeliness).toBe(100);
    expect(score.score).toBe(90.63);
    expect(score.details.validity).toMatchObject({ loads: 3, received: 8, rejected: 2, windowDays: 30 });
    expect(score.details.uniqueness).toMatchObject({ duplicateKeys: 1 });
  });

  it('a store never loaded: validity and uniqueness 100, completeness and timeliness 0', async () => {
    const score = await quality.service.measure(otherCode, 'manual');
    expect(score).toMatchObject({ completeness: 0, validity: 100, uniqueness: 100, timeliness: 0, score: 45, rowCount: 0 });
    expect(score.details.timeliness).toMatchObject({ cycle: 'weekly', lastLoadAt: null });
  });

  it('timeliness falls linearly once the last load is older than its cycle + grace', async () => {
    await ageLoads(bed.personCode, 48); // daily: due at 30 h, zero at 96 h → (96 − 48) / 66 = 72.7 %
    const score = await quality.service.measure(bed.personCode, 'sweep');
    expect(score.timeliness).toBeGreaterThan(72);
    expect(score.timeliness).toBeLessThan(72.8);
    expect(score.details.timeliness).toMatchObject({ cycle: 'daily', cycleHours: 24, graceHours: 6 });
  });

  it('a late store raises one freshness alarm, and a load that changed nothing clears it in the next sweep', async () => {
    const first = await quality.sweepOnce();
    expect(first.raised).toEqual([bed.personCode]);
    expect((await quality.sweepOnce()).raised).toEqual([]);
    const open = await db().selectFrom('exchange_freshness_alarms').selectAll().where('cleared_at', 'is', null).execute();
    expect(open).toHaveLength(1);
    expect(open[0].due_at.getTime()).toBeLessThan(Date.now());

    const session = await bed.t.login('auditor');
    const alarms = await session.get('/api/v1/exchange/alarms', { open: 'true' });
    expect(alarms.statusCode).toBe(200);
    expect(alarms.json().items).toMatchObject([{ resourceCode: bed.personCode, open: true, clearedAt: null }]);
    const late = (await session.get('/api/v1/exchange/quality', { late: 'true' })).json();
    expect(late.items.map((item: { code: string }) => item.code)).toEqual([bed.personCode]);
    expect(late.items[0]).toMatchObject({ freshness: 'late', late: true });

    const same = await load(bed.personCode, [fullPerson(VALID_ID_NUMBERS[0])]);
    expect(same).toMatchObject({ status: 'succeeded', unchanged: 1 });
    expect((await quality.sweepOnce()).cleared).toEqual([bed.personCode]);
    expect((await session.get('/api/v1/exchange/alarms', { open: 'true' })).json().total).toBe(0);
    expect((await session.get('/api/v1/exchange/alarms', { open: 'false' })).json().items[0]).toMatchObject({ resourceCode: bed.personCode, open: false });
  });

  it('a changing load clears the alarm at once and is measured, debounced to one measurement per window', async () => {
    await ageLoads(bed.personCode, 72);
    expect((await quality.sweepOnce()).raised).toEqual([bed.personCode]);
    quality.service.listen();
    await quality.service.measure(bed.personCode, 'manual'); // the window starts now
    const before = await loadScores(bed.personCode);
    await load(bed.personCode, [fullPerson(VALID_ID_NUMBERS[1], { full_name: '李四一' })]);
    await load(bed.personCode, [fullPerson(VALID_ID_NUMBERS[1], { full_name: '李四二' })]);
    expect(quality.service.pendingResources()).toEqual([bed.personCode]);
    await quality.service.flushPending();
    expect(await loadScores(bed.personCode)).toBe(before + 1);
    const open = await db().selectFrom('exchange_freshness_alarms').select('id').where('cleared_at', 'is', null).execute();
    expect(open).toHaveLength(0);
    const detail = (await (await bed.t.login('own_op')).get(`/api/v1/exchange/quality/resources/${bed.personCode}`)).json();
    expect(detail.latest).toMatchObject({ timeliness: 100, completeness: 100, details: { trigger: 'load' } });
    expect(detail.freshness).toBe('ok');
  });

  it('the resource view gives history oldest first and the latest loads with their quality reports', async () => {
    const session = await bed.t.login('other_op');
    const response = await session.get(`/api/v1/exchange/quality/resources/${bed.licenceCode}`, { loads: '2' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.history.at(-1).score).toBe(body.latest.score);
    expect(body.loads).toHaveLength(2);
    expect(body.loads[0]).toMatchObject({ status: 'rejected', received: 1, rejected: 1 });
    expect(body.loads[1]).toMatchObject({ status: 'succeeded', received: 4, rejected: 1, quality: { rows: 4, duplicateKeys: 0 } });
    expect((await session.get('/api/v1/exchange/quality/resources/NO-SUCH')).json()).toMatchObject({ code: 'exchange.resource_not_found' });
  });

  it('the department scorecard averages latest scores, counts loads of 30 days and ranks departments', async () => {
    const body = (await (await bed.t.login('plain')).get('/api/v1/exchange/quality/departments')).json();
    const own = body.items.find((item: { departmentId: string }) => item.departmentId === bed.directory.departments.own);
    const other = body.items.find((item: { departmentId: string }) => item.departmentId === bed.directory.departments.other);
    expect(own).toMatchObject({ rank: 1, resources: 2, resourcesWithData: 2, scoredResources: 2, lateCount: 0 });
    expect(own.loads).toBeGreaterThanOrEqual(7);
    expect(own.rejectedShare).toBeGreaterThan(0);
    expect(other).toMatchObject({ rank: 2, averageScore: 45, resourcesWithData: 0, neverLoaded: 1, loads: 0, rejectedShare: 0 });
    expect(body.items[0].departmentId).toBe(bed.directory.departments.own);
    const filtered = (await (await bed.t.login('plain')).get('/api/v1/exchange/quality', { maxScore: '50' })).json();
    expect(filtered.items.map((item: { code: string }) => item.code)).toEqual([otherCode]);
  });

  it('measuring on demand: the provider department and the data bureau only', async () => {
    const url = (code: string) => `/api/v1/exchange/quality/resources/${code}/measure`;
    const own = await (await bed.t.login('own_op')).post(url(bed.personCode));
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ details: { trigger: 'manual' } });
    const audit = await db().selectFrom('audit_log').select('action').where('action', '=', 'exchange.quality_measured').execute();
    expect(audit.length).toBeGreaterThan(0);
    const otherDept = await (await bed.t.login('other_admin')).post(url(bed.personCode));
    expect(otherDept.statusCode).toBe(403);
    expect(otherDept.json().code).toBe('exchange.not_provider');
    expect((await (await bed.t.login('dataadmin')).post(url(otherCode))).statusCode).toBe(200);
    expect((await (await bed.t.login('secadmin')).post(url(bed.personCode))).statusCode).toBe(403);
    expect((await bed.t.inject({ method: 'POST', url: url(bed.personCode), headers: bed.bearer('own') })).statusCode).toBe(403);
    expect((await bed.t.inject({ method: 'GET', url: '/api/v1/exchange/quality' })).statusCode).toBe(401);
    expect((await bed.t.inject({ method: 'GET', url: '/api/v1/exchange/alarms', headers: bed.bearer('own') })).statusCode).toBe(403);
  });
});
