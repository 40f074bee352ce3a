// The server side of bench:query, run as its own process: the platform on a throw-away PostgreSQL schema (or
// PGlite), BENCH_QUERY_ROWS synthetic records loaded through the loading core, a consumer grant (ID number, name
// and phone masked), and one extra route outside the API — GET /bench/bare/:key — that runs the same key SELECT
// on the same store table with no credential, grant, masking or access log: the baseline.
// Prints one JSON line {port, code, token} when listening; stops on SIGTERM.
import { sql } from 'kysely';
import { cliActor } from '../../src/server/platform/actor.js';
import { openBackend, type BackendName } from './backends.js';
import { setUpExchangeBench, syntheticPerson } from './exchange-setup.js';

const backend = (process.env.BENCH_BACKEND ?? 'postgres') as BackendName;
const rows = Number(process.env.BENCH_QUERY_ROWS ?? 100_000);
const opened = await openBackend(backend, process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test');
let table: string | undefined;
const bench = await setUpExchangeBench(opened.database, {}, (platform) => {
  platform.http.get('/bench/bare/:key', async (request) => {
    const { key } = request.params as { key: string };
    const found = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table!)} WHERE id_number = ${key}`.execute(platform.ctx.db);
    return found.rows[0] ?? null;
  });
});
const { platform, resourceCode } = bench;
await platform.exchange.loads.loadRecords({
  actor: cliActor('bench'), resourceCode, channel: 'api', format: 'json', rejectPolicy: 'atomic',
  records: (async function* () {
    for (let index = 0; index < rows; index++) yield syntheticPerson(index);
  })(),
});
table = (await platform.exchange.stores.forResource(resourceCode)).table;
await sql.raw(`ANALYZE ${table}`).execute(platform.ctx.db);
await platform.http.listen({ port: 0, host: '127.0.0.1' });
const { port } = platform.http.server.address() as { port: number };
console.log(JSON.stringify({ port, code: resourceCode, token: bench.consumerToken, rows }));

process.on('SIGTERM', () => {
  void (async () => {
    await platform.close();
    await opened.cleanUp();
    process.exit(0);
  })();
});
