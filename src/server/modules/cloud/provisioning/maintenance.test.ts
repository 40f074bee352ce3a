import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../../../platform/db/database.js';
import { cliActor, type UserActor } from '../../../platform/actor.js';
import type { HttpSession } from '../../../testing/harness.js';
import { driftOf } from './reconcile.js';
import { LEASE_ENDED } from './service.js';
import { createProvisioningBed, type ProvisioningBed } from './test-support.js';

let bed: ProvisioningBed;
const DAY = 86_400_000;

beforeAll(async () => {
  bed = await createProvisioningBed();
});
afterAll(() => bed.close());

const resource = (id: string) => bed.db.selectFrom('cloud_resources').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function activeResource(name: string, leaseMonths: number | null = null): Promise<string> {
  const { itemIds } = await bed.orderAndStart([{ name, leaseMonths }]);
  await bed.drain();
  return (await bed.resourceOfItem(itemIds[0])).id;
}

describe('leases', () => {
  it('warn 30, 7 and 1 days before the end, each once, to the department heads and the orderer; the end retires', async () => {
    const id = await activeResource('leased-db', 12);
    const end = new Date((await resource(id)).lease_ends_at!).getTime();
    const warningsOf = async () => (await bed.notifications('cloud.lease.warning')).filter((note) => note.link === `/cloud/resources/${id}`);

    expect((await bed.provisioner.checkLeases(new Date(end - 31 * DAY))).warned).toBe(0);
    expect(await bed.provisioner.checkLeases(new Date(end - 30 * DAY + 3_600_000))).toEqual({ warned: 1, retired: 0 });
    expect((await bed.provisioner.checkLeases(new Date(end - 29 * DAY))).warned).toBe(0);
    const first = await warningsOf();
    expect(first).toHaveLength(2);
    expect(first).toEqual(expect.arrayContaining([
      expect.objectContaining({ role: 'dept_admin', department_id: bed.directory.departments.own }),
      expect.objectContaining({ user_id: bed.userIds.ownOp }),
    ]));
    expect(first[0].title).toContain('30天');

    expect((await bed.provisioner.checkLeases(new Date(end - 6 * DAY))).warned).toBe(1);
    expect((await bed.provisioner.checkLeases(new Date(end - 5 * DAY))).warned).toBe(0);
    expect((await bed.provisioner.checkLeases(new Date(end - DAY / 2))).warned).toBe(1);
    expect((await bed.provisioner.checkLeases(new Date(end - DAY / 4))).warned).toBe(0);
    expect((await resource(id)).lease_warnings_sent.sort((a, b) => a - b)).toEqual([1, 7, 30]);
    expect((await warningsOf()).map((note) => note.title.match(/(\d+)天/)![1])).toEqual(['30', '30', '7', '7', '1', '1']);

    const expired = await bed.provisioner.checkLeases(new Date(end + 1000));
    expect(expired.retired).toBeGreaterThanOrEqual(1);
    expect((await resource(id)).status).toBe('retiring');
    await bed.drain();
    expect((await resource(id)).status).toBe('retired');
    const audit = await bed.db.selectFrom('audit_log').select(['action', 'actor_name', 'after']).where('target_id', '=', id).where('action', '=', 'cloud.resource.retire').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_name: 'provisioner', after: { reason: LEASE_ENDED } });
  });

  it('sends only the nearest warning to a resource first seen inside a short window', async () => {
    const id = await activeResource('short-lease-db', 1);
    const end = new Date((await resource(id)).lease_ends_at!).getTime();
    expect((await bed.provisioner.checkLeases(new Date(end - 3 * DAY))).warned).toBe(1);
    expect((await resource(id)).lease_warnings_sent.sort((a, b) => a - b)).toEqual([7, 30]);
    const notes = (await bed.notifications('cloud.lease.warning')).filter((note) => note.link === `/cloud/resources/${id}`);
    expect(notes.every((note) => note.title.includes('7天'))).toBe(true);
  });
});

