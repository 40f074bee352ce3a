/**
 * The simulated driver (demo and tests): a "cloud" kept in the platform database's cloud_simulated_resources, so
 * ordering, polling, listing, reconciliation and metering behave as with a real provider, without one.
 *
 * Settings: latencyMs (default 1500) — how long a create, resize or delete takes (the row is building / resizing /
 * deleting until ready_at, then active or deleted); failKinds — resource kinds whose create and resize always fail
 * (demos of a failed provisioning). Idempotent by key: a create repeated with the same key answers the row it made.
 * Resize and retire are idempotent by state (asking for the state the row is already heading to changes nothing).
 * Credentials are random for every succeeded answer and never stored: the caller seals the one it keeps. A create
 * that failed leaves nothing that list() shows (a refused order leaves no orphan behind).
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import { json } from '../../../platform/db/database.js';
import type { Row } from '../../../platform/db/schema.js';
import type { DriverSettings, ListedResource, OperationName, OperationState, ProvisioningDriver } from './driver.js';
import { TAG_MANAGED_BY, TAG_MANAGED_BY_VALUE } from './driver.js';

export interface SimulatedStore {
  db: Db;
}

type SimRow = Row<'cloud_simulated_resources'>;

const DEFAULT_LATENCY_MS = 1500;
/** Kinds that hand out a login (databases, caches, queues). */
const WITH_CREDENTIALS = /database|redis|cache|memcached|mongo|queue|kafka|rabbitmq|mq/;

const PORTS: Array<[RegExp, number]> = [
  [/postgres/, 5432],
  [/mariadb|mysql/, 3306],
  [/redis|cache/, 6379],
  [/mongo/, 27017],
  [/kafka/, 9092],
  [/rabbit|queue|mq/, 5672],
];

function portOf(kind: string): number {
  return PORTS.find(([pattern]) => pattern.test(kind))?.[1] ?? 443;
}

function settingsOf(endpoint: DriverSettings): { latencyMs: number; failKinds: Set<string> } {
  const latency = Number(endpoint.settings.latencyMs ?? DEFAULT_LATENCY_MS);
  const failKinds = Array.isArray(endpoint.settings.failKinds) ? endpoint.settings.failKinds.map(String) : [];
  return { latencyMs: Number.isFinite(latency) && latency >= 0 ? latency : DEFAULT_LATENCY_MS, failKinds: new Set(failKinds) };
}

