/**
 * Connections to a department's own database (MySQL/MariaDB or PostgreSQL): test, list tables and columns from
 * information_schema, and stream a read. Identifiers are only ever the names information_schema returned,
 * quoted for the dialect; every value travels as a bound parameter.
 *
 * Session settings make values come back as text in a fixed form: MySQL with `dateStrings` and the session time
 * zone +00:00 (TIMESTAMP in UTC, DATETIME as written); PostgreSQL with every type parsed as text, TimeZone UTC and
 * DateStyle ISO. The pull stores its cursor in that same text form and hands it back as a parameter.
 */
import mysql from 'mysql2';
import pg from 'pg';

export type SourceKind = 'mysql' | 'postgres';

export interface ConnectionSettings {
  kind: SourceKind;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  ssl: boolean;
}

/** How a source column's values look once read, which decides conversion and whether it can be a cursor. */
export type ValueClass = 'integer' | 'decimal' | 'date' | 'datetime_local' | 'datetime_utc' | 'boolean' | 'binary' | 'text';

export interface SourceColumn {
  name: string;
  /** The database's type name (information_schema data_type), lower case. */
  type: string;
  nullable: boolean;
  /** Part of the primary key. */
  key: boolean;
  valueClass: ValueClass;
}

export interface SourceTable {
  /** MySQL: the table name; PostgreSQL: "schema.table". */
  name: string;
  type: 'table' | 'view';
}

export interface ReadQuery {
  sql: string;
  values: unknown[];
}

export interface SourceClient {
  readonly kind: SourceKind;
  serverVersion(): Promise<string>;
  tables(): Promise<SourceTable[]>;
  /** Columns of a table from tables(); null when the table does not exist. */
  columns(table: string): Promise<SourceColumn[] | null>;
  /** Rows as arrays in select-list order, streamed (the source is not read faster than it is consumed). */
  stream(query: ReadQuery): AsyncIterable<unknown[]>;
  /** The table reference to put in SQL, for a name returned by tables(). */
  quoteTable(table: string): string;
  quote(identifier: string): string;
  close(): Promise<void>;
}

/** A failure talking to the source, with a stable code the console can translate. */
export class SourceError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'SourceError';
  }
}

export const CONNECT_TIMEOUT_MS = 5_000;
const SCHEMA_QUERY_TIMEOUT_MS = 10_000;
const PG_FETCH_ROWS = 5_000;

export function summaryOf(settings: Pick<ConnectionSettings, 'kind' | 'host' | 'port' | 'user' | 'database'>): string {
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return `${settings.kind}://${encodeURIComponent(settings.user)}@${host}:${settings.port}/${encodeURIComponent(settings.database)}`;
}

/** Turns driver errors into stable codes; the message never contains the password (drivers do not echo it). */
export function classifySourceError(error: unknown): SourceError {
  if (error instanceof SourceError) return error;
  const err = error as { code?: string; errno?: number; message?: string };
  const code = String(err?.code ?? '');
  const message = String(err?.message ?? error).slice(0, 500);
  if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET'].includes(code)) {
    return new SourceError('exchange.source_unreachable', message);
  }
  if (code === 'ETIMEDOUT' || /timeout|timed out/i.test(message)) return new SourceError('exchange.source_timeout', message);
  if (code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_DBACCESS_DENIED_ERROR' || code === '28P01' || code === '28000') {
    return new SourceError('exchange.source_auth_failed', message);
  }
  if (code === 'ER_BAD_DB_ERROR' || code === '3D000') return new SourceError('exchange.source_database_missing', message);
  if (code === 'HANDSHAKE_SSL_ERROR' || /ssl|tls|certificate/i.test(message)) return new SourceError('exchange.source_tls_failed', message);
  return new SourceError('exchange.source_error', message);
}

