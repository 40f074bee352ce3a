import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../platform/db/database.js';
import { createTestDatabase } from '../../../platform/db/testing.js';
import type { ProvisioningDriver, ResourceTags } from './driver.js';
import { createSimulatedDriver } from './simulated.js';

let database: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const tags = (resource: string): ResourceTags => ({
  'managed-by': 'zhongshu', department: '23', 'business-system': 'own-portal', order: 'CO-20250101-000001', 'order-item': `item-${resource}`, resource,
});
const driver = (settings: Record<string, unknown>): ProvisioningDriver => createSimulatedDriver({ settings, secrets: {} }, { db: database.db });

/** The simulated provider's clock moves on: whatever it is building, resizing or deleting is due now. */
async function timePasses(externalId: string): Promise<void> {
  await database.db.updateTable('cloud_simulated_resources').set({ ready_at: new Date(Date.now() - 1000) }).where('external_id', '=', externalId).execute();
}
const readyAt = async (externalId: string) =>
  (await database.db.selectFrom('cloud_simulated_resources').select('ready_at').where('external_id', '=', externalId).executeTakeFirstOrThrow()).ready_at;

describe('the simulated driver', () => {
  it('builds for latencyMs, then answers active with connection details and one-time credentials', async () => {
    const sim = driver({ latencyMs: 60_000 });
    const started = await sim.create({ idempotencyKey: 'k-create', kind: 'postgresql_database', name: 'app', parameters: { connectionLimit: 20 }, tags: tags('r-1') });
    expect(started).toMatchObject({ state: 'running' });
    expect(started.retryAfterMs).toBeGreaterThan(1000);
    expect(started.credentials).toBeUndefined();
    expect((await sim.poll('create', started.ref)).state).toBe('running');
    await timePasses(started.ref);
    const done = await sim.poll('create', started.ref);
    expect(done.state).toBe('succeeded');
    expect(done.externalId).toBe(started.ref);
    expect(done.endpointInfo).toMatchObject({ host: 'sim.postgresql_database.local', port: 5432 });
    expect(done.credentials).toEqual({ username: done.endpointInfo!.username, password: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/) });
  });

  it('answers a create repeated with the same key with the same resource', async () => {
    const sim = driver({ latencyMs: 0 });
    const request = { idempotencyKey: 'k-twice', kind: 'redis_user', name: 'cache', parameters: { maxMemoryMb: 64 }, tags: tags('r-2') };
    const first = await sim.create(request);
    const second = await sim.create(request);
    expect(first.state).toBe('succeeded');
    expect(second.externalId).toBe(first.externalId);
    const rows = await database.db.selectFrom('cloud_simulated_resources').select('external_id').where('idempotency_key', '=', 'k-twice').execute();
    expect(rows).toHaveLength(1);
    expect(first.endpointInfo).toMatchObject({ port: 6379 });
  });

  it('fails the kinds listed in failKinds, with a reason, and lists nothing for them', async () => {
    const sim = driver({ latencyMs: 0, failKinds: ['vm'] });
    const failed = await sim.create({ idempotencyKey: 'k-fail', kind: 'vm', name: 'web', parameters: { vcpu: 2 }, tags: tags('r-3') });
    expect(failed.state).toBe('failed');
    expect(failed.error).toContain('refuses vm');
    expect((await sim.list()).some((entry) => entry.tags.resource === 'r-3')).toBe(false);
    // a volume (not in failKinds) has no credentials to hand out
    const volume = await sim.create({ idempotencyKey: 'k-volume', kind: 'volume', name: 'data', parameters: { sizeGb: 100 }, tags: tags('r-4') });
    expect(volume.state).toBe('succeeded');
    expect(volume.credentials).toBeUndefined();
  });

  it('resizes and deletes after the latency; list shows the new size and drops the deleted', async () => {
    const sim = driver({ latencyMs: 60_000 });
    const made = await sim.create({ idempotencyKey: 'k-life', kind: 'mariadb_database', name: 'db', parameters: { storageGb: 10 }, tags: tags('r-5') });
    const externalId = made.externalId!;
    await timePasses(externalId);
    expect((await sim.poll('create', externalId)).state).toBe('succeeded');
    const resizing = await sim.resize({ idempotencyKey: 'k-life-resize', kind: 'mariadb_database', externalId, parameters: { storageGb: 40 }, previous: { storageGb: 10 } });
    expect(resizing.state).toBe('running');
    // asked again while under way: the same operation, not a restart
    const due = await readyAt(externalId);
    const again = await sim.resize({ idempotencyKey: 'k-life-resize', kind: 'mariadb_database', externalId, parameters: { storageGb: 40 }, previous: { storageGb: 10 } });
    expect(again.state).toBe('running');
    expect(await readyAt(externalId)).toEqual(due);
    await timePasses(externalId);
    expect((await sim.poll('resize', externalId)).state).toBe('succeeded');
    expect((await sim.list()).find((entry) => entry.externalId === externalId)).toMatchObject({ parameters: { storageGb: 40 }, status: 'active', tags: { resource: 'r-5' } });

    const measured = await sim.measure!([externalId]);
    const sizes = measured.get(externalId)!;
    expect(sizes.storageBytes).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    expect(sizes.cpuUtilisation).toBeGreaterThanOrEqual(5);
    expect(sizes.cpuUtilisation).toBeLessThanOrEqual(60);

    expect((await sim.retire({ idempotencyKey: 'r-5', kind: 'mariadb_database', externalId })).state).toBe('running');
    expect((await sim.list()).find((entry) => entry.externalId === externalId)?.status).toBe('deleting');
    await timePasses(externalId);
    expect((await sim.poll('retire', externalId)).state).toBe('succeeded');
    expect((await sim.retire({ idempotencyKey: 'r-5', kind: 'mariadb_database', externalId })).state).toBe('succeeded');
    expect((await sim.list()).some((entry) => entry.externalId === externalId)).toBe(false);
    expect((await sim.measure!([externalId])).size).toBe(0);
  });

  it('passes its connection test', async () => {
    await expect(driver({}).test()).resolves.toBeUndefined();
  });
});