describe('reconciliation', () => {
  let dataAdmin: HttpSession;
  beforeAll(async () => {
    dataAdmin = await bed.t.login(bed.directory.users.data_admin);
  });

  it('flags resources missing at the provider, drifted ones with a plain detail, and orphans; resolves orphans that go', async () => {
    const steady = await activeResource('steady-db');
    const drifting = await activeResource('drifting-db');
    const vanishing = await activeResource('vanishing-db');
    const drifted = await resource(drifting);
    const vanished = await resource(vanishing);
    // At the provider someone raised a limit by hand, deleted a database, and made one we never ordered.
    await bed.db.updateTable('cloud_simulated_resources').set({ parameters: json({ connectionLimit: 100, storageGb: 10 }) }).where('external_id', '=', drifted.external_id!).execute();
    await bed.db.updateTable('cloud_simulated_resources').set({ status: 'deleted' }).where('external_id', '=', vanished.external_id!).execute();
    await bed.db.insertInto('cloud_simulated_resources').values({
      external_id: 'sim-hand-made-1', kind: 'postgresql_database', idempotency_key: 'hand-made-1', parameters: json({ connectionLimit: 5 }),
      tags: json({ 'managed-by': 'zhongshu', resource: '00000000-0000-4000-8000-000000000000' }), status: 'active', ready_at: new Date(),
    }).execute();

    const counts = await bed.provisioner.reconcile(cliActor('test'));
    expect(counts).toMatchObject({ drifted: 1, missing: 1, orphans: 1 });
    expect(counts.checked).toBeGreaterThanOrEqual(3);

    expect(await resource(steady)).toMatchObject({ drift_status: 'ok', drift_detail: null });
    expect((await resource(steady)).last_reconciled_at).not.toBeNull();
    expect(await resource(drifting)).toMatchObject({ drift_status: 'drifted', drift_detail: 'connectionLimit: ordered 20, provider has 100' });
    expect(await resource(vanishing)).toMatchObject({ drift_status: 'missing' });

    const drift = await dataAdmin.get('/api/v1/cloud/resources', { drift: 'true' });
    expect(drift.json().items.map((item: { id: string }) => item.id).sort()).toEqual([drifting, vanishing].sort());
    const orphans = await dataAdmin.get('/api/v1/cloud/orphans');
    expect(orphans.json().items).toEqual([expect.objectContaining({ externalId: 'sim-hand-made-1', kind: 'postgresql_database', providerName: '模拟云', driver: 'simulated' })]);

    // The hand-made database is removed and the limit put back: the next run clears both.
    await bed.db.updateTable('cloud_simulated_resources').set({ status: 'deleted' }).where('external_id', '=', 'sim-hand-made-1').execute();
    await bed.db.updateTable('cloud_simulated_resources').set({ parameters: json({ connectionLimit: 20, storageGb: 10 }) }).where('external_id', '=', drifted.external_id!).execute();
    expect(await bed.provisioner.reconcile(null)).toMatchObject({ drifted: 0, missing: 1, orphans: 0 });
    expect((await resource(drifting)).drift_status).toBe('ok');
    expect((await dataAdmin.get('/api/v1/cloud/orphans')).json().items).toEqual([]);
    const orphan = await bed.db.selectFrom('cloud_orphans').selectAll().where('external_id', '=', 'sim-hand-made-1').executeTakeFirstOrThrow();
    expect(orphan.resolved_at).not.toBeNull();
    expect(await bed.db.selectFrom('audit_log').select('action').where('action', '=', 'cloud.reconcile.run').execute()).toHaveLength(2);
  });

  it('describes drift only for the keys the provider reports, and takes 20 and "20" for the same', () => {
    expect(driftOf({ connectionLimit: 20, storageGb: 10 }, { connectionLimit: '20' })).toBeNull();
    expect(driftOf({ vcpu: 2, memoryGb: 4 }, { vcpu: 4, memoryGb: 4 })).toBe('vcpu: ordered 2, provider has 4');
    expect(driftOf({}, { flavor: 'm1.small' })).toBe('flavor: ordered —, provider has m1.small');
  });

  it('is refused to a department user', async () => {
    const head: UserActor = {
      kind: 'user', userId: bed.userIds.ownAdmin, username: 'own_admin', displayName: 'own_admin', departmentId: bed.directory.departments.own, roles: ['dept_admin'], mustChangePassword: false,
    };
    await expect(bed.provisioner.reconcile(head)).rejects.toMatchObject({ status: 403 });
    await expect(bed.provisioner.listOrphans(head)).rejects.toMatchObject({ status: 403 });
  });
});
