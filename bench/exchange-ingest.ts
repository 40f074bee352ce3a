// `npm run bench:ingest`: loading rate of the push API against raw COPY, in the same run.
//
// BENCH_INGEST_ROWS rows (default 1,000,000) of a 10-item person resource — a citizen ID number and a credit
// code among them, both validated — are pushed through the HTTP API (NDJSON, BENCH_INGEST_BATCH rows per
// request, default 100,000) into PostgreSQL: parse, validate, stage, merge by key with change history, load
// record and audit. Then the same rows go into an identical table (same types, same primary key) with raw
// `COPY … FROM STDIN`. Bodies are written to temporary files first, so generating them is not timed.
// Prints both rates and the ratio (goal: ≥ 0.5), then the PGlite rate on BENCH_INGEST_PGLITE_ROWS rows
// (default 200,000). Never fails on a figure.
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openBackend, probePostgres, type BackendName } from './lib/backends.js';
import { setUpExchangeBench, syntheticPerson, syntheticCsvLine, PERSON_COLUMNS } from './lib/exchange-setup.js';
import { pushFile } from './lib/http-push.js';
import { table } from './lib/stats.js';

const integer = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
};
const ROWS = integer('BENCH_INGEST_ROWS', 1_000_000);
const BATCH = integer('BENCH_INGEST_BATCH', 100_000);
const PGLITE_ROWS = integer('BENCH_INGEST_PGLITE_ROWS', 200_000);
const POSTGRES_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const GOAL_RATIO = 0.5;

async function writeLines(file: string, from: number, to: number, line: (index: number) => string): Promise<void> {
  const out = createWriteStream(file);
  for (let index = from; index < to; index++) {
    if (!out.write(line(index))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function makeBatches(dir: string, rows: number): Promise<string[]> {
  const files: string[] = [];
  for (let from = 0; from < rows; from += BATCH) {
    const file = path.join(dir, `push-${from}.ndjson`);
    await writeLines(file, from, Math.min(rows, from + BATCH), (index) => `${JSON.stringify(syntheticPerson(index))}\n`);
    files.push(file);
  }
  return files;
}

async function pushAll(backend: BackendName, files: string[], rows: number): Promise<{ seconds: number; rate: number; inserted: number }> {
  const opened = await openBackend(backend, POSTGRES_URL);
  const bench = await setUpExchangeBench(opened.database);
  try {
    await bench.platform.http.listen({ port: 0, host: '127.0.0.1' });
    const address = bench.platform.http.server.address() as { port: number };
    const url = `http://127.0.0.1:${address.port}/api/v1/exchange/resources/${bench.resourceCode}/records`;
    let inserted = 0;
    const started = performance.now();
    for (const file of files) {
      const answer = await pushFile(url, file, { authorization: `Bearer ${bench.providerToken}`, 'content-type': 'application/x-ndjson' });
      if (answer.status !== 200) throw new Error(`push answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
      inserted += (answer.body as { inserted: number }).inserted;
    }
    const seconds = (performance.now() - started) / 1000;
    return { seconds, rate: rows / seconds, inserted };
  } finally {
    await bench.platform.close();
    await opened.cleanUp();
  }
}

async function rawCopy(csvFile: string, rows: number): Promise<{ seconds: number; rate: number }> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  const tableName = `bench_raw_copy_${process.pid}`;
  try {
    await client.query(`CREATE TABLE ${tableName} (id_number text PRIMARY KEY, full_name text, gender text, birth_date date, phone text,
      employer_credit_code text, household_size bigint, monthly_income numeric, registered_at timestamptz, is_resident boolean)`);
    const started = performance.now();
    await pipeline(createReadStream(csvFile), client.query(copyFrom(`COPY ${tableName} (${PERSON_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT csv)`)));
    const seconds = (performance.now() - started) / 1000;
    const count = await client.query(`SELECT count(*)::int AS n FROM ${tableName}`);
    if (count.rows[0].n !== rows) throw new Error(`COPY loaded ${count.rows[0].n} rows, expected ${rows}`);
    return { seconds, rate: rows / seconds };
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${tableName}`);
    await client.end();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zs-bench-ingest-'));
  try {
    console.log(`bench:ingest — ${ROWS.toLocaleString('en')} rows (10 items, citizen ID and credit code validated), ${BATCH.toLocaleString('en')} rows per request`);
    const reason = await probePostgres(POSTGRES_URL);
    if (reason) {
      console.log(`PostgreSQL not reachable (${reason}); skipping`);
      return;
    }
    const files = await makeBatches(dir, ROWS);
    const csvFile = path.join(dir, 'copy.csv');
    await writeLines(csvFile, 0, ROWS, syntheticCsvLine);

    const api = await pushAll('postgres', files, ROWS);
    console.log(`push API → PostgreSQL: ${api.seconds.toFixed(1)} s, inserted ${api.inserted.toLocaleString('en')}`);
    const copy = await rawCopy(csvFile, ROWS);
    console.log(`raw COPY → PostgreSQL: ${copy.seconds.toFixed(1)} s`);

    // PGlite gets the first whole batches of the same rows.
    const pgliteBatches = Math.ceil(Math.min(PGLITE_ROWS, ROWS) / BATCH);
    const pgliteRows = Math.min(pgliteBatches * BATCH, ROWS);
    const lite = await pushAll('pglite', files.slice(0, pgliteBatches), pgliteRows);

    const ratio = api.rate / copy.rate;
    console.log(`\n${table(['path', 'rows', 'seconds', 'rows/s'], [
      ['push API (HTTP, NDJSON) → PostgreSQL', ROWS.toLocaleString('en'), api.seconds.toFixed(1), Math.round(api.rate).toLocaleString('en')],
      ['raw COPY → PostgreSQL (baseline)', ROWS.toLocaleString('en'), copy.seconds.toFixed(1), Math.round(copy.rate).toLocaleString('en')],
      ['push API (HTTP, NDJSON) → PGlite', pgliteRows.toLocaleString('en'), lite.seconds.toFixed(1), Math.round(lite.rate).toLocaleString('en')],
    ])}`);
    console.log(`\nratio push API / raw COPY on PostgreSQL: ${ratio.toFixed(2)} (goal ≥ ${GOAL_RATIO}: ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
