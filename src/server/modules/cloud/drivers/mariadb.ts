/**
 * The MariaDB driver: one database per order item on a shared MariaDB server, with its own user
 * (`<name>`@'%', a connection cap, ALL on that database only). Endpoint settings {host, port, user, publicHost?,
 * controlDatabase?} + secrets {password?}. The admin account needs CREATE, DROP, CREATE USER, GRANT OPTION, and
 * read access to mysql.user and information_schema.PROCESSLIST (PROCESS) — root or an equivalent.
 *
 * MariaDB has no comments on databases, so the tags live in a small table the driver creates itself:
 * `<controlDatabase>`.`resources` (default zhongshu_control), one row per database, written before the database
 * so a half-finished create is still found by list(). Everything finishes inside the call ('succeeded' at once);
 * the new user's password is sent as its mysql_native_password hash, never in clear.
 */
import mysql from 'mysql2/promise';
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
import { DriverError, RequestProblem } from './common/errors.js';
import { isManagedIdentifier, resourceIdentifier } from './common/identifiers.js';
import { expectKind, guarded, settle } from './common/operations.js';
import { generatePassword } from './common/passwords.js';
import { integerParameter, optionalString, portSetting, requiredString, tagsFromJson } from './common/settings.js';
import { mysqlNativePasswordHash } from './common/verifiers.js';

export const MARIADB_RESOURCE_KIND = 'mariadb_database';
export const DEFAULT_CONTROL_DATABASE = 'zhongshu_control';
const CONNECTION_LIMIT = { min: 1, max: 10_000, fallback: 10 };
const CONNECT_TIMEOUT_MS = 5_000;
/** MySQL-compatible servers cap user names at 32 characters (MariaDB allows 80; 32 works everywhere). */
const USER_NAME_LENGTH = 32;
const DATABASE_NAME_LENGTH = 64;

interface MariadbEndpoint {
  host: string;
  port: number;
  user: string;
  publicHost?: string;
  controlDatabase: string;
  password?: string;
}

function endpointOf({ settings, secrets }: DriverSettings): MariadbEndpoint {
  const controlDatabase = optionalString(settings, 'controlDatabase') ?? DEFAULT_CONTROL_DATABASE;
  if (!/^[a-z0-9_]{1,64}$/.test(controlDatabase)) {
    throw new DriverError('The MariaDB endpoint setting "controlDatabase" may hold only a-z, 0-9 and _ (at most 64).', 'settings_invalid');
  }
  return {
    host: requiredString(settings, 'host', 'MariaDB'),
    port: portSetting(settings, 3306, 'MariaDB'),
    user: requiredString(settings, 'user', 'MariaDB'),
    publicHost: optionalString(settings, 'publicHost'),
    controlDatabase,
    password: secrets.password || undefined,
  };
}

const ident = (name: string) => mysql.escapeId(name);
/** In GRANT, `_` and `%` in a database name are wildcards: escaped, the grant covers exactly this database. */
const grantTarget = (database: string) => `${mysql.escapeId(database.replace(/[_%]/g, (character) => `\\${character}`))}.*`;
const userNameFor = (database: string) => database.slice(0, USER_NAME_LENGTH).replace(/_+$/, '');

interface TagRow {
  external_id: string;
  username: string;
  tags: string;
}