const MYSQL_CLASSES: Record<string, ValueClass> = {
  tinyint: 'integer', smallint: 'integer', mediumint: 'integer', int: 'integer', integer: 'integer', bigint: 'integer', year: 'integer',
  decimal: 'decimal', numeric: 'decimal', float: 'decimal', double: 'decimal', real: 'decimal',
  date: 'date', datetime: 'datetime_local', timestamp: 'datetime_utc',
  binary: 'binary', varbinary: 'binary', tinyblob: 'binary', blob: 'binary', mediumblob: 'binary', longblob: 'binary', bit: 'binary',
};
const PG_CLASSES: Record<string, ValueClass> = {
  smallint: 'integer', integer: 'integer', bigint: 'integer',
  numeric: 'decimal', real: 'decimal', 'double precision': 'decimal',
  date: 'date', 'timestamp without time zone': 'datetime_local', 'timestamp with time zone': 'datetime_utc',
  boolean: 'boolean', bytea: 'binary',
};
/** The PostgreSQL type a cursor parameter is cast to, per value class. */
export const PG_CURSOR_TYPES: Partial<Record<ValueClass, string>> = {
  integer: 'numeric', date: 'date', datetime_local: 'timestamp', datetime_utc: 'timestamptz',
};

export function valueClassOf(kind: SourceKind, type: string): ValueClass {
  return (kind === 'mysql' ? MYSQL_CLASSES : PG_CLASSES)[type.toLowerCase()] ?? 'text';
}

export async function openSource(settings: ConnectionSettings): Promise<SourceClient> {
  try {
    return settings.kind === 'mysql' ? await openMysql(settings) : await openPostgres(settings);
  } catch (error) {
    throw classifySourceError(error);
  }
}

// ---------------------------------------------------------------- MySQL / MariaDB

