/**
 * The Redis driver: one ACL user per order item on a shared Redis (6.2+), confined to its own key prefix.
 * Endpoint settings {host, port, username?, publicHost?} + secrets {password?}; the admin account needs the
 * ACL, SCAN, UNLINK, MEMORY and CONFIG GET commands and every key (the default user, or an equivalent).
 *
 * The user may read and write keys under its prefix and nothing else: no dangerous commands (FLUSHALL, KEYS,
 * CONFIG …), no channels, and no SCAN or RANDOMKEY, which would show it the names of other tenants' keys.
 * Tags live in a hash `zhongshu:resource:<user>` (written before the user, so an interrupted create is still
 * listed) and the set `zhongshu:resources` lists them. The password is set as its SHA-256 (ACL `#<hash>`), so the
 * cleartext never reaches the server. Redis keeps ACL users in memory: when the server has an aclfile the driver
 * saves it after each change, otherwise a restart loses the users and reconciliation reports them missing.
 */
import { Redis, type ChainableCommander } from 'ioredis';
import type {
  CreateRequest,
  DriverSettings,
  ListedResource,
  OperationName,
  OperationState,
  ProvisioningDriver,
  ResizeRequest,
  RetireRequest,
} from './driver.js';
import { TAG_MANAGED_BY, TAG_MANAGED_BY_VALUE } from './driver.js';
import { RequestProblem } from './common/errors.js';
import { escapeGlob, isManagedIdentifier, resourceIdentifier } from './common/identifiers.js';
import { expectKind, guarded, settle } from './common/operations.js';
import { generatePassword } from './common/passwords.js';
import { integerParameter, optionalString, portSetting, requiredString, tagsFromJson } from './common/settings.js';
import { redisPasswordHash } from './common/verifiers.js';

export const REDIS_RESOURCE_KIND = 'redis_user';
export const RESOURCE_SET = 'zhongshu:resources';
export const resourceHash = (user: string) => `zhongshu:resource:${user}`;
/** Namespaces no chosen prefix may overlap: the driver's own tags, and the default prefixes of other users. */
const RESERVED_PREFIXES = ['zhongshu:', 'zs_'];
const KEY_PREFIX = /^[A-Za-z0-9][A-Za-z0-9_.:-]{1,62}$/;
const MAX_MEMORY = { min: 1, max: 1_048_576, fallback: 0 };
const CONNECT_TIMEOUT_MS = 5_000;
const SCAN_COUNT = 500;
/** measure() looks at this many keys of a prefix at most; past it the answer says `capped: 1`. */
export const MEASURE_KEY_CAP = 10_000;

/** What the user may do: its prefix only; read, write and keyspace commands less the dangerous ones. */
function aclRules(passwordHash: string, prefix: string): string[] {
  return ['reset', 'on', passwordHash, `~${escapeGlob(prefix)}*`, 'resetchannels', '-@all', '+@read', '+@write', '+@keyspace', '-@dangerous', '-scan', '-randomkey', '+ping'];
}

interface RedisEndpoint {
  host: string;
  port: number;
  username?: string;
  publicHost?: string;
  password?: string;
}

function endpointOf({ settings, secrets }: DriverSettings): RedisEndpoint {
  return {
    host: requiredString(settings, 'host', 'Redis'),
    port: portSetting(settings, 6379, 'Redis'),
    username: optionalString(settings, 'username'),
    publicHost: optionalString(settings, 'publicHost'),
    password: secrets.password || undefined,
  };
}

const overlaps = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

/** MULTI … EXEC reports a failed command in its answer rather than rejecting: surface the first one. */
async function transaction(multi: ChainableCommander): Promise<void> {
  for (const [error] of (await multi.exec()) ?? []) if (error) throw error;
}

