/**
 * The Harvester: runs sources now or on their schedule, one run per source at a time, and keeps their history.
 *
 * One run per source: on PostgreSQL the run holds a session advisory lock on a reserved connection for as long as
 * it lasts (a second node's claim fails at once; a node that dies releases the lock with its connection). On
 * PGlite the database belongs to this one process, so the process's own bookkeeping is the lock. A run row left
 * 'running' by a process that died is marked failed when the source is next claimed.
 *
 * A run: CKAN sources are incremental (metadata_modified since the last successful run, minus a safety overlap)
 * except the first run, every `fullEvery`th run and runs asked to be full, which list every dataset and mark the
 * local copies of datasets gone from the source deleted. DCAT runs always read the whole catalog. One bad dataset
 * is an error row and the run ends 'partial'; the source failing (network, HTTP status, unreadable answer) ends
 * it 'failed' with the message, keeping what was written before.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.js';
import { conflict, notFound } from '../../../platform/errors.js';
import { PollLoop } from '../../../platform/poll-loop.js';
import { nextOccurrence, parseCron } from '../../exchange/pull/cron.js';
import type { Harvester, HarvestRunSummary } from '../index.js';
import type { OpendataParts } from '../parts.js';
import { ckanBase, ckanPages } from './ckan.js';
import { dcatPages } from './dcat.js';
import { DEFAULT_LIMITS, type FetchLimits } from './http.js';
import { DatasetProblem, SourceFailure, type HarvestedDataset } from './model.js';
import { presentRun } from './presenter.js';
import * as repo from './repository.js';
import type { RunRow, SourceRow } from './repository.js';
import type { SourceConfig } from './schema.js';
import { HarvestWriter } from './writer.js';

export interface HarvesterOptions {
  /** How often the scheduler looks for due sources. Default 30 s. */
  pollMs?: number;
  /** Pages followed per run at most. Default 10,000. */
  maxPages?: number;
  /** Per-dataset error rows kept per run (the `failed` count goes on). Default 1000. */
  maxErrorRows?: number;
}

export interface RunRequest {
  trigger: 'manual' | 'schedule';
  /** CKAN: a full run even when an incremental one is due. */
  full?: boolean;
  /** Called in the transaction that creates the run row (the audit entry of "run now"). */
  onClaim?: (trx: Tx, run: HarvestRunSummary) => Promise<void>;
}

const LOCK_NAMESPACE = 72_000_047;
export const DEFAULT_FULL_EVERY = 10;
export const DEFAULT_ROWS = 100;
export const DEFAULT_OVERLAP_SECONDS = 300;

class RunStopped extends Error {
  constructor() {
    super('opendata.harvest_stopped: the server stopped during the run.');
  }
}

interface Counts { created: number; updated: number; unchanged: number; deleted: number; failed: number }

type Parts = Pick<OpendataParts, 'ctx' | 'search'>;

export class HarvestRunner implements Harvester {
  private readonly loop: PollLoop;
  private stopping = false;
  /** Source id → the run going on in this process. */
  private readonly active = new Map<string, Promise<HarvestRunSummary>>();
  private readonly pollMs: number;
  private readonly maxPages: number;
  private readonly maxErrorRows: number;

  constructor(private readonly parts: Parts, options: HarvesterOptions = {}) {
    this.pollMs = options.pollMs ?? 30_000;
    this.loop = new PollLoop({
      intervalMs: this.pollMs,
      tick: () => this.runDue(),
      onError: (error) => this.parts.ctx.log.error({ err: error }, 'harvest scheduler failed'),
    });
    this.maxPages = options.maxPages ?? 10_000;
    this.maxErrorRows = options.maxErrorRows ?? 1000;
  }

  private get db(): Db {
    return this.parts.ctx.db;
  }

  // ------------------------------------------------------------ schedule

  start(): void {
    this.stopping = false;
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop.stop();
    await this.whenIdle();
  }

  /** Resolves when no run of this process is going on. */
  async whenIdle(): Promise<void> {
    while (this.active.size > 0) await Promise.allSettled([...this.active.values()]);
  }

  /** Runs every source whose time has come, one after the other; answers the runs made. */
  async runDue(): Promise<HarvestRunSummary[]> {
    const done: HarvestRunSummary[] = [];
    const tried = new Set<string>();
    while (!this.stopping) {
      const due = await this.db.transaction().execute(async (trx) => {
        const source = await repo.lockDueSource(trx);
        if (!source) return null;
        await repo.setSourceState(trx, source.id, { next_run_at: nextRunAfter(source.schedule, new Date()) });
        return source;
      });
      if (!due || tried.has(due.id)) break;
      tried.add(due.id);
      try {
        done.push(await this.run(due.id, 'schedule'));
      } catch (error) {
        // Running elsewhere (another node or a manual run): its time was moved on, nothing to do now.
        this.parts.ctx.log.info({ sourceId: due.id, err: error }, 'scheduled harvest skipped');
      }
    }
    return done;
  }