async function openMysql(settings: ConnectionSettings): Promise<SourceClient> {
  const connection = mysql.createConnection({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: settings.database,
    ssl: settings.ssl ? { rejectUnauthorized: true } : undefined,
    connectTimeout: CONNECT_TIMEOUT_MS,
    charset: 'utf8mb4',
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    multipleStatements: false,
  });
  // An idle connection dropped by the server must not crash the process: errors surface through queries.
  connection.on('error', () => undefined);
  const query = <T>(sql: string, values: unknown[] = [], timeout = SCHEMA_QUERY_TIMEOUT_MS) =>
    new Promise<T>((resolve, reject) => {
      connection.query({ sql, values, timeout }, (error, rows) => (error ? reject(error) : resolve(rows as T)));
    });
  await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
  try {
    await query("SET time_zone = '+00:00'");
  } catch (error) {
    connection.destroy();
    throw error;
  }
  const quote = (identifier: string) => `\`${identifier.replace(/`/g, '``')}\``;

  return {
    kind: 'mysql',
    quote,
    quoteTable: quote,
    async serverVersion() {
      const rows = await query<Array<{ v: string }>>('SELECT VERSION() AS v');
      return String(rows[0]?.v ?? '');
    },
    async tables() {
      const rows = await query<Array<{ name: string; type: string }>>(
        'SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME',
      );
      return rows.map((row) => ({ name: String(row.name), type: /VIEW/i.test(String(row.type)) ? 'view' : 'table' }));
    },
    async columns(table) {
      const rows = await query<Array<{ name: string; type: string; nullable: string; colkey: string }>>(
        `SELECT COLUMN_NAME AS name, DATA_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_KEY AS colkey
           FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
        [table],
      );
      if (rows.length === 0) return null;
      return rows.map((row) => {
        const type = String(row.type).toLowerCase();
        return { name: String(row.name), type, nullable: row.nullable === 'YES', key: row.colkey === 'PRI', valueClass: valueClassOf('mysql', type) };
      });
    },
    async *stream({ sql, values }) {
      const readable = connection.query({ sql, values, rowsAsArray: true }).stream({ highWaterMark: 1000 });
      try {
        for await (const row of readable) yield row as unknown[];
      } catch (error) {
        throw classifySourceError(error);
      } finally {
        readable.destroy();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        connection.end(() => {
          connection.destroy();
          resolve();
        });
      }),
  };
}

// ---------------------------------------------------------------- PostgreSQL

const asText = (value: string) => value;

async function openPostgres(settings: ConnectionSettings): Promise<SourceClient> {
  const client = new pg.Client({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: settings.database,
    ssl: settings.ssl ? { rejectUnauthorized: true } : false,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Every value as text: the pull converts by the store's data-item type.
    types: { getTypeParser: () => asText } as unknown as typeof pg.types,
    application_name: 'zhongshu-pull',
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query("SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'");
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
  let tableCache: Array<SourceTable & { schema: string; table: string }> | null = null;
  const listTables = async () => {
    const result = await client.query<{ schema: string; name: string; type: string }>({
      text: `SELECT table_schema AS schema, table_name AS name, table_type AS type FROM information_schema.tables
              WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg\\_%'
              ORDER BY table_schema, table_name`,
      query_timeout: SCHEMA_QUERY_TIMEOUT_MS,
    } as pg.QueryConfig);
    tableCache = result.rows.map((row) => ({
      name: `${row.schema}.${row.name}`,
      schema: row.schema,
      table: row.name,
      type: /VIEW/i.test(row.type) ? 'view' : 'table',
    }));
    return tableCache;
  };
  const resolve = async (name: string) => (tableCache ?? (await listTables())).find((entry) => entry.name === name) ?? null;

  return {
    kind: 'postgres',
    quote,
    quoteTable(name) {
      const entry = tableCache?.find((candidate) => candidate.name === name);
      if (!entry) throw new SourceError('exchange.source_table_missing', `Table ${name} was not checked against the source.`);
      return `${quote(entry.schema)}.${quote(entry.table)}`;
    },
    async serverVersion() {
      const result = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      return `PostgreSQL ${result.rows[0]?.v ?? ''}`.trim();
    },
    async tables() {
      return (await listTables()).map(({ name, type }) => ({ name, type }));
    },
    async columns(name) {
      const entry = await resolve(name);
      if (!entry) return null;
      const result = await client.query<{ name: string; type: string; nullable: string; pk: string }>({
        text: `SELECT c.column_name AS name, c.data_type AS type, c.is_nullable AS nullable,
                      EXISTS (SELECT 1 FROM information_schema.table_constraints tc
                                JOIN information_schema.key_column_usage k
                                  ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name
                               WHERE tc.table_schema = c.table_schema AND tc.table_name = c.table_name
                                 AND tc.constraint_type = 'PRIMARY KEY' AND k.column_name = c.column_name) AS pk
                 FROM information_schema.columns c
                WHERE c.table_schema = $1 AND c.table_name = $2
                ORDER BY c.ordinal_position`,
        values: [entry.schema, entry.table],
        query_timeout: SCHEMA_QUERY_TIMEOUT_MS,
      } as pg.QueryConfig);
      if (result.rows.length === 0) return null;
      return result.rows.map((row) => {
        const type = row.type.toLowerCase();
        return { name: row.name, type, nullable: row.nullable === 'YES', key: row.pk === 't' || row.pk === 'true', valueClass: valueClassOf('postgres', type) };
      });
    },
    async *stream({ sql, values }) {
      // A server-side cursor inside a read-only snapshot: FETCH in batches, never the whole table in memory.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      let open = true;
      try {
        await client.query({ text: `DECLARE zs_pull NO SCROLL CURSOR FOR ${sql}`, values });
        for (;;) {
          const batch = await client.query({ text: `FETCH ${PG_FETCH_ROWS} FROM zs_pull`, rowMode: 'array' });
          for (const row of batch.rows as unknown[][]) yield row;
          if (batch.rows.length < PG_FETCH_ROWS) break;
        }
        await client.query('COMMIT');
        open = false;
      } catch (error) {
        throw classifySourceError(error);
      } finally {
        if (open) await client.query('ROLLBACK').catch(() => undefined);
      }
    },
    close: () => client.end().catch(() => undefined),
  };
}
