/**
 * Subscriptions: the change feed per grant, signed webhooks with retries and dead letters, and change
 * notifications on NATS JetStream. start() runs the dispatcher (and the NATS publisher when configured).
 */
import type { StoreChanged } from '../index.js';
import type { ExchangePart, ExchangeParts } from '../parts.js';
import { firstSeqOfLoad } from './changes.js';
import { WebhookDispatcher, type DispatcherOptions } from './dispatcher.js';
import { ChangeFeed } from './feed.js';
import { NatsChangePublisher, notificationOf, type ChangeNotification } from './nats.js';
import * as repo from './repository.js';
import { registerSubscriptionRoutes } from './routes.js';
import { SubscriptionService } from './service.js';

export { DEFAULT_MAX_ATTEMPTS, WebhookDispatcher } from './dispatcher.js';
export { verifySignature } from './signature.js';

export interface SubscriptionsPart extends ExchangePart {
  dispatcher: WebhookDispatcher;
  service: SubscriptionService;
  feed: ChangeFeed;
  /** Delivers everything due now (tests and the CLI need not wait for the timers). */
  drain: WebhookDispatcher['drain'];
  /** Resolves after the first NATS connection attempt since start() (at once without NATS). */
  natsReady(): Promise<void>;
  notificationFor(event: StoreChanged): Promise<ChangeNotification>;
}

export function createSubscriptionsPart(parts: ExchangeParts, options: DispatcherOptions = {}): SubscriptionsPart {
  const { ctx } = parts;
  const feed = new ChangeFeed(parts);
  const service = new SubscriptionService(parts);
  const dispatcher = new WebhookDispatcher(parts, options);
  const nats = ctx.config.natsUrl ? new NatsChangePublisher({ url: ctx.config.natsUrl, log: ctx.log }) : null;
  // The events and the access service have no way to unsubscribe: listeners stay, and act only while started.
  let listening = false;
  let active = false;

  /** A revoked or expired grant pauses its subscriptions at once (the dispatcher would on its next look). */
  const onGrantChange = (grantId: string) => {
    if (!active) return;
    void (async () => {
      const grant = await repo.grantById(ctx.db, grantId);
      if (grant && grant.status === 'active' && new Date(grant.expires_at).getTime() > Date.now()) return;
      const reason = grant?.status === 'revoked' ? 'grant revoked' : 'grant expired';
      for (const id of await repo.activeOfGrant(ctx.db, grantId)) await repo.setStatus(ctx.db, id, 'paused', { lastError: `Paused: ${reason}` });
    })().catch((error) => ctx.log.error({ err: error, grantId }, 'pausing the subscriptions of a grant failed'));
  };

  /** The NATS message of a load: counts and sequence range, never record data. */
  const notificationFor = async (event: StoreChanged): Promise<ChangeNotification> => {
    const fromSeq = await parts.stores.find(event.resourceCode)
      .then((store) => (store ? firstSeqOfLoad(ctx.db, store, event) : null))
      .catch((error) => {
        ctx.log.warn({ err: error, resourceCode: event.resourceCode }, 'could not read the first sequence of a load');
        return null;
      });
    return notificationOf(event, fromSeq);
  };

  return {
    dispatcher,
    notificationFor,
    service,
    feed,
    drain: (drainOptions) => dispatcher.drain(drainOptions),
    natsReady: () => nats?.ready() ?? Promise.resolve(),
    routes: (app) => registerSubscriptionRoutes(app, feed, service),
    start() {
      if (!listening) {
        listening = true;
        parts.events.storeChanged((event) => {
          if (!active) return;
          dispatcher.wake();
          if (nats) void notificationFor(event).then((notification) => nats.publish(notification));
        });
        parts.access.onGrantChange(onGrantChange);
      }
      active = true;
      nats?.start();
      dispatcher.start();
    },
    async stop() {
      active = false;
      await dispatcher.stop();
      await nats?.stop();
    },
  };
}
