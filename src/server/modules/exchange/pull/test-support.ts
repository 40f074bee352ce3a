/**
 * Fixtures for the pull tests: the real MariaDB (root@127.0.0.1:3306, database `test`) and PostgreSQL
 * (postgres@127.0.0.1:5432/test) as department sources, with uniquely named tables/schemas dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { ExchangeTestbed } from '../test-support.js';
import { PullRunner, type PullRunnerOptions } from './runner.js';

export const MARIADB = { kind: 'mysql' as const, host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' };
export const POSTGRES_SOURCE = { kind: 'postgres' as const, host: '127.0.0.1', port: 5432, user: 'postgres', password: '', database: 'test' };

export const uniqueName = (prefix: string) => `${prefix}_${randomBytes(5).toString('hex')}`;

/** true when MariaDB answers; a suite that needs it skips (with a message) otherwise. */
export async function mariadbAvailable(): Promise<boolean> {
  try {
    const connection = await mysql.createConnection({ host: MARIADB.host, port: MARIADB.port, user: MARIADB.user, database: MARIADB.database, connectTimeout: 2000 });
    await connection.end();
    return true;
  } catch (error) {
    console.warn(`MariaDB at ${MARIADB.host}:${MARIADB.port} is unreachable (${(error as Error).message}): skipping the MariaDB pull tests.`);
    return false;
  }
}

export async function postgresSourceAvailable(): Promise<boolean> {
  const client = new pg.Client({ ...POSTGRES_SOURCE, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    console.warn(`PostgreSQL at ${POSTGRES_SOURCE.host}:${POSTGRES_SOURCE.port} is unreachable (${(error as Error).message}): skipping the PostgreSQL source tests.`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A MariaDB connection for the test's own SQL against the "department database". */
export async function mariadb() {
  return mysql.createConnection({ host: MARIADB.host, port: MARIADB.port, user: MARIADB.user, database: MARIADB.database, dateStrings: true });
}

/** The parts a runner needs, taken from the test platform (the same secret key as the running module). */
export function runnerParts(bed: ExchangeTestbed) {
  const { ctx, exchange } = bed.t.platform;
  return { ctx, secrets: ctx.secrets, stores: exchange.stores, loads: exchange.loads };
}

export function testRunner(bed: ExchangeTestbed, options: PullRunnerOptions = {}): PullRunner {
  return new PullRunner(runnerParts(bed), options);
}

/** Rows of a resource's store (key and the given columns), sorted by key, and its history ops. */
export async function storeState(bed: ExchangeTestbed, code: string, columns: string[]) {
  const definition = await bed.t.platform.exchange.stores.find(code);
  if (!definition) return { rows: [], history: {} as Record<string, number> };
  const db = bed.t.platform.ctx.db;
  const list = sql.join(columns.map((column) => sql.ref(column)));
  const order = sql.join(definition.keyColumns.map((column) => sql.ref(column)));
  const rows = await sql<Record<string, unknown>>`SELECT ${list} FROM ${sql.table(definition.table)} ORDER BY ${order}`.execute(db);
  const ops = await sql<{ op: string; n: number }>`SELECT _op AS op, count(*)::int AS n FROM ${sql.table(definition.history)} GROUP BY _op`.execute(db);
  return { rows: rows.rows, history: Object.fromEntries(ops.rows.map((row) => [row.op.trim(), row.n])) as Record<string, number> };
}
