import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawRecord } from '../index.js';
import { createExchangeTestbed, VALID_CREDIT_CODES, VALID_ID_NUMBERS, type ExchangeTestbed } from '../test-support.js';

const person = (id: string, overrides: RawRecord = {}): RawRecord => ({
  id_number: id, full_name: '张三', gender: '1', birth_date: '1949-12-31', phone: '13800138000',
  employer_credit_code: VALID_CREDIT_CODES[0], household_size: 3, monthly_income: '5200.50',
  registered_at: '2024-05-01 08:30:00', is_resident: true, ...overrides,
});
const ndjson = (records: RawRecord[]) => records.map((record) => JSON.stringify(record)).join('\n') + '\n';

describe('push API: POST /api/v1/exchange/resources/{code}/records', () => {
  let bed: ExchangeTestbed;
  let url: string;
  const push = (body: string | Buffer | Readable, contentType: string, headers: Record<string, string> = {}, query = '') =>
    bed.t.inject({ method: 'POST', url: `${url}${query}`, payload: body, headers: { ...bed.bearer('own'), 'content-type': contentType, ...headers } });
  const db = () => bed.t.platform.ctx.db;
  const loadCount = async () => (await db().selectFrom('exchange_loads').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
  const current = async () => {
    const store = await bed.t.platform.exchange.stores.forResource(bed.personCode);
    return (await sql.raw<Record<string, unknown>>(`SELECT id_number, full_name, household_size, birth_date, is_resident FROM ${store.table} ORDER BY id_number`).execute(db())).rows;
  };
  const historyCount = async () => {
    const store = await bed.t.platform.exchange.stores.forResource(bed.personCode);
    return Number((await sql.raw<{ n: number }>(`SELECT count(*)::int AS n FROM ${store.history}`).execute(db())).rows[0].n);
  };

  beforeAll(async () => {
    bed = await createExchangeTestbed();
    url = `/api/v1/exchange/resources/${bed.personCode}/records`;
  });
  afterAll(() => bed.close());

  it('loads NDJSON, a JSON array and CSV (GBK, detected) into the same store, streamed', async () => {
    const first = await push(Readable.from([ndjson([person(VALID_ID_NUMBERS[0])]).slice(0, 20), ndjson([person(VALID_ID_NUMBERS[0])]).slice(20)]), 'application/x-ndjson');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'succeeded', channel: 'api', format: 'ndjson', received: 1, inserted: 1 });

    const second = await push(JSON.stringify([person(VALID_ID_NUMBERS[0], { full_name: '张三丰' }), person(VALID_ID_NUMBERS[1], { full_name: '李四' })]), 'application/json');
    expect(second.json()).toMatchObject({ format: 'json', inserted: 1, updated: 1 });

    const csv = `公民身份号码,full_name,household_size,birth_date,is_resident\n${VALID_ID_NUMBERS[1]},"李四, 户主",5,1880/1/1,是\n`;
    const third = await push(iconv.encode(csv, 'gbk'), 'text/csv');
    expect(third.statusCode).toBe(200);
    expect(third.json()).toMatchObject({ format: 'csv', updated: 1, rejected: 0 });
    expect(await current()).toEqual([
      { id_number: VALID_ID_NUMBERS[0], full_name: '张三丰', household_size: 3, birth_date: '1949-12-31', is_resident: true },
      { id_number: VALID_ID_NUMBERS[1], full_name: '李四, 户主', household_size: 5, birth_date: '1880-01-01', is_resident: true },
    ]);
  });

  it('refuses malformed bodies with problem+json and writes nothing: truncated, wrong encoding, a 10 MB line, deep nesting', async () => {
    const loadsBefore = await loadCount();
    const rowsBefore = await current();
    const historyBefore = await historyCount();
    const valid = ndjson([person(VALID_ID_NUMBERS[0], { full_name: '不应写入' })]);
    const cases: Array<[string | Buffer | Readable, string, number, string]> = [
      [`${valid}{"id_number":"${VALID_ID_NUMBERS[1]}","full_na`, 'application/x-ndjson', 400, 'exchange.truncated_input'],
      [Buffer.concat([Buffer.from(valid), iconv.encode('{"id_number":"中文"}\n', 'gbk')]), 'application/x-ndjson', 400, 'exchange.bad_encoding'],
      [Buffer.concat([Buffer.from(`id_number,full_name\n${VALID_ID_NUMBERS[1]},ok\n`), Buffer.from([0xff, 0xfe, 0xff, 0x0a])]), 'text/csv; charset=utf-8', 400, 'exchange.bad_encoding'],
      [Readable.from((function* () {
        yield Buffer.from(`${valid}{"full_name":"`);
        for (let i = 0; i < 160; i++) yield Buffer.alloc(64 * 1024, 0x61);
        yield Buffer.from('"}\n');
      })()), 'application/x-ndjson', 413, 'exchange.record_too_large'],
      [`[${valid.trim()},{"full_name":${'['.repeat(10_000)}${']'.repeat(10_000)}}]`, 'application/json', 400, 'exchange.nested_too_deep'],
    ];
    for (const [body, contentType, status, code] of cases) {
      const response = await push(body, contentType, { 'idempotency-key': `bad-${code}` });
      expect(response.statusCode, code).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe(code);
    }
    expect(await loadCount()).toBe(loadsBefore);
    expect(await current()).toEqual(rowsBefore);
    expect(await historyCount()).toBe(historyBefore);
    // The keys of refused requests were not used up: the same key with a good body loads.
    const retry = await push(valid, 'application/x-ndjson', { 'idempotency-key': 'bad-exchange.truncated_input' });
    expect(retry.json()).toMatchObject({ status: 'succeeded', updated: 1 });
  });

  it('a retry with the same Idempotency-Key replays the answer and adds nothing', async () => {
    const body = ndjson([person('11010519491231002X', { household_size: 7 }), person(VALID_ID_NUMBERS[1], { household_size: 8 })]);
    const first = await push(body, 'application/x-ndjson', { 'idempotency-key': 'order-2024-0001' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const loads = await loadCount();
    const history = await historyCount();
    const again = await push(body, 'application/x-ndjson', { 'idempotency-key': 'order-2024-0001' });
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toMatchObject({ id: first.json().id, replayed: true, updated: 2 });
    expect(await loadCount()).toBe(loads);
    expect(await historyCount()).toBe(history);
    // Same key, other media type or query: a different request.
    expect((await push(body, 'application/x-ndjson', { 'idempotency-key': 'order-2024-0001' }, '?replace=true')).json().code).toBe('exchange.idempotency_key_reused');
    for (const key of ['', 'with space', 'x'.repeat(201), '中文']) {
      const response = await push(body, 'application/x-ndjson', { 'idempotency-key': key });
      expect(response.json().code, key).toBe('exchange.invalid_idempotency_key');
    }
  });

  it('atomic mode answers 422 with every rejected row and writes nothing; skip mode writes the valid rows', async () => {
    const body = ndjson([
      person(VALID_ID_NUMBERS[0], { household_size: 11 }),
      person('110105194912310021', { gender: '5' }),
      person(VALID_ID_NUMBERS[1], { birth_date: '2023-02-30', phone: 'call me' }),
    ]);
    const history = await historyCount();
    const rejected = await push(body, 'application/x-ndjson', { 'idempotency-key': 'atomic-1' });
    expect(rejected.statusCode).toBe(422);
    const problem = rejected.json();
    expect(problem).toMatchObject({ code: 'exchange.rows_rejected', load: { status: 'rejected', received: 3, rejected: 2, inserted: 0, updated: 0 } });
    expect(problem.load.errors.map((error: { row: number; field: string; code: string }) => `${error.row}:${error.field}:${error.code}`)).toEqual([
      '2:id_number:exchange.invalid_citizen_id', '2:gender:exchange.not_in_code_list', '3:birth_date:exchange.invalid_date', '3:phone:exchange.invalid_phone',
    ]);
    expect(await historyCount()).toBe(history);
    const replay = await push(body, 'application/x-ndjson', { 'idempotency-key': 'atomic-1' });
    expect(replay.statusCode).toBe(422);
    expect(replay.headers['idempotent-replayed']).toBe('true');

    const skipped = await push(body, 'application/x-ndjson', {}, '?mode=skip');
    expect(skipped.statusCode).toBe(200);
    expect(skipped.json()).toMatchObject({ status: 'succeeded', updated: 1, rejected: 2, errorCount: 4 });
  });

  it('replace=true is a full refresh; DELETE removes one record by (composite) key', async () => {
    const refresh = await push(ndjson([person(VALID_ID_NUMBERS[0], { household_size: 11 })]), 'application/x-ndjson', {}, '?replace=true');
    expect(refresh.json()).toMatchObject({ unchanged: 1, deleted: 1 });
    expect((await current()).map((row) => row.id_number)).toEqual([VALID_ID_NUMBERS[0]]);

    const licences = `/api/v1/exchange/resources/${bed.licenceCode}/records`;
    const rows = [2024, 2025].map((year) => ({ licence_no: 'XK,1', issue_year: year, holder_name: '甲公司', holder_credit_code: VALID_CREDIT_CODES[1] }))
      .concat([{ licence_no: 'XK-2', issue_year: 2024, holder_name: '乙公司', holder_credit_code: VALID_CREDIT_CODES[2] }]);
    const loaded = await bed.t.inject({ method: 'POST', url: licences, payload: JSON.stringify(rows), headers: { ...bed.bearer('own'), 'content-type': 'application/json' } });
    expect(loaded.json()).toMatchObject({ inserted: 3 });
    const byJson = await bed.t.inject({ method: 'DELETE', url: `${licences}/${encodeURIComponent('["XK,1",2024]')}`, headers: bed.bearer('own') });
    expect(byJson.json()).toMatchObject({ status: 'succeeded', received: 1, deleted: 1 });
    const byCommas = await bed.t.inject({ method: 'DELETE', url: `${licences}/${encodeURIComponent('XK-2,2024')}`, headers: bed.bearer('own') });
    expect(byCommas.json()).toMatchObject({ deleted: 1 });
    const wrongArity = await bed.t.inject({ method: 'DELETE', url: `${licences}/XK-2`, headers: bed.bearer('own') });
    expect(wrongArity.json()).toMatchObject({ code: 'exchange.invalid_key' });
  });

  it('only the provider department and the data bureau may push; the rest of the API keeps its JSON parser', async () => {
    const body = ndjson([person(VALID_ID_NUMBERS[0])]);
    const other = await bed.t.inject({ method: 'POST', url, payload: body, headers: { ...bed.bearer('other'), 'content-type': 'application/x-ndjson' } });
    expect(other.statusCode).toBe(403);
    const otherUser = await bed.t.login('other_admin');
    expect((await otherUser.post(url, body, { 'content-type': 'application/x-ndjson' })).statusCode).toBe(403);
    const operator = await bed.t.login('own_op');
    expect((await operator.post(url, body, { 'content-type': 'application/x-ndjson' })).json()).toMatchObject({ status: 'succeeded', received: 1 });
    const admin = await bed.t.login('dataadmin');
    expect((await admin.post(url, body, { 'content-type': 'text/plain' })).statusCode).toBe(415);
    // A JSON route elsewhere still parses its body (and refuses a bad one with its own code).
    const broken = await bed.t.inject({ method: 'POST', url: '/api/v1/session', payload: '{"username":', headers: { 'content-type': 'application/json' } });
    expect(broken.json().code).toBe('payload.invalid_json');
    const openapi = (await bed.t.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(openapi.paths['/api/v1/exchange/resources/{code}/records'].post.requestBody.content)).toEqual(['application/x-ndjson', 'application/json', 'text/csv']);
  });
});
