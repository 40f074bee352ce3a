import { describe, expect, it } from 'vitest';
import { SearchCache } from './search-cache.js';
import { nameNeedle, searchKey } from './search.js';

describe('SearchCache', () => {
  it('answers from the cache until cleared', async () => {
    const cache = new SearchCache();
    let computed = 0;
    const compute = async () => ++computed;
    expect(await cache.through('k', compute)).toBe(1);
    expect(await cache.through('k', compute)).toBe(1);
    cache.clear();
    expect(await cache.through('k', compute)).toBe(2);
  });

  it('does not keep an answer computed while a write happened', async () => {
    const cache = new SearchCache();
    let release!: () => void;
    const slow = cache.through('k', () => new Promise<string>((resolve) => (release = () => resolve('stale'))));
    cache.clear();
    release();
    expect(await slow).toBe('stale');
    expect(cache.peek('k')).toBeUndefined();
  });

  it('expires entries and keeps at most maxEntries', async () => {
    const expired = new SearchCache(-1);
    await expired.through('k', async () => 1);
    expect(expired.peek('k')).toBeUndefined();
    const small = new SearchCache(60_000, 2);
    for (const key of ['a', 'b', 'c']) await small.through(key, async () => key);
    expect(small.peek('a')).toBeUndefined();
    expect(small.peek('c')).toBe('c');
  });
});

describe('search keys and name needles', () => {
  it('gives the same key to the same search whatever the order of filters', () => {
    const visibility = { kind: 'public' } as const;
    expect(searchKey({ q: ' 户籍 ', sharingType: ['conditional', 'unconditional'] }, visibility)).toBe(
      searchKey({ q: '户籍', sharingType: ['unconditional', 'conditional', 'conditional'], status: 'published' }, visibility),
    );
    expect(searchKey({ q: '户籍' }, visibility)).not.toBe(searchKey({ q: '户籍' }, { kind: 'all' }));
  });

  it('compares Chinese names without the spaces typed between words', () => {
    expect(nameNeedle('企业 信用')).toBe('企业信用');
    expect(nameNeedle('  Business   Licence ')).toBe('business licence');
    expect(nameNeedle('A 级 景区')).toBe('a级景区');
  });
});
