/**
 * The Redis driver against the real server (127.0.0.1:6379, default user). Each run uses fresh idempotency keys
 * and prefixes, and afterAll removes every user, key and tag hash a failed test left behind. The suite skips
 * (saying why) only when the server is unreachable.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRequest, ProvisioningDriver, ResourceTags } from './driver.js';
import { ADMIN_SECRET, errorsWithoutSecret } from './common/test-support.js';
import { createRedisDriver, RESOURCE_SET, resourceHash } from './redis.js';

const ADMIN = { host: '127.0.0.1', port: 6379 };

function client(options: { username?: string; password?: string } = {}) {
  const redis = new Redis({ ...ADMIN, ...options, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  return redis;
}

async function reachable(): Promise<boolean> {
  const redis = client();
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch (error) {
    console.warn(`Redis at ${ADMIN.host}:${ADMIN.port} is unreachable (${(error as Error).message}): skipping the Redis driver tests.`);
    return false;
  } finally {
    redis.disconnect();
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

const unique = (prefix: string) => `${prefix}${randomBytes(5).toString('hex')}`;

describe.skipIf(!available)('Redis driver (real server)', () => {
  let driver: ProvisioningDriver;
  let admin: Redis;
  const madeUsers = new Set<string>();
  const usedPrefixes = new Set<string>();
  const tenants: Redis[] = [];

  beforeAll(async () => {
    driver = createRedisDriver({ settings: { ...ADMIN, publicHost: 'cache.example.gov.cn' }, secrets: {} });
    admin = client();
    await admin.connect();
  });

  afterAll(async () => {
    for (const tenant of tenants) tenant.disconnect();
    for (const user of madeUsers) {
      await driver.retire({ idempotencyKey: randomUUID(), kind: 'redis_user', externalId: user }).catch(() => undefined);
      await admin.call('ACL', 'DELUSER', user).catch(() => undefined);
      await admin.del(resourceHash(user)).catch(() => undefined);
      await admin.srem(RESOURCE_SET, user).catch(() => undefined);
      usedPrefixes.add(`${user}:`);
    }
    for (const prefix of usedPrefixes) {
      const keys = await admin.keys(`${prefix}*`).catch(() => [] as string[]);
      if (keys.length > 0) await admin.unlink(...keys);
    }
    await driver?.close();
    admin?.disconnect();
  });

  async function connectAs(credentials: Record<string, string>) {
    const tenant = client({ username: credentials.username, password: credentials.password });
    tenants.push(tenant);
    // ioredis rejects connect() with "Connection is closed."; the server's reason arrives as an error event.
    let reason: Error | null = null;
    tenant.on('error', (error: Error) => {
      reason = error;
    });
    await tenant.connect().catch((error: unknown) => {
      throw reason ?? error;
    });
    return tenant;
  }
  const aclUser = async (user: string) => (await admin.call('ACL', 'GETUSER', user)) as unknown[] | null;

  it('creates a user confined to its prefix, repeats idempotently, resizes, lists, measures and retires it with its keys', async () => {
    const key = randomUUID();
    const request: CreateRequest = { idempotencyKey: key, kind: 'redis_user', name: 'Session Cache', parameters: { maxMemoryMb: 64 }, tags: tagsFor(key) };
    const created = await driver.create(request);
    expect(created.state).toBe('succeeded');
    const user = created.externalId!;
    madeUsers.add(user);
    expect(user).toMatch(/^zs_[0-9a-f]{12}_session_cache$/);
    const prefix = `${user}:`;
    expect(created.endpointInfo).toEqual({ host: 'cache.example.gov.cn', port: 6379, username: user, keyPrefix: prefix });
    expect(created.credentials).toEqual({ username: user, password: expect.stringMatching(/^[A-Za-z0-9]{24,}$/) });

    // The user reads and writes under its prefix and nowhere else; dangerous and key-listing commands are refused.
    const tenant = await connectAs(created.credentials!);
    expect(await tenant.ping()).toBe('PONG');
    expect(await tenant.set(`${prefix}x`, 'hello')).toBe('OK');
    expect(await tenant.get(`${prefix}x`)).toBe('hello');
    for (let index = 0; index < 50; index += 1) await tenant.hset(`${prefix}session:${index}`, { user: `u${index}`, data: 'x'.repeat(100) });
    const other = unique('zs_test_other_');
    await expect(tenant.set(`${other}:x`, 'no')).rejects.toThrow(/NOPERM/);
    await expect(tenant.get(`${other}:x`)).rejects.toThrow(/NOPERM/);
    await expect(tenant.flushall()).rejects.toThrow(/NOPERM/);
    await expect(tenant.keys('*')).rejects.toThrow(/NOPERM/);
    await expect(tenant.scan('0')).rejects.toThrow(/NOPERM/);
    await expect(tenant.call('ACL', 'LIST')).rejects.toThrow(/NOPERM/);
    await expect(tenant.call('CONFIG', 'GET', 'requirepass')).rejects.toThrow(/NOPERM/);
    await expect(tenant.publish('news', 'x')).rejects.toThrow(/NOPERM/);
    expect(await admin.exists(`${other}:x`)).toBe(0);
    tenant.disconnect();

    // The same key again: the same user and keys, a new password; the old one no longer authenticates.
    const again = await driver.create(request);
    expect(again.state).toBe('succeeded');
    expect(again.externalId).toBe(user);
    expect(again.credentials!.password).not.toBe(created.credentials!.password);
    await expect(connectAs(created.credentials!)).rejects.toThrow(/WRONGPASS|invalid username-password/i);
    const reconnected = await connectAs(again.credentials!);
    expect(await reconnected.get(`${prefix}x`)).toBe('hello');

    const resized = await driver.resize({ idempotencyKey: randomUUID(), kind: 'redis_user', externalId: user, parameters: { maxMemoryMb: 128 }, previous: request.parameters });
    expect(resized.state).toBe('succeeded');
    expect(await admin.hget(resourceHash(user), 'maxMemoryMb')).toBe('128');
    expect((await driver.resize({ idempotencyKey: randomUUID(), kind: 'redis_user', externalId: user, parameters: { keyPrefix: 'elsewhere:' }, previous: {} })).state).toBe('failed');
    expect((await driver.poll('resize', user)).state).toBe('succeeded');

    const listed = (await driver.list()).find((entry) => entry.externalId === user);
    expect(listed).toEqual({ externalId: user, kind: 'redis_user', tags: request.tags, parameters: { keyPrefix: prefix, maxMemoryMb: 128 }, status: 'active' });

    const measured = (await driver.measure!([user, 'zs_000000000000_absent', 'default'])).get(user);
    expect(measured!.keys).toBe(51);
    expect(measured!.memoryBytes).toBeGreaterThan(51 * 100);

    // Retire while the tenant is connected: it is disconnected, the user, its keys and its tags are gone.
    const retired = await driver.retire({ idempotencyKey: randomUUID(), kind: 'redis_user', externalId: user });
    expect(retired.state).toBe('succeeded');
    await expect(reconnected.get(`${prefix}x`)).rejects.toThrow();
    expect(await aclUser(user)).toBeNull();
    expect(await admin.keys(`${prefix}*`)).toEqual([]);
    expect(await admin.exists(resourceHash(user))).toBe(0);
    expect(await admin.sismember(RESOURCE_SET, user)).toBe(0);
    await expect(connectAs(again.credentials!)).rejects.toThrow(/WRONGPASS|invalid username-password/i);
    expect((await driver.list()).some((entry) => entry.externalId === user)).toBe(false);
    expect((await driver.poll('retire', user)).state).toBe('succeeded');
    expect((await driver.retire({ idempotencyKey: randomUUID(), kind: 'redis_user', externalId: user })).state).toBe('succeeded');
    madeUsers.delete(user);
  });

  it('takes a chosen prefix only when it overlaps no other tenant, no reserved namespace and no existing data', async () => {
    const prefix = unique('t') + ':';
    usedPrefixes.add(prefix);
    const key = randomUUID();
    const created = await driver.create({ idempotencyKey: key, kind: 'redis_user', name: 'app', parameters: { keyPrefix: prefix }, tags: tagsFor(key) });
    expect(created.state).toBe('succeeded');
    madeUsers.add(created.externalId!);
    expect(created.endpointInfo!.keyPrefix).toBe(prefix);
    const tenant = await connectAs(created.credentials!);
    expect(await tenant.set(`${prefix}k`, 'v')).toBe('OK');
    tenant.disconnect();

    const attempt = (keyPrefix: unknown) => {
      const other = randomUUID();
      return driver.create({ idempotencyKey: other, kind: 'redis_user', name: 'other', parameters: { keyPrefix }, tags: tagsFor(other) });
    };
    // Longer and shorter prefixes of a taken one would share keys with it.
    for (const overlapping of [`${prefix}sub:`, prefix.slice(0, -1)]) {
      expect(await attempt(overlapping)).toMatchObject({ state: 'failed', error: expect.stringContaining('another Redis user') });
    }
    expect(await attempt('zhongshu:resource:')).toMatchObject({ state: 'failed', error: expect.stringContaining('reserves') });
    expect(await attempt('zs_')).toMatchObject({ state: 'failed', error: expect.stringContaining('reserves') });
    expect(await attempt('bad*glob')).toMatchObject({ state: 'failed', error: expect.stringContaining('keyPrefix') });
    expect(await attempt(42)).toMatchObject({ state: 'failed' });

    const occupied = unique('u') + ':';
    usedPrefixes.add(occupied);
    await admin.set(`${occupied}existing`, 'someone else');
    expect(await attempt(occupied)).toMatchObject({ state: 'failed', error: expect.stringContaining('already exist') });
    expect(await admin.get(`${occupied}existing`)).toBe('someone else');

    // Retire deletes exactly the tenant's prefix.
    expect((await driver.retire({ idempotencyKey: randomUUID(), kind: 'redis_user', externalId: created.externalId! })).state).toBe('succeeded');
    expect(await admin.exists(`${prefix}k`)).toBe(0);
    expect(await admin.get(`${occupied}existing`)).toBe('someone else');
    madeUsers.delete(created.externalId!);
  });

  it('leaves users it did not make alone', async () => {
    const stranger = `zs_${randomBytes(6).toString('hex')}_stranger`;
    madeUsers.add(stranger);
    await admin.call('ACL', 'SETUSER', stranger, 'on', 'nopass', '~stranger:*', '+get');
    expect((await driver.retire({ idempotencyKey: randomUUID(), kind: 'redis_user', externalId: stranger })).state).toBe('failed');
    expect((await driver.retire({ idempotencyKey: randomUUID(), kind: 'redis_user', externalId: 'default' })).state).toBe('failed');
    expect(await aclUser(stranger)).not.toBeNull();
    expect(await aclUser('default')).not.toBeNull();
    expect((await driver.list()).some((entry) => entry.externalId === stranger)).toBe(false);
  });

  it('reports an unreachable or refusing endpoint without the admin password in any message', async () => {
    const password = ADMIN_SECRET;
    const messages = await errorsWithoutSecret(createRedisDriver({ settings: { host: '127.0.0.1', port: 1 }, secrets: { password } }), createRedisDriver({ settings: { ...ADMIN, username: unique('nobody_') }, secrets: { password } }), 'redis_user', tagsFor('k'));
    expect(messages[0]).toMatch(/Redis connection test failed: .*ECONNREFUSED/);
    expect(messages[4]).toMatch(/Redis connection test failed: .*(WRONGPASS|invalid username-password)/i);
  });
});