export function createMariadbDriver(endpoint: DriverSettings): ProvisioningDriver {
  const config = endpointOf(endpoint);
  const secrets = [config.password ?? ''];
  const control = `${ident(config.controlDatabase)}.${ident('resources')}`;
  let pool: mysql.Pool | null = null;
  let controlReady = false;

  const admin = () => {
    pool ??= mysql.createPool({
      host: config.host,
      port: config.port,
      user: config.user,
      password: config.password,
      connectionLimit: 2,
      maxIdle: 1,
      idleTimeout: 10_000,
      connectTimeout: CONNECT_TIMEOUT_MS,
      charset: 'utf8mb4',
      multipleStatements: false,
      supportBigNumbers: true,
      bigNumberStrings: true,
    });
    return pool;
  };
  const query = async <R = Record<string, unknown>>(sql: string, values: unknown[] = []) => {
    const [rows] = await admin().query(sql, values);
    return rows as R[];
  };

  const ensureControl = async () => {
    if (controlReady) return;
    await query(`CREATE DATABASE IF NOT EXISTS ${ident(config.controlDatabase)} CHARACTER SET utf8mb4`);
    await query(
      `CREATE TABLE IF NOT EXISTS ${control} (
         external_id VARCHAR(${DATABASE_NAME_LENGTH}) NOT NULL PRIMARY KEY,
         username    VARCHAR(80) NOT NULL,
         kind        VARCHAR(64) NOT NULL,
         tags        TEXT NOT NULL,
         created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    );
    controlReady = true;
  };

  const endpointInfo = (database: string, username: string) => ({
    host: config.publicHost ?? config.host,
    port: config.port,
    database,
    username,
  });

  const tagRow = async (name: string) => (await query<TagRow>(`SELECT external_id, username, tags FROM ${control} WHERE external_id = ?`, [name]))[0] ?? null;
  const databaseExists = async (name: string) =>
    (await query('SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [name])).length > 0;
  const userExists = async (username: string) => (await query("SELECT 1 FROM mysql.user WHERE User = ? AND Host = '%'", [username])).length > 0;

  /** Refuses to touch a database that is not ours: a managed name and, when it exists, our tag row. */
  const ensureOurs = (name: string, row: TagRow | null, exists: boolean) => {
    if (!isManagedIdentifier(name)) throw new RequestProblem(`${name} is not a database this platform created; it was left alone.`);
    if (exists && tagsFromJson(row?.tags)?.[TAG_MANAGED_BY] !== TAG_MANAGED_BY_VALUE) {
      throw new RequestProblem(`Database ${name} does not carry the ${TAG_MANAGED_BY}=${TAG_MANAGED_BY_VALUE} tag; it was left alone.`);
    }
  };

  const describe = async (operation: OperationName, name: string): Promise<OperationState> => {
    await ensureControl();
    const row = await tagRow(name);
    const username = row?.username ?? userNameFor(name);
    const exists = await databaseExists(name);
    const hasUser = await userExists(username);
    if (operation === 'retire') {
      return !exists && !hasUser
        ? { state: 'succeeded', ref: name, externalId: name }
        : { state: 'failed', ref: name, externalId: name, error: `Database ${name} still exists.` };
    }
    return exists && hasUser
      ? { state: 'succeeded', ref: name, externalId: name, endpointInfo: endpointInfo(name, username) }
      : { state: 'failed', ref: name, externalId: name, error: `Database ${name} no longer exists.` };
  };

  return {
    kind: 'mariadb',

    test: () =>
      guarded('MariaDB connection test failed', secrets, async () => {
        await query('SELECT 1');
      }),

    create(request: CreateRequest) {
      const name = resourceIdentifier(request.idempotencyKey, request.name, DATABASE_NAME_LENGTH);
      const username = userNameFor(name);
      const known = [...secrets];
      return settle(name, `Creating MariaDB database ${name} failed`, known, async () => {
        expectKind('MariaDB', MARIADB_RESOURCE_KIND, request.kind);
        const limit = integerParameter(request.parameters, 'maxUserConnections', CONNECTION_LIMIT);
        const password = generatePassword();
        const hash = mysqlNativePasswordHash(password);
        known.push(password, hash);
        await ensureControl();
        // The tag row first: a create interrupted after this point still shows up in list() and can be retired.
        const tags = { ...request.tags, [TAG_MANAGED_BY]: TAG_MANAGED_BY_VALUE };
        await query(
          `INSERT INTO ${control} (external_id, username, kind, tags) VALUES (?, ?, ?, ?)
             ON DUPLICATE KEY UPDATE username = VALUES(username), tags = VALUES(tags)`,
          [name, username, MARIADB_RESOURCE_KIND, JSON.stringify(tags)],
        );
        await query(`CREATE DATABASE IF NOT EXISTS ${ident(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
        // A repeated create finds the user and re-sets its password and cap.
        const login = `IDENTIFIED BY PASSWORD ? WITH MAX_USER_CONNECTIONS ${limit}`;
        await query(`CREATE USER IF NOT EXISTS ?@'%' ${login}`, [username, hash]);
        await query(`ALTER USER ?@'%' ${login}`, [username, hash]);
        await query(`GRANT ALL PRIVILEGES ON ${grantTarget(name)} TO ?@'%'`, [username]);
        return {
          state: 'succeeded',
          ref: name,
          externalId: name,
          endpointInfo: endpointInfo(name, username),
          credentials: { username, password },
        };
      });
    },

    resize(request: ResizeRequest) {
      const name = request.externalId;
      return settle(name, `Resizing MariaDB database ${name} failed`, secrets, async () => {
        expectKind('MariaDB', MARIADB_RESOURCE_KIND, request.kind);
        const limit = integerParameter(request.parameters, 'maxUserConnections', CONNECTION_LIMIT);
        await ensureControl();
        const row = await tagRow(name);
        const exists = await databaseExists(name);
        ensureOurs(name, row, exists);
        if (!row || !exists || !(await userExists(row.username))) throw new RequestProblem(`Database ${name} no longer exists.`);
        await query(`ALTER USER ?@'%' WITH MAX_USER_CONNECTIONS ${limit}`, [row.username]);
        return { state: 'succeeded', ref: name, externalId: name, endpointInfo: endpointInfo(name, row.username) };
      });
    },

    retire(request: RetireRequest) {
      const name = request.externalId;
      return settle(name, `Retiring MariaDB database ${name} failed`, secrets, async () => {
        await ensureControl();
        const row = await tagRow(name);
        const exists = await databaseExists(name);
        ensureOurs(name, row, exists);
        const username = row?.username ?? userNameFor(name);
        // Dropping a user leaves its open sessions running: drop it (no new logins), then end them.
        await query("DROP USER IF EXISTS ?@'%'", [username]);
        const sessions = await query<{ id: string }>('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER = ?', [username]);
        for (const session of sessions) await query(`KILL CONNECTION ${Number(session.id)}`).catch(() => undefined);
        await query(`DROP DATABASE IF EXISTS ${ident(name)}`);
        await query(`DELETE FROM ${control} WHERE external_id = ?`, [name]);
        return { state: 'succeeded', ref: name, externalId: name };
      });
    },

    poll: (operation, ref) => guarded(`Checking MariaDB database ${ref} failed`, secrets, () => describe(operation, ref)),

    list: () =>
      guarded('Listing MariaDB databases failed', secrets, async () => {
        await ensureControl();
        const rows = await query<TagRow>(`SELECT external_id, username, tags FROM ${control} ORDER BY external_id`);
        if (rows.length === 0) return [];
        const databases = new Set((await query<{ name: string }>('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA')).map((entry) => entry.name));
        const limits = new Map(
          (await query<{ user: string; max: string }>("SELECT User AS user, max_user_connections AS max FROM mysql.user WHERE Host = '%' AND User IN (?)", [rows.map((row) => row.username)]))
            .map((entry) => [entry.user, Number(entry.max)]),
        );
        const listed: ListedResource[] = [];
        for (const row of rows) {
          const tags = tagsFromJson(row.tags);
          if (!databases.has(row.external_id) || tags?.[TAG_MANAGED_BY] !== TAG_MANAGED_BY_VALUE) continue;
          const limit = limits.get(row.username);
          listed.push({
            externalId: row.external_id,
            kind: MARIADB_RESOURCE_KIND,
            tags,
            parameters: limit === undefined ? {} : { maxUserConnections: limit },
            status: limit === undefined ? 'user_missing' : 'active',
          });
        }
        return listed;
      }),

    measure: (externalIds) =>
      guarded('Measuring MariaDB databases failed', secrets, async () => {
        const names = externalIds.filter(isManagedIdentifier);
        const sizes = new Map<string, Record<string, number>>();
        if (names.length === 0) return sizes;
        const present = await query<{ name: string }>('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?)', [names]);
        const bytes = await query<{ name: string; bytes: string }>(
          `SELECT TABLE_SCHEMA AS name, COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) AS bytes
             FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?) GROUP BY TABLE_SCHEMA`,
          [names],
        );
        const sessions = await query<{ name: string; n: string }>(
          'SELECT DB AS name, COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB IN (?) GROUP BY DB',
          [names],
        );
        const bytesOf = new Map(bytes.map((row) => [row.name, Number(row.bytes)]));
        const sessionsOf = new Map(sessions.map((row) => [row.name, Number(row.n)]));
        for (const { name } of present) sizes.set(name, { storageBytes: bytesOf.get(name) ?? 0, connections: sessionsOf.get(name) ?? 0 });
        return sizes;
      }),

    async close() {
      const closing = pool;
      pool = null;
      controlReady = false;
      if (closing) await closing.end().catch(() => undefined);
    },
  };
}
