/**
 * The MariaDB driver against the real server (root@127.0.0.1:3306, no password). Each run uses fresh
 * idempotency keys and its own control database, dropped in afterAll with anything a failed test left behind.
 * The suite skips (saying why) only when the server is unreachable.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRequest, ProvisioningDriver, ResourceTags } from './driver.js';
import { ADMIN_SECRET, errorsWithoutSecret } from './common/test-support.js';
import { createMariadbDriver } from './mariadb.js';

const ADMIN = { host: '127.0.0.1', port: 3306, user: 'root' };

async function reachable(): Promise<boolean> {
  try {
    const connection = await mysql.createConnection({ ...ADMIN, connectTimeout: 2000 });
    await connection.end();
    return true;
  } catch (error) {
    console.warn(`MariaDB at ${ADMIN.host}:${ADMIN.port} is unreachable (${(error as Error).message}): skipping the MariaDB driver tests.`);
    return false;
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

describe.skipIf(!available)('MariaDB driver (real server)', () => {
  const controlDatabase = `zs_test_control_${randomBytes(5).toString('hex')}`;
  let driver: ProvisioningDriver;
  let admin: mysql.Connection;
  const made = new Set<string>();

  beforeAll(async () => {
    driver = createMariadbDriver({ settings: { ...ADMIN, publicHost: 'mysql.example.gov.cn', controlDatabase }, secrets: {} });
    admin = await mysql.createConnection(ADMIN);
  });

  afterAll(async () => {
    for (const name of made) {
      await driver.retire({ idempotencyKey: randomUUID(), kind: 'mariadb_database', externalId: name }).catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(name)}`).catch(() => undefined);
      await admin.query("DROP USER IF EXISTS ?@'%'", [name.slice(0, 32).replace(/_+$/, '')]).catch(() => undefined);
    }
    await admin?.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(controlDatabase)}`).catch(() => undefined);
    await driver?.close();
    await admin?.end().catch(() => undefined);
  });

  const connectAs = (credentials: Record<string, string>, database?: string) =>
    mysql.createConnection({ host: ADMIN.host, port: ADMIN.port, user: credentials.username, password: credentials.password, database });
  const count = async (sql: string, values: unknown[] = []) => Number(((await admin.query(sql, values))[0] as Array<{ n: number }>)[0]!.n);

  it('creates a tagged database only its user can use, repeats idempotently, resizes, lists, measures and retires it for good', async () => {
    const key = randomUUID();
    const request: CreateRequest = { idempotencyKey: key, kind: 'mariadb_database', name: 'Social Security 社保', parameters: { maxUserConnections: 3, storageGb: 5 }, tags: tagsFor(key) };
    const created = await driver.create(request);
    expect(created.state).toBe('succeeded');
    const name = created.externalId!;
    made.add(name);
    expect(name).toMatch(/^zs_[0-9a-f]{12}_social_security$/);
    const credentials = created.credentials!;
    expect(credentials.username).toBe(name.slice(0, 32).replace(/_+$/, ''));
    expect(credentials.password).toMatch(/^[A-Za-z0-9]{24,}$/);
    expect(created.endpointInfo).toEqual({ host: 'mysql.example.gov.cn', port: 3306, database: name, username: credentials.username });

    // The user works in its database with the returned credentials …
    const user = await connectAs(credentials, name);
    await user.query('CREATE TABLE members (id INT AUTO_INCREMENT PRIMARY KEY, holder VARCHAR(100) NOT NULL) ENGINE=InnoDB');
    await user.query('INSERT INTO members (holder) VALUES ?', [Array.from({ length: 300 }, (_, index) => [`holder ${index}`])]);
    expect(Number(((await user.query('SELECT COUNT(*) AS n FROM members'))[0] as Array<{ n: number }>)[0]!.n)).toBe(300);
    // … and nowhere else: not another database, not the driver's tag table.
    await expect(user.query('USE test')).rejects.toThrow(/denied/i);
    await expect(user.query(`SELECT * FROM ${mysql.escapeId(controlDatabase)}.resources`)).rejects.toThrow(/denied/i);
    await user.end();

    // The same key again: the same database with its data, a new password; the old one no longer logs in.
    const again = await driver.create(request);
    expect(again.state).toBe('succeeded');
    expect(again.externalId).toBe(name);
    expect(again.credentials!.password).not.toBe(credentials.password);
    await expect(connectAs(credentials, name)).rejects.toThrow(/denied/i);
    const reconnected = await connectAs(again.credentials!, name);
    expect(Number(((await reconnected.query('SELECT COUNT(*) AS n FROM members'))[0] as Array<{ n: number }>)[0]!.n)).toBe(300);
    await reconnected.end();
    expect(await count('SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?', [`${name.slice(0, 15)}%`])).toBe(1);

    // Resize to one connection: the server refuses the user's second session.
    const resized = await driver.resize({ idempotencyKey: randomUUID(), kind: 'mariadb_database', externalId: name, parameters: { maxUserConnections: 1, storageGb: 5 }, previous: request.parameters });
    expect(resized.state).toBe('succeeded');
    const first = await connectAs(again.credentials!, name);
    await expect(connectAs(again.credentials!, name)).rejects.toThrow(/max_user_connections/);
    expect((await driver.poll('resize', resized.ref)).state).toBe('succeeded');

    const listed = (await driver.list()).find((entry) => entry.externalId === name);
    expect(listed).toEqual({ externalId: name, kind: 'mariadb_database', tags: request.tags, parameters: { maxUserConnections: 1 }, status: 'active' });

    const measured = (await driver.measure!([name, 'zs_000000000000_absent', 'mysql'])).get(name);
    expect(measured!.storageBytes).toBeGreaterThan(0);
    expect(measured!.connections).toBeGreaterThanOrEqual(1);
    expect((await driver.measure!(['mysql'])).size).toBe(0);

    // Retire while the user is still connected: the session is ended, database, user and tag row are gone.
    const retired = await driver.retire({ idempotencyKey: randomUUID(), kind: 'mariadb_database', externalId: name });
    expect(retired.state).toBe('succeeded');
    await expect(first.query('SELECT 1')).rejects.toThrow();
    first.destroy();
    expect(await count('SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [name])).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM mysql.user WHERE User = ? AND Host = '%'", [again.credentials!.username])).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM ${mysql.escapeId(controlDatabase)}.resources WHERE external_id = ?`, [name])).toBe(0);
    await expect(connectAs(again.credentials!)).rejects.toThrow(/denied/i);
    expect((await driver.list()).some((entry) => entry.externalId === name)).toBe(false);
    expect((await driver.poll('retire', name)).state).toBe('succeeded');
    expect((await driver.retire({ idempotencyKey: randomUUID(), kind: 'mariadb_database', externalId: name })).state).toBe('succeeded');
    made.delete(name);
  });

  it('grants exactly its own database even though _ is a wildcard in GRANT', async () => {
    const key = randomUUID();
    const created = await driver.create({ idempotencyKey: key, kind: 'mariadb_database', name: 'a', parameters: {}, tags: tagsFor(key) });
    const name = created.externalId!;
    made.add(name);
    // The same name with each _ replaced: an unescaped grant pattern would cover it.
    const lookalike = name.replace(/_/g, 'x');
    made.add(lookalike);
    await admin.query(`CREATE DATABASE ${mysql.escapeId(lookalike)}`);
    try {
      const user = await connectAs(created.credentials!, name);
      await expect(user.query(`USE ${mysql.escapeId(lookalike)}`)).rejects.toThrow(/denied/i);
      await user.end();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(lookalike)}`);
    }
  });

  it('refuses bad parameters, other kinds and databases it did not make, without touching them', async () => {
    const key = randomUUID();
    const bad = await driver.create({ idempotencyKey: key, kind: 'mariadb_database', name: 'x', parameters: { maxUserConnections: 'many' }, tags: tagsFor(key) });
    expect(bad).toMatchObject({ state: 'failed', error: expect.stringContaining('maxUserConnections') });
    expect((await driver.create({ idempotencyKey: key, kind: 'postgresql_database', name: 'x', parameters: {}, tags: tagsFor(key) })).state).toBe('failed');

    expect((await driver.retire({ idempotencyKey: randomUUID(), kind: 'mariadb_database', externalId: 'test' })).state).toBe('failed');
    expect(await count("SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'test'")).toBe(1);

    const lookalike = `zs_${randomBytes(6).toString('hex')}_untagged`;
    made.add(lookalike);
    await admin.query(`CREATE DATABASE ${mysql.escapeId(lookalike)}`);
    expect((await driver.retire({ idempotencyKey: randomUUID(), kind: 'mariadb_database', externalId: lookalike })).state).toBe('failed');
    expect(await count('SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [lookalike])).toBe(1);
    expect((await driver.list()).some((entry) => entry.externalId === lookalike)).toBe(false);
  });

  it('reports an unreachable or refusing endpoint without the admin password in any message', async () => {
    const password = ADMIN_SECRET;
    const messages = await errorsWithoutSecret(createMariadbDriver({ settings: { host: '127.0.0.1', port: 1, user: 'root' }, secrets: { password } }), createMariadbDriver({ settings: { ...ADMIN, user: `nobody_${randomBytes(3).toString('hex')}` }, secrets: { password } }), 'mariadb_database', tagsFor('k'));
    expect(messages[4]).toMatch(/MariaDB connection test failed: Access denied/);
  });
});
