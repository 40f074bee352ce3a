import { describe, expect, it } from 'vitest';
import { PollLoop } from './poll-loop.js';

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('the poll loop of the schedulers', () => {
  it('ticks again after each tick ends, never two at once, and goes on after a failed tick', async () => {
    let running = 0;
    let overlapped = false;
    let ticks = 0;
    const errors: unknown[] = [];
    const loop = new PollLoop({
      intervalMs: 1,
      tick: async () => {
        running++;
        if (running > 1) overlapped = true;
        ticks++;
        await new Promise((resolve) => setTimeout(resolve, 10));
        running--;
        if (ticks === 2) throw new Error('source down');
      },
      onError: (error) => errors.push(error),
    });
    loop.start();
    await until(() => ticks >= 4);
    await loop.stop();
    expect(overlapped).toBe(false);
    expect(errors).toHaveLength(1);
  });

  it('waits on stop for the tick in progress, and starts none after', async () => {
    let finished = 0;
    let started = 0;
    const loop = new PollLoop({
      intervalMs: 1,
      tick: async () => {
        started++;
        await new Promise((resolve) => setTimeout(resolve, 30));
        finished++;
      },
      onError: () => undefined,
    });
    loop.start();
    await until(() => started === 1);
    await loop.stop();
    expect(finished).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toBe(1);
  });
});
