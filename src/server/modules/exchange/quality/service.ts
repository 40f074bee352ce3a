/**
 * Measuring quality and watching freshness: a score per resource (completeness, validity, uniqueness,
 * timeliness), computed after loads (debounced per resource), by a daily sweep and on demand; and freshness
 * alarms raised by a periodic sweep and cleared by the next load.
 */
import type { Actor } from '../../../platform/actor.js';
import { forbidden } from '../../../platform/errors.js';
import type { StoreChanged } from '../index.js';
import type { ExchangeParts } from '../parts.js';
import { mayMeasure } from './policy.js';
import { presentScore, type ScoreFull } from './presenter.js';
import { LOAD_WINDOW_DAYS, QualityRepository } from './repository.js';
import { dueAt, round2, timeliness, uniquenessOf, validityOf, weightedScore, WEIGHTS } from './scoring.js';

export type MeasureTrigger = 'load' | 'sweep' | 'manual';

export interface QualityOptions {
  /** At most one measurement per resource per this many ms after loads (default one minute). */
  debounceMs?: number;
  /** Stores with more rows than this are measured on a sample (default 200,000). */
  sampleAbove?: number;
  /** Rows the sample aims at (default 100,000). */
  sampleRows?: number;
  /** The daily sweep re-measures stores whose latest score is older than this (default 24 h). */
  remeasureAfterHours?: number;
}

type Deps = Pick<ExchangeParts, 'ctx' | 'stores' | 'events' | 'directory'>;

export class QualityService {
  readonly repo: QualityRepository;
  private readonly debounceMs: number;
  private readonly sampleAbove: number;
  private readonly sampleRows: number;
  readonly remeasureAfterHours: number;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly lastRun = new Map<string, number>();
  private readonly inflight = new Set<Promise<unknown>>();
  private listening = false;
  private stopped = false;

  constructor(private readonly deps: Deps, options: QualityOptions = {}) {
    this.repo = new QualityRepository(deps.ctx.db);
    this.debounceMs = options.debounceMs ?? 60_000;
    this.sampleAbove = options.sampleAbove ?? 200_000;
    this.sampleRows = options.sampleRows ?? 100_000;
    this.remeasureAfterHours = options.remeasureAfterHours ?? 24;
  }

  // ------------------------------------------------------------ measuring

  /** Measures one resource now and records the score (the store is created on first use like everywhere). */
  async measure(code: string, trigger: MeasureTrigger, now = new Date(), auditActor?: Actor): Promise<ScoreFull> {
    const definition = await this.deps.stores.forResource(code);
    const [state] = await this.repo.overview({ code, withStore: true });
    const rowCount = Number(state?.row_count ?? 0);
    const lastLoadAt = state?.last_load_at ?? null;

    const completeness = await this.completeness(definition.table, definition.columns, rowCount);
    const stats = await this.repo.loadStats(definition.resourceId);
    const validity = validityOf(stats.received, stats.rejected);
    const uniqueness = uniquenessOf(stats.received, stats.duplicateKeys);
    const timely = timeliness(definition.updateCycle, lastLoadAt, now);
    const dimensions = { completeness: completeness.value, validity, uniqueness, timeliness: timely.value };
    const { value: _value, ...timelinessDetails } = timely;
    const score = {
      resourceId: definition.resourceId,
      ...dimensions,
      score: weightedScore(dimensions),
      rowCount,
      details: {
        trigger,
        weights: WEIGHTS,
        completeness: completeness.details,
        validity: { windowDays: LOAD_WINDOW_DAYS, loads: stats.loads, received: stats.received, rejected: stats.rejected },
        uniqueness: { windowDays: LOAD_WINDOW_DAYS, loads: stats.loads, received: stats.received, duplicateKeys: stats.duplicateKeys },
        timeliness: timelinessDetails,
      },
    };
    const row = auditActor
      ? await this.deps.ctx.db.transaction().execute(async (trx) => {
          const inserted = await new QualityRepository(trx).insertScore(score);
          await this.deps.ctx.audit.record(trx, {
            actor: auditActor, action: 'exchange.quality_measured', targetType: 'resource', targetId: code,
            after: { score: score.score, ...dimensions },
          });
          return inserted;
        })
      : await this.repo.insertScore(score);
    this.lastRun.set(code, Date.now());
    return presentScore(row);
  }

  /** On-demand measurement: the provider department or the data bureau. */
  async measureAsActor(actor: Actor, code: string): Promise<ScoreFull> {
    const definition = await this.deps.stores.forResource(code);
    if (!mayMeasure(actor, definition.providerDepartmentId)) {
      throw forbidden('Only the provider department or the data bureau may measure this resource.', 'exchange.not_provider');
    }
    return this.measure(code, 'manual', new Date(), actor);
  }