/** A short, stable number from a text (plausible measurements that do not jump between calls of the same hour). */
function spread(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function createSimulatedDriver(endpoint: DriverSettings, store: SimulatedStore): ProvisioningDriver {
  const { latencyMs, failKinds } = settingsOf(endpoint);
  const db = store.db;
  const readyAt = () => new Date(Date.now() + latencyMs);

  const byExternalId = (externalId: string) =>
    db.selectFrom('cloud_simulated_resources').selectAll().where('external_id', '=', externalId).executeTakeFirst();

  function connectionInfo(row: SimRow): Record<string, unknown> {
    const info: Record<string, unknown> = { host: `sim.${row.kind}.local`, port: portOf(row.kind), resourceId: row.external_id };
    if (WITH_CREDENTIALS.test(row.kind)) {
      info.username = `u_${row.external_id.replace(/[^a-z0-9]/g, '').slice(-12)}`;
      if (/database/.test(row.kind)) info.database = `db_${row.external_id.replace(/[^a-z0-9]/g, '').slice(-12)}`;
    }
    return info;
  }

  /** Moves a pending change on when its time has come, and says where the row stands for `operation`. */
  async function settle(operation: OperationName, row: SimRow | undefined, ref: string): Promise<OperationState> {
    if (!row) return { state: 'failed', ref, error: 'The simulated resource does not exist.' };
    if (row.status === 'error') return { state: 'failed', ref, externalId: row.external_id, error: `The simulated provider refuses ${row.kind} (a failure configured for demonstrations).` };
    const remaining = new Date(row.ready_at).getTime() - Date.now();
    if (remaining > 0 && (row.status === 'building' || row.status === 'resizing' || row.status === 'deleting')) {
      return { state: 'running', ref, externalId: row.external_id, retryAfterMs: Math.max(10, remaining) };
    }
    if (row.status === 'building' || row.status === 'resizing') {
      await db.updateTable('cloud_simulated_resources').set({ status: 'active' }).where('external_id', '=', row.external_id).where('status', '=', row.status).execute();
    } else if (row.status === 'deleting') {
      await db.updateTable('cloud_simulated_resources').set({ status: 'deleted' }).where('external_id', '=', row.external_id).where('status', '=', 'deleting').execute();
    }
    const deleted = row.status === 'deleting' || row.status === 'deleted';
    if (operation === 'retire') {
      return deleted ? { state: 'succeeded', ref, externalId: row.external_id } : { state: 'failed', ref, externalId: row.external_id, error: 'The simulated resource was not being deleted.' };
    }
    if (deleted) return { state: 'failed', ref, externalId: row.external_id, error: 'The simulated resource has been deleted.' };
    const answer: OperationState = { state: 'succeeded', ref, externalId: row.external_id, endpointInfo: connectionInfo(row) };
    if (operation === 'create' && WITH_CREDENTIALS.test(row.kind)) {
      answer.credentials = { username: String(answer.endpointInfo!.username), password: randomBytes(18).toString('base64url') };
    }
    return answer;
  }

  return {
    kind: 'simulated',

    async test() {
      await sql`select count(*) from cloud_simulated_resources`.execute(db);
    },

    async create(request) {
      const prefix = request.kind.replace(/[^a-z0-9]+/g, '-').slice(0, 20);
      await db
        .insertInto('cloud_simulated_resources')
        .values({
          external_id: `sim-${prefix}-${randomBytes(6).toString('hex')}`,
          kind: request.kind,
          idempotency_key: request.idempotencyKey,
          parameters: json(request.parameters),
          tags: json(request.tags),
          status: failKinds.has(request.kind) ? 'error' : 'building',
          ready_at: readyAt(),
        })
        .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
        .execute();
      const row = await db.selectFrom('cloud_simulated_resources').selectAll().where('idempotency_key', '=', request.idempotencyKey).executeTakeFirstOrThrow();
      return settle('create', row, row.external_id);
    },

    async resize(request) {
      const row = await byExternalId(request.externalId);
      if (!row || row.status === 'deleted' || row.status === 'deleting') return settle('resize', row, request.externalId);
      if (failKinds.has(row.kind)) return { state: 'failed', ref: row.external_id, externalId: row.external_id, error: `The simulated provider refuses to resize ${row.kind} (a failure configured for demonstrations).` };
      // Asked again for what is already under way or done: the same operation.
      if (!sameJson(row.parameters, request.parameters)) {
        await db
          .updateTable('cloud_simulated_resources')
          .set({ parameters: json(request.parameters), status: 'resizing', ready_at: readyAt() })
          .where('external_id', '=', row.external_id)
          .execute();
      }
      return settle('resize', await byExternalId(row.external_id), row.external_id);
    },

    async retire(request) {
      const row = await byExternalId(request.externalId);
      if (!row) return { state: 'succeeded', ref: request.externalId, externalId: request.externalId };
      if (row.status !== 'deleting' && row.status !== 'deleted') {
        await db.updateTable('cloud_simulated_resources').set({ status: 'deleting', ready_at: readyAt() }).where('external_id', '=', row.external_id).execute();
      }
      return settle('retire', await byExternalId(row.external_id), row.external_id);
    },

    async poll(operation, ref) {
      return settle(operation, await byExternalId(ref), ref);
    },

    async list(): Promise<ListedResource[]> {
      const rows = await db
        .selectFrom('cloud_simulated_resources')
        .selectAll()
        .where('status', 'not in', ['deleted', 'error'])
        .where(sql<boolean>`tags->>${TAG_MANAGED_BY} = ${TAG_MANAGED_BY_VALUE}`)
        .orderBy('created_at')
        .execute();
      return rows.map((row) => ({ externalId: row.external_id, kind: row.kind, tags: row.tags, parameters: row.parameters, status: row.status }));
    },

    async measure(externalIds) {
      const measured = new Map<string, Record<string, number>>();
      if (externalIds.length === 0) return measured;
      const rows = await db.selectFrom('cloud_simulated_resources').selectAll().where('external_id', 'in', externalIds).where('status', 'in', ['active', 'resizing']).execute();
      const hour = Math.floor(Date.now() / 3_600_000);
      for (const row of rows) {
        const ageHours = Math.max(0, (Date.now() - new Date(row.created_at).getTime()) / 3_600_000);
        const seed = spread(row.external_id);
        // A database starts at 8 MiB and grows by 1–5 MiB an hour; utilisation wanders between 5 and 60 %.
        const growthPerHour = (1 + (seed % 5)) * 1024 * 1024;
        const values: Record<string, number> = {
          storageBytes: Math.round(8 * 1024 * 1024 + ageHours * growthPerHour),
          cpuUtilisation: 5 + (spread(`${row.external_id}:${hour}`) % 56),
        };
        if (WITH_CREDENTIALS.test(row.kind)) values.connections = spread(`${row.external_id}:c:${hour}`) % 20;
        measured.set(row.external_id, values);
      }
      return measured;
    },

    async close() {},
  };
}
