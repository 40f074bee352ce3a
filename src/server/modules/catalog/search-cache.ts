/**
 * A small in-process cache of search work (facet counts, result pages, stats).
 *
 * Why: counting facets over a broad query reads every matching row, which on a 100,000-entry catalog costs
 * far more than the 30 ms a search should take, while the catalog changes rarely and people page through the
 * same result set. Every write of this module clears the cache once it has committed; a generation number
 * keeps a search that started before the write from storing its stale answer afterwards. Writes made by
 * another API node show up here within the time-to-live.
 */
export class SearchCache {
  private readonly entries = new Map<string, { at: number; value: unknown }>();
  private generation = 0;

  constructor(
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 1_000,
  ) {}

  /** The cached value, or computes it and keeps it unless the catalog changed meanwhile. */
  async through<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.peek<T>(key);
    if (hit !== undefined) return hit;
    const generation = this.generation;
    const value = await compute();
    if (generation === this.generation) this.put(key, value);
    return value;
  }

  peek<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (Date.now() - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-insert so that Map order is least recently used first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value as T;
  }

  /** The generation to pass to `putIf`, taken before computing a value. */
  get version(): number {
    return this.generation;
  }

  putIf(version: number, key: string, value: unknown): void {
    if (version === this.generation) this.put(key, value);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  private put(key: string, value: unknown): void {
    this.entries.set(key, { at: Date.now(), value });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
