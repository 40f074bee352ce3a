import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpSession } from '../../../testing/harness.js';
import { createProvisioningBed, type ProvisioningBed } from './test-support.js';

const API = '/api/v1/cloud';

let bed: ProvisioningBed;
let ownOp: HttpSession;
let ownAdmin: HttpSession;
let otherAdmin: HttpSession;
let dataAdmin: HttpSession;
let auditor: HttpSession;
/** An active resource of the own department and one of the other department. */
let ownResource: string;
let otherResource: string;

beforeAll(async () => {
  bed = await createProvisioningBed();
  const users = bed.directory.users;
  [ownOp, ownAdmin, otherAdmin, dataAdmin, auditor] = await Promise.all(
    [users.dept_operator, users.dept_admin, users.other_admin, users.data_admin, users.audit_admin].map((name) => bed.t.login(name)),
  );
  const own = await bed.orderAndStart([{ name: 'own-db', leaseMonths: 6 }]);
  const other = await bed.orderAndStart([{ name: 'other-db' }], { department: 'other' });
  await bed.drain();
  ownResource = (await bed.resourceOfItem(own.itemIds[0])).id;
  otherResource = (await bed.resourceOfItem(other.itemIds[0])).id;
});
afterAll(() => bed.close());

describe('seeing resources', () => {
  it('shows a department its own resources only, and the IT centre every department’s', async () => {
    const mine = await ownOp.get(`${API}/resources`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().items.map((item: { id: string }) => item.id)).toEqual([ownResource]);
    expect(mine.json().items[0]).toMatchObject({
      name: 'own-db', status: 'active', departmentName: '区市场监督管理局', businessSystemName: '许可审批系统', providerName: '模拟云',
      category: 'database', credentialsAvailable: true, driftStatus: 'ok', monthlyFen: 30_000,
    });
    expect(mine.json().items[0]).not.toHaveProperty('credentialsSealed');
    expect(mine.body).not.toContain('v1.aes-gcm');

    const all = await dataAdmin.get(`${API}/resources`);
    expect(all.json().items.map((item: { id: string }) => item.id).sort()).toEqual([ownResource, otherResource].sort());
    const filtered = await dataAdmin.get(`${API}/resources`, { departmentId: bed.directory.departments.other });
    expect(filtered.json()).toMatchObject({ total: 1, items: [{ id: otherResource }] });
  });

  it("answers someone else's resource as not found, and refuses those who hold no cloud role", async () => {
    expect((await ownOp.get(`${API}/resources/${otherResource}`)).statusCode).toBe(404);
    expect((await ownOp.get(`${API}/resources/${ownResource}`)).statusCode).toBe(200);
    expect((await dataAdmin.get(`${API}/resources/${otherResource}`)).statusCode).toBe(200);
    expect((await ownOp.get(`${API}/resources`, { departmentId: bed.directory.departments.other })).statusCode).toBe(403);
    expect((await auditor.get(`${API}/resources`)).statusCode).toBe(403);
    expect((await auditor.get(`${API}/resources/${ownResource}`)).statusCode).toBe(403);
    expect((await ownOp.post(`${API}/resources/${otherResource}/retire`, { reason: '不是我的' })).statusCode).toBe(404);
  });
});

