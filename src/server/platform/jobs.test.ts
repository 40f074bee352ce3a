import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
