/**
 * The in-process cache behind `activeGrant()` (the query path asks it on every request), and the fan-out of
 * grant changes: local listeners at once, other nodes through PostgreSQL NOTIFY/LISTEN on 'zhongshu_grants'.
 *
 * - Keyed by systemId + resourceCode; a found grant is kept POSITIVE_TTL_MS, "no grant" only NULL_TTL_MS.
 * - Expiry is never cached: a hit is checked against the clock on every call.
 * - A change clears the key and bumps a generation counter; a database read that started before the change
 *   is not stored afterwards, so a revocation cannot be undone by a slow concurrent read.
 * - Another node's change arrives as a notification (payload: node, grantId, systemId, resourceCode); after a
 *   lost LISTEN connection the whole cache is dropped when it is back, and the TTL bounds staleness meanwhile.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../../../platform/logger.js';
import type { GrantInfo } from '../index.js';

export const GRANT_CHANNEL = 'zhongshu_grants';
const POSITIVE_TTL_MS = 60_000;
const NULL_TTL_MS = 5_000;
const RECONNECT_MS = 5_000;
const MAX_ENTRIES = 50_000;

export interface GrantChange {
  grantId: string;
  systemId: string;
  resourceCode: string;
}

interface Entry {
  grant: GrantInfo | null;
  until: number;
}

export class GrantCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  static key(systemId: string, resourceCode: string): string {
    return `${systemId}\u0000${resourceCode}`;
  }

  /** The cached answer (undefined on a miss). An expired grant reads as null. */
  get(key: string, now: number): GrantInfo | null | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    if (entry.grant && Date.parse(entry.grant.expiresAt) <= now) return null;
    return entry.grant;
  }

  /** Call before reading the database; pass the value to `set`. */
  snapshot(): number {
    return this.generation;
  }

  set(key: string, grant: GrantInfo | null, generation: number, now: number): void {
    if (generation !== this.generation) return;
    // A bound on memory: callers asking for many codes that have no grant cannot grow the map without end.
    if (this.entries.size >= MAX_ENTRIES && !this.entries.has(key)) this.entries.clear();
    this.entries.set(key, { grant, until: now + (grant ? POSITIVE_TTL_MS : NULL_TTL_MS) });
  }

  invalidate(key: string): void {
    this.generation++;
    this.entries.delete(key);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Local listeners plus the LISTEN side of the cross-node fan-out. */
export class GrantChangeHub {
  readonly node = randomUUID();
  private readonly listeners: Array<(grantId: string) => void> = [];
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly cache: GrantCache,
    private readonly log: Logger,
    /** Set on PostgreSQL only: the URL for the dedicated LISTEN connection. */
    private readonly databaseUrl: string | null,
  ) {}

  onChange(listener: (grantId: string) => void): void {
    this.listeners.push(listener);
  }

  /** The NOTIFY payload of a change made by this node. */
  payload(change: GrantChange): string {
    return JSON.stringify({ node: this.node, ...change });
  }

  /** A change made here (after its transaction committed): clear the key, tell the listeners. */
  changed(change: GrantChange): void {
    this.cache.invalidate(GrantCache.key(change.systemId, change.resourceCode));
    this.emit(change.grantId);
  }

  private emit(grantId: string): void {
    for (const listener of this.listeners) {
      try {
        listener(grantId);
      } catch (error) {
        this.log.error({ err: error, grantId }, 'grant change listener failed');
      }
    }
  }

  /** Starts listening for other nodes' changes (idempotent; a no-op without a PostgreSQL URL). */
  listen(): Promise<void> {
    // While a retry is scheduled, callers on the hot path do not start connections of their own.
    if (!this.databaseUrl || this.stopped || this.client || this.retry) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl! });
    client.on('notification', (message) => {
      if (message.channel !== GRANT_CHANNEL || !message.payload) return;
      this.received(message.payload);
    });
    client.on('error', (error) => {
      this.log.warn({ err: error }, 'grant change listener connection lost');
      this.dropClient(client);
    });
    client.on('end', () => this.dropClient(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${GRANT_CHANNEL}`);
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      // Whatever changed while nobody listened is unknown: start from an empty cache.
      this.cache.clear();
    } catch (error) {
      this.log.warn({ err: error }, 'cannot LISTEN for grant changes; retrying');
      await client.end().catch(() => undefined);
      this.scheduleRetry();
    }
  }

  private dropClient(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.cache.clear();
    client.end().catch(() => undefined);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.listen();
    }, RECONNECT_MS);
    this.retry.unref();
  }

  private received(payload: string): void {
    let change: Partial<GrantChange> & { node?: string };
    try {
      change = JSON.parse(payload) as typeof change;
    } catch {
      return;
    }
    if (change.node === this.node) return;
    if (typeof change.systemId === 'string' && typeof change.resourceCode === 'string') {
      this.cache.invalidate(GrantCache.key(change.systemId, change.resourceCode));
    } else {
      this.cache.clear();
    }
    if (typeof change.grantId === 'string') this.emit(change.grantId);
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }
}