  // ------------------------------------------------------------ runs

  /** Runs one source now and resolves when the run has finished. */
  async run(sourceId: string, trigger: 'manual' | 'schedule', options: Omit<RunRequest, 'trigger'> = {}): Promise<HarvestRunSummary> {
    const { finished } = await this.begin(sourceId, { ...options, trigger });
    return finished;
  }

  /** Claims the source and starts the run in the background: answers the run as created. */
  async startRun(sourceId: string, request: RunRequest): Promise<HarvestRunSummary> {
    const { run, finished } = await this.begin(sourceId, request);
    finished.catch(() => undefined);
    return run;
  }

  /**
   * Takes the source's lock, creates the run row and starts the work; `run` resolves once the run is claimed,
   * `finished` when it ends. A source already running is 409 opendata.harvest_running.
   */
  private async begin(sourceId: string, request: RunRequest): Promise<{ run: HarvestRunSummary; finished: Promise<HarvestRunSummary> }> {
    if (this.active.has(sourceId)) throw conflict('opendata.harvest_running', 'The source is being harvested right now.');
    let claimed!: (value: { row: RunRow; source: SourceRow }) => void;
    let refused!: (error: unknown) => void;
    const claim = new Promise<{ row: RunRow; source: SourceRow }>((resolve, reject) => {
      claimed = resolve;
      refused = reject;
    });
    const work = async (): Promise<HarvestRunSummary> => {
      const got = await this.claim(sourceId, request);
      claimed(got);
      return this.execute(got.row, got.source, request.full ?? false);
    };
    const finished = Promise.resolve()
      .then(() => this.withSourceLock(sourceId, work))
      .catch((error: unknown) => {
        refused(error); // refused before the claim (busy, unknown source); no effect once claimed
        throw error;
      })
      .finally(() => this.active.delete(sourceId));
    this.active.set(sourceId, finished);
    finished.catch(() => undefined);
    const { row } = await claim;
    return { run: presentRun(row), finished };
  }

