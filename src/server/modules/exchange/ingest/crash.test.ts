/**
 * Killing the server in the middle of a push leaves nothing behind: a real server process (tsx) on a temporary
 * data directory (PGlite) or a throw-away PostgreSQL schema, half of a large NDJSON body streamed, SIGKILL,
 * restart on the same data: no load row and no record; a retry with the same Idempotency-Key loads everything
 * once and a second retry replays.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform } from '../../../app.js';
import { cliActor } from '../../../platform/actor.js';
import { citizenIdCheckChar, makeCreditCode } from '../../../platform/identifiers.js';
import { testConfig } from '../../../platform/config.js';
import { openPglite, openPostgres, type DatabaseHandle } from '../../../platform/db/database.js';
import { entryInput, TEST_CLASSIFICATIONS } from '../../catalog/test-support.js';
import { PERSON_ITEMS, VALID_CREDIT_CODES } from '../test-support.js';

const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const RECORDS = 5_000;
/** Spaces after each object (valid JSON whitespace) make the body large enough that half of it cannot sit in
 *  socket buffers: the server is reading and merging when it is killed. */
const PADDING = ' '.repeat(8 * 1024);

/** A valid citizen ID per index: birth dates from 1980-01-01 on, 1,000 sequence numbers per day. */
function makeCitizenId(index: number): string {
  const birth = new Date(Date.UTC(1980, 0, 1 + Math.floor(index / 1000))).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `440607${birth}${String(index % 1000).padStart(3, '0')}`;
  return first17 + citizenIdCheckChar(first17);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Server { child: ChildProcess; url: string; exited: Promise<unknown>; output: () => string }

async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'serve'], {
    cwd: REPO_ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = once(child, 'exit');
  let gone = false;
  void exited.then(() => { gone = true; });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (gone) throw new Error(`server exited before it was ready:\n${output.slice(-2000)}`);
    const ready = await fetch(`${url}/health`).then((response) => response.ok, () => false);
    if (ready) return { child, url, exited, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stopServer(server: Server | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill(signal);
  await server.exited;
}

describe('a server killed in the middle of a push', () => {
  const pgUrl = process.env.TEST_DATABASE_URL;
  const schema = `test_${randomBytes(6).toString('hex')}`;
  let dataDir: string;
  let token: string;
  let resourceCode: string;
  let env: NodeJS.ProcessEnv;
  let server: Server | undefined;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ingest-crash-'));
    let database: DatabaseHandle;
    if (pgUrl) {
      const admin = openPostgres(pgUrl, { max: 1 });
      await sql.raw(`CREATE SCHEMA ${schema}`).execute(admin.db);
      await admin.close();
      database = openPostgres(pgUrl, { searchPath: schema, max: 2 });
    } else {
      database = await openPglite(dataDir);
    }
    const platform = await createPlatform(testConfig({ dataDir }), { database, worker: false });
    try {
      // Only what the load needs (no users: their password hashes would only cost time).
      const cli = cliActor('test');
      await platform.directory.service.upsertRegion(cli, { code: '440600', name: '佛山市', nameEn: 'Foshan', level: 'prefecture', parentCode: null });
      await platform.directory.service.upsertRegion(cli, { code: '440607', name: '三水区', nameEn: 'Sanshui District', level: 'county', parentCode: '440600' });
      const department = await platform.directory.service.createDepartment(cli, {
        name: '区公安分局', nameEn: 'Public Security Sub-bureau', creditCode: makeCreditCode('11', '440607', 'MB2C3000'), regionCode: '440607', kind: 'politics', shortCode: '01',
      });
      await platform.catalog.service.upsertClassifications(cli, TEST_CLASSIFICATIONS);
      const { code } = await platform.catalog.service.create(cli, entryInput({ providerDepartmentId: department.id, dataItems: PERSON_ITEMS }));
      await platform.catalog.service.submit(cli, code);
      await platform.catalog.service.publish(cli, code);
      resourceCode = code;
      const system = await platform.directory.service.createBusinessSystem(cli, { departmentId: department.id, code: 'crash-feed', name: '人口数据推送' });
      token = (await platform.directory.service.issueCredential(cli, system.id)).token;
    } finally {
      await platform.close();
    }
    env = { ...process.env, HOST: '127.0.0.1', DATA_DIR: dataDir, ZHONGSHU_SEED_DEMO: 'false', ZHONGSHU_ADMIN_PASSWORD: 'Crash-Test-Passw0rd-1', LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.PGOPTIONS;
    if (pgUrl) Object.assign(env, { DATABASE_URL: pgUrl, PGOPTIONS: `-c search_path=${schema}` });
  }, 60_000);

  afterAll(async () => {
    await stopServer(server);
    if (pgUrl) {
      const admin = openPostgres(pgUrl, { max: 1 });
      await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(admin.db);
      await admin.close();
    }
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const line = (index: number) =>
    `${JSON.stringify({ id_number: makeCitizenId(index), full_name: `居民${index}`, gender: '1', household_size: index % 7, employer_credit_code: VALID_CREDIT_CODES[index % 4] })}${PADDING}\n`;
  const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, offset) => line(from + offset));
  const headers = () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson', 'idempotency-key': 'nightly-2024-05-01' });

  function push(url: string, body: Iterable<string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; json: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const request = http.request(`${url}/api/v1/exchange/resources/${resourceCode}/records`, { method: 'POST', headers: headers() }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => { text += chunk.toString(); });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, json: JSON.parse(text) }));
      });
      request.on('error', reject);
      for (const piece of body) request.write(piece);
      request.end();
    });
  }

  it('leaves no load row and no record, and a retry loads everything once', async () => {
    server = await startServer(env);
    const request = http.request(`${server.url}/api/v1/exchange/resources/${resourceCode}/records`, { method: 'POST', headers: headers() });
    const failed = new Promise<Error>((resolve) => request.on('error', resolve));
    for (const piece of lines(0, RECORDS / 2)) {
      if (!request.write(piece)) await once(request, 'drain');
    }
    // Half the body has left this process; let the server read and stage what it has, then kill it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await stopServer(server, 'SIGKILL');
    expect((await failed).message).toMatch(/socket hang up|ECONNRESET|EPIPE/);

    server = await startServer(env);
    const history = await fetch(`${server.url}/api/v1/exchange/loads?resourceCode=${resourceCode}`, { headers: { authorization: `Bearer ${token}` } });
    expect(await history.json()).toMatchObject({ total: 0, items: [] });

    const retry = await push(server.url, lines(0, RECORDS));
    expect(retry.status).toBe(200);
    // inserted = every record and nothing updated or unchanged: the killed request left no record behind.
    expect(retry.json).toMatchObject({ status: 'succeeded', received: RECORDS, inserted: RECORDS, updated: 0, unchanged: 0 });
    // A replay is answered from the first load without reading the body (the route then closes the connection),
    // so the second retry sends a single record: a client still writing 40 MB would see EPIPE, not the answer.
    const again = await push(server.url, lines(0, 1));
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json).toMatchObject({ id: retry.json.id, inserted: RECORDS });
    const after = await fetch(`${server.url}/api/v1/exchange/loads?resourceCode=${resourceCode}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await after.json()).total).toBe(1);
  }, 60_000);
});
