import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, seedBasicDirectory, type BasicDirectory, type HttpSession, type TestPlatform } from '../../testing/harness.js';
import type { NotificationInput } from './index.js';

const BASE = '/api/v1/notifications';

let t: TestPlatform;
let directory: BasicDirectory;
const sessions: Record<string, HttpSession> = {};

beforeAll(async () => {
  t = await createTestPlatform();
  directory = await seedBasicDirectory(t.platform);
  for (const username of ['own_admin', 'own_op', 'other_admin', 'dataadmin']) sessions[username] = await t.login(username);
});
afterAll(() => t.close());

const userId = async (username: string) => (await t.platform.directory.service.findUserByUsername(username))!.id;
const notify = (input: NotificationInput) => t.platform.ctx.db.transaction().execute((trx) => t.platform.notifier.notify(trx, input));
const titles = async (session: HttpSession, query: Record<string, string> = {}) => {
  const response = await session.get(BASE, query);
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json() as { items: Array<{ title: string; read: boolean }>; unread: number };
  return { titles: body.items.map((item) => item.title), unread: body.unread, items: body.items };
};

describe('console notifications', () => {
  it('reach the addressed user, and role holders only within the named department', async () => {
    await notify({ to: { userId: await userId('own_op') }, kind: 'cloud.order.submitted', title: 'to-own-op', link: '/cloud/orders/x' });
    await notify({ to: { role: 'dept_admin', departmentId: directory.departments.own }, kind: 'cloud.approval.pending', title: 'to-own-heads', titleEn: 'For heads' });
    await notify({ to: { role: 'dept_admin' }, kind: 'cloud.approval.pending', title: 'to-all-heads' });
    await notify({ to: { role: 'data_admin' }, kind: 'cloud.approval.escalated', title: 'to-it-centre' });

    expect((await titles(sessions.own_op)).titles).toEqual(['to-own-op']);
    expect((await titles(sessions.own_admin)).titles.sort()).toEqual(['to-all-heads', 'to-own-heads']);
    expect((await titles(sessions.other_admin)).titles).toEqual(['to-all-heads']);
    expect((await titles(sessions.dataadmin)).titles).toEqual(['to-it-centre']);

    const first = (await titles(sessions.own_op)).items[0];
    expect(first).toMatchObject({ kind: 'cloud.order.submitted', link: '/cloud/orders/x', read: false, titleEn: null, body: '' });
    // Without SMTP configured no e-mail copy is queued.
    const statuses = await t.platform.ctx.db.selectFrom('notifications').select('mail_status').execute();
    expect(new Set(statuses.map((row) => row.mail_status))).toEqual(new Set(['none']));
  });

  it('are marked read per person: a role notification read by one holder stays unread for another', async () => {
    await notify({ to: { role: 'dept_admin' }, kind: 'cloud.approval.pending', title: 'shared-by-heads' });
    const own = await titles(sessions.own_admin, { unreadOnly: 'true' });
    expect(own.titles).toContain('shared-by-heads');
    const sharedId = (await sessions.own_admin.get(BASE)).json().items.find((item: { title: string }) => item.title === 'shared-by-heads').id as string;

    const marked = await sessions.own_admin.post(`${BASE}/read`, { ids: [sharedId] });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toEqual({ marked: 1 });
    // Marking again changes nothing.
    expect((await sessions.own_admin.post(`${BASE}/read`, { ids: [sharedId] })).json()).toEqual({ marked: 0 });

    const after = await titles(sessions.own_admin, { unreadOnly: 'true' });
    expect(after.titles).not.toContain('shared-by-heads');
    expect(after.unread).toBe(own.unread - 1);
    expect((await titles(sessions.other_admin, { unreadOnly: 'true' })).titles).toContain('shared-by-heads');
  });

  it('cannot be marked read by someone who does not see them', async () => {
    const ownOpItem = (await sessions.own_op.get(BASE)).json().items[0].id as string;
    expect((await sessions.other_admin.post(`${BASE}/read`, { ids: [ownOpItem] })).json()).toEqual({ marked: 0 });
    expect((await titles(sessions.own_op, { unreadOnly: 'true' })).titles).toContain('to-own-op');
  });

  it('are all marked read at once, and the count of unread follows', async () => {
    const before = await titles(sessions.own_admin);
    expect(before.unread).toBeGreaterThan(0);
    const marked = await sessions.own_admin.post(`${BASE}/read`, { all: true });
    expect(marked.json()).toEqual({ marked: before.unread });
    const after = await titles(sessions.own_admin);
    expect(after.unread).toBe(0);
    expect(after.items.every((item) => item.read)).toBe(true);
    expect((await titles(sessions.own_admin, { unreadOnly: 'true' })).titles).toEqual([]);
  });

  it('refuse a read request that names nothing, and strangers', async () => {
    const empty = await sessions.own_op.post(`${BASE}/read`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('notifications.nothing_to_mark');
    expect((await t.inject({ method: 'GET', url: BASE })).statusCode).toBe(401);
  });

  it('honour the limit and answer newest first', async () => {
    for (const n of [1, 2, 3]) {
      await notify({ to: { userId: await userId('own_op') }, kind: 'test', title: `limit-${n}` });
      // Distinct, increasing times (two inserts may share a clock tick).
      await t.platform.ctx.db.updateTable('notifications').set({ created_at: new Date(Date.now() + n * 60_000) }).where('title', '=', `limit-${n}`).execute();
    }
    const limited = await titles(sessions.own_op, { limit: '2' });
    expect(limited.titles).toEqual(['limit-3', 'limit-2']);
  });
});
