import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpSession } from '../../../testing/harness.js';
import { createExchangeTestbed, type ExchangeTestbed } from '../test-support.js';
import { POSTGRES_SOURCE, postgresSourceAvailable, storeState, testRunner, uniqueName } from './test-support.js';

const available = await postgresSourceAvailable();
const { password: _none, ...CONNECTION } = POSTGRES_SOURCE;

describe.skipIf(!available)('pull from a PostgreSQL source (every data-item type)', () => {
  let bed: ExchangeTestbed;
  let admin: HttpSession;
  let client: pg.Client;
  const schema = uniqueName('zs_src');

  beforeAll(async () => {
    bed = await createExchangeTestbed();
    admin = await bed.t.login('own_admin');
    client = new pg.Client(POSTGRES_SOURCE);
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`CREATE TABLE ${schema}.people (
      id_no text PRIMARY KEY, name text NOT NULL, sex char(1), born date, phone text, employer text, household integer,
      income numeric(12,2), registered timestamptz, resident boolean, modified timestamptz NOT NULL)`);
    await client.query(`INSERT INTO ${schema}.people VALUES
      ('11010519491231002X', '张三', '1', '1949-12-31', '13800138000', '91350100M000100Y43', 3, 12345.67, '2024-05-01 09:30:00.123456+08', true, '2024-05-01 10:00:00+08'),
      ('440524188001010014', '欧阳娜娜', '2', NULL, NULL, NULL, NULL, NULL, NULL, false, '2024-05-01 11:00:00+08')`);
  });
  afterAll(async () => {
    await client?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client?.end();
    await bed?.close();
  });

  it('lists schema-qualified tables, converts every type into the store, and continues from a timestamptz cursor', async () => {
    const source = (await admin.post('/api/v1/exchange/sources', { name: '户籍库', ...CONNECTION, password: '' })).json();
    expect(source.summary).toBe('postgres://postgres@127.0.0.1:5432/test');
    const tables = (await admin.get(`/api/v1/exchange/sources/${source.id}/tables`)).json().items;
    expect(tables).toContainEqual({ name: `${schema}.people`, type: 'table' });
    const columns = (await admin.get(`/api/v1/exchange/sources/${source.id}/tables/${schema}.people/columns`)).json().items;
    expect(columns.find((c: { name: string }) => c.name === 'id_no')).toMatchObject({ key: true, nullable: false, cursorCapable: false });
    expect(columns.find((c: { name: string }) => c.name === 'modified')).toMatchObject({ type: 'timestamp with time zone', cursorCapable: true });

    const created = await admin.post('/api/v1/exchange/pulls', {
      resourceCode: bed.personCode, sourceId: source.id, sourceTable: `${schema}.people`, mode: 'incremental', cursorColumn: 'modified',
      schedule: '30 2 * * *', columnMapping: {
        id_number: 'id_no', full_name: 'name', gender: 'sex', birth_date: 'born', phone: 'phone', employer_credit_code: 'employer',
        household_size: 'household', monthly_income: 'income', registered_at: 'registered', is_resident: 'resident',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const pullId = created.json().id;
    const runner = testRunner(bed);
    const first = await runner.runNow(pullId);
    expect(first).toMatchObject({ status: 'succeeded', readRows: 2, inserted: 2, rejected: 0, cursorTo: '2024-05-01 03:00:00+00' });

    const columnsOfStore = ['id_number', 'full_name', 'gender', 'birth_date', 'household_size', 'monthly_income', 'registered_at', 'is_resident'];
    const { rows } = await storeState(bed, bed.personCode, columnsOfStore);
    expect(rows[0]).toMatchObject({ id_number: '11010519491231002X', full_name: '张三', gender: '1', birth_date: '1949-12-31', household_size: 3, monthly_income: '12345.67', is_resident: true });
    expect(new Date(rows[0].registered_at as Date).toISOString()).toBe('2024-05-01T01:30:00.123Z');
    expect(rows[1]).toMatchObject({ id_number: '440524188001010014', birth_date: null, monthly_income: null, registered_at: null, is_resident: false });

    await client.query(`UPDATE ${schema}.people SET income = 20000, modified = '2024-05-01 12:00:00+08' WHERE name = '张三'`);
    const second = await runner.runNow(pullId);
    // Read from 11:00 − 5 min: the changed row and the unchanged one inside the window.
    expect(second).toMatchObject({ status: 'succeeded', readRows: 2, updated: 1, unchanged: 1, cursorFrom: '2024-05-01 03:00:00+00', cursorTo: '2024-05-01 04:00:00+00' });
    expect((await storeState(bed, bed.personCode, ['monthly_income'])).rows[0].monthly_income).toBe('20000.00');
  });
});
