import { describe, expect, it } from 'vitest';
import type { GrantInfo } from '../index.js';
import { GrantCache } from './grant-cache.js';

const grant = (expiresAt: string): GrantInfo => ({
  id: 'g1', resourceId: 'r1', resourceCode: 'C1', systemId: 's1', departmentId: 'd1', requestId: null, fields: ['a'], rowScope: null,
  masking: {}, rateLimitPerMinute: 600, purpose: 'p', legalBasis: 'l', status: 'active', expiresAt, revokedAt: null, createdAt: '2026-01-01T00:00:00.000Z',
});

describe('grant cache', () => {
  const key = GrantCache.key('s1', 'C1');
  const t0 = Date.parse('2026-03-01T00:00:00Z');

  it('does not store a read that started before an invalidation', () => {
    const cache = new GrantCache();
    const generation = cache.snapshot();
    cache.invalidate(key); // a revocation commits while the read is in flight
    cache.set(key, grant('2027-01-01T00:00:00Z'), generation, t0);
    expect(cache.get(key, t0)).toBeUndefined();
  });

  it('answers an expired grant as null and keeps "no grant" only briefly', () => {
    const cache = new GrantCache();
    cache.set(key, grant('2026-03-01T00:00:10Z'), cache.snapshot(), t0);
    expect(cache.get(key, t0 + 9_999)?.id).toBe('g1');
    expect(cache.get(key, t0 + 10_000)).toBeNull();
    const other = GrantCache.key('s2', 'C1');
    cache.set(other, null, cache.snapshot(), t0);
    expect(cache.get(other, t0 + 1_000)).toBeNull();
    expect(cache.get(other, t0 + 60_000)).toBeUndefined();
  });
});
