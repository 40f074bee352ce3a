/**
 * The PostgreSQL driver: one database per order item on a shared PostgreSQL server, owned by its own login role
 * (same name) with a connection limit. Endpoint settings {host, port, user, database (the admin connection's),
 * publicHost?} + secrets {password?}. The admin account needs CREATEROLE and CREATEDB (or superuser).
 *
 * Everything finishes inside the call, so create/resize/retire answer 'succeeded' at once and poll() answers
 * from the server's current state. What the driver made carries its tags as a JSON comment on the database, so
 * list() finds it (and only it) again. The new role's password is sent as a SCRAM verifier computed here.
 */
import pg from 'pg';
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
import { isManagedIdentifier, resourceIdentifier } from './common/identifiers.js';
import { expectKind, guarded, settle } from './common/operations.js';
import { generatePassword } from './common/passwords.js';
import { integerParameter, optionalString, portSetting, requiredString, tagsFromJson } from './common/settings.js';
import { scramSha256Verifier } from './common/verifiers.js';

export const POSTGRES_RESOURCE_KIND = 'postgresql_database';
const CONNECTION_LIMIT = { min: 1, max: 10_000, fallback: 10 };
const CONNECT_TIMEOUT_MS = 5_000;
const STATEMENT_TIMEOUT_MS = 60_000;

interface PostgresEndpoint {
  host: string;
  port: number;
  user: string;
  database: string;
  publicHost?: string;
  password?: string;
}

function endpointOf({ settings, secrets }: DriverSettings): PostgresEndpoint {
  return {
    host: requiredString(settings, 'host', 'PostgreSQL'),
    port: portSetting(settings, 5432, 'PostgreSQL'),
    user: requiredString(settings, 'user', 'PostgreSQL'),
    database: optionalString(settings, 'database') ?? 'postgres',
    publicHost: optionalString(settings, 'publicHost'),
    password: secrets.password || undefined,
  };
}

const ident = (name: string) => pg.escapeIdentifier(name);
const literal = (text: string) => pg.escapeLiteral(text);

interface DatabaseRow {
  datname: string;
  comment: string | null;
  connlimit: number | null;
}

