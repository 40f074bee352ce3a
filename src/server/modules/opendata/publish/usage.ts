/**
 * Usage counts (views, downloads, API calls): counted in process, flushed every few seconds as two statements
 * (per day, and running totals), whatever the number of datasets touched. Counts not yet flushed are still
 * seen by the reader (pendingFor) and by totals(), so a page shows its own view at once.
 */
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { Logger } from '../../../platform/logger.js';
import type { Usage, UsageKind } from '../index.js';
import type { UsageTotals } from './presenter.js';

const FLUSH_MS = 5_000;

type Tally = UsageTotals;
const zero = (): Tally => ({ views: 0, downloads: 0, apiCalls: 0 });

/** datasetId → day → counts. */
type Pending = Map<string, Map<string, Tally>>;

export interface UsageCounter {
  pendingFor(datasetId: string): { total: Tally; byDay: Map<string, Tally> };
}

function add(into: Tally, from: Tally): void {
  into.views += from.views;
  into.downloads += from.downloads;
  into.apiCalls += from.apiCalls;
}

export class UsageImpl implements Usage, UsageCounter {
  private pending: Pending = new Map();
  /** Counts being written: still shown until the write commits. */
  private inFlight: Pending = new Map();
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly db: Db, private readonly log: Logger, private readonly today: () => string) {}

  private tally(datasetId: string, day: string): Tally {
    let days = this.pending.get(datasetId);
    if (!days) {
      days = new Map();
      this.pending.set(datasetId, days);
    }
    let tally = days.get(day);
    if (!tally) {
      tally = zero();
      days.set(day, tally);
    }
    return tally;
  }

  count(datasetId: string, kind: UsageKind): void {
    const tally = this.tally(datasetId, this.today());
    if (kind === 'view') tally.views++;
    else if (kind === 'download') tally.downloads++;
    else tally.apiCalls++;
  }

  pendingFor(datasetId: string): { total: Tally; byDay: Map<string, Tally> } {
    const total = zero();
    const byDay = new Map<string, Tally>();
    for (const source of [this.pending, this.inFlight]) {
      for (const [day, tally] of source.get(datasetId) ?? []) {
        add(total, tally);
        const entry = byDay.get(day) ?? zero();
        add(entry, tally);
        byDay.set(day, entry);
      }
    }
    return { total, byDay };
  }

  async totals(): Promise<Map<string, UsageTotals>> {
    const rows = await this.db.selectFrom('opendata_dataset_stats').selectAll().execute();
    const totals = new Map<string, UsageTotals>(rows.map((row) => [row.dataset_id, { views: Number(row.views), downloads: Number(row.downloads), apiCalls: Number(row.api_calls) }]));
    for (const source of [this.pending, this.inFlight]) {
      for (const [datasetId, days] of source) {
        const entry = totals.get(datasetId) ?? zero();
        for (const tally of days.values()) add(entry, tally);
        totals.set(datasetId, entry);
      }
    }
    return totals;
  }

  /** Writes what was counted; a call made during a write waits for it, then writes what came meanwhile. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (!this.pending.size) return;
    this.inFlight = this.pending;
    this.pending = new Map();
    this.flushing = this.write(this.inFlight)
      .catch((error: unknown) => {
        // Keep the counts for the next flush rather than lose them.
        for (const [datasetId, days] of this.inFlight) {
          for (const [day, tally] of days) add(this.tally(datasetId, day), tally);
        }
        this.log.error({ err: error }, 'open data usage flush failed; kept for the next one');
      })
      .finally(() => {
        this.inFlight = new Map();
        this.flushing = null;
      });
    await this.flushing;
  }

  private async write(batch: Pending): Promise<void> {
    const daily = { ids: [] as string[], days: [] as string[], views: [] as number[], downloads: [] as number[], apiCalls: [] as number[] };
    const totals = { ids: [] as string[], views: [] as number[], downloads: [] as number[], apiCalls: [] as number[] };
    for (const [datasetId, days] of batch) {
      const total = zero();
      for (const [day, tally] of days) {
        daily.ids.push(datasetId);
        daily.days.push(day);
        daily.views.push(tally.views);
        daily.downloads.push(tally.downloads);
        daily.apiCalls.push(tally.apiCalls);
        add(total, tally);
      }
      totals.ids.push(datasetId);
      totals.views.push(total.views);
      totals.downloads.push(total.downloads);
      totals.apiCalls.push(total.apiCalls);
    }
    await this.db.transaction().execute(async (trx) => {
      await sql`
        INSERT INTO opendata_usage_daily (dataset_id, day, views, downloads, api_calls)
        SELECT u.id, u.day, u.views, u.downloads, u.api_calls
          FROM unnest(${daily.ids}::uuid[], ${daily.days}::date[], ${daily.views}::bigint[], ${daily.downloads}::bigint[], ${daily.apiCalls}::bigint[])
               AS u(id, day, views, downloads, api_calls)
         WHERE EXISTS (SELECT 1 FROM opendata_datasets d WHERE d.id = u.id)
        ON CONFLICT (dataset_id, day) DO UPDATE SET
          views = opendata_usage_daily.views + EXCLUDED.views,
          downloads = opendata_usage_daily.downloads + EXCLUDED.downloads,
          api_calls = opendata_usage_daily.api_calls + EXCLUDED.api_calls`.execute(trx);
      await sql`
        INSERT INTO opendata_dataset_stats (dataset_id, views, downloads, api_calls)
        SELECT u.id, u.views, u.downloads, u.api_calls
          FROM unnest(${totals.ids}::uuid[], ${totals.views}::bigint[], ${totals.downloads}::bigint[], ${totals.apiCalls}::bigint[])
               AS u(id, views, downloads, api_calls)
         WHERE EXISTS (SELECT 1 FROM opendata_datasets d WHERE d.id = u.id)
        ON CONFLICT (dataset_id) DO UPDATE SET
          views = opendata_dataset_stats.views + EXCLUDED.views,
          downloads = opendata_dataset_stats.downloads + EXCLUDED.downloads,
          api_calls = opendata_dataset_stats.api_calls + EXCLUDED.api_calls`.execute(trx);
    });
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
