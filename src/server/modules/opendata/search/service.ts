/**
 * The SearchIndex of this node: every active dataset in memory (engine.ts), kept in step with the database
 * through the datasets' change feed. Before each search it asks whether any dataset row has a change_seq above
 * the highest it holds (one probe of that index) and, if so, reads those rows through datasets.changedSince(),
 * so a write made on any node shows in the next search. Usage counts for the popularity sort come from
 * Usage.totals(), refreshed every minute.
 */
import type { DatasetReader, SearchField, SearchIndex, SearchQuery, SearchResult, Usage } from '../index.js';
import type { OpendataBase } from '../parts.js';
import { FREQUENCY_BY_KEY, LICENCE_BY_ID, THEME_BY_KEY } from '../vocabulary.js';
import { SearchEngine, type EngineResult, type SearchOptions } from './engine.js';

const FEED_BATCH = 1000;
const USAGE_REFRESH_MS = 60_000;
/**
 * On PostgreSQL a transaction can commit after another that took a higher change_seq; the catch-up would
 * already be past it. Every minute the index reads again what changed since the position it held a minute
 * before, which picks such rows up (a transaction open longer than that is seen only if it is re-written).
 */
const RECONCILE_MS = 60_000;

const OPEN_TYPE_LABELS: Record<string, [string, string]> = { open: ['开放', 'Open'], conditional: ['有条件开放', 'Conditionally open'] };
const LOCAL_SOURCE_LABEL: [string, string] = ['本平台', 'This portal'];