export function createRedisDriver(endpoint: DriverSettings): ProvisioningDriver {
  const config = endpointOf(endpoint);
  const secrets = [config.password ?? ''];
  let current: Redis | null = null;
  let ready: Promise<Redis> | null = null;
  let aclFile: boolean | null = null;

  /** One admin connection, opened on first use and opened again after it ended (no silent reconnect loop). */
  const admin = (): Promise<Redis> => {
    if (ready && current && current.status !== 'end' && current.status !== 'close') return ready;
    let lastError: Error | null = null;
    const redis = new Redis({
      host: config.host,
      port: config.port,
      username: config.username,
      password: config.password,
      lazyConnect: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectionName: 'zhongshu-provisioning',
    });
    redis.on('error', (error: Error) => {
      lastError = error;
    });
    current = redis;
    ready = redis.connect().then(
      () => redis,
      (error: unknown) => {
        ready = null;
        redis.disconnect();
        // ioredis reports "Connection is closed."; the reason (refused, WRONGPASS …) came as an error event.
        throw lastError ?? error;
      },
    );
    return ready;
  };

  const userExists = async (redis: Redis, user: string) => (await redis.call('ACL', 'GETUSER', user)) !== null;
  const userEnabled = async (redis: Redis, user: string) => {
    const answer = (await redis.call('ACL', 'GETUSER', user)) as unknown[] | null;
    if (!answer) return null;
    const flags = answer[answer.indexOf('flags') + 1];
    return Array.isArray(flags) && flags.includes('on');
  };
  const tagHash = async (redis: Redis, user: string) => {
    const hash = await redis.hgetall(resourceHash(user));
    return Object.keys(hash).length === 0 ? null : hash;
  };
  const isOurs = (hash: Record<string, string> | null) => tagsFromJson(hash?.tags)?.[TAG_MANAGED_BY] === TAG_MANAGED_BY_VALUE;

  /** Persists ACL changes when the server keeps users in an aclfile (without one, CONFIG REWRITE is the operator's call). */
  const persistAcl = async (redis: Redis) => {
    if (aclFile === null) {
      const answer = (await redis.call('CONFIG', 'GET', 'aclfile').catch(() => null)) as string[] | null;
      aclFile = Boolean(answer?.[1]);
    }
    if (aclFile) await redis.call('ACL', 'SAVE');
  };

  /** Visits the keys under a prefix in batches (SCAN never blocks the server the way KEYS does). */
  const eachBatch = async (redis: Redis, prefix: string, visit: (keys: string[]) => Promise<boolean | void>) => {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', SCAN_COUNT);
      cursor = next;
      if (keys.length > 0 && (await visit(keys)) === false) return;
    } while (cursor !== '0');
  };

  const checkPrefix = async (redis: Redis, user: string, prefix: string, chosen: boolean) => {
    if (!chosen) return;
    if (!KEY_PREFIX.test(prefix)) {
      throw new RequestProblem('Parameter keyPrefix must be 2 to 63 letters, digits or _ . : - and start with a letter or digit.');
    }
    if (RESERVED_PREFIXES.some((reserved) => overlaps(prefix, reserved))) {
      throw new RequestProblem(`Key prefix ${prefix} overlaps a namespace the platform reserves (${RESERVED_PREFIXES.join(', ')}).`);
    }
    for (const other of await redis.smembers(RESOURCE_SET)) {
      if (other === user) continue;
      const taken = await redis.hget(resourceHash(other), 'keyPrefix');
      if (taken && overlaps(prefix, taken)) throw new RequestProblem(`Key prefix ${prefix} overlaps the prefix of another Redis user; choose another.`);
    }
    // Data already under the prefix belongs to someone: the new user would see it, and retiring would delete it.
    if (!(await userExists(redis, user))) {
      let found = false;
      await eachBatch(redis, prefix, async () => {
        found = true;
        return false;
      });
      if (found) throw new RequestProblem(`Keys under prefix ${prefix} already exist on this Redis; choose another prefix.`);
    }
  };

  const endpointInfo = (user: string, prefix: string) => ({
    host: config.publicHost ?? config.host,
    port: config.port,
    username: user,
    keyPrefix: prefix,
  });

  const describe = async (operation: OperationName, user: string): Promise<OperationState> => {
    const redis = await admin();
    const exists = await userExists(redis, user);
    if (operation === 'retire') {
      return exists
        ? { state: 'failed', ref: user, externalId: user, error: `Redis user ${user} still exists.` }
        : { state: 'succeeded', ref: user, externalId: user };
    }
    const hash = await tagHash(redis, user);
    return exists && hash
      ? { state: 'succeeded', ref: user, externalId: user, endpointInfo: endpointInfo(user, hash.keyPrefix ?? `${user}:`) }
      : { state: 'failed', ref: user, externalId: user, error: `Redis user ${user} no longer exists.` };
  };

  return {
    kind: 'redis',

    test: () =>
      guarded('Redis connection test failed', secrets, async () => {
        await (await admin()).ping();
      }),

    create(request: CreateRequest) {
      const user = resourceIdentifier(request.idempotencyKey, request.name);
      const known = [...secrets];
      return settle(user, `Creating Redis user ${user} failed`, known, async () => {
        expectKind('Redis', REDIS_RESOURCE_KIND, request.kind);
        const chosenPrefix = request.parameters.keyPrefix;
        if (chosenPrefix !== undefined && chosenPrefix !== null && typeof chosenPrefix !== 'string') throw new RequestProblem('Parameter keyPrefix must be text.');
        const prefix = chosenPrefix ? chosenPrefix : `${user}:`;
        const maxMemoryMb = integerParameter(request.parameters, 'maxMemoryMb', MAX_MEMORY);
        const redis = await admin();
        const previous = await tagHash(redis, user);
        if (previous?.keyPrefix && previous.keyPrefix !== prefix) throw new RequestProblem(`Redis user ${user} already exists with key prefix ${previous.keyPrefix}.`);
        await checkPrefix(redis, user, prefix, Boolean(chosenPrefix));

        const password = generatePassword();
        const hash = redisPasswordHash(password);
        known.push(password, hash);
        const tags = { ...request.tags, [TAG_MANAGED_BY]: TAG_MANAGED_BY_VALUE };
        const record = {
          kind: REDIS_RESOURCE_KIND,
          keyPrefix: prefix,
          maxMemoryMb: maxMemoryMb > 0 ? String(maxMemoryMb) : '',
          tags: JSON.stringify(tags),
          createdAt: previous?.createdAt ?? new Date().toISOString(),
        };
        await transaction(redis.multi().hset(resourceHash(user), record).sadd(RESOURCE_SET, user));
        // A repeated create resets the user to the same rules with a new password.
        await redis.call('ACL', 'SETUSER', user, ...aclRules(hash, prefix));
        await persistAcl(redis);
        return {
          state: 'succeeded',
          ref: user,
          externalId: user,
          endpointInfo: endpointInfo(user, prefix),
          credentials: { username: user, password },
        };
      });
    },

    resize(request: ResizeRequest) {
      const user = request.externalId;
      return settle(user, `Resizing Redis user ${user} failed`, secrets, async () => {
        expectKind('Redis', REDIS_RESOURCE_KIND, request.kind);
        if (!isManagedIdentifier(user)) throw new RequestProblem(`${user} is not a Redis user this platform created; it was left alone.`);
        const maxMemoryMb = integerParameter(request.parameters, 'maxMemoryMb', MAX_MEMORY);
        const redis = await admin();
        const hash = await tagHash(redis, user);
        if (!hash || !isOurs(hash) || !(await userExists(redis, user))) throw new RequestProblem(`Redis user ${user} no longer exists.`);
        const prefix = hash.keyPrefix ?? `${user}:`;
        const asked = request.parameters.keyPrefix;
        if (asked !== undefined && asked !== null && asked !== '' && asked !== prefix) throw new RequestProblem('The key prefix of a Redis user cannot change; order a new one.');
        await redis.hset(resourceHash(user), 'maxMemoryMb', maxMemoryMb > 0 ? String(maxMemoryMb) : '');
        return { state: 'succeeded', ref: user, externalId: user, endpointInfo: endpointInfo(user, prefix) };
      });
    },

    retire(request: RetireRequest) {
      const user = request.externalId;
      return settle(user, `Retiring Redis user ${user} failed`, secrets, async () => {
        if (!isManagedIdentifier(user)) throw new RequestProblem(`${user} is not a Redis user this platform created; it was left alone.`);
        const redis = await admin();
        const hash = await tagHash(redis, user);
        const exists = await userExists(redis, user);
        if (exists && !isOurs(hash)) {
          throw new RequestProblem(`Redis user ${user} does not carry the ${TAG_MANAGED_BY}=${TAG_MANAGED_BY_VALUE} tag; it was left alone.`);
        }
        // Deleting the user also disconnects its clients, so nothing writes under the prefix while it is emptied.
        if (exists) {
          await redis.call('ACL', 'DELUSER', user);
          await persistAcl(redis);
        }
        const prefix = hash?.keyPrefix || `${user}:`;
        await eachBatch(redis, prefix, async (keys) => {
          await redis.unlink(...keys);
        });
        await transaction(redis.multi().del(resourceHash(user)).srem(RESOURCE_SET, user));
        return { state: 'succeeded', ref: user, externalId: user };
      });
    },

    poll: (operation, ref) => guarded(`Checking Redis user ${ref} failed`, secrets, () => describe(operation, ref)),

    list: () =>
      guarded('Listing Redis users failed', secrets, async () => {
        const redis = await admin();
        const listed: ListedResource[] = [];
        for (const user of (await redis.smembers(RESOURCE_SET)).sort()) {
          const hash = await tagHash(redis, user);
          const tags = tagsFromJson(hash?.tags);
          if (!hash || !tags || tags[TAG_MANAGED_BY] !== TAG_MANAGED_BY_VALUE) continue;
          const enabled = await userEnabled(redis, user);
          if (enabled === null) continue;
          const parameters: Record<string, unknown> = { keyPrefix: hash.keyPrefix };
          if (hash.maxMemoryMb) parameters.maxMemoryMb = Number(hash.maxMemoryMb);
          listed.push({ externalId: user, kind: REDIS_RESOURCE_KIND, tags, parameters, status: enabled ? 'active' : 'disabled' });
        }
        return listed;
      }),

    measure: (externalIds) =>
      guarded('Measuring Redis users failed', secrets, async () => {
        const redis = await admin();
        const sizes = new Map<string, Record<string, number>>();
        for (const user of externalIds.filter(isManagedIdentifier)) {
          const hash = await tagHash(redis, user);
          if (!hash || !isOurs(hash)) continue;
          let keys = 0;
          let memoryBytes = 0;
          let capped = false;
          await eachBatch(redis, hash.keyPrefix || `${user}:`, async (batch) => {
            const room = MEASURE_KEY_CAP - keys;
            const counted = batch.slice(0, room);
            const pipeline = redis.pipeline();
            for (const key of counted) pipeline.call('MEMORY', 'USAGE', key);
            for (const [error, usage] of (await pipeline.exec()) ?? []) if (!error && typeof usage === 'number') memoryBytes += usage;
            keys += counted.length;
            if (keys >= MEASURE_KEY_CAP) {
              capped = true;
              return false;
            }
          });
          sizes.set(user, capped ? { keys, memoryBytes, capped: 1 } : { keys, memoryBytes });
        }
        return sizes;
      }),

    async close() {
      const closing = current;
      current = null;
      ready = null;
      if (closing?.status === 'ready') await closing.quit().catch(() => closing.disconnect());
      else closing?.disconnect();
    },
  };
}
