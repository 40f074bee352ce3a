import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { pino } from 'pino';
import { JobFailed, JobRunner } from './jobs.js';
import { createTestDatabase } from './db/testing.js';
import type { DatabaseHandle } from './db/database.js';

describe('job runner', () => {
  let database: DatabaseHandle;
  let runner: JobRunner;
  beforeAll(async () => {
    database = await createTestDatabase();
    runner = new JobRunner({ db: database.db, log: pino({ level: 'silent' }) });
  });
  afterAll(async () => database.close());

  it('runs a job, records its progress and result', async () => {
    runner.register('test.count', async (job) => {
      await job.report({ phase: 'counting', progress: 5, total: 10 });
      return { counted: (job.payload.n as number) * 2 };
    });
    const id = await runner.enqueue('test.count', { n: 21 });
    await runner.drain();
    const job = await runner.get(id);
    expect(job).toMatchObject({ status: 'succeeded', phase: 'counting', progress: 5, total: 10, result: { counted: 42 } });
  });

  it('counts progress in bytes beyond 2 GB (uploads of very large files)', async () => {
    const fileBytes = 5 * 1024 ** 3;
    runner.register('test.bytes', async (job) => {
      await job.report({ phase: 'reading', progress: fileBytes - 1, total: fileBytes });
      return {};
    });
    const id = await runner.enqueue('test.bytes', {}, { total: fileBytes });
    await runner.drain();
    expect(await runner.get(id)).toMatchObject({ status: 'succeeded', progress: fileBytes - 1, total: fileBytes });
  });

  it('takes back a job whose worker died, and fails it once its attempts are used', async () => {
    let runs = 0;
    runner.register('test.orphan', async () => {
      runs++;
      return { done: true };
    }, 2);
    const retried = await runner.enqueue('test.orphan', {});
    const exhausted = await runner.enqueue('test.orphan', {});
    // As a crashed process leaves them: running, with a heartbeat long gone.
    await database.db.updateTable('jobs').set({ status: 'running', attempts: 1, heartbeat_at: sql<Date>`now() - interval '10 minutes'` }).where('id', '=', retried).execute();
    await database.db.updateTable('jobs').set({ status: 'running', attempts: 2, heartbeat_at: sql<Date>`now() - interval '10 minutes'` }).where('id', '=', exhausted).execute();
    await runner.drain();
    expect(await runner.get(retried)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(await runner.get(exhausted)).toMatchObject({ status: 'failed', error_code: 'job.worker_lost' });
    expect(runs).toBe(1);
  });

  it('leaves a running job with a fresh heartbeat alone', async () => {
    runner.register('test.alive', async () => ({}));
    const id = await runner.enqueue('test.alive', {});
    await database.db.updateTable('jobs').set({ status: 'running', attempts: 1, heartbeat_at: sql<Date>`now()` }).where('id', '=', id).execute();
    await runner.drain();
    expect(await runner.get(id)).toMatchObject({ status: 'running' });
  });

  it('fails a job that reports a domain failure without retrying it', async () => {
    let calls = 0;
    runner.register('test.invalid', async () => {
      calls++;
      throw new JobFailed('test.bad_input', { errors: [{ row: 2 }] });
    });
    const id = await runner.enqueue('test.invalid', {});
    await runner.drain();
    expect(calls).toBe(1);
    expect(await runner.get(id)).toMatchObject({ status: 'failed', error_code: 'test.bad_input', result: { errors: [{ row: 2 }] } });
  });

  it('puts a crashed job back in the queue with a backoff', async () => {
    runner.register('test.crash', async () => {
      throw new Error('boom');
    });
    const id = await runner.enqueue('test.crash', {});
    await runner.drain();
    const job = await runner.get(id);
    expect(job?.status).toBe('queued');
    expect(job?.attempts).toBe(1);
    expect(new Date(job!.run_after).getTime()).toBeGreaterThan(Date.now());
  });
});
