/** The per-address limit of the public forms: a sliding window, with bounded memory. */
import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from './rate-limit.js';

describe('sliding window limiter', () => {
  it('allows `limit` hits per window and says when the oldest one leaves it', () => {
    let now = 1_000_000;
    const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 60_000, now: () => now });
    expect([limiter.take('a'), limiter.take('a')]).toEqual([null, null]);
    now += 20_000;
    expect(limiter.take('a')).toBeNull();
    expect(limiter.take('a')).toBe(40);
    expect(limiter.take('b')).toBeNull();
    // The first two hits leave the window 60 s after they came: two more fit, not three.
    now += 40_001;
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([null, null, 20]);
  });

  it('forgets the least recently seen keys beyond maxKeys', () => {
    const now = 5_000;
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 60_000, maxKeys: 2, now: () => now });
    expect([limiter.take('a'), limiter.take('b'), limiter.take('c')]).toEqual([null, null, null]);
    // 'a' was dropped to make room, so it counts afresh; 'c' is still limited.
    expect(limiter.take('a')).toBeNull();
    expect(limiter.take('c')).toBe(60);
  });
});
