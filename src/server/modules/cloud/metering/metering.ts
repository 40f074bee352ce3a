/**
 * Hourly metering: one cloud_usage row per resource and hour while it exists (see usage-repository.ts for which
 * resources an hour charges), with the price in force that hour and, where the driver can read them, real sizes.
 * Idempotent: an hour metered twice writes nothing the second time and leaves metered resources untouched.
 */
import type { Metering } from '../index.js';
import type { CloudParts } from '../parts.js';
import { billingMonth, HOUR_MS, hourFloor, monthOf } from './months.js';
import * as usage from './usage-repository.js';

export interface MeteringOptions {
  /** Ask drivers for real sizes (default true). The benchmark measures both ways. */
  measure?: boolean;
  /** Resources per INSERT … SELECT (default 1000). */
  batchSize?: number;
  /** External ids per driver.measure() call (default 500). */
  measureChunk?: number;
}

/** How far back catchUp goes: older gaps stay gaps (the service was down; the IT centre may run hours by hand). */
export const CATCH_UP_HOURS = 48;

export interface MeterResult {
  hours: number;
  resources: number;
  measured: number;
}

export type MeteringDepsNarrow = Pick<CloudParts, 'ctx' | 'drivers'>;

export class MeteringService implements Metering {
  /** Months whose partition this process has made sure of. */
  private readonly partitions = new Set<string>();
  /** The newest hour this process metered (saves a scan of cloud_usage on every scheduler tick). */
  private lastMetered: number | null = null;

  constructor(private readonly deps: MeteringDepsNarrow, private readonly options: MeteringOptions = {}) {}

  private get db() {
    return this.deps.ctx.db;
  }

  async ensurePartition(month: string): Promise<void> {
    if (this.partitions.has(month)) return;
    await usage.ensureUsagePartition(this.db, month);
    this.partitions.add(month);
  }

  async meterHour(hourStart: Date): Promise<{ resources: number; measured: number }> {
    const hour = hourFloor(hourStart);
    const hourEnd = new Date(hour.getTime() + HOUR_MS);
    await this.ensurePartition(monthOf(hour));
    if (this.options.measure === false) return { resources: await usage.insertUsageForHour(this.db, hour, hourEnd), measured: 0 };
    const candidates = await usage.unmeteredResources(this.db, hour, hourEnd);
    if (candidates.length === 0) return { resources: 0, measured: 0 };
    const measurements = await this.measure(candidates);
    const batchSize = this.options.batchSize ?? 1000;
    const measuredAt = new Date();
    let resources = 0;
    let measured = 0;
    for (let from = 0; from < candidates.length; from += batchSize) {
      const entries = candidates.slice(from, from + batchSize).map((candidate) => ({ id: candidate.id, measured: measurements.get(candidate.id) ?? null }));
      const written = await this.db.transaction().execute((trx) => usage.insertUsageBatch(trx, hour, entries, measuredAt));
      resources += written.inserted;
      measured += written.measured;
    }
    return { resources, measured };
  }

  /**
   * Real sizes per resource id, asked of each endpoint's driver in chunks. A driver that cannot measure, or fails,
   * costs its resources their measurement for this hour, never the run.
   */
  private async measure(candidates: usage.MeterCandidate[]): Promise<Map<string, Record<string, number>>> {
    const byEndpoint = new Map<string, usage.MeterCandidate[]>();
    for (const candidate of candidates) {
      if (!candidate.externalId) continue;
      const list = byEndpoint.get(candidate.endpointId) ?? [];
      list.push(candidate);
      byEndpoint.set(candidate.endpointId, list);
    }
    const found = new Map<string, Record<string, number>>();
    const chunk = this.options.measureChunk ?? 500;
    await Promise.all(
      [...byEndpoint.entries()].map(async ([endpointId, list]) => {
        try {
          const driver = await this.deps.drivers.forEndpoint(endpointId);
          if (!driver.measure) return;
          for (let from = 0; from < list.length; from += chunk) {
            const part = list.slice(from, from + chunk);
            const sizes = await driver.measure(part.map((candidate) => candidate.externalId!));
            for (const candidate of part) {
              const size = sizes.get(candidate.externalId!);
              if (size && Object.keys(size).length > 0) found.set(candidate.id, size);
            }
          }
        } catch (error) {
          // Only the message: a driver's error never carries credentials, but its settings object might.
          this.deps.ctx.log.warn({ endpointId, error: error instanceof Error ? error.message : String(error) }, 'cloud metering: measuring failed, usage written without sizes');
        }
      }),
    );
    return found;
  }

  async catchUp(now: Date = new Date()): Promise<number> {
    return (await this.catchUpDetailed(now)).hours;
  }

  async backfill(from: Date, to: Date): Promise<number> {
    let rows = 0;
    let start = hourFloor(from);
    const end = hourFloor(to);
    while (start < end) {
      const month = monthOf(start);
      const monthEnd = billingMonth(month).end;
      const stop = monthEnd < end ? monthEnd : end;
      await this.ensurePartition(month);
      rows += await usage.insertUsageForRange(this.db, start, stop);
      start = stop;
    }
    return rows;
  }

  /** Meters every completed hour from the last metered one (again, in case its run stopped half-way) to the last completed one. */
  async catchUpDetailed(now: Date = new Date()): Promise<MeterResult> {
    const lastCompleted = hourFloor(now).getTime() - HOUR_MS;
    const earliest = lastCompleted - (CATCH_UP_HOURS - 1) * HOUR_MS;
    let from: number;
    if (this.lastMetered !== null && this.lastMetered >= earliest && this.lastMetered <= lastCompleted) {
      from = this.lastMetered;
    } else {
      const last = await usage.lastMeteredHour(this.db, new Date(earliest), new Date(lastCompleted + HOUR_MS));
      from = last ? last.getTime() : earliest;
    }
    const total: MeterResult = { hours: 0, resources: 0, measured: 0 };
    for (let hour = from; hour <= lastCompleted; hour += HOUR_MS) {
      const result = await this.meterHour(new Date(hour));
      this.lastMetered = hour;
      total.hours++;
      total.resources += result.resources;
      total.measured += result.measured;
    }
    return total;
  }
}
