/**
 * Runs pulls: the scheduler claims due pulls (FOR UPDATE SKIP LOCKED, so several nodes share the work), moves
 * their next run time, and reads the source into the store through the loading core.
 *
 *   incremental  rows past the committed cursor (read-plan.ts), in chunks of `chunkSize` rows; each chunk is one
 *                load whose beforeCommit stores the new cursor and the run's counts in the load's transaction.
 *                A failure mid-chunk rolls back that chunk and its cursor; the next run resumes from the last
 *                committed chunk, and rows read twice merge as `unchanged`.
 *   full         every row in one load with deleteMissing: keys absent from the source are deleted.
 *   reconcile    every `reconcileEveryRuns` incremental runs, the same full read (deleteMissing) to find rows
 *                deleted at the source, which no cursor can see. Its cost is a full read of the source table and a
 *                staging of every row (one load the size of the table); choose the interval by the table's size.
 * The run row is created when the pull is claimed; its counts move with each committed chunk; its final status
 * is written outside the load transactions, so a failure ends as 'failed' with the error even though the
 * chunk rolled back. A run row left 'running' by a process that died is marked failed when the pull is next
 * claimed after `leaseMinutes`.
 */
import { randomUUID } from 'node:crypto';
import { cliActor } from '../../../platform/actor.js';
import { json, type Tx } from '../../../platform/db/database.js';
import { conflict, DomainError, notFound } from '../../../platform/errors.js';
import { PollLoop } from '../../../platform/poll-loop.js';
import type { RawRecord } from '../index.js';
import type { ExchangeParts } from '../parts.js';
import { nextOccurrence, parseCron } from './cron.js';
import { presentRun } from './presenter.js';
import { convertValue, cursorText, planRead } from './read-plan.js';
import * as repo from './repository.js';
import type { PullRunRow } from './repository.js';
import type { RunAnswer } from './schema.js';
import { openSettings, type RunStarter } from './service.js';
import { openSource, SourceError, type SourceClient, type SourceColumn } from './source-client.js';

export interface PullRunnerOptions {
  /** How often the scheduler looks for due pulls. */
  pollMs?: number;
  /** Rows per load (and per committed cursor) of an incremental run. */
  chunkSize?: number;
  /** A run row older than this, not running in this process, is taken to be dead. */
  leaseMinutes?: number;
  /** Test seam: called before each source row is handed to the loader (throw to simulate a crash mid-chunk). */
  onRow?: (context: { pullId: string; runId: string; row: number }) => void;
}

type Parts = Pick<ExchangeParts, 'ctx' | 'secrets' | 'stores' | 'loads'>;
type PullState = Awaited<ReturnType<typeof repo.lockPull>> & object;

export const DEFAULT_CHUNK_SIZE = 50_000;

function errorText(error: unknown): string {
  if (error instanceof SourceError || error instanceof DomainError) return `${error.code}: ${error.message}`.slice(0, 2000);
  return String((error as Error)?.message ?? error).slice(0, 2000);
}

class RunStopped extends Error {
  constructor() {
    super('The server stopped during the run; the current chunk was rolled back.');
  }
}

export class PullRunner implements RunStarter {
  private readonly loop: PollLoop;
  private stopping = false;
  private readonly active = new Map<string, Promise<RunAnswer>>();
  private readonly chunkSize: number;
  private readonly pollMs: number;
  private readonly leaseMinutes: number;

  constructor(private readonly parts: Parts, private readonly options: PullRunnerOptions = {}) {
    this.chunkSize = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
    this.pollMs = options.pollMs ?? 5_000;
    this.leaseMinutes = options.leaseMinutes ?? 30;
    this.loop = new PollLoop({
      intervalMs: this.pollMs,
      tick: () => this.runDue(),
      onError: (error) => this.parts.ctx.log.error({ err: error }, 'pull scheduler failed'),
    });
  }

  private get db() {
    return this.parts.ctx.db;
  }

  // ------------------------------------------------------------ scheduling

  start(): void {
    this.stopping = false;
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop.stop();
    await this.whenIdle();
  }

  /** Resolves when no run started by this runner is in progress. */
  async whenIdle(): Promise<void> {
    while (this.active.size > 0) await Promise.allSettled([...this.active.values()]);
  }

  /** Claims and runs due pulls one after the other until none is due; answers the runs it made. */
  async runDue(): Promise<RunAnswer[]> {
    const done: RunAnswer[] = [];
    while (!this.stopping) {
      const claimed = await this.db.transaction().execute(async (trx) => {
        const pull = await repo.lockDuePull(trx);
        if (!pull) return { pull: null, run: null };
        let next: Date | null = null;
        try {
          next = nextOccurrence(parseCron(pull.schedule), new Date());
        } catch {
          next = null;
        }
        await repo.setPullState(trx, pull.id, { next_run_at: next });
        return { pull, run: await this.claim(trx, pull) };
      });
      if (!claimed.pull) break;
      if (claimed.run) done.push(await this.track(claimed.run));
    }
    return done;
  }

