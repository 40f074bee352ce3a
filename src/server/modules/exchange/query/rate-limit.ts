/**
 * Per-grant rate limit: an in-process token bucket holding up to `limitPerMinute` tokens, refilled at
 * limitPerMinute / 60 per second. PER NODE: with N nodes behind a load balancer a grant can reach N times its
 * limit (documented in docs/exchange/query.md); a shared limiter would cost a round trip per request.
 */
export interface RateDecision {
  allowed: boolean;
  /** Seconds until a token is available (when refused). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updated: number;
  limit: number;
}

const IDLE_MS = 120_000;
const SWEEP_AT = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  take(key: string, limitPerMinute: number): RateDecision {
    const now = this.now();
    const limit = Math.max(1, Math.floor(limitPerMinute));
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.limit !== limit) {
      // A new bucket (or a changed limit) starts full: the limit is a rate, not a quota carried across changes.
      if (this.buckets.size >= SWEEP_AT) this.sweep(now);
      bucket = { tokens: limit, updated: now, limit };
      this.buckets.set(key, bucket);
    } else {
      const perMs = limit / 60_000;
      bucket.tokens = Math.min(limit, bucket.tokens + (now - bucket.updated) * perMs);
      bucket.updated = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    const waitMs = ((1 - bucket.tokens) * 60_000) / limit;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (now - bucket.updated > IDLE_MS) this.buckets.delete(key);
  }
}
