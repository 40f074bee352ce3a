import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from './context.js';
import { json } from './db/database.js';
import type { Row } from './db/schema.js';

/**
 * Background jobs in the database: claimed with FOR UPDATE SKIP LOCKED so several worker nodes share the
 * queue, retried with backoff, and reporting progress that the console polls. A job kind registers a handler.
 */
export interface JobProgress {
  phase?: string;
  progress?: number;
  total?: number | null;
}

export interface JobHandle {
  id: string;
  payload: Record<string, unknown>;
  report(progress: JobProgress): Promise<void>;
}

export type JobHandler = (job: JobHandle) => Promise<Record<string, unknown>>;

/** A failure the job reports as its result (e.g. validation errors): not retried. */
export class JobFailed extends Error {
  constructor(readonly code: string, readonly result: Record<string, unknown>) {
    super(code);
  }
}

/** How often a running job's worker proves it is alive, and how long silence means its process died. */
export const JOB_HEARTBEAT_MS = 15_000;
export const JOB_LOST_AFTER_MS = 120_000;

export class JobRunner {
  private readonly handlers = new Map<string, { handler: JobHandler; maxAttempts: number }>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly ctx: Pick<AppContext, 'db' | 'log'>, private readonly pollMs = 500) {}

  register(kind: string, handler: JobHandler, maxAttempts = 3): void {
    this.handlers.set(kind, { handler, maxAttempts });
  }

  async enqueue(kind: string, payload: Record<string, unknown>, meta: { createdBy?: string | null; departmentId?: string | null; total?: number } = {}): Promise<string> {
    const id = randomUUID();
    await this.ctx.db
      .insertInto('jobs')
      .values({ id, kind, payload: json(payload), created_by: meta.createdBy ?? null, department_id: meta.departmentId ?? null, total: meta.total ?? null })
      .execute();
    this.kick();
    return id;
  }

  get(id: string): Promise<Row<'jobs'> | undefined> {
    return this.ctx.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  start(): void {
    this.stopped = false;
    this.schedule(this.pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Runs queued jobs until none is left (tests and the CLI use this instead of the timer). */
  async drain(): Promise<void> {
    while (await this.runOne()) {
      /* keep going */
    }
  }

  private kick(): void {
    if (!this.stopped) this.schedule(0);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.running) return this.schedule(this.pollMs);
      this.running = this.drain()
        .catch((error) => this.ctx.log.error({ err: error }, 'job worker failed'))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.pollMs);
        });
    }, delay);
    this.timer.unref?.();
  }

  /**
   * Jobs left 'running' by a worker that died (no heartbeat for JOB_LOST_AFTER_MS) go back to the queue, or
   * fail with job.worker_lost once they used their attempts: a crash never leaves a job running forever.
   */
  private async reclaimLost(kinds: string[]): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      const lost = await trx
        .selectFrom('jobs')
        .select(['id', 'kind', 'attempts'])
        .where('status', '=', 'running')
        .where('kind', 'in', kinds)
        .where(sql<boolean>`coalesce(heartbeat_at, started_at) < now() - make_interval(secs => ${JOB_LOST_AFTER_MS / 1000})`)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const job of lost) {
        const maxAttempts = this.handlers.get(job.kind)?.maxAttempts ?? 1;
        this.ctx.log.warn({ jobId: job.id, kind: job.kind }, 'job lost its worker; taking it back');
        if (job.attempts >= maxAttempts) {
          await trx
            .updateTable('jobs')
            .set({ status: 'failed', error_code: 'job.worker_lost', result: json({ message: 'The server running this job stopped, and it had no attempts left.' }), finished_at: new Date() })
            .where('id', '=', job.id)
            .execute();
        } else {
          await trx.updateTable('jobs').set({ status: 'queued', run_after: sql<Date>`now()` }).where('id', '=', job.id).execute();
        }
      }
    });
  }

  private async claim(): Promise<Row<'jobs'> | undefined> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return undefined;
    await this.reclaimLost(kinds);
    return this.ctx.db.transaction().execute(async (trx) => {
      const next = await trx
        .selectFrom('jobs')
        .selectAll()
        .where('status', '=', 'queued')
        .where('kind', 'in', kinds)
        .where('run_after', '<=', sql<Date>`now()`)
        .orderBy('created_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!next) return undefined;
      await trx
        .updateTable('jobs')
        .set({ status: 'running', started_at: new Date(), heartbeat_at: new Date(), attempts: next.attempts + 1 })
        .where('id', '=', next.id)
        .execute();
      return { ...next, attempts: next.attempts + 1 };
    });
  }

  private async runOne(): Promise<boolean> {
    const job = await this.claim();
    if (!job) return false;
    const entry = this.handlers.get(job.kind)!;
    const handle: JobHandle = {
      id: job.id,
      payload: job.payload,
      report: async ({ phase, progress, total }) => {
        await this.ctx.db
          .updateTable('jobs')
          .set({
            ...(phase !== undefined ? { phase } : {}),
            ...(progress !== undefined ? { progress } : {}),
            ...(total !== undefined ? { total } : {}),
          })
          .where('id', '=', job.id)
          .execute();
      },
    };
    // Heartbeat while the handler runs, also through long single statements that report no progress.
    const heartbeat = setInterval(() => {
      this.ctx.db.updateTable('jobs').set({ heartbeat_at: sql<Date>`now()` }).where('id', '=', job.id).execute()
        .catch((error: unknown) => this.ctx.log.warn({ err: error, jobId: job.id }, 'job heartbeat failed'));
    }, JOB_HEARTBEAT_MS);
    heartbeat.unref?.();
    try {
      const result = await entry.handler(handle);
      clearInterval(heartbeat);
      await this.finish(job.id, 'succeeded', result, null);
    } catch (error) {
      clearInterval(heartbeat);
      if (error instanceof JobFailed) {
        await this.finish(job.id, 'failed', error.result, error.code);
      } else if (job.attempts < entry.maxAttempts) {
        this.ctx.log.warn({ err: error, jobId: job.id }, 'job failed; will retry');
        const backoffSeconds = 2 ** job.attempts;
        await this.ctx.db
          .updateTable('jobs')
          .set({ status: 'queued', run_after: sql<Date>`now() + make_interval(secs => ${backoffSeconds})` })
          .where('id', '=', job.id)
          .execute();
      } else {
        this.ctx.log.error({ err: error, jobId: job.id }, 'job failed');
        await this.finish(job.id, 'failed', { message: 'The job failed unexpectedly.' }, 'job.internal');
      }
    }
    return true;
  }

  private async finish(id: string, status: 'succeeded' | 'failed', result: Record<string, unknown>, errorCode: string | null) {
    await this.ctx.db
      .updateTable('jobs')
      .set({ status, result: json(result), error_code: errorCode, finished_at: new Date() })
      .where('id', '=', id)
      .execute();
  }
}