  /** Creates the run row for a locked pull, or null when a live run of it is still going. */
  private async claim(trx: Tx, pull: PullState): Promise<PullRunRow | null> {
    const running = await repo.runningRuns(trx, pull.id);
    const leaseStart = Date.now() - this.leaseMinutes * 60_000;
    let live = false;
    for (const run of running) {
      if (this.active.has(run.id) || new Date(run.started_at).getTime() > leaseStart) live = true;
      else {
        await repo.updateRun(trx, run.id, { status: 'failed', error: 'exchange.pull_interrupted: the process running it stopped before the run finished.', finished_at: new Date() });
      }
    }
    if (live) return null;
    const reconcileEvery = Number(pull.reconcile_every_runs);
    const kind = pull.mode === 'full' ? 'full' : reconcileEvery > 0 && Number(pull.runs_since_reconcile) >= reconcileEvery ? 'reconcile' : 'incremental';
    return repo.insertRun(trx, { id: randomUUID(), pull_id: pull.id, kind, status: 'running', cursor_from: kind === 'incremental' ? pull.cursor_value : null });
  }

  private async claimNow(pullId: string, onClaim?: (trx: Tx, run: RunAnswer) => Promise<void>): Promise<PullRunRow> {
    return this.db.transaction().execute(async (trx) => {
      const pull = await repo.lockPull(trx, pullId);
      if (!pull) throw notFound('exchange.pull_not_found', 'No such pull.');
      const run = await this.claim(trx, pull);
      if (!run) throw conflict('exchange.pull_running', 'The pull is already running.');
      await onClaim?.(trx, presentRun(run));
      return run;
    });
  }

  /** Run now, in the background: answers the run as created (status running). */
  async startRun(pullId: string, onClaim?: (trx: Tx, run: RunAnswer) => Promise<void>): Promise<RunAnswer> {
    const run = await this.claimNow(pullId, onClaim);
    void this.track(run);
    return presentRun(run);
  }

  /** Run now and wait for the outcome (benchmarks, tests, the CLI). */
  async runNow(pullId: string): Promise<RunAnswer> {
    return this.track(await this.claimNow(pullId));
  }

  private track(run: PullRunRow): Promise<RunAnswer> {
    const promise = this.execute(run).finally(() => this.active.delete(run.id));
    this.active.set(run.id, promise);
    return promise;
  }

  // ------------------------------------------------------------ one run

