/**
 * The PostgreSQL driver against the real server (postgres@127.0.0.1:5432/test). Every run uses fresh
 * idempotency keys, so parallel runs on the same server never meet, and afterAll drops whatever a failed test
 * left. The suite skips (saying why) only when the server is unreachable.
 */
import { createHash, createHmac, pbkdf2Sync, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRequest, ProvisioningDriver, ResourceTags } from './driver.js';
import { ADMIN_SECRET, errorsWithoutSecret } from './common/test-support.js';
import { createPostgresDriver } from './postgresql.js';

// CI names the server's superuser (postgres or root) in TEST_CLOUD_PG_URL.
const TARGET = new URL(process.env.TEST_CLOUD_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const ADMIN = { host: TARGET.hostname, port: Number(TARGET.port || 5432), user: decodeURIComponent(TARGET.username || 'postgres'), database: TARGET.pathname.slice(1) || 'test' };

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ ...ADMIN, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    console.warn(`PostgreSQL at ${ADMIN.host}:${ADMIN.port} is unreachable (${(error as Error).message}): skipping the PostgreSQL driver tests.`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const available = await reachable();

function tagsFor(key: string): ResourceTags {
  return {
    'managed-by': 'zhongshu',
    department: randomUUID(),
    'business-system': randomUUID(),
    order: randomUUID(),
    'order-item': key,
    resource: randomUUID(),
  };
}

/**
 * The local server trusts 127.0.0.1, so a login does not prove the password; instead the stored SCRAM verifier
 * is checked against the password the way the server would (RFC 5802).
 */
function scramMatches(verifier: string, password: string): boolean {
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier);
  if (!match) return false;
  const salted = pbkdf2Sync(password, Buffer.from(match[2]!, 'base64'), Number(match[1]), 32, 'sha256');
  const storedKey = createHash('sha256').update(createHmac('sha256', salted).update('Client Key').digest()).digest('base64');
  const serverKey = createHmac('sha256', salted).update('Server Key').digest('base64');
  return storedKey === match[3] && serverKey === match[4];
}

describe.skipIf(!available)('PostgreSQL driver (real server)', () => {
  let driver: ProvisioningDriver;
  let admin: pg.Client;
  const made = new Set<string>();

  beforeAll(async () => {
    driver = createPostgresDriver({ settings: { ...ADMIN, publicHost: 'db.example.gov.cn' }, secrets: {} });
    admin = new pg.Client(ADMIN);
    await admin.connect();
  });

  afterAll(async () => {
    for (const name of made) {
      await driver.retire({ idempotencyKey: randomUUID(), kind: 'postgresql_database', externalId: name }).catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`).catch(() => undefined);
      await admin.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(name)}`).catch(() => undefined);
    }
    await driver?.close();
    await admin?.end().catch(() => undefined);
  });

  const storedVerifier = async (role: string) =>
    (await admin.query<{ rolpassword: string | null }>('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [role])).rows[0]?.rolpassword ?? null;

  async function connectAs(credentials: Record<string, string>, database: string) {
    const client = new pg.Client({ host: ADMIN.host, port: ADMIN.port, user: credentials.username, password: credentials.password, database });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  it('creates a tagged database its owner can use, repeats idempotently, resizes, lists, measures and retires it for good', async () => {
    const key = randomUUID();
    const request: CreateRequest = { idempotencyKey: key, kind: 'postgresql_database', name: 'Permit Registry 证照库', parameters: { connectionLimit: 3, storageGb: 10 }, tags: tagsFor(key) };
    const created = await driver.create(request);
    expect(created.state).toBe('succeeded');
    const name = created.externalId!;
    made.add(name);
    expect(name).toMatch(/^zs_[0-9a-f]{12}_permit_registry$/);
    expect(created.endpointInfo).toEqual({ host: 'db.example.gov.cn', port: 5432, database: name, username: name });
    const credentials = created.credentials!;
    expect(credentials.username).toBe(name);
    expect(credentials.password).toMatch(/^[A-Za-z0-9]{24,}$/);
    expect(scramMatches((await storedVerifier(name))!, credentials.password!)).toBe(true);

    // The owner works in its database with the returned credentials.
    const owner = await connectAs(credentials, name);
    await owner.query('CREATE TABLE permits (id serial PRIMARY KEY, holder text NOT NULL)');
    await owner.query("INSERT INTO permits (holder) SELECT 'holder ' || g FROM generate_series(1, 500) g");
    expect((await owner.query('SELECT count(*)::int AS n FROM permits')).rows[0].n).toBe(500);
    await owner.end();

    // Nobody else may connect: PUBLIC lost CONNECT on the database.
    const publicConnect = await admin.query<{ acl: string }>('SELECT datacl::text AS acl FROM pg_database WHERE datname = $1', [name]);
    expect(publicConnect.rows[0]!.acl).not.toMatch(/(^|[{,])=[A-Za-z]*c/);

    // The same key again: the same database (data kept), a new password that is the one now set.
    const again = await driver.create(request);
    expect(again.state).toBe('succeeded');
    expect(again.externalId).toBe(name);
    expect(again.credentials!.password).not.toBe(credentials.password);
    expect(scramMatches((await storedVerifier(name))!, again.credentials!.password!)).toBe(true);
    expect(scramMatches((await storedVerifier(name))!, credentials.password!)).toBe(false);
    const reconnected = await connectAs(again.credentials!, name);
    expect((await reconnected.query('SELECT count(*)::int AS n FROM permits')).rows[0].n).toBe(500);
    await reconnected.end();
    expect((await admin.query('SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE $1', [`${name.slice(0, 15)}%`])).rows[0].n).toBe(1);

    // Resize to one connection: the server now refuses a second session of the role.
    const resized = await driver.resize({ idempotencyKey: randomUUID(), kind: 'postgresql_database', externalId: name, parameters: { connectionLimit: 1, storageGb: 10 }, previous: request.parameters });
    expect(resized.state).toBe('succeeded');
    expect((await admin.query('SELECT rolconnlimit FROM pg_roles WHERE rolname = $1', [name])).rows[0].rolconnlimit).toBe(1);
    const first = await connectAs(again.credentials!, name);
    await expect(connectAs(again.credentials!, name)).rejects.toThrow(/too many connections/);
    await first.end();
    expect((await driver.poll('resize', resized.ref)).state).toBe('succeeded');

    const listed = (await driver.list()).find((entry) => entry.externalId === name);
    expect(listed).toEqual({ externalId: name, kind: 'postgresql_database', tags: request.tags, parameters: { connectionLimit: 1 }, status: 'active' });

    const measured = (await driver.measure!([name, 'zs_000000000000_absent', 'postgres'])).get(name);
    expect(measured!.storageBytes).toBeGreaterThan(0);
    expect(measured!.connections).toBeGreaterThanOrEqual(0);

    // Retire while the owner is still connected: its session ends, database and role are gone.
    const lingering = await connectAs(again.credentials!, name);
    lingering.on('error', () => undefined);
    const retired = await driver.retire({ idempotencyKey: randomUUID(), kind: 'postgresql_database', externalId: name });
    expect(retired.state).toBe('succeeded');
    await expect(lingering.query('SELECT 1')).rejects.toThrow();
    await lingering.end().catch(() => undefined);
    expect((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount).toBe(0);
    expect((await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount).toBe(0);
    await expect(connectAs(again.credentials!, name)).rejects.toThrow();
    await expect(connectAs(again.credentials!, 'test')).rejects.toThrow(/role .* does not exist/);
    expect((await driver.list()).some((entry) => entry.externalId === name)).toBe(false);
    expect((await driver.poll('retire', name)).state).toBe('succeeded');

    // Retiring again is a no-op success (the worker may repeat a step).
    expect((await driver.retire({ idempotencyKey: randomUUID(), kind: 'postgresql_database', externalId: name })).state).toBe('succeeded');
    made.delete(name);
  });

  it('refuses bad parameters, other kinds and databases it did not make, without touching them', async () => {
    const key = randomUUID();
    const bad = await driver.create({ idempotencyKey: key, kind: 'postgresql_database', name: 'x', parameters: { connectionLimit: 0 }, tags: tagsFor(key) });
    expect(bad).toMatchObject({ state: 'failed', error: expect.stringContaining('connectionLimit') });
    const wrongKind = await driver.create({ idempotencyKey: key, kind: 'redis_user', name: 'x', parameters: {}, tags: tagsFor(key) });
    expect(wrongKind.state).toBe('failed');

    const notOurs = await driver.retire({ idempotencyKey: randomUUID(), kind: 'postgresql_database', externalId: 'test' });
    expect(notOurs).toMatchObject({ state: 'failed' });
    expect((await admin.query("SELECT 1 FROM pg_database WHERE datname = 'test'")).rowCount).toBe(1);

    // A managed-looking name without our tag is left alone as well.
    const lookalike = `zs_${randomUUID().replace(/-/g, '').slice(0, 12)}_lookalike`;
    made.add(lookalike);
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(lookalike)}`);
    expect((await driver.retire({ idempotencyKey: randomUUID(), kind: 'postgresql_database', externalId: lookalike })).state).toBe('failed');
    expect((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [lookalike])).rowCount).toBe(1);
    expect((await driver.list()).some((entry) => entry.externalId === lookalike)).toBe(false);
  });

  it('reports an unreachable or refusing endpoint without the admin password in any message', async () => {
    const password = ADMIN_SECRET;
    const messages = await errorsWithoutSecret(createPostgresDriver({ settings: { host: '127.0.0.1', port: 1, user: 'postgres', database: 'test' }, secrets: { password } }), createPostgresDriver({ settings: { ...ADMIN, user: `nobody_${password}` }, secrets: { password } }), 'postgresql_database', tagsFor('k'));
    expect(messages[0]).toMatch(/PostgreSQL connection test failed/);
  });
});
