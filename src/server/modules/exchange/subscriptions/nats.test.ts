import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import net from 'node:net';
import { AckPolicy, connect, DeliverPolicy, JSONCodec } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger.js';
import { testConfig } from '../../../platform/config.js';
import { createExchangeTestbed, type ExchangeTestbed } from '../test-support.js';
import { NatsChangePublisher, STREAM, subjectFor } from './nats.js';
import type { SubscriptionsPart } from './part.js';
import { load, person, secondNode } from './test-support.js';

const NATS_URL = 'nats://127.0.0.1:4222';

const reachable = await new Promise<boolean>((resolve) => {
  const socket = net.connect(4222, '127.0.0.1');
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});
if (!reachable) console.warn(`NATS is not reachable at ${NATS_URL}: the JetStream publish test is skipped.`);

describe('NATS JetStream change notifications', () => {
  let bed: ExchangeTestbed;
  let node: SubscriptionsPart;

  beforeAll(async () => {
    bed = await createExchangeTestbed({ natsUrl: NATS_URL });
  });
  afterAll(async () => {
    await node?.stop?.();
    await bed.close();
  });

  it.skipIf(!reachable)('publishes each store change as a notification without record data, read by a JetStream consumer', async () => {
    node = secondNode(bed);
    node.start!();
    // A code of its own, so parallel runs on the same NATS server neither see nor de-duplicate each other.
    const resourceCode = `T-${randomUUID().slice(0, 8)}`;
    const loadId = randomUUID();
    const nc = await connect({ servers: NATS_URL });
    try {
      // The part connects and creates the stream at start-up.
      await node.natsReady();
      const jsm = await nc.jetstreamManager();
      // A plain consumer (ordered consumers with subject filters need NATS 2.10); it vanishes after a minute idle.
      const name = `test-${resourceCode}`;
      await jsm.consumers.add(STREAM, {
        name, filter_subject: subjectFor(resourceCode), ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, inactive_threshold: 60_000_000_000,
      });
      const consumer = await nc.jetstream().consumers.get(STREAM, name);
      const counts = { received: 3, inserted: 2, updated: 1, unchanged: 0, deleted: 0, rejected: 0 };
      bed.t.platform.exchange.events.emitStoreChanged({ resourceCode, loadId, lastSeq: 42, counts });

      const message = await consumer.next({ expires: 10_000 });
      expect(message).not.toBeNull();
      expect(message!.subject).toBe(`zhongshu.changes.${resourceCode}`);
      expect(message!.headers?.get('Nats-Msg-Id')).toBe(`${resourceCode}:42`);
      const body = JSONCodec().decode(message!.data);
      expect(body).toEqual({ resourceCode, loadId, lastSeq: 42, counts });
      message!.ack();
      await jsm.consumers.delete(STREAM, name);
    } finally {
      await nc.close();
    }
  });

  it("names the load's first and last change sequence even when unchanged records drew sequence numbers", async () => {
    node ??= secondNode(bed);
    await load(bed, bed.personCode, [person(1), person(2)]);
    const answer = await load(bed, bed.personCode, [person(1), person(3), person(2, { household_size: 7 })]);
    expect(answer).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 });
    const store = await bed.t.platform.exchange.stores.forResource(bed.personCode);
    const notification = await node.notificationFor({ resourceCode: bed.personCode, loadId: answer.id, lastSeq: store.lastChangeSeq, counts: answer });
    const written = await sql<{ seq: number }>`SELECT _seq AS seq FROM ${sql.raw(store.history)} WHERE _load_id = ${answer.id}::uuid ORDER BY _seq`.execute(bed.t.platform.ctx.db);
    expect(written.rows).toHaveLength(2);
    expect(notification).toMatchObject({ resourceCode: bed.personCode, loadId: answer.id, fromSeq: written.rows[0].seq, lastSeq: written.rows[1].seq });
    expect(Object.keys(notification).sort()).toEqual(['counts', 'fromSeq', 'lastSeq', 'loadId', 'resourceCode']);
  });

  it('a NATS server that cannot be reached neither throws nor stops the platform', async () => {
    const publisher = new NatsChangePublisher({ url: 'nats://127.0.0.1:1', log: createLogger(testConfig()), retryMs: 60_000 });
    publisher.start();
    await publisher.ready();
    expect(publisher.connected).toBe(false);
    const counts = { received: 1, inserted: 1, updated: 0, unchanged: 0, deleted: 0, rejected: 0 };
    await expect(publisher.publish({ resourceCode: 'X', loadId: randomUUID(), lastSeq: 1, counts })).resolves.toBeUndefined();
    await publisher.stop();
  });
});