export class SearchIndexService implements SearchIndex {
  readonly engine = new SearchEngine();
  private cursor = 0;
  private loaded = false;
  /** The last catch-up queued or running; the next one starts after it. */
  private chain: Promise<void> = Promise.resolve();
  /** A catch-up queued but not started: callers join it. */
  private pending: Promise<void> | null = null;
  private usage: Usage | null = null;
  private usageLoadedAt = 0;
  private usageLoading: Promise<void> | null = null;
  /** The cursor at the last reconcile rounds, oldest first. */
  private readonly positions: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly base: Pick<OpendataBase, 'ctx'>,
    private readonly datasets: Pick<DatasetReader, 'changedSince'>,
  ) {}

  /** The usage counts to sort by popularity (the publish part's Usage; wired by the search part). */
  attachUsage(usage: Usage): void {
    this.usage = usage;
    this.usageLoadedAt = 0;
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const { count, ids, facets } = await this.searchWith(query);
    return { count, ids, facets };
  }

  /** search() with options: the portal's search asks to relax a query whose words find nothing together. */
  async searchWith(query: SearchQuery, options: SearchOptions = {}): Promise<EngineResult> {
    await this.refresh();
    await this.ensureUsage();
    return this.engine.search(query, options);
  }

  /** Usage totals of a dataset as of the last refresh (for result summaries). */
  usageOf(datasetId: string): { views: number; downloads: number; apiCalls: number } | undefined {
    return this.engine.store.usageOf(datasetId);
  }

  /**
   * Reads what changed. Catch-ups run one at a time; a caller joins one that has not started yet, so every
   * caller gets a read that began after it asked, and a burst of searches shares one read.
   */
  refresh(): Promise<void> {
    if (this.pending) return this.pending;
    const next = this.chain.catch(() => undefined).then(() => {
      this.pending = null;
      return this.catchUp(this.cursor);
    });
    this.pending = next;
    this.chain = next;
    return next;
  }

  private async catchUp(from: number): Promise<void> {
    const started = Date.now();
    // The feed's query reads whole datasets; whether anything changed at all is a much cheaper question
    // (one probe of the change_seq index), and the answer is almost always no.
    if (this.loaded && !(await this.changedAfter(from))) return;
    let after = from;
    let changed = 0;
    for (;;) {
      const rows = await this.datasets.changedSince(after, FEED_BATCH);
      changed += this.engine.apply(rows);
      for (const row of rows) if (row.changeSeq > after) after = row.changeSeq;
      if (after > this.cursor) this.cursor = after;
      if (rows.length < FEED_BATCH) break;
    }
    if (!this.loaded) {
      this.loaded = true;
      this.base.ctx.log.info({ datasets: this.engine.store.size, ms: Date.now() - started }, 'opendata search index loaded');
    } else if (changed > 100) {
      this.base.ctx.log.debug({ changed, ms: Date.now() - started }, 'opendata search index caught up');
    }
  }

  private async changedAfter(seq: number): Promise<boolean> {
    const row = await this.base.ctx.db.selectFrom('opendata_datasets').select('change_seq').where('change_seq', '>', seq).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /** Re-reads what changed since the position held two rounds ago (see RECONCILE_MS), in turn with the catch-ups. */
  reconcile(): Promise<void> {
    this.positions.push(this.cursor);
    if (this.positions.length < 3) return Promise.resolve();
    const from = this.positions.shift()!;
    const next = this.chain.catch(() => undefined).then(() => this.catchUp(from));
    this.chain = next;
    return next;
  }

  private async ensureUsage(): Promise<void> {
    if (!this.usage) return;
    const stale = Date.now() - this.usageLoadedAt > USAGE_REFRESH_MS;
    if (!stale) return;
    this.usageLoading ??= this.loadUsage().finally(() => {
      this.usageLoading = null;
    });
    // Only the first load waits; later refreshes run behind the searches.
    if (this.usageLoadedAt === 0) await this.usageLoading;
  }

  private async loadUsage(): Promise<void> {
    try {
      const totals = await this.usage!.totals();
      this.engine.setUsage(totals);
    } catch (error) {
      this.base.ctx.log.warn({ err: error }, 'opendata search: usage totals could not be read');
    } finally {
      this.usageLoadedAt = Date.now();
    }
  }

  label(field: SearchField, value: string, locale: 'zh-CN' | 'en-US' = 'zh-CN'): string {
    const english = locale === 'en-US';
    const pick = (zh: string | null | undefined, en: string | null | undefined) => (english ? en || zh : zh) || value;
    const store = this.engine.store;
    switch (field) {
      case 'organization': {
        const organization = store.organizationTitles.get(value);
        return pick(organization?.title, organization?.titleEn);
      }
      case 'groups': {
        const theme = THEME_BY_KEY.get(value);
        return pick(theme?.title, theme?.titleEn);
      }
      case 'license_id': {
        const licence = LICENCE_BY_ID.get(value);
        return pick(licence?.title, licence?.titleEn);
      }
      case 'frequency': {
        const frequency = FREQUENCY_BY_KEY.get(value);
        return pick(frequency?.title, frequency?.titleEn);
      }
      case 'open_type': {
        const labels = OPEN_TYPE_LABELS[value];
        return pick(labels?.[0], labels?.[1]);
      }
      case 'source': {
        if (value === 'local') return pick(...LOCAL_SOURCE_LABEL);
        const title = store.sourceTitles.get(value);
        return pick(title, title);
      }
      case 'name': {
        const slot = store.slotOfName.get(value);
        return slot === undefined ? value : store.titles[slot];
      }
      default:
        return value;
    }
  }

  /** Loads the index in the background (so the first search does not wait) and keeps it reconciled. */
  start(): void {
    this.stopped = false;
    this.refresh()
      .then(() => this.ensureUsage())
      .catch((error) => this.base.ctx.log.warn({ err: error }, 'opendata search: initial load failed'));
    const tick = () => {
      if (this.stopped) return;
      this.reconcile()
        .catch((error) => this.base.ctx.log.warn({ err: error }, 'opendata search: reconcile failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, RECONCILE_MS).unref();
        });
    };
    this.timer = setTimeout(tick, RECONCILE_MS).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([this.chain, this.usageLoading]);
  }
}