export function createPostgresDriver(endpoint: DriverSettings): ProvisioningDriver {
  const config = endpointOf(endpoint);
  const secrets = [config.password ?? ''];
  let pool: pg.Pool | null = null;
  let adminIsSuperuser: boolean | null = null;

  const admin = () => {
    if (!pool) {
      pool = new pg.Pool({
        host: config.host,
        port: config.port,
        user: config.user,
        password: config.password,
        database: config.database,
        max: 2,
        idleTimeoutMillis: 10_000,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        statement_timeout: STATEMENT_TIMEOUT_MS,
        application_name: 'zhongshu-provisioning',
      });
      // An idle connection the server dropped must not crash the process; the next query reconnects.
      pool.on('error', () => undefined);
    }
    return pool;
  };
  const query = async <R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []) =>
    (await admin().query<R>(text, values)).rows;

  const endpointInfo = (name: string) => ({
    host: config.publicHost ?? config.host,
    port: config.port,
    database: name,
    username: name,
  });

  const database = async (name: string): Promise<DatabaseRow | null> => {
    const rows = await query<DatabaseRow>(
      `SELECT d.datname, shobj_description(d.oid, 'pg_database') AS comment, r.rolconnlimit AS connlimit
         FROM pg_database d LEFT JOIN pg_roles r ON r.rolname = d.datname
        WHERE d.datname = $1`,
      [name],
    );
    return rows[0] ?? null;
  };
  const roleExists = async (name: string) => (await query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).length > 0;

  /** Before PostgreSQL 16 a non-superuser may only give a database to a role it is a member of. */
  const mayOwnFor = async (name: string) => {
    if (adminIsSuperuser === null) {
      const rows = await query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
      adminIsSuperuser = rows[0]?.rolsuper === true;
    }
    if (!adminIsSuperuser) await query(`GRANT ${ident(name)} TO CURRENT_USER`);
  };

  const isDuplicate = (error: unknown, sqlState: string) => (error as { code?: string })?.code === sqlState;

  /** Refuses to touch a database that is not ours: a managed name and (when it exists) our tag. */
  const ensureOurs = (name: string, row: DatabaseRow | null) => {
    if (!isManagedIdentifier(name)) throw new RequestProblem(`${name} is not a database this platform created; it was left alone.`);
    if (row && tagsFromJson(row.comment)?.[TAG_MANAGED_BY] !== TAG_MANAGED_BY_VALUE) {
      throw new RequestProblem(`Database ${name} does not carry the ${TAG_MANAGED_BY}=${TAG_MANAGED_BY_VALUE} tag; it was left alone.`);
    }
  };

  const describe = async (operation: OperationName, name: string): Promise<OperationState> => {
    const row = await database(name);
    if (operation === 'retire') {
      const gone = row === null && !(await roleExists(name));
      return gone
        ? { state: 'succeeded', ref: name, externalId: name }
        : { state: 'failed', ref: name, externalId: name, error: `Database ${name} still exists.` };
    }
    const present = row !== null && (await roleExists(name));
    return present
      ? { state: 'succeeded', ref: name, externalId: name, endpointInfo: endpointInfo(name) }
      : { state: 'failed', ref: name, externalId: name, error: `Database ${name} no longer exists.` };
  };

  return {
    kind: 'postgresql',

    test: () =>
      guarded('PostgreSQL connection test failed', secrets, async () => {
        await query('SELECT 1');
      }),

    create(request: CreateRequest) {
      const name = resourceIdentifier(request.idempotencyKey, request.name);
      const known = [...secrets];
      return settle(name, `Creating PostgreSQL database ${name} failed`, known, async () => {
        expectKind('PostgreSQL', POSTGRES_RESOURCE_KIND, request.kind);
        const limit = integerParameter(request.parameters, 'connectionLimit', CONNECTION_LIMIT);
        const password = generatePassword();
        const verifier = await scramSha256Verifier(password);
        known.push(password, verifier);

        // A repeated create (same key, same name) re-sets the password and the limit of the role it made before.
        const login = `LOGIN PASSWORD ${literal(verifier)} CONNECTION LIMIT ${limit}`;
        if (await roleExists(name)) {
          await query(`ALTER ROLE ${ident(name)} WITH ${login}`);
        } else {
          await query(`CREATE ROLE ${ident(name)} WITH NOCREATEDB NOCREATEROLE ${login}`).catch(async (error: unknown) => {
            if (!isDuplicate(error, '42710')) throw error;
            await query(`ALTER ROLE ${ident(name)} WITH ${login}`);
          });
        }
        await mayOwnFor(name);
        if (!(await database(name))) {
          // CREATE DATABASE cannot run inside a transaction: the pool's query is autocommit.
          await query(`CREATE DATABASE ${ident(name)} OWNER ${ident(name)}`).catch((error: unknown) => {
            if (!isDuplicate(error, '42P04')) throw error;
          });
        }
        // Only the owner (and superusers) may connect; PUBLIC loses its default CONNECT and TEMPORARY.
        await query(`REVOKE ALL ON DATABASE ${ident(name)} FROM PUBLIC`);
        const tags = { ...request.tags, [TAG_MANAGED_BY]: TAG_MANAGED_BY_VALUE };
        await query(`COMMENT ON DATABASE ${ident(name)} IS ${literal(JSON.stringify(tags))}`);
        return {
          state: 'succeeded',
          ref: name,
          externalId: name,
          endpointInfo: endpointInfo(name),
          credentials: { username: name, password },
        };
      });
    },

    resize(request: ResizeRequest) {
      const name = request.externalId;
      return settle(name, `Resizing PostgreSQL database ${name} failed`, secrets, async () => {
        expectKind('PostgreSQL', POSTGRES_RESOURCE_KIND, request.kind);
        const limit = integerParameter(request.parameters, 'connectionLimit', CONNECTION_LIMIT);
        const row = await database(name);
        ensureOurs(name, row);
        if (!row || !(await roleExists(name))) throw new RequestProblem(`Database ${name} no longer exists.`);
        await query(`ALTER ROLE ${ident(name)} CONNECTION LIMIT ${limit}`);
        return { state: 'succeeded', ref: name, externalId: name, endpointInfo: endpointInfo(name) };
      });
    },

    retire(request: RetireRequest) {
      const name = request.externalId;
      return settle(name, `Retiring PostgreSQL database ${name} failed`, secrets, async () => {
        const row = await database(name);
        ensureOurs(name, row);
        const hasRole = await roleExists(name);
        // Stop new logins first, then end the sessions still open, so nothing reconnects while it is dropped.
        if (hasRole) await query(`ALTER ROLE ${ident(name)} NOLOGIN`);
        await query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE (datname = $1 OR usename = $1) AND pid <> pg_backend_pid()',
          [name],
        );
        if (row) await query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
        if (hasRole) {
          // Grants or objects it may hold in the admin database would block DROP ROLE.
          await query(`DROP OWNED BY ${ident(name)}`);
          await query(`DROP ROLE IF EXISTS ${ident(name)}`);
        }
        return { state: 'succeeded', ref: name, externalId: name };
      });
    },

    poll: (operation, ref) => guarded(`Checking PostgreSQL database ${ref} failed`, secrets, () => describe(operation, ref)),

    list: () =>
      guarded('Listing PostgreSQL databases failed', secrets, async () => {
        const rows = await query<DatabaseRow>(
          `SELECT d.datname, shobj_description(d.oid, 'pg_database') AS comment, r.rolconnlimit AS connlimit
             FROM pg_database d LEFT JOIN pg_roles r ON r.rolname = d.datname
            WHERE NOT d.datistemplate AND shobj_description(d.oid, 'pg_database') IS NOT NULL
            ORDER BY d.datname`,
        );
        const listed: ListedResource[] = [];
        for (const row of rows) {
          const tags = tagsFromJson(row.comment);
          if (tags?.[TAG_MANAGED_BY] !== TAG_MANAGED_BY_VALUE) continue;
          listed.push({
            externalId: row.datname,
            kind: POSTGRES_RESOURCE_KIND,
            tags,
            parameters: row.connlimit === null ? {} : { connectionLimit: row.connlimit },
            status: row.connlimit === null ? 'role_missing' : 'active',
          });
        }
        return listed;
      }),

    measure: (externalIds) =>
      guarded('Measuring PostgreSQL databases failed', secrets, async () => {
        const names = externalIds.filter(isManagedIdentifier);
        const sizes = new Map<string, Record<string, number>>();
        if (names.length === 0) return sizes;
        const rows = await query<{ datname: string; bytes: string; connections: number | null }>(
          `SELECT d.datname, pg_database_size(d.oid)::text AS bytes,
                  (SELECT s.numbackends FROM pg_stat_database s WHERE s.datid = d.oid) AS connections
             FROM pg_database d WHERE d.datname = ANY($1::text[])`,
          [names],
        );
        for (const row of rows) sizes.set(row.datname, { storageBytes: Number(row.bytes), connections: Number(row.connections ?? 0) });
        return sizes;
      }),

    async close() {
      const closing = pool;
      pool = null;
      if (closing) await closing.end().catch(() => undefined);
    },
  };
}