describe('credentials', () => {
  it('are shown once to the owning department, then 410 saying when and to whom; the audit log never holds them', async () => {
    expect((await dataAdmin.post(`${API}/resources/${ownResource}/credentials`)).statusCode).toBe(403);
    expect((await otherAdmin.post(`${API}/resources/${ownResource}/credentials`)).statusCode).toBe(404);

    const first = await ownOp.post(`${API}/resources/${ownResource}/credentials`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const { credentials, endpointInfo } = first.json();
    expect(credentials.password.length).toBeGreaterThan(16);
    expect(endpointInfo).toMatchObject({ host: 'sim.postgresql_database.local', username: credentials.username });

    const again = await ownAdmin.post(`${API}/resources/${ownResource}/credentials`);
    expect(again.statusCode).toBe(410);
    expect(again.json()).toMatchObject({ code: 'cloud.credentials_revealed', revealedBy: 'own_op' });
    expect(again.json().revealedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(again.body).not.toContain(credentials.password);

    const shown = await ownOp.get(`${API}/resources/${ownResource}`);
    expect(shown.json()).toMatchObject({ credentialsAvailable: false });
    expect(shown.json().credentialsRevealedAt).toBe(again.json().revealedAt);

    const audit = await bed.db.selectFrom('audit_log').selectAll().where('target_id', '=', ownResource).execute();
    expect(audit.map((entry) => entry.action)).toContain('cloud.resource.credentials_reveal');
    expect(JSON.stringify(audit)).not.toContain(credentials.password);
  });
});

describe('retirement and leases', () => {
  it('renews a lease from its current end and forgets the warnings already sent', async () => {
    const before = await bed.db.selectFrom('cloud_resources').select('lease_ends_at').where('id', '=', ownResource).executeTakeFirstOrThrow();
    await bed.db.updateTable('cloud_resources').set({ lease_warnings_sent: [30] }).where('id', '=', ownResource).execute();
    const renewed = await ownAdmin.post(`${API}/resources/${ownResource}/renew`, { months: 3 });
    expect(renewed.statusCode, renewed.body).toBe(200);
    const days = (new Date(renewed.json().leaseEndsAt).getTime() - new Date(before.lease_ends_at!).getTime()) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(89);
    expect(days).toBeLessThanOrEqual(92);
    const row = await bed.db.selectFrom('cloud_resources').select('lease_warnings_sent').where('id', '=', ownResource).executeTakeFirstOrThrow();
    expect(row.lease_warnings_sent).toEqual([]);
    expect((await ownAdmin.post(`${API}/resources/${ownResource}/renew`, { months: 0 })).statusCode).toBe(400);
  });

  it('retires an active resource: removed at the provider, committed quota given back, department told', async () => {
    const quota = await bed.quota('databases');
    const resource = await bed.db.selectFrom('cloud_resources').selectAll().where('id', '=', ownResource).executeTakeFirstOrThrow();

    expect((await ownOp.post(`${API}/resources/${ownResource}/retire`, { reason: '' })).statusCode).toBe(400);
    const retiring = await ownOp.post(`${API}/resources/${ownResource}/retire`, { reason: '系统下线' });
    expect(retiring.statusCode, retiring.body).toBe(202);
    expect(retiring.json().status).toBe('retiring');
    // Asked twice: the second is refused, there is one retirement under way.
    expect((await ownOp.post(`${API}/resources/${ownResource}/retire`, { reason: '再次' })).json().code).toBe('cloud.resource_not_active');

    await bed.drain();
    const retired = await ownOp.get(`${API}/resources/${ownResource}`);
    expect(retired.json()).toMatchObject({ status: 'retired' });
    expect(retired.json().retiredAt).not.toBeNull();
    expect(await bed.quota('databases')).toEqual({ reserved: quota.reserved, committed: quota.committed - 1 });
    const atProvider = await bed.db.selectFrom('cloud_simulated_resources').select('status').where('external_id', '=', resource.external_id!).executeTakeFirstOrThrow();
    expect(atProvider.status).toBe('deleted');

    const notes = (await bed.notifications('cloud.resource.retired')).filter((note) => note.link === `/cloud/resources/${ownResource}`);
    expect(notes).toEqual(expect.arrayContaining([
      expect.objectContaining({ role: 'dept_admin', department_id: bed.directory.departments.own }),
      expect.objectContaining({ user_id: bed.userIds.ownOp }),
    ]));
    const audit = await bed.db.selectFrom('audit_log').select(['action', 'after']).where('target_id', '=', ownResource).orderBy('id').execute();
    expect(audit.map((entry) => entry.action).slice(-2)).toEqual(['cloud.resource.retire', 'cloud.resource.retired']);
    expect(audit.at(-2)!.after).toMatchObject({ reason: '系统下线' });
    expect((await ownOp.post(`${API}/resources/${ownResource}/renew`, { months: 1 })).statusCode).toBe(409);
  });
});

describe('reconciliation and orphans over HTTP', () => {
  it('are for the IT centre only', async () => {
    expect((await ownAdmin.post(`${API}/reconcile`)).statusCode).toBe(403);
    expect((await ownAdmin.get(`${API}/orphans`)).statusCode).toBe(403);
    const orphans = await dataAdmin.get(`${API}/orphans`);
    expect(orphans.statusCode).toBe(200);
    expect(orphans.json()).toEqual({ items: [] });
  });
});
