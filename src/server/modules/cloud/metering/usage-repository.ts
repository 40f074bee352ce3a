/** SQL of hourly metering: usage partitions, the resources an hour charges, and the batched usage insert. */
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import { json } from '../../../platform/db/database.js';
import { usagePartition } from './months.js';

/** PostgreSQL's duplicate_table, and the catalog's unique index when two sessions create the same table at once. */
const ALREADY_THERE = new Set(['42P07', '23505']);

/**
 * Creates the month's partition of cloud_usage unless it exists. Two nodes may race here: the loser's
 * "already exists" is the outcome it wanted. Runs on its own (DDL), never inside the metering transaction, so a
 * lost race cannot abort it.
 */
export async function ensureUsagePartition(db: Executor, month: string): Promise<void> {
  const { name, from, to } = usagePartition(month);
  try {
    await sql
      .raw(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF cloud_usage FOR VALUES FROM ('${from}') TO ('${to}')`)
      .execute(db);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && ALREADY_THERE.has(code)) return;
    throw error;
  }
}

export interface MeterCandidate {
  id: string;
  endpointId: string;
  externalId: string | null;
}

/** The resources (alias r) that existed during the hour: ready before it ended, not retired before it began. */
function existedDuring(hourStart: Date, hourEnd: Date) {
  return sql`r.status IN ('active', 'resizing', 'retiring', 'retired')
       AND r.ready_at < ${hourEnd}::timestamptz
       AND (r.retired_at IS NULL OR r.retired_at > ${hourStart}::timestamptz)`;
}

/**
 * Resources that existed during [hourStart, hourEnd) — ready before the hour ended and not retired before it began,
 * active, resizing or retiring (or retired within the hour) — and have no usage row for that hour yet.
 */
export async function unmeteredResources(db: Executor, hourStart: Date, hourEnd: Date): Promise<MeterCandidate[]> {
  const result = await sql<{ id: string; endpoint_id: string; external_id: string | null }>`
    SELECT r.id, r.endpoint_id, r.external_id
      FROM cloud_resources r
     WHERE ${existedDuring(hourStart, hourEnd)}
       AND NOT EXISTS (SELECT 1 FROM cloud_usage u WHERE u.resource_id = r.id AND u.hour = ${hourStart}::timestamptz)
     ORDER BY r.id`.execute(db);
  return result.rows.map((row) => ({ id: row.id, endpointId: row.endpoint_id, externalId: row.external_id }));
}

export interface UsageBatchEntry {
  id: string;
  measured: Record<string, number> | null;
}

/**
 * One statement per batch: the usage rows of the hour (price, rate card and allocation copied from the resource;
 * allocation = its quota demand without the budget), skipping rows another run wrote first, and the last
 * measurement on the resources whose row this statement wrote.
 */
export async function insertUsageBatch(
  db: Executor,
  hourStart: Date,
  entries: UsageBatchEntry[],
  measuredAt: Date,
): Promise<{ inserted: number; measured: number }> {
  const result = await sql<{ inserted: number; measured: number }>`
    WITH batch AS (
      SELECT b.id, b.measured FROM jsonb_to_recordset(${json(entries)}::jsonb) AS b(id uuid, measured jsonb)
    ), inserted AS (
      INSERT INTO cloud_usage (resource_id, hour, department_id, business_system_id, provider_id, offering_id, rate_card_id,
                               monthly_fen, allocated, measured)
      SELECT r.id, ${hourStart}::timestamptz, r.department_id, r.business_system_id, r.provider_id, r.offering_id, r.rate_card_id,
             r.monthly_fen, r.quota_demand - 'monthly_budget_fen', b.measured
        FROM batch b JOIN cloud_resources r ON r.id = b.id
      ON CONFLICT (resource_id, hour) DO NOTHING
      RETURNING resource_id, measured
    ), touched AS (
      UPDATE cloud_resources r SET measured = i.measured, measured_at = ${measuredAt}::timestamptz
        FROM inserted i
       WHERE r.id = i.resource_id AND i.measured IS NOT NULL
      RETURNING r.id
    )
    SELECT (SELECT count(*) FROM inserted)::int AS inserted, (SELECT count(*) FROM touched)::int AS measured`.execute(db);
  const row = result.rows[0];
  return { inserted: Number(row?.inserted ?? 0), measured: Number(row?.measured ?? 0) };
}

/** Without measurements: the whole hour in one INSERT … SELECT straight from the resources. */
export async function insertUsageForHour(db: Executor, hourStart: Date, hourEnd: Date): Promise<number> {
  const result = await sql`
    INSERT INTO cloud_usage (resource_id, hour, department_id, business_system_id, provider_id, offering_id, rate_card_id,
                             monthly_fen, allocated, measured)
    SELECT r.id, ${hourStart}::timestamptz, r.department_id, r.business_system_id, r.provider_id, r.offering_id, r.rate_card_id,
           r.monthly_fen, r.quota_demand - 'monthly_budget_fen', NULL
      FROM cloud_resources r
     WHERE ${existedDuring(hourStart, hourEnd)}
    ON CONFLICT (resource_id, hour) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Without measurements, every hour in [from, to) (one month at most: one partition) in one statement: the hours
 * each resource existed, as insertUsageForHour decides hour by hour. For history (the demo district, a platform
 * taking over another's records), where hour-by-hour metering would take thousands of round trips.
 */
export async function insertUsageForRange(db: Executor, from: Date, to: Date): Promise<number> {
  const result = await sql`
    INSERT INTO cloud_usage (resource_id, hour, department_id, business_system_id, provider_id, offering_id, rate_card_id,
                             monthly_fen, allocated, measured)
    SELECT r.id, h.hour, r.department_id, r.business_system_id, r.provider_id, r.offering_id, r.rate_card_id,
           r.monthly_fen, r.quota_demand - 'monthly_budget_fen', NULL
      FROM generate_series(${from}::timestamptz, ${to}::timestamptz - interval '1 hour', interval '1 hour') AS h(hour)
      JOIN cloud_resources r
        ON r.status IN ('active', 'resizing', 'retiring', 'retired')
       AND r.ready_at < h.hour + interval '1 hour'
       AND (r.retired_at IS NULL OR r.retired_at > h.hour)
    ON CONFLICT (resource_id, hour) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** The newest metered hour in [from, to), if any. */
export async function lastMeteredHour(db: Executor, from: Date, to: Date): Promise<Date | null> {
  const result = await sql<{ hour: Date | null }>`
    SELECT max(hour) AS hour FROM cloud_usage WHERE hour >= ${from}::timestamptz AND hour < ${to}::timestamptz`.execute(db);
  const hour = result.rows[0]?.hour ?? null;
  return hour === null ? null : new Date(hour);
}