  private async execute(run: PullRunRow): Promise<RunAnswer> {
    const log = this.parts.ctx.log.child({ pullId: run.pull_id, runId: run.id, kind: run.kind });
    let client: SourceClient | undefined;
    try {
      const pull = await repo.getPull(this.db, run.pull_id);
      if (!pull) throw notFound('exchange.pull_not_found', 'The pull was deleted.');
      const source = await repo.getSource(this.db, pull.source_id);
      if (!source) throw notFound('exchange.source_not_found', 'The source was deleted.');
      const definition = await this.parts.stores.forResource(pull.resource_code);
      client = await openSource(openSettings(this.parts.secrets, source));

      // Resolve the mapping against the table as it is now (columns may have been dropped since the pull was saved).
      const tables = await client.tables();
      if (!tables.some((table) => table.name === pull.source_table)) throw new SourceError('exchange.source_table_missing', `The source has no table ${pull.source_table}.`);
      const columns = new Map((await client.columns(pull.source_table) ?? []).map((column) => [column.name, column]));
      const need = (name: string): SourceColumn => {
        const column = columns.get(name);
        if (!column) throw new SourceError('exchange.source_column_missing', `The table ${pull.source_table} has no column ${name}.`);
        return column;
      };
      const mapping = Object.entries(pull.column_mapping).filter(([item]) => definition.columns.some((column) => column.name === item));
      const keys = definition.keyColumns.map((item) => {
        const mapped = pull.column_mapping[item];
        if (!mapped) throw new DomainError('exchange.mapping_required', 409, `The key item ${item} is not mapped.`);
        return need(mapped);
      });
      const cursor = run.kind === 'full' || !pull.cursor_column ? null : need(pull.cursor_column);
      const select: SourceColumn[] = [];
      const add = (column: SourceColumn) => {
        if (!select.some((existing) => existing.name === column.name)) select.push(column);
        return select.findIndex((existing) => existing.name === column.name);
      };
      const fields = mapping.map(([item, name]) => {
        const column = need(name);
        const index = add(column);
        const type = definition.columns.find((candidate) => candidate.name === item)!.type;
        return { item, index, valueClass: column.valueClass, type };
      });
      if (cursor) add(cursor);
      keys.forEach(add);

      const plan = planRead({
        kind: client.kind,
        tableRef: client.quoteTable(pull.source_table),
        quote: client.quote,
        select,
        cursor,
        keys,
        from: run.kind === 'incremental' && pull.cursor_value !== null
          ? { value: pull.cursor_value, key: pull.cursor_key, windowSeconds: Number(pull.safety_window_seconds) }
          : null,
      });
      const toRecord = (row: unknown[]): RawRecord => {
        const record: RawRecord = {};
        for (const field of fields) record[field.item] = convertValue(row[field.index], field.valueClass, field.type);
        return record;
      };

      const iterator = client.stream(plan)[Symbol.asyncIterator]();
      let pending = await iterator.next();
      const chunked = run.kind === 'incremental';
      let committed = { value: pull.cursor_value, key: pull.cursor_key as unknown[] | null };
      let rowNumber = 0;
      const actor = cliActor(`pull:${pull.id}`);

      // An incremental run with nothing new writes no load at all.
      while (!(chunked && pending.done)) {
        let last = committed;
        let read = 0;
        let chunkCommitted = false;
        const self = this;
        const records = (async function* () {
          while (!pending.done && (!chunked || read < self.chunkSize)) {
            if (self.stopping) throw new RunStopped();
            const row = pending.value;
            read++;
            rowNumber++;
            self.options.onRow?.({ pullId: pull.id, runId: run.id, row: rowNumber });
            if (plan.cursorIndex !== null) {
              const value = cursorText(row[plan.cursorIndex]);
              if (value !== null) last = { value, key: plan.keyIndexes.map((index) => cursorText(row[index])) };
            }
            yield toRecord(row);
            pending = await iterator.next();
          }
        })();
        const expected = committed;
        const load = await this.parts.loads.loadRecords({
          actor,
          resourceCode: pull.resource_code,
          channel: 'pull',
          format: 'database',
          records,
          rejectPolicy: 'skip',
          deleteMissing: !chunked,
          pullRunId: run.id,
          beforeCommit: async (trx, result) => {
            const locked = await repo.lockPull(trx, pull.id);
            if (!locked) throw notFound('exchange.pull_not_found', 'The pull was deleted during the run.');
            if (chunked && (locked.cursor_value !== expected.value || JSON.stringify(locked.cursor_key ?? null) !== JSON.stringify(expected.key ?? null))) {
              throw conflict('exchange.pull_cursor_moved', 'Another run moved the cursor of this pull; this chunk was rolled back.');
            }
            const state: Parameters<typeof repo.setPullState>[2] = {};
            if (cursor && last.value !== null) Object.assign(state, { cursor_value: last.value, cursor_key: json(last.key) });
            if (run.kind === 'reconcile') state.runs_since_reconcile = 0;
            await repo.setPullState(trx, pull.id, state);
            await repo.addRunCounts(trx, run.id, { read, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, deleted: result.deleted, rejected: result.rejected }, result.id, cursor ? last.value : null);
            chunkCommitted = true;
          },
        });
        if (!chunkCommitted) throw new DomainError('exchange.pull_load_failed', 500, `The load ${load.id} ended ${load.status} without committing.`);
        committed = last;
        if (!chunked || pending.done) break;
      }

      await this.db.transaction().execute(async (trx) => {
        await repo.updateRun(trx, run.id, { status: 'succeeded', finished_at: new Date() });
        if (run.kind === 'incremental') {
          await trx.updateTable('exchange_pulls').set((eb) => ({ runs_since_reconcile: eb('runs_since_reconcile', '+', 1) })).where('id', '=', pull.id).execute();
        }
      });
    } catch (error) {
      log.warn({ err: error instanceof SourceError || error instanceof DomainError ? { code: error.code, message: error.message } : error }, 'pull run failed');
      await repo.updateRun(this.db, run.id, { status: 'failed', error: errorText(error), finished_at: new Date() }).catch((writeError) =>
        log.error({ err: writeError }, 'could not record the failed pull run'),
      );
    } finally {
      await client?.close();
    }
    const row = await repo.getRun(this.db, run.id);
    return presentRun(row ?? run);
  }
}

/** Runs one pull now and resolves to the finished run (benchmarks and scripts drive the runner with this). */
export function runPullNow(parts: Parts, pullId: string, options: PullRunnerOptions = {}): Promise<RunAnswer> {
  return new PullRunner(parts, options).runNow(pullId);
}
