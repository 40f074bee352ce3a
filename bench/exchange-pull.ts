// `npm run bench:pull`: scheduled pull from a department's MariaDB.
//
// Fills a MariaDB table with BENCH_PULL_ROWS rows (default 1,000,000; 10 columns as the person resource, plus an
// updated_at cursor set in the past), registers it as a source and an incremental pull into a PostgreSQL store,
// and times (1) the initial sync and (2) a second run after 1,000 rows changed at the source — the work a
// scheduled run does to pick them up (the delay a department sees is that plus the time to its next cron tick).
import mysql from 'mysql2/promise';
import { openBackend, probePostgres } from './lib/backends.js';
import { setUpExchangeBench, syntheticPerson, PERSON_COLUMNS } from './lib/exchange-setup.js';
import { runPullNow } from '../src/server/modules/exchange/pull/runner.js';
import { TEST_PASSWORD } from '../src/server/testing/harness.js';

const ROWS = Number(process.env.BENCH_PULL_ROWS ?? 1_000_000);
const CHANGED = Math.min(1000, ROWS);
const POSTGRES_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' };

async function main(): Promise<void> {
  let source: mysql.Connection;
  try {
    source = await mysql.createConnection({ ...MARIADB, connectTimeout: 3000 });
  } catch (error) {
    console.log(`MariaDB not reachable (${(error as Error).message}); skipping`);
    return;
  }
  const reason = await probePostgres(POSTGRES_URL);
  if (reason) {
    console.log(`PostgreSQL not reachable (${reason}); skipping`);
    await source.end();
    return;
  }
  const table = `bench_pull_${process.pid}`;
  const opened = await openBackend('postgres', POSTGRES_URL);
  try {
    console.log(`bench:pull — MariaDB table of ${ROWS.toLocaleString('en')} rows → PostgreSQL store`);
    await source.query(`CREATE TABLE ${table} (id_number varchar(18) PRIMARY KEY, full_name varchar(50), gender varchar(1), birth_date date,
      phone varchar(20), employer_credit_code varchar(18), household_size int, monthly_income decimal(12,2), registered_at datetime,
      is_resident tinyint(1), updated_at datetime(3) NOT NULL, KEY (updated_at))`);
    const fillStarted = performance.now();
    for (let from = 0; from < ROWS; from += 5000) {
      const values: unknown[][] = [];
      for (let index = from; index < Math.min(ROWS, from + 5000); index++) {
        const person = syntheticPerson(index);
        // Rows were written over time: one second apart, ending long before the benchmark.
        const updatedAt = new Date(Date.UTC(2025, 0, 1) + index * 1000).toISOString().replace('T', ' ').replace('Z', '');
        values.push([...PERSON_COLUMNS.map((column) => (column === 'registered_at' ? '2024-05-01 08:30:00' : column === 'is_resident' ? (person[column] ? 1 : 0) : person[column])), updatedAt]);
      }
      await source.query(`INSERT INTO ${table} (${PERSON_COLUMNS.join(', ')}, updated_at) VALUES ?`, [values]);
    }
    console.log(`source filled in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s`);

    const bench = await setUpExchangeBench(opened.database);
    const { platform } = bench;
    await platform.http.ready();
    const login = await platform.http.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'own_admin', password: TEST_PASSWORD } });
    const cookie = `zs_session=${login.cookies.find((entry) => entry.name === 'zs_session')!.value}`;
    const headers = { cookie, 'x-csrf-token': login.json().csrfToken as string };
    const created = await platform.http.inject({ method: 'POST', url: '/api/v1/exchange/sources', headers, payload: { name: '人口库', kind: 'mysql', ...MARIADB } });
    if (created.statusCode !== 201) throw new Error(`source: ${created.body}`);
    const pull = await platform.http.inject({
      method: 'POST', url: '/api/v1/exchange/pulls', headers,
      payload: {
        resourceCode: bench.resourceCode, sourceId: created.json().id, sourceTable: table, mode: 'incremental', cursorColumn: 'updated_at',
        columnMapping: Object.fromEntries(PERSON_COLUMNS.map((column) => [column, column])), schedule: '*/5 * * * *', safetyWindowSeconds: 300,
      },
    });
    if (pull.statusCode !== 201) throw new Error(`pull: ${pull.body}`);
    const parts = { ctx: platform.ctx, secrets: platform.ctx.secrets, stores: platform.exchange.stores, loads: platform.exchange.loads };

    let started = performance.now();
    const initial = await runPullNow(parts, pull.json().id);
    const initialSeconds = (performance.now() - started) / 1000;
    if (initial.status !== 'succeeded') throw new Error(`initial run ${initial.status}: ${initial.error}`);

    await source.query(`UPDATE ${table} SET household_size = household_size + 1, updated_at = NOW(3) ORDER BY id_number LIMIT ${CHANGED}`);
    started = performance.now();
    const next = await runPullNow(parts, pull.json().id);
    const nextSeconds = (performance.now() - started) / 1000;

    console.log(`initial sync: ${initial.inserted.toLocaleString('en')} rows in ${initialSeconds.toFixed(1)} s = ${Math.round(initial.inserted / initialSeconds).toLocaleString('en')} rows/s`);
    console.log(`after ${CHANGED} changed rows: run read ${next.readRows}, updated ${next.updated}, unchanged ${next.unchanged} in ${(nextSeconds * 1000).toFixed(0)} ms (plus the wait for the next cron tick)`);
    await platform.close();
  } finally {
    await source.query(`DROP TABLE IF EXISTS ${table}`);
    await source.end();
    await opened.cleanUp();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
