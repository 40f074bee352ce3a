// `npm run bench:query`: authorised key lookups through the records API against a bare route doing the same
// SELECT, on the same server, in the same run.
//
// The server (bench/lib/query-server.ts) runs in its own process with BENCH_QUERY_ROWS records (default
// 100,000). This process drives BENCH_QUERY_CLIENTS concurrent keep-alive clients (default 32) looking up random
// keys for BENCH_QUERY_SECONDS seconds per phase (default 15), alternating bare and API phases twice after a
// warm-up. The API path checks the Bearer credential, the grant and the X-Purpose header, projects and masks the
// granted fields and writes a hash-chained access record before answering; the bare route does none of that.
// Prints requests/s and p50/p99 for both and the ratio (goal: ratio ≥ 0.7 and API p99 < 20 ms).
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { syntheticPerson } from './lib/exchange-setup.js';
import { ms, summarize, table } from './lib/stats.js';

const integer = (name: string, fallback: number) => {
  const value = process.env[name] ? Number(process.env[name]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
};
const CLIENTS = integer('BENCH_QUERY_CLIENTS', 32);
const SECONDS = integer('BENCH_QUERY_SECONDS', 15);
const ROWS = integer('BENCH_QUERY_ROWS', 100_000);
const here = path.dirname(fileURLToPath(import.meta.url));

interface Phase {
  requests: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

function get(agent: http.Agent, port: number, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: url, agent, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
  });
}

async function phase(port: number, seconds: number, target: (key: string) => { url: string; headers: Record<string, string> }): Promise<Phase> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const { url, headers } = target(String(syntheticPerson(Math.floor(Math.random() * ROWS)).id_number));
        const begin = performance.now();
        const status = await get(agent, port, url, headers);
        latencies.push(performance.now() - begin);
        if (status !== 200) errors++;
      }
    }),
  );
  agent.destroy();
  return { requests: latencies.length, errors, seconds: (performance.now() - started) / 1000, latencies };
}

async function main(): Promise<void> {
  console.log(`bench:query — ${CLIENTS} concurrent clients, ${ROWS.toLocaleString('en')} records, ${SECONDS} s per phase`);
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'lib/query-server.ts')], {
    env: { ...process.env, BENCH_QUERY_ROWS: String(ROWS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: server.stdout! });
    lines.once('line', resolve);
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const { port, code, token } = JSON.parse(line) as { port: number; code: string; token: string };
  try {
    const bare = (key: string) => ({ url: `/bench/bare/${key}`, headers: {} });
    const api = (key: string) => ({
      url: `/api/v1/exchange/resources/${code}/records/${key}`,
      headers: { authorization: `Bearer ${token}`, 'x-purpose': encodeURIComponent('基准测试：身份核验') },
    });
    await phase(port, 3, bare);
    await phase(port, 3, api);
    const results = { bare: [] as Phase[], api: [] as Phase[] };
    for (let round = 0; round < 2; round++) {
      results.bare.push(await phase(port, SECONDS, bare));
      results.api.push(await phase(port, SECONDS, api));
    }
    const combine = (phases: Phase[]) => {
      const latencies = phases.flatMap((entry) => entry.latencies);
      const seconds = phases.reduce((sum, entry) => sum + entry.seconds, 0);
      return { rate: latencies.length / seconds, errors: phases.reduce((sum, entry) => sum + entry.errors, 0), summary: summarize(latencies) };
    };
    const bareFigures = combine(results.bare);
    const apiFigures = combine(results.api);
    console.log(`\n${table(['route', 'requests/s', 'p50 ms', 'p99 ms', 'non-200'], [
      ['bare SELECT (no credential, grant, masking or audit)', bareFigures.rate.toFixed(0), ms(bareFigures.summary.p50), ms(bareFigures.summary.p99), String(bareFigures.errors)],
      ['records API key lookup (grant, masking, access log)', apiFigures.rate.toFixed(0), ms(apiFigures.summary.p50), ms(apiFigures.summary.p99), String(apiFigures.errors)],
    ])}`);
    const ratio = apiFigures.rate / bareFigures.rate;
    console.log(`\nratio API / bare: ${ratio.toFixed(2)} (goal ≥ 0.7: ${ratio >= 0.7 ? 'met' : 'NOT met'}); API p99 ${ms(apiFigures.summary.p99)} ms (goal < 20 ms: ${apiFigures.summary.p99 < 20 ? 'met' : 'NOT met'})`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
