/**
 * A sliding-window limit per key (the client's address), in process memory: enough to stop one address from
 * flooding the public forms. Each node counts on its own; a restart forgets. Memory stays bounded: keys whose
 * window has passed are swept, and past `maxKeys` the oldest keys are dropped.
 */
export interface SlidingWindowOptions {
  limit: number;
  windowMs: number;
  maxKeys?: number;
  now?: () => number;
}

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly maxKeys: number;
  private readonly now: () => number;
  private lastSweep = 0;

  constructor(private readonly options: SlidingWindowOptions) {
    this.maxKeys = options.maxKeys ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  /** Counts one hit for `key`; answers null when allowed, else the seconds until the next hit would be. */
  take(key: string): number | null {
    const now = this.now();
    const from = now - this.options.windowMs;
    this.sweep(now);
    const times = (this.hits.get(key) ?? []).filter((at) => at > from);
    if (times.length >= this.options.limit) {
      this.hits.set(key, times);
      return Math.max(1, Math.ceil((times[0] + this.options.windowMs - now) / 1000));
    }
    times.push(now);
    // Re-insert so the map's order is "least recently used first" for the eviction below.
    this.hits.delete(key);
    this.hits.set(key, times);
    while (this.hits.size > this.maxKeys) {
      const oldest = this.hits.keys().next().value;
      if (oldest === undefined) break;
      this.hits.delete(oldest);
    }
    return null;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.options.windowMs) return;
    this.lastSweep = now;
    const from = now - this.options.windowMs;
    for (const [key, times] of this.hits) {
      if (times[times.length - 1] <= from) this.hits.delete(key);
    }
  }
}
