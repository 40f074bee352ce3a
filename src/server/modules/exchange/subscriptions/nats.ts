/**
 * Change notifications on NATS JetStream (when ZHONGSHU_NATS_URL is set): one message per load that changed a
 * store, on `zhongshu.changes.<resource code>` in the stream ZHONGSHU_CHANGES. NOTIFICATIONS ONLY — resource
 * code, load id, sequence range and counts, never record data: data leaves the platform only through a grant, so
 * subscribers fetch it from the change feed. The message id `<code>:<lastSeq>` lets JetStream drop duplicates.
 * A NATS server that is down is logged and retried; it never stops the platform. Notifications that could not
 * be published are kept (the latest per resource) and sent after the reconnection.
 */
import { connect, JSONCodec, type JetStreamClient, type NatsConnection } from 'nats';
import type { Logger } from '../../../platform/logger.js';
import type { LoadCounts, StoreChanged } from '../index.js';

export const STREAM = 'ZHONGSHU_CHANGES';
export const SUBJECT_PREFIX = 'zhongshu.changes';

export interface ChangeNotification {
  resourceCode: string;
  loadId: string;
  fromSeq?: number;
  lastSeq: number;
  counts: LoadCounts;
}

/** A NATS subject token: the code with anything outside [A-Za-z0-9_-] replaced (dots would split the subject). */
export const subjectFor = (resourceCode: string): string => `${SUBJECT_PREFIX}.${resourceCode.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** The notification of a load; `fromSeq` is the load's first change sequence when known (see changes.ts). */
export function notificationOf(event: StoreChanged, fromSeq?: number | null): ChangeNotification {
  const notification: ChangeNotification = { resourceCode: event.resourceCode, loadId: event.loadId, lastSeq: event.lastSeq, counts: event.counts };
  if (fromSeq !== undefined && fromSeq !== null) notification.fromSeq = fromSeq;
  return notification;
}

export interface NatsPublisherOptions {
  url: string;
  log: Logger;
  retryMs?: number;
}

export class NatsChangePublisher {
  private connection: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private connecting: Promise<void> | null = null;
  private readonly pending = new Map<string, ChangeNotification>();
  private readonly codec = JSONCodec<ChangeNotification>();
  private readonly retryMs: number;

  constructor(private readonly options: NatsPublisherOptions) {
    this.retryMs = options.retryMs ?? 5000;
  }

  start(): void {
    this.stopped = false;
    this.connecting = this.connectOnce();
  }

  /** Resolves once connected and the stream exists (tests), or after the first attempt failed. */
  ready(): Promise<void> {
    return this.connecting ?? Promise.resolve();
  }

  get connected(): boolean {
    return this.js !== null;
  }

  private async connectOnce(): Promise<void> {
    try {
      const connection = await connect({ servers: this.options.url, name: 'zhongshu', reconnect: true, maxReconnectAttempts: -1, timeout: 5000 });
      if (this.stopped) {
        await connection.close();
        return;
      }
      const jsm = await connection.jetstreamManager();
      await jsm.streams.info(STREAM).catch(async () => {
        await jsm.streams.add({ name: STREAM, subjects: [`${SUBJECT_PREFIX}.>`], duplicate_window: 2 * 60 * 1_000_000_000 });
      });
      this.connection = connection;
      this.js = connection.jetstream();
      this.options.log.info({ url: this.options.url }, 'NATS JetStream connected; publishing change notifications');
      void this.watch(connection);
      await this.flushPending();
    } catch (error) {
      this.options.log.warn({ err: error, url: this.options.url }, `NATS unavailable; retrying in ${this.retryMs} ms`);
      this.retryLater();
    }
  }

  private async watch(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'reconnect') void this.flushPending();
      else if (status.type === 'disconnect') this.options.log.warn({ url: this.options.url }, 'NATS disconnected; reconnecting');
    }
  }

  private retryLater(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connecting = this.connectOnce();
    }, this.retryMs);
    this.retryTimer.unref?.();
  }

  /** Publishes the notification of a load; never throws. */
  async publish(notification: ChangeNotification): Promise<void> {
    await this.send(notification);
  }

  private async send(notification: ChangeNotification): Promise<void> {
    if (!this.js) {
      this.keep(notification);
      return;
    }
    try {
      await this.js.publish(subjectFor(notification.resourceCode), this.codec.encode(notification), {
        msgID: `${notification.resourceCode}:${notification.lastSeq}`,
      });
    } catch (error) {
      this.options.log.warn({ err: error, resourceCode: notification.resourceCode }, 'NATS publish failed; kept for the reconnection');
      this.keep(notification);
    }
  }

  /** The latest notification per resource is enough: a subscriber reads the feed from its own cursor. */
  private keep(notification: ChangeNotification): void {
    const previous = this.pending.get(notification.resourceCode);
    if (!previous || previous.lastSeq < notification.lastSeq) this.pending.set(notification.resourceCode, notification);
  }

  private async flushPending(): Promise<void> {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const notification of waiting) await this.send(notification);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.connecting?.catch(() => undefined);
    const connection = this.connection;
    this.connection = null;
    this.js = null;
    if (connection && !connection.isClosed()) {
      await connection.drain().catch(async () => {
        await connection.close().catch(() => undefined);
      });
    }
  }
}
