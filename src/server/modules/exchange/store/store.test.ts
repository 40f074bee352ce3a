import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../../platform/actor.js';
import { citizenIdCheckChar } from '../../../platform/identifiers.js';
import type { LoadRecordsInput, RawRecord } from '../index.js';
import { createExchangeTestbed, VALID_CREDIT_CODES, VALID_ID_NUMBERS, type ExchangeTestbed } from '../test-support.js';

async function* each(records: RawRecord[]): AsyncIterable<RawRecord> {
  for (const record of records) yield record;
}

const person = (id: string, overrides: RawRecord = {}): RawRecord => ({
  id_number: id, full_name: '张三', gender: '1', birth_date: '1949-12-31', phone: '13800138000',
  employer_credit_code: VALID_CREDIT_CODES[0], household_size: 3, monthly_income: '5200.50',
  registered_at: '2024-05-01 08:30:00', is_resident: true, ...overrides,
});

describe('shared store: loading core', () => {
  let bed: ExchangeTestbed;
  const cli = cliActor('test');
  const load = (records: RawRecord[], extra: Partial<LoadRecordsInput> = {}) =>
    bed.t.platform.exchange.loads.loadRecords({
      actor: cli, resourceCode: bed.personCode, channel: 'api', format: 'json', records: each(records), rejectPolicy: 'atomic', ...extra,
    });
  const rows = async (table: string) => (await sql.raw<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY _seq`).execute(bed.t.platform.ctx.db)).rows;

  beforeAll(async () => {
    bed = await createExchangeTestbed();
  });
  afterAll(() => bed.close());

  it('creates typed tables keyed by the key items on first use', async () => {
    const store = await bed.t.platform.exchange.stores.forResource(bed.personCode);
    expect(store.keyColumns).toEqual(['id_number']);
    expect(store.rules.id_number).toEqual({ check: 'citizen_id' });
    expect(store.rules.employer_credit_code).toEqual({ check: 'credit_code' });
    expect(store.rules.gender).toEqual({ codeListId: 'GB/T 2261.1' });
    const types = await sql<{ column_name: string; data_type: string }>`
      SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ${store.table} AND table_schema = current_schema()`.execute(bed.t.platform.ctx.db);
    const byName = Object.fromEntries(types.rows.map((row) => [row.column_name, row.data_type]));
    expect(byName).toMatchObject({ id_number: 'text', household_size: 'bigint', monthly_income: 'numeric', birth_date: 'date', registered_at: 'timestamp with time zone', is_resident: 'boolean' });
  });

  it('inserts, then counts unchanged and updated records by comparing values, with history', async () => {
    const first = await load([person(VALID_ID_NUMBERS[0]), person(VALID_ID_NUMBERS[1], { full_name: '李四' })]);
    expect(first).toMatchObject({ status: 'succeeded', received: 2, inserted: 2, updated: 0, unchanged: 0, rejected: 0 });
    const second = await load([person(VALID_ID_NUMBERS[0]), person(VALID_ID_NUMBERS[1], { full_name: '李四四' })]);
    expect(second).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    const store = await bed.t.platform.exchange.stores.forResource(bed.personCode);
    const history = await rows(store.history);
    expect(history.map((row) => row._op)).toEqual(['I', 'I', 'U']);
    expect(history[2].full_name).toBe('李四四');
    expect(store.rowCount).toBe(2);
  });

  it('rejects the whole load when any record is invalid and reports every problem with its row', async () => {
    const before = await bed.t.platform.exchange.stores.forResource(bed.personCode);
    const answer = await load([
      person('440524188001010014', { full_name: '王五' }),
      person('110105194912310021', { gender: '5', birth_date: '2023-02-30', employer_credit_code: '91350100M000100Y4Z', extra: 1 }),
    ]);
    expect(answer.status).toBe('rejected');
    expect(answer.rejected).toBe(1);
    expect(answer.inserted + answer.updated).toBe(0);
    const codes = answer.errors.map((error) => `${error.row}:${error.field}:${error.code}`);
    expect(codes).toEqual(expect.arrayContaining([
      '2:id_number:exchange.invalid_citizen_id', '2:gender:exchange.not_in_code_list', '2:birth_date:exchange.invalid_date',
      '2:employer_credit_code:exchange.invalid_credit_code', '2:extra:exchange.unknown_field',
    ]));
    const after = await bed.t.platform.exchange.stores.forResource(bed.personCode);
    expect(after.lastChangeSeq).toBe(before.lastChangeSeq);
  });

  it('an atomic load rolls back batches already merged when a later record is rejected', async () => {
    const before = await bed.t.platform.exchange.stores.forResource(bed.personCode);
    const many: RawRecord[] = [];
    for (let index = 0; index < 10_050; index++) {
      const first17 = `440607${19800101 + (index % 28)}${String(index % 1000).padStart(3, '0')}`.slice(0, 14) + String(index).padStart(3, '0').slice(-3);
      many.push(person(first17 + citizenIdCheckChar(first17), { full_name: `批量${index}` }));
    }
    many.push(person('not-an-id'));
    const answer = await load(many);
    expect(answer).toMatchObject({ status: 'rejected', rejected: 1, inserted: 0 });
    expect(answer.errors[0]).toMatchObject({ row: 10_051, field: 'id_number' });
    const after = await bed.t.platform.exchange.stores.forResource(bed.personCode);
    expect(after.rowCount).toBe(before.rowCount);
    expect(after.lastChangeSeq).toBe(before.lastChangeSeq);
    const written = await sql.raw(`SELECT count(*)::int AS n FROM ${after.table} WHERE full_name LIKE '批量%'`).execute(bed.t.platform.ctx.db);
    expect(written.rows[0]).toEqual({ n: 0 });
  });

  it('skip policy writes the valid records and reports the rest', async () => {
    const answer = await load([person(VALID_ID_NUMBERS[0], { household_size: 4 }), person('bad', {})], { rejectPolicy: 'skip' });
    expect(answer).toMatchObject({ status: 'succeeded', updated: 1, rejected: 1 });
  });

  it('deletes by key and keeps the deleted record in the history', async () => {
    const answer = await load([{ _op: 'delete', id_number: VALID_ID_NUMBERS[1] }]);
    expect(answer).toMatchObject({ deleted: 1 });
    const store = await bed.t.platform.exchange.stores.forResource(bed.personCode);
    const last = (await rows(store.history)).at(-1)!;
    expect(last).toMatchObject({ _op: 'D', id_number: VALID_ID_NUMBERS[1], full_name: '李四四' });
    expect(store.rowCount).toBe(1);
  });

  it('the last record for a key in one load wins', async () => {
    const answer = await load([person(VALID_ID_NUMBERS[1], { full_name: 'A' }), person(VALID_ID_NUMBERS[1], { full_name: 'B' })]);
    expect(answer).toMatchObject({ inserted: 1 });
    expect(answer.quality?.duplicateKeys).toBe(1);
    const store = await bed.t.platform.exchange.stores.forResource(bed.personCode);
    const current = await sql.raw<{ full_name: string }>(`SELECT full_name FROM ${store.table} WHERE id_number = '${VALID_ID_NUMBERS[1]}'`).execute(bed.t.platform.ctx.db);
    expect(current.rows[0].full_name).toBe('B');
  });

  it('a retry with the same Idempotency-Key replays the first answer and adds nothing', async () => {
    const records = [person(VALID_ID_NUMBERS[0], { household_size: 9 })];
    const first = await load(records, { idempotencyKey: 'k-1', requestHash: 'h1' });
    const again = await load(records, { idempotencyKey: 'k-1', requestHash: 'h1' });
    expect(again.id).toBe(first.id);
    expect(again.replayed).toBe(true);
    await expect(load(records, { idempotencyKey: 'k-1', requestHash: 'other' })).rejects.toMatchObject({ code: 'exchange.idempotency_key_reused' });
  });

  it('full refresh deletes every stored key missing from the load', async () => {
    const answer = await load([person(VALID_ID_NUMBERS[0], { household_size: 9 })], { deleteMissing: true });
    expect(answer).toMatchObject({ unchanged: 1, deleted: 1 });
    expect((await bed.t.platform.exchange.stores.forResource(bed.personCode)).rowCount).toBe(1);
  });

  it('a full refresh with rejected rows deletes nothing and says so', async () => {
    const answer = await load([person('bad-id')], { deleteMissing: true, rejectPolicy: 'skip' });
    expect(answer).toMatchObject({ rejected: 1, deleted: 0 });
    const row = await bed.t.platform.ctx.db.selectFrom('exchange_loads').select('error_code').where('id', '=', answer.id).executeTakeFirstOrThrow();
    expect(row.error_code).toBe('exchange.deletions_skipped');
    expect((await bed.t.platform.exchange.stores.forResource(bed.personCode)).rowCount).toBe(1);
  });

  it('a failure inside the load leaves no load row and no records', async () => {
    async function* broken(): AsyncIterable<RawRecord> {
      yield person(VALID_ID_NUMBERS[1], { full_name: 'never' });
      throw new Error('connection lost');
    }
    const before = await bed.t.platform.ctx.db.selectFrom('exchange_loads').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    await expect(bed.t.platform.exchange.loads.loadRecords({
      actor: cli, resourceCode: bed.personCode, channel: 'api', format: 'json', records: broken(), rejectPolicy: 'atomic',
    })).rejects.toThrow('connection lost');
    const after = await bed.t.platform.ctx.db.selectFrom('exchange_loads').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const store = await bed.t.platform.exchange.stores.forResource(bed.personCode);
    const current = await sql.raw(`SELECT 1 FROM ${store.table} WHERE full_name = 'never'`).execute(bed.t.platform.ctx.db);
    expect(current.rows).toHaveLength(0);
  });

  it('composite keys upsert by all key items', async () => {
    const records = [
      { licence_no: 'XK-1', issue_year: 2024, holder_name: '甲公司', holder_credit_code: VALID_CREDIT_CODES[1] },
      { licence_no: 'XK-1', issue_year: 2025, holder_name: '甲公司', holder_credit_code: VALID_CREDIT_CODES[1] },
    ];
    const answer = await bed.t.platform.exchange.loads.loadRecords({
      actor: cli, resourceCode: bed.licenceCode, channel: 'api', format: 'json', records: each(records), rejectPolicy: 'atomic',
    });
    expect(answer).toMatchObject({ inserted: 2 });
  });

  it('only the provider department may load', async () => {
    const otherSystem = { kind: 'system' as const, systemId: bed.systems.other.id, systemCode: 'other-assist', credentialId: 'c', departmentId: bed.directory.departments.other, roles: [] as [] };
    await expect(bed.t.platform.exchange.loads.loadRecords({
      actor: otherSystem, resourceCode: bed.personCode, channel: 'api', format: 'json', records: each([]), rejectPolicy: 'atomic',
    })).rejects.toMatchObject({ code: 'exchange.not_provider' });
  });
});
