// `npm run bench:upload`: peak memory of the server while it takes a very large CSV upload.
//
// Sets up a throw-away PostgreSQL schema with the bench resource, starts the real server on it as its own
// process (`zhongshu serve`), logs in as the provider department's operator and uploads a CSV of BENCH_UPLOAD_MB
// megabytes (default 2,048) generated on the fly as a streamed multipart body, then follows the load to its end.
// Prints the upload and load rates and the server's peak resident memory (VmHWM; goal: under 400 MB).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openPostgres } from '../src/server/platform/db/database.js';
import { TEST_PASSWORD } from '../src/server/testing/harness.js';
import { probePostgres } from './lib/backends.js';
import { PERSON_COLUMNS, setUpExchangeBench, syntheticCsvLine } from './lib/exchange-setup.js';

const MEGABYTES = Number(process.env.BENCH_UPLOAD_MB ?? 2048);
const POSTGRES_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const GOAL_MB = 400;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

function request(port: number, method: string, url: string, headers: Record<string, string>, body?: string): Promise<{ status: number; json: any; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: url, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, json: text ? JSON.parse(text) : null, headers: response.headers });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Streams a multipart body holding a generated CSV of about `bytes` bytes. */
function upload(port: number, url: string, headers: Record<string, string>, bytes: number): Promise<{ status: number; json: any; sent: number }> {
  const boundary = `----zs${randomBytes(8).toString('hex')}`;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: url, method: 'POST', headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'), sent }));
    });
    req.on('error', reject);
    let sent = 0;
    let index = 0;
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="persons.csv"\r\nContent-Type: text/csv\r\n\r\n`);
    req.write(`${PERSON_COLUMNS.join(',')}\n`);
    const pump = () => {
      while (sent < bytes) {
        let chunk = '';
        for (let line = 0; line < 2000; line++) chunk += syntheticCsvLine(index++);
        sent += Buffer.byteLength(chunk);
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end(`\r\n--${boundary}--\r\n`);
    };
    pump();
  });
}

const peakMemoryMb = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
};

async function main(): Promise<void> {
  const reason = await probePostgres(POSTGRES_URL);
  if (reason) {
    console.log(`PostgreSQL not reachable (${reason}); skipping`);
    return;
  }
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = openPostgres(POSTGRES_URL, { max: 1 });
  await sql.raw(`CREATE SCHEMA ${schema}`).execute(admin.db);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zs-bench-upload-'));
  let server: ReturnType<typeof spawn> | undefined;
  try {
    const setup = await setUpExchangeBench(openPostgres(POSTGRES_URL, { searchPath: schema, max: 2 }));
    const code = setup.resourceCode;
    await setup.platform.close();

    const port = await freePort();
    // The server's JSON log, shown when something fails.
    const serverLog = path.join(dataDir, 'server.log');
    const url = new URL(POSTGRES_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    // The compiled server, as deployed (npm run build); the sources through tsx only when there is no build.
    const compiled = path.join(root, 'dist/server/cli.js');
    const command = existsSync(compiled) ? [compiled, 'serve'] : ['--import', 'tsx', path.join(root, 'src/server/cli.ts'), 'serve'];
    console.log(`server: node ${command.join(' ')}`);
    server = spawn(process.execPath, command, {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url.toString(), PORT: String(port), DATA_DIR: dataDir, ZHONGSHU_SEED_DEMO: 'false', ZHONGSHU_ADMIN_PASSWORD: 'Bench-Passw0rd!', LOG_LEVEL: 'warn' },
      stdio: ['ignore', openSync(serverLog, 'w'), 'inherit'],
    });
    for (let attempt = 0; ; attempt++) {
      try {
        if ((await request(port, 'GET', '/ready', {})).status === 200) break;
      } catch {
        // not listening yet
      }
      if (attempt > 120) throw new Error('server did not start');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const login = await request(port, 'POST', '/api/v1/session', { 'content-type': 'application/json' }, JSON.stringify({ username: 'own_op', password: TEST_PASSWORD }));
    const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0];
    const auth = { cookie, 'x-csrf-token': login.json.csrfToken as string };
    const baseline = peakMemoryMb(server.pid!);

    console.log(`bench:upload — ${MEGABYTES.toLocaleString('en')} MB CSV through POST /api/v1/exchange/resources/${code}/uploads`);
    const started = performance.now();
    const answer = await upload(port, `/api/v1/exchange/resources/${code}/uploads`, auth, MEGABYTES * 1024 * 1024);
    const uploadSeconds = (performance.now() - started) / 1000;
    if (answer.status !== 202) {
      console.error(readFileSync(serverLog, 'utf8').split('\n').filter((line) => /"level":(40|50|60)/.test(line)).slice(-5).join('\n'));
      throw new Error(`upload answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    }
    let load: any;
    for (;;) {
      load = (await request(port, 'GET', `/api/v1/exchange/loads/${answer.json.loadId}`, auth)).json;
      if (!['queued', 'running'].includes(load.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    const totalSeconds = (performance.now() - started) / 1000;
    const peak = peakMemoryMb(server.pid!);
    console.log(`load ${load.status}: received ${load.received?.toLocaleString('en')}, inserted ${load.inserted?.toLocaleString('en')}, rejected ${load.rejected}`);
    console.log(`upload ${(answer.sent / 1024 / 1024).toFixed(0)} MB in ${uploadSeconds.toFixed(1)} s (${(answer.sent / 1024 / 1024 / uploadSeconds).toFixed(1)} MB/s); upload + load ${totalSeconds.toFixed(1)} s (${Math.round(load.received / totalSeconds).toLocaleString('en')} rows/s)`);
    console.log(`server peak memory (VmHWM): ${peak.toFixed(0)} MB (after start-up: ${baseline.toFixed(0)} MB); goal < ${GOAL_MB} MB: ${peak < GOAL_MB ? 'met' : 'NOT met'}`);
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server!.once('exit', resolve));
    }
    await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(admin.db);
    await admin.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
