import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createExchangeTestbed, type ExchangeTestbed } from '../test-support.js';
import type { SubscriptionsPart } from './part.js';
import { verifySignature } from './signature.js';
import { insertGrant, load, person, Receiver, secondNode } from './test-support.js';

const SUBSCRIPTIONS = '/api/v1/exchange/subscriptions';

describe('webhook subscriptions', () => {
  let bed: ExchangeTestbed;
  let node: SubscriptionsPart;
  let otherNode: SubscriptionsPart;
  let receiver: Receiver;
  let grantId: string;
  let serial = 100;
  const nextPeople = (count: number) => Array.from({ length: count }, () => person(serial++));
  const asSystem = (system: 'own' | 'other', method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    bed.t.inject({ method, url, headers: bed.bearer(system), ...(payload ? { payload } : {}) });
  const subscribe = async (body: object = {}) => {
    const response = await asSystem('other', 'POST', SUBSCRIPTIONS, { grantId, url: receiver.url, ...body });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; secret: string; cursor: number; status: string };
  };
  const deliveries = async (id: string) => (await asSystem('other', 'GET', `${SUBSCRIPTIONS}/${id}/deliveries`)).json().items as Array<Record<string, unknown>>;
  const subscription = async (id: string) => (await asSystem('other', 'GET', `${SUBSCRIPTIONS}/${id}`)).json();

  beforeAll(async () => {
    bed = await createExchangeTestbed();
    node = secondNode(bed, { maxAttempts: 3 });
    otherNode = secondNode(bed, { maxAttempts: 3 });
    grantId = await insertGrant(bed, {
      resourceCode: bed.personCode, system: 'other', fields: ['id_number', 'full_name', 'household_size'], masking: { id_number: 'id_number' },
    });
    await load(bed, bed.personCode, nextPeople(2));
  });
  beforeEach(async () => {
    await receiver?.stop();
    receiver = new Receiver();
    await receiver.start();
    // Earlier tests' subscriptions must not deliver into this test's receiver.
    await bed.t.platform.ctx.db.updateTable('exchange_subscriptions').set({ status: 'paused' }).execute();
  });
  afterAll(async () => {
    await receiver?.stop();
    await bed.close();
  });

  it('is created by the consuming system or its department, shows the secret once and checks the URL', async () => {
    const created = await subscribe();
    expect(created.secret.length).toBeGreaterThanOrEqual(43);
    expect(created).toMatchObject({ status: 'active', grantId, resourceCode: bed.personCode });
    // Starts from now: the two records loaded before are not delivered.
    expect(created.cursor).toBe((await bed.t.platform.exchange.stores.forResource(bed.personCode)).lastChangeSeq);
    const read = await subscription(created.id);
    expect(read).not.toHaveProperty('secret');
    const stored = await bed.t.platform.ctx.db.selectFrom('exchange_subscriptions').select('secret_encrypted').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.secret_encrypted).not.toContain(created.secret);

    const badUrl = await asSystem('other', 'POST', SUBSCRIPTIONS, { grantId, url: 'ftp://127.0.0.1/hook' });
    expect(badUrl.statusCode).toBe(400);
    expect(JSON.stringify(badUrl.json())).toContain('exchange.invalid_webhook_url');
    // Another system, and the provider's department, cannot subscribe to this grant (nor see it).
    expect((await asSystem('own', 'POST', SUBSCRIPTIONS, { grantId, url: receiver.url })).statusCode).toBe(404);
    const provider = await bed.t.login('own_admin');
    expect((await provider.post(SUBSCRIPTIONS, { grantId, url: receiver.url })).statusCode).toBe(404);
    expect((await provider.get(`${SUBSCRIPTIONS}/${created.id}`)).statusCode).toBe(404);

    const consumer = await bed.t.login('other_op');
    const byDepartment = await consumer.post(SUBSCRIPTIONS, { grantId, url: receiver.url, fromStart: true });
    expect(byDepartment.statusCode).toBe(201);
    expect(byDepartment.json().cursor).toBe(0);
    const listed = (await consumer.get(SUBSCRIPTIONS)).json().items.map((item: { id: string }) => item.id);
    expect(listed).toEqual(expect.arrayContaining([created.id, byDepartment.json().id]));
    expect((await provider.get(SUBSCRIPTIONS)).json().items).toEqual([]);
    expect((await (await bed.t.login('dataadmin')).get(SUBSCRIPTIONS)).json().items.length).toBeGreaterThanOrEqual(2);

    const audited = await bed.t.platform.ctx.db.selectFrom('audit_log').select(['action', 'after']).where('target_id', '=', created.id).execute();
    expect(audited.map((row) => row.action)).toEqual(['exchange.subscription.create']);
    expect(JSON.stringify(audited[0].after)).not.toContain(created.secret);
  });

  it('delivers the changes signed with the secret, and the cursor follows the 2xx', async () => {
    const created = await subscribe();
    await load(bed, bed.personCode, nextPeople(3));
    // Two nodes drain at once: the claim (SKIP LOCKED and a lease) lets only one of them deliver the batch.
    const results = await Promise.all([node.drain(), otherNode.drain()]);
    expect(results[0].delivered + results[1].delivered).toBe(1);

    expect(receiver.received).toHaveLength(1);
    const [{ headers, body }] = receiver.received;
    expect(headers['x-zhongshu-signature-algorithm']).toBe('hmac-sha256');
    expect(verifySignature(headers['x-zhongshu-signature'] as string, body, created.secret)).toBe(true);
    expect(verifySignature(headers['x-zhongshu-signature'] as string, body, `${created.secret}x`)).toBe(false);
    expect(verifySignature(headers['x-zhongshu-signature'] as string, `${body} `, created.secret)).toBe(false);
    const payload = JSON.parse(body);
    expect(payload).toMatchObject({ subscriptionId: created.id, resourceCode: bed.personCode });
    expect(payload.changes).toHaveLength(3);
    expect(payload.changes[0].record).toEqual({ id_number: expect.stringMatching(/^\d{6}\*{8}\d{3}[\dX]$/), full_name: '张三丰', household_size: 3 });
    expect(payload.cursor).toBe(payload.changes[2].seq);

    const log = await deliveries(created.id);
    expect(log).toEqual([expect.objectContaining({ id: Number(headers['x-zhongshu-delivery']), status: 'delivered', attempt: 1, httpStatus: 200, changeCount: 3, seqTo: payload.cursor })]);
    expect((await subscription(created.id)).cursor).toBe(payload.cursor);
    const accessLog = await bed.t.platform.ctx.db.selectFrom('exchange_access_log').selectAll().where('operation', '=', 'webhook').execute();
    expect(accessLog.map((row) => [row.grant_id, row.record_count, row.result])).toEqual([[grantId, 3, 'success']]);
  });

  it('a receiver that is down and comes back gets every change, in order, at least once', async () => {
    const created = await subscribe({ batchSize: 2 });
    const from = created.cursor;
    await receiver.stop();
    await load(bed, bed.personCode, nextPeople(3));
    expect(await node.drain()).toMatchObject({ delivered: 0, failed: 1 });
    let state = await subscription(created.id);
    expect(state).toMatchObject({ cursor: from, attempts: 1, status: 'active' });
    expect(state.lastError).toMatch(/ECONNREFUSED|fetch failed/);
    // Backoff: the first retry waits about a second (±20 % jitter).
    expect(Date.parse(state.nextAttemptAt) - Date.parse(state.updatedAt)).toBeGreaterThanOrEqual(800);

    await load(bed, bed.personCode, nextPeople(2));
    await receiver.start();
    expect(await node.drain({ ignoreSchedule: true })).toMatchObject({ delivered: 3, failed: 0 });

    const seqs = receiver.bodies().flatMap((batch) => batch.changes.map((change) => change.seq));
    const store = await bed.t.platform.exchange.stores.forResource(bed.personCode);
    expect(seqs).toEqual(Array.from({ length: store.lastChangeSeq - from }, (_, index) => from + 1 + index));
    expect(receiver.bodies().map((batch) => batch.changes.length)).toEqual([2, 2, 1]);
    state = await subscription(created.id);
    expect(state).toMatchObject({ cursor: store.lastChangeSeq, attempts: 0, lastError: null });
    expect((await deliveries(created.id)).map((row) => row.status)).toEqual(['delivered', 'delivered', 'delivered', 'failed']);
  });

  it('becomes a dead letter after the last attempt, and resume delivers the same changes again', async () => {
    const created = await subscribe();
    receiver.status = 500;
    await load(bed, bed.personCode, nextPeople(1));
    for (let attempt = 0; attempt < 3; attempt++) await node.drain({ ignoreSchedule: true });
    expect(await node.drain({ ignoreSchedule: true })).toMatchObject({ delivered: 0, failed: 0 });
    expect(await subscription(created.id)).toMatchObject({ status: 'dead', attempts: 3, lastError: 'HTTP 500', cursor: created.cursor });
    const log = await deliveries(created.id);
    expect(log.map((row) => [row.status, row.attempt, row.httpStatus])).toEqual([['dead', 3, 500], ['failed', 2, 500], ['failed', 1, 500]]);

    receiver.status = 204;
    const resumed = await asSystem('other', 'POST', `${SUBSCRIPTIONS}/${created.id}/resume`);
    expect(resumed.json()).toMatchObject({ status: 'active', attempts: 0 });
    expect(await node.drain()).toMatchObject({ delivered: 1 });
    const bodies = receiver.bodies();
    expect(bodies).toHaveLength(4);
    expect(bodies[3].changes).toEqual(bodies[0].changes);
    expect((await subscription(created.id)).cursor).toBe(bodies[3].cursor);
  });

  it('a started dispatcher delivers by itself when a load stores changes', async () => {
    const running = secondNode(bed, { pollMs: 3_600_000 });
    running.start!();
    try {
      const created = await subscribe();
      await load(bed, bed.personCode, nextPeople(2));
      // The poll is an hour away: only the storeChanged wake-up can deliver this.
      await receiver.waitFor(1);
      expect(receiver.bodies()[0]).toMatchObject({ subscriptionId: created.id });
      expect(receiver.bodies()[0].changes).toHaveLength(2);
    } finally {
      await running.stop!();
    }
  });

  it('a paused subscription gets nothing; a revoked grant pauses it and it cannot resume', async () => {
    const created = await subscribe();
    await asSystem('other', 'POST', `${SUBSCRIPTIONS}/${created.id}/pause`);
    await load(bed, bed.personCode, nextPeople(1));
    await node.drain({ ignoreSchedule: true });
    expect(receiver.received).toHaveLength(0);
    await asSystem('other', 'POST', `${SUBSCRIPTIONS}/${created.id}/resume`);

    const provider = await bed.t.login('own_admin');
    const revoked = await provider.post(`/api/v1/exchange/grants/${grantId}/revoke`, { reason: '用途已完成' });
    expect(revoked.statusCode).toBe(200);
    expect(await node.drain({ ignoreSchedule: true })).toMatchObject({ delivered: 0, failed: 0 });
    expect(receiver.received).toHaveLength(0);
    const state = await subscription(created.id);
    expect(state.status).toBe('paused');
    expect(state.lastError).toContain('revoked');
    const again = await asSystem('other', 'POST', `${SUBSCRIPTIONS}/${created.id}/resume`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('exchange.grant_not_active');

    expect((await asSystem('other', 'DELETE', `${SUBSCRIPTIONS}/${created.id}`)).statusCode).toBe(204);
    expect((await asSystem('other', 'GET', `${SUBSCRIPTIONS}/${created.id}`)).statusCode).toBe(404);
  });
});