  /** Runs `work` holding the source's advisory lock (PostgreSQL); another node holding it is 409. */
  private async withSourceLock<T>(sourceId: string, work: () => Promise<T>): Promise<T> {
    if (this.parts.ctx.dbKind !== 'postgres') return work();
    return this.db.connection().execute(async (connection) => {
      const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${LOCK_NAMESPACE}, hashtext(${sourceId})) AS locked`.execute(connection);
      if (!rows[0]?.locked) throw conflict('opendata.harvest_running', 'The source is being harvested by another server.');
      try {
        return await work();
      } finally {
        await sql`SELECT pg_advisory_unlock(${LOCK_NAMESPACE}, hashtext(${sourceId}))`.execute(connection).catch(() => undefined);
      }
    });
  }

  /** With the lock held: runs left 'running' are dead; create this run's row. */
  private async claim(sourceId: string, request: RunRequest): Promise<{ row: RunRow; source: SourceRow }> {
    return this.db.transaction().execute(async (trx) => {
      const source = await repo.lockSource(trx, sourceId);
      if (!source) throw notFound('opendata.harvest_source_not_found', 'No such harvest source.');
      for (const stale of await repo.runningRuns(trx, sourceId)) {
        await repo.updateRun(trx, stale.id, { status: 'failed', message: 'opendata.harvest_interrupted: the server running it stopped before the run finished.', finished_at: new Date() });
      }
      const row = await repo.insertRun(trx, { id: randomUUID(), source_id: sourceId, trigger: request.trigger, status: 'running' });
      await repo.setSourceState(trx, sourceId, { last_run_at: row.started_at });
      await request.onClaim?.(trx, presentRun(row));
      return { row, source };
    });
  }

  private limitsOf(config: SourceConfig): FetchLimits {
    return {
      timeoutMs: (config.timeoutSeconds ?? DEFAULT_LIMITS.timeoutMs / 1000) * 1000,
      maxBytes: config.maxPageMegabytes ? config.maxPageMegabytes * 1024 * 1024 : DEFAULT_LIMITS.maxBytes,
    };
  }

  private async execute(run: RunRow, source: SourceRow, askedFull: boolean): Promise<HarvestRunSummary> {
    const log = this.parts.ctx.log.child({ harvestSourceId: source.id, harvestRunId: run.id });
    const config = (source.config ?? {}) as SourceConfig;
    const writer = new HarvestWriter(this.db, source);
    const counts: Counts = { created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0 };
    const problems: Array<{ identifier: string | null; message: string }> = [];
    let storedErrors = 0;
    const seen = new Set<string>();
    const started = new Date(run.started_at);
    let maxModified: string | null = source.last_modified_seen ? new Date(source.last_modified_seen).toISOString() : null;

    const flush = async () => {
      const keep = problems.splice(0).slice(0, Math.max(0, this.maxErrorRows - storedErrors));
      storedErrors += keep.length;
      await repo.insertErrors(this.db, run.id, keep);
      await repo.updateRun(this.db, run.id, { ...counts });
    };
    const take = async (item: HarvestedDataset | DatasetProblem) => {
      if (this.stopping) throw new RunStopped();
      if (item instanceof DatasetProblem) {
        counts.failed++;
        if (item.identifier) seen.add(item.identifier);
        problems.push({ identifier: item.identifier, message: item.message });
        return;
      }
      seen.add(item.identifier);
      try {
        counts[await writer.write(item, started)]++;
        if (item.metadataModified && (maxModified === null || item.metadataModified > maxModified)) maxModified = item.metadataModified;
      } catch (error) {
        counts.failed++;
        log.warn({ err: error, identifier: item.identifier }, 'harvested dataset not written');
        problems.push({ identifier: item.identifier, message: `The dataset could not be stored: ${(error as Error).message}` });
      }
    };

    let status: 'succeeded' | 'partial' | 'failed';
    let message: string | null;
    const state: Parameters<typeof repo.setSourceState>[2] = {};
    try {
      const limits = this.limitsOf(config);
      if (source.type === 'ckan') {
        const fullEvery = config.fullEvery ?? DEFAULT_FULL_EVERY;
        const previous = await repo.countFinishedRuns(this.db, source.id);
        const full = askedFull || source.last_modified_seen === null || (fullEvery > 0 && (previous + 1) % fullEvery === 0);
        const since = full || !source.last_modified_seen
          ? null
          : new Date(new Date(source.last_modified_seen).getTime() - (config.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS) * 1000).toISOString();
        let firstCount: number | null = null;
        let lastCount: number | null = null;
        for await (const page of ckanPages({ base: ckanBase(source.url), fq: config.fq ?? null, since, rows: config.rows ?? DEFAULT_ROWS, maxPages: this.maxPages, limits })) {
          firstCount ??= page.count;
          lastCount = page.count;
          for (const item of page.items) await take(item);
          await flush();
        }
        if (full) {
          if (firstCount === lastCount) {
            counts.deleted = await writer.deleteMissing(seen);
            message = `Full run: ${seen.size} datasets at the source.`;
          } else {
            message = 'Full run: the source changed while it was listed, so deletions wait for the next full run.';
          }
        } else {
          message = `Incremental run: datasets modified since ${since}.`;
        }
        if (maxModified) state.last_modified_seen = maxModified;
      } else {
        for await (const page of dcatPages({ url: source.url, format: config.format, maxPages: this.maxPages, limits })) {
          for (const item of page.items) await take(item);
          await flush();
        }
        counts.deleted = await writer.deleteMissing(seen);
        message = `Full run: ${seen.size} datasets in the catalog.`;
      }
      status = counts.failed > 0 ? 'partial' : 'succeeded';
      state.last_success_at = new Date();
    } catch (error) {
      status = 'failed';
      if (error instanceof SourceFailure) message = `${error.code}: ${error.message}`;
      else if (error instanceof RunStopped) message = error.message;
      else {
        log.error({ err: error }, 'harvest run failed');
        message = `opendata.harvest_failed: ${(error as Error)?.message ?? String(error)}`;
      }
      log.warn({ message }, 'harvest run failed');
    }
    try {
      await flush();
      await this.db.transaction().execute(async (trx) => {
        await repo.updateRun(trx, run.id, { ...counts, status, message: message.slice(0, 4000), finished_at: new Date() });
        await repo.setSourceState(trx, source.id, state);
      });
    } catch (error) {
      log.error({ err: error }, 'could not record the end of a harvest run');
    }
    await this.parts.search.refresh().catch((error: unknown) => log.warn({ err: error }, 'search refresh after harvest failed'));
    const row = await repo.getRun(this.db, run.id);
    return presentRun(row ?? { ...run, ...counts, status, message, finished_at: new Date() });
  }
}

/** The next time a schedule fires after `after`, or null (no schedule, or one that cannot be read). */
export function nextRunAfter(schedule: string | null, after: Date): Date | null {
  if (!schedule) return null;
  try {
    return nextOccurrence(parseCron(schedule), after);
  } catch {
    return null;
  }
}