  /**
   * Share of non-null values over all data items of the current records, required items weighing double. Big
   * stores are measured on a TABLESAMPLE SYSTEM sample (whole pages), widened if it happens to come back empty.
   */
  private async completeness(table: string, columns: Array<{ name: string; required: boolean }>, rowCount: number) {
    const names = columns.map((column) => column.name);
    let samplePercent: number | null = rowCount > this.sampleAbove ? Math.min(100, Math.max(0.01, (this.sampleRows / rowCount) * 100)) : null;
    let measured = await this.repo.columnPresence(table, names, samplePercent);
    while (samplePercent !== null && measured.rows === 0 && rowCount > 0 && samplePercent < 100) {
      samplePercent = Math.min(100, samplePercent * 10);
      measured = await this.repo.columnPresence(table, names, samplePercent);
    }
    let weighted = 0;
    let totalWeight = 0;
    const fields: Record<string, { present: number; share: number; weight: number }> = {};
    for (const column of columns) {
      const weight = column.required ? 2 : 1;
      const present = measured.present[column.name] ?? 0;
      const share = measured.rows ? present / measured.rows : 0;
      fields[column.name] = { present, share: round2(share * 100), weight };
      weighted += share * weight;
      totalWeight += weight;
    }
    const value = measured.rows && totalWeight ? round2((weighted / totalWeight) * 100) : 0;
    return {
      value,
      details: {
        rowCount,
        rowsMeasured: measured.rows,
        sampled: samplePercent !== null,
        samplePercent: samplePercent === null ? null : round2(samplePercent),
        method: samplePercent === null ? 'all current records' : `TABLESAMPLE SYSTEM (${round2(samplePercent)} %) because the store holds more than ${this.sampleAbove} rows`,
        requiredWeight: 2,
        fields,
        ...(measured.rows === 0 ? { note: 'no records: completeness is 0' } : {}),
      },
    };
  }

  /** Measures every store whose latest score is older than the re-measure age (the daily sweep). */
  async measureDue(): Promise<string[]> {
    const measured: string[] = [];
    for (const code of await this.repo.storesDueForMeasure(this.remeasureAfterHours)) {
      if (this.stopped) break;
      try {
        await this.measure(code, 'sweep');
        measured.push(code);
      } catch (error) {
        this.deps.ctx.log.warn({ err: error, resourceCode: code }, 'exchange quality: measuring failed');
      }
    }
    return measured;
  }

  // ------------------------------------------------------------ after loads (debounced)

  /** Subscribes to storeChanged once (start() calls this). */
  listen(): void {
    if (this.listening) return;
    this.listening = true;
    this.deps.events.storeChanged((event) => this.onStoreChanged(event));
  }

  /** A load changed the store: clear its freshness alarm now, and measure it (at most once per debounce window). */
  onStoreChanged(event: StoreChanged): void {
    if (this.stopped) return;
    this.track(
      this.repo.clearAlarmByCode(event.resourceCode).then((cleared) => {
        if (cleared) this.deps.ctx.log.info({ resourceCode: event.resourceCode, loadId: event.loadId }, 'exchange freshness alarm cleared by a load');
      }),
    );
    this.schedule(event.resourceCode);
  }

  private schedule(code: string): void {
    if (this.pending.has(code)) return;
    const last = this.lastRun.get(code);
    const delay = last === undefined ? 0 : Math.max(0, last + this.debounceMs - Date.now());
    const timer = setTimeout(() => {
      this.pending.delete(code);
      this.runMeasure(code);
    }, delay);
    timer.unref();
    this.pending.set(code, timer);
  }

  private runMeasure(code: string): void {
    this.lastRun.set(code, Date.now());
    this.track(this.measure(code, 'load'));
  }

  private track(promise: Promise<unknown>): void {
    const guarded = promise.catch((error) => this.deps.ctx.log.warn({ err: error }, 'exchange quality: background work failed'));
    this.inflight.add(guarded);
    void guarded.finally(() => this.inflight.delete(guarded));
  }

  /** Resources with a measurement waiting for its debounce window. */
  pendingResources(): string[] {
    return [...this.pending.keys()];
  }

  /** Runs waiting measurements now and waits for all background work (tests, shutdown). */
  async flushPending(): Promise<void> {
    for (const [code, timer] of this.pending) {
      clearTimeout(timer);
      this.pending.delete(code);
      this.runMeasure(code);
    }
    while (this.inflight.size) await Promise.all([...this.inflight]);
  }

  // ------------------------------------------------------------ freshness alarms

  /**
   * One freshness sweep: every store whose last load (or, never loaded, its creation) is older than its cycle +
   * grace gets an alarm (one open alarm per resource); an open alarm is cleared when a newer succeeded load
   * exists (even one that changed nothing) or the resource is no longer late.
   */
  async sweepOnce(now = new Date()): Promise<{ raised: string[]; cleared: string[] }> {
    const raised: string[] = [];
    const cleared: string[] = [];
    for (const row of await this.repo.overview({ withStore: true })) {
      const due = dueAt(row.update_cycle, row.last_load_at ?? row.store_created_at);
      const late = due !== null && due.getTime() < now.getTime();
      if (row.alarm_id) {
        const newerLoad = row.last_load_at !== null && (row.alarm_last_load_at === null || row.last_load_at.getTime() > row.alarm_last_load_at.getTime());
        if ((newerLoad || !late) && (await this.repo.clearAlarm(row.id))) cleared.push(row.code);
      } else if (late && due && (await this.repo.raiseAlarm(row.id, due, row.last_load_at))) {
        raised.push(row.code);
        this.deps.ctx.log.warn(
          { resourceCode: row.code, departmentId: row.provider_department_id, updateCycle: row.update_cycle, dueAt: due.toISOString(), lastLoadAt: row.last_load_at?.toISOString() ?? null },
          `exchange freshness alarm: ${row.code} missed its ${row.update_cycle} update cycle`,
        );
      }
    }
    return { raised, cleared };
  }

  stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    return Promise.all([...this.inflight]).then(() => undefined);
  }
}
