import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpSession } from '../../../testing/harness.js';
import { createExchangeTestbed, LICENCE_ITEMS, VALID_CREDIT_CODES, type ExchangeTestbed } from '../test-support.js';
import { MARIADB, mariadb, mariadbAvailable, storeState, testRunner, uniqueName } from './test-support.js';

const available = await mariadbAvailable();
const { password: _none, ...CONNECTION } = MARIADB;
const PULLS = '/api/v1/exchange/pulls';
const MAPPING = { licence_no: 'lic', issue_year: 'yr', holder_name: 'holder', holder_credit_code: 'credit' };
const credit = (i: number) => VALID_CREDIT_CODES[i % VALID_CREDIT_CODES.length];

describe.skipIf(!available)('pull runs from MariaDB', () => {
  let bed: ExchangeTestbed;
  let admin: HttpSession;
  let sourceId: string;
  const tables: string[] = [];
  let my: Awaited<ReturnType<typeof mariadb>>;

  beforeAll(async () => {
    bed = await createExchangeTestbed();
    admin = await bed.t.login('own_admin');
    sourceId = (await admin.post('/api/v1/exchange/sources', { name: '许可业务库', ...CONNECTION, password: '' })).json().id;
    my = await mariadb();
  });
  afterAll(async () => {
    for (const table of tables) await my?.query(`DROP TABLE IF EXISTS ${table}`);
    await my?.end();
    await bed?.close();
  });

  /** A source table of licences with the given cursor column type, and a fresh published resource to pull into. */
  async function setup(cursorType: string, pull: Record<string, unknown>) {
    const table = uniqueName('zs_lic');
    tables.push(table);
    await my.query(`CREATE TABLE ${table} (lic VARCHAR(30) NOT NULL, yr INT NOT NULL, holder VARCHAR(100), credit CHAR(18), changed ${cursorType}, PRIMARY KEY (lic, yr))`);
    const code = await bed.entry('published', { classificationCode: '202001', name: `行政许可 ${table}`, dataItems: LICENCE_ITEMS, sharingType: 'unconditional', sharingConditions: null });
    const created = await admin.post(PULLS, {
      resourceCode: code, sourceId, sourceTable: table, columnMapping: MAPPING, mode: 'incremental', cursorColumn: 'changed',
      schedule: '0 * * * *', reconcileEveryRuns: 0, ...pull,
    });
    expect(created.statusCode, created.body).toBe(201);
    const insert = async (rows: Array<[string, number, string, unknown]>) => {
      for (const [lic, yr, holder, changed] of rows) await my.query(`INSERT INTO ${table} VALUES (?, ?, ?, ?, ?)`, [lic, yr, holder, credit(yr), changed]);
    };
    return { table, code, pullId: created.json().id as string, insert };
  }
  const pullOf = async (id: string) => (await admin.get(`${PULLS}/${id}`)).json();

  it('syncs incrementally in committed chunks, then picks up changed rows and a late-committing row inside the safety window', async () => {
    const { table, code, pullId, insert } = await setup('DATETIME(6)', { safetyWindowSeconds: 300 });
    await insert([1, 2, 3, 4, 5].map((i) => [`L-${i}`, 2024, `持证单位${i}`, `2024-05-01 10:00:0${i}`]));
    const runner = testRunner(bed, { chunkSize: 2 });

    const first = await runner.runNow(pullId);
    expect(first).toMatchObject({ kind: 'incremental', status: 'succeeded', readRows: 5, inserted: 5, cursorFrom: null, cursorTo: '2024-05-01 10:00:05.000000' });
    const loads = await bed.t.platform.ctx.db.selectFrom('exchange_loads').select(['received', 'channel', 'format']).where('pull_run_id', '=', first.id).orderBy('started_at').execute();
    expect(loads).toEqual([2, 2, 1].map((received) => ({ received, channel: 'pull', format: 'database' })));
    expect((await pullOf(pullId)).cursorValue).toBe('2024-05-01 10:00:05.000000');

    // A changed row and a new row; the window re-reads the committed rows, which come back unchanged.
    await my.query(`UPDATE ${table} SET holder = '更名单位', changed = '2024-05-01 10:10:00' WHERE lic = 'L-2'`);
    await insert([['L-6', 2024, '持证单位6', '2024-05-01 10:10:00']]);
    const second = await runner.runNow(pullId);
    expect(second).toMatchObject({ status: 'succeeded', readRows: 6, inserted: 1, updated: 1, unchanged: 4, cursorFrom: '2024-05-01 10:00:05.000000' });

    // A transaction that committed late: its timestamp is older than the cursor but inside the safety window.
    await insert([['L-7', 2024, '迟到单位', '2024-05-01 10:06:00']]);
    const third = await runner.runNow(pullId);
    expect(third).toMatchObject({ status: 'succeeded', readRows: 3, inserted: 1, updated: 0, unchanged: 2, deleted: 0 });

    const state = await storeState(bed, code, ['licence_no', 'holder_name']);
    expect(state.rows.map((row) => row.licence_no)).toEqual(['L-1', 'L-2', 'L-3', 'L-4', 'L-5', 'L-6', 'L-7']);
    expect(state.rows[1].holder_name).toBe('更名单位');
    expect(state.history).toEqual({ I: 7, U: 1 });
  });

  it('resumes after a crash mid-run from the last committed chunk: nothing lost, nothing doubled', async () => {
    // An integer cursor with ties across chunk boundaries: the resume point is the (cursor, key) tuple.
    const { code, pullId, insert } = await setup('INT', {});
    const seq = [1, 1, 1, 2, 2, 3, 3];
    await insert(seq.map((value, i) => [`C-${i + 1}`, 2023, `单位${i + 1}`, value]));
    const crashing = testRunner(bed, {
      chunkSize: 2,
      onRow: ({ row }) => {
        if (row === 5) throw new Error('simulated crash: source connection lost');
      },
    });
    const failed = await crashing.runNow(pullId);
    expect(failed).toMatchObject({ status: 'failed', readRows: 4, inserted: 4 });
    expect(failed.error).toContain('simulated crash');
    expect(failed.finishedAt).not.toBeNull();
    expect((await pullOf(pullId)).cursorValue).toBe('2');
    expect((await storeState(bed, code, ['licence_no'])).rows).toHaveLength(4);
    const committedLoads = await bed.t.platform.ctx.db.selectFrom('exchange_loads').select('status').where('pull_run_id', '=', failed.id).execute();
    expect(committedLoads).toEqual([{ status: 'succeeded' }, { status: 'succeeded' }]);

    const resumed = await testRunner(bed, { chunkSize: 2 }).runNow(pullId);
    expect(resumed).toMatchObject({ status: 'succeeded', readRows: 3, inserted: 3, unchanged: 0, cursorFrom: '2', cursorTo: '3' });
    const state = await storeState(bed, code, ['licence_no']);
    expect(state.rows.map((row) => row.licence_no)).toEqual(['C-1', 'C-2', 'C-3', 'C-4', 'C-5', 'C-6', 'C-7']);
    expect(state.history).toEqual({ I: 7 });
  });

  it('full refresh deletes keys missing at the source', async () => {
    const { table, code, pullId, insert } = await setup('DATETIME', { mode: 'full', cursorColumn: null });
    await insert([1, 2, 3, 4].map((i) => [`F-${i}`, 2022, `单位${i}`, null]));
    const runner = testRunner(bed);
    expect(await runner.runNow(pullId)).toMatchObject({ kind: 'full', status: 'succeeded', inserted: 4 });
    await my.query(`DELETE FROM ${table} WHERE lic IN ('F-2', 'F-4')`);
    expect(await runner.runNow(pullId)).toMatchObject({ kind: 'full', status: 'succeeded', readRows: 2, unchanged: 2, deleted: 2 });
    expect((await storeState(bed, code, ['licence_no'])).rows.map((row) => row.licence_no)).toEqual(['F-1', 'F-3']);
  });

  it('reconciles every N incremental runs: deletions and rows the cursor never saw', async () => {
    const { table, code, pullId, insert } = await setup('DATETIME', { reconcileEveryRuns: 1, safetyWindowSeconds: 60 });
    await insert([1, 2, 3].map((i) => [`R-${i}`, 2021, `单位${i}`, `2024-06-01 08:00:0${i}`]));
    const runner = testRunner(bed);
    expect(await runner.runNow(pullId)).toMatchObject({ kind: 'incremental', inserted: 3 });
    await my.query(`DELETE FROM ${table} WHERE lic = 'R-1'`);
    await insert([['R-0', 2021, '补录单位', '2024-01-01 00:00:00']]); // far older than cursor − window
    const reconcile = await runner.runNow(pullId);
    expect(reconcile).toMatchObject({ kind: 'reconcile', status: 'succeeded', readRows: 3, inserted: 1, deleted: 1, unchanged: 2 });
    expect(await pullOf(pullId)).toMatchObject({ runsSinceReconcile: 0, cursorValue: '2024-06-01 08:00:03' });
    expect((await runner.runNow(pullId)).kind).toBe('incremental');
    expect((await storeState(bed, code, ['licence_no'])).rows.map((row) => row.licence_no)).toEqual(['R-0', 'R-2', 'R-3']);
  });

  it('the scheduler claims due pulls and moves their next run; run-now over HTTP runs in the background and is audited', async () => {
    const { pullId, insert } = await setup('DATETIME', {});
    await insert([['S-1', 2020, '单位', '2024-07-01 00:00:00']]);
    const db = bed.t.platform.ctx.db;
    await db.updateTable('exchange_pulls').set({ next_run_at: sql<Date>`now() - interval '1 minute'` }).execute();
    const runner = testRunner(bed);
    const runs = await runner.runDue();
    // Every pull of this suite was due; each ran once, and none is due any more.
    expect(runs.map((run) => run.status).every((status) => status === 'succeeded')).toBe(true);
    expect(runs.map((run) => run.pullId)).toContain(pullId);
    const due = await db.selectFrom('exchange_pulls').select('id').where('next_run_at', '<=', sql<Date>`now()`).execute();
    expect(due).toEqual([]);
    expect(await runner.runDue()).toEqual([]);

    const operator = await bed.t.login('own_op');
    const started = await operator.post(`${PULLS}/${pullId}/run`);
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({ status: 'running', kind: 'incremental' });
    let run = started.json();
    for (let i = 0; i < 2000 && run.status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      run = (await operator.get(`${PULLS}/${pullId}/runs`)).json().items[0];
    }
    expect(run).toMatchObject({ id: started.json().id, status: 'succeeded', readRows: 1, unchanged: 1 });
    const audit = await db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'exchange.pull.run').execute();
    expect(audit).toEqual([{ action: 'exchange.pull.run', target_id: pullId }]);
    expect((await (await bed.t.login('other_admin')).post(`${PULLS}/${pullId}/run`)).statusCode).toBe(404);
  });
});
