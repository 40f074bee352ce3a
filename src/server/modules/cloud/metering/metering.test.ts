// Hourly metering on a real database: partitions made on demand, idempotent hours, which resources an hour
// charges, real sizes from drivers (and a failing driver), catching up.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUD_API } from '../parts.js';
import { CATCH_UP_HOURS } from './metering.js';
import { createMeteringTestbed, insertCatalog, standInDrivers, type MeteringTestbed } from './test-support.js';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

let bed: MeteringTestbed;
beforeAll(async () => {
  bed = await createMeteringTestbed();
});
afterAll(async () => {
  await bed?.close();
});

async function usageRows(resourceId: string) {
  return bed.db.selectFrom('cloud_usage').selectAll().where('resource_id', '=', resourceId).orderBy('hour').execute();
}

async function partitionOf(resourceId: string, hour: Date): Promise<string> {
  const result = await sql<{ partition: string }>`
    SELECT tableoid::regclass::text AS partition FROM cloud_usage WHERE resource_id = ${resourceId} AND hour = ${hour}::timestamptz`.execute(bed.db);
  return result.rows[0].partition.replace(/^.*\./, '');
}

describe('usage partitions', () => {
  it('creates the month partition on demand, one per month in Shanghai time, and routes each hour to its month', async () => {
    const { metering } = bed.services(standInDrivers(new Map()));
    const id = await bed.resource({ monthlyFen: 7200, readyAt: at('2024-01-01T00:00:00+08:00'), name: 'partitions' });
    const lastHourOfJanuary = at('2024-01-31T23:00:00+08:00');
    const firstHourOfFebruary = at('2024-02-01T00:00:00+08:00'); // 2024-01-31T16:00Z: February in Shanghai
    expect(await metering.meterHour(lastHourOfJanuary)).toMatchObject({ resources: 1 });
    expect(await metering.meterHour(firstHourOfFebruary)).toMatchObject({ resources: 1 });
    const partitions = await sql<{ name: string }>`
      SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'cloud_usage'::regclass ORDER BY c.relname`.execute(bed.db);
    expect(partitions.rows.map((row) => row.name)).toEqual(expect.arrayContaining(['cloud_usage_2024_01', 'cloud_usage_2024_02']));
    expect(await partitionOf(id, lastHourOfJanuary)).toBe('cloud_usage_2024_01');
    expect(await partitionOf(id, firstHourOfFebruary)).toBe('cloud_usage_2024_02');
    await bed.db.updateTable('cloud_resources').set({ status: 'retired', retired_at: at('2024-01-01T00:00:00+08:00') }).where('id', '=', id).execute();
  });

  it('lets two nodes meter the same new month at once: one partition, one row per resource', async () => {
    const nodeA = bed.services(standInDrivers(new Map())).metering;
    const nodeB = bed.services(standInDrivers(new Map())).metering;
    const id = await bed.resource({ monthlyFen: 9900, readyAt: at('2024-03-01T00:00:00+08:00'), name: 'race' });
    const hour = at('2024-03-05T10:00:00+08:00');
    const results = await Promise.all([nodeA.meterHour(hour), nodeB.meterHour(hour)]);
    expect(results[0].resources + results[1].resources).toBe(1);
    expect(await usageRows(id)).toHaveLength(1);
    await bed.db.updateTable('cloud_resources').set({ status: 'retired', retired_at: at('2024-03-06T00:00:00+08:00') }).where('id', '=', id).execute();
  });
});

describe('meterHour', () => {
  it('writes one row per resource and hour; a second run writes nothing and leaves metered resources untouched', async () => {
    const sizes = new Map<string, Record<string, number>>();
    const drivers = standInDrivers(sizes);
    const { metering } = bed.services(drivers);
    const id = await bed.resource({ monthlyFen: 52_345, readyAt: at('2024-05-01T00:00:00+08:00'), externalId: 'ext-idem', name: 'idempotent' });
    sizes.set('ext-idem', { storageBytes: 1000 });
    const hour = at('2024-05-02T08:00:00+08:00');
    expect(await metering.meterHour(hour)).toEqual({ resources: 1, measured: 1 });
    const before = await bed.db.selectFrom('cloud_resources').select(['measured', 'measured_at']).where('id', '=', id).executeTakeFirstOrThrow();

    // The price and the size change after the hour was metered: neither the row nor the resource may follow.
    await bed.db.updateTable('cloud_resources').set({ monthly_fen: 99_999 }).where('id', '=', id).execute();
    sizes.set('ext-idem', { storageBytes: 2000 });
    expect(await metering.meterHour(new Date(hour.getTime() + 59 * 60_000))).toEqual({ resources: 0, measured: 0 });

    const rows = await usageRows(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ monthly_fen: 52_345, measured: { storageBytes: 1000 } });
    expect(rows[0].hour.toISOString()).toBe(hour.toISOString());
    const after = await bed.db.selectFrom('cloud_resources').select(['measured', 'measured_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    await bed.db.updateTable('cloud_resources').set({ status: 'retired', retired_at: at('2024-05-03T00:00:00+08:00') }).where('id', '=', id).execute();
  });

  it('charges exactly the resources that existed during the hour', async () => {
    const { metering } = bed.services(standInDrivers(new Map()));
    const hour = at('2024-06-10T12:00:00+08:00');
    const end = new Date(hour.getTime() + HOUR);
    const readyMidHour = await bed.resource({ monthlyFen: 100, readyAt: new Date(hour.getTime() + 30 * 60_000), name: 'ready mid-hour' });
    const readyAtEnd = await bed.resource({ monthlyFen: 100, readyAt: end, name: 'ready when the hour ended' });
    const retiredMidHour = await bed.resource({ monthlyFen: 100, readyAt: at('2024-06-01T00:00:00+08:00'), status: 'retired', retiredAt: new Date(hour.getTime() + 60_000), name: 'retired mid-hour' });
    const retiredBefore = await bed.resource({ monthlyFen: 100, readyAt: at('2024-06-01T00:00:00+08:00'), status: 'retired', retiredAt: hour, name: 'retired at the start' });
    const resizing = await bed.resource({ monthlyFen: 100, readyAt: at('2024-06-01T00:00:00+08:00'), status: 'resizing', name: 'resizing' });
    const failed = await bed.resource({ monthlyFen: 100, readyAt: at('2024-06-01T00:00:00+08:00'), status: 'failed', name: 'failed' });
    await metering.meterHour(hour);
    const metered = await bed.db.selectFrom('cloud_usage').select('resource_id').where('hour', '=', hour).execute();
    const ids = new Set(metered.map((row) => row.resource_id));
    expect([readyMidHour, retiredMidHour, resizing].every((id) => ids.has(id))).toBe(true);
    expect([readyAtEnd, retiredBefore, failed].some((id) => ids.has(id))).toBe(false);
    await bed.db.updateTable('cloud_resources').set({ status: 'retired', retired_at: end }).where('id', 'in', [readyMidHour, readyAtEnd, resizing]).execute();
  });

  it('records real sizes from each endpoint in batches; a failing driver costs only the sizes, never the run', async () => {
    const failingCatalog = await insertCatalog(bed.db, { name: '坏服务商' });
    const sizes = new Map([['ext-a', { storageBytes: 8_126_464, connections: 2 }]]);
    const drivers = standInDrivers(sizes, new Set([failingCatalog.endpointId]));
    const { metering } = bed.services(drivers, { batchSize: 1, measureChunk: 1 });
    const readyAt = at('2024-07-01T00:00:00+08:00');
    const measuredId = await bed.resource({ monthlyFen: 500, readyAt, externalId: 'ext-a', name: 'measured', quotaDemand: { vcpu: 4, storage_gb: 50, monthly_budget_fen: 500 } });
    const unknownId = await bed.resource({ monthlyFen: 500, readyAt, externalId: 'ext-unknown', name: 'not found by the driver' });
    const failingId = await bed.resource({ monthlyFen: 500, readyAt, externalId: 'ext-b', catalog: failingCatalog, name: 'failing driver' });
    const hour = at('2024-07-01T05:00:00+08:00');
    expect(await metering.meterHour(hour)).toEqual({ resources: 3, measured: 1 });

    const [measured] = await usageRows(measuredId);
    expect(measured.measured).toEqual({ storageBytes: 8_126_464, connections: 2 });
    // allocation is the quota demand without the budget
    expect(measured.allocated).toEqual({ vcpu: 4, storage_gb: 50 });
    expect((await usageRows(unknownId))[0].measured).toBeNull();
    expect((await usageRows(failingId))[0].measured).toBeNull();
    const resource = await bed.db.selectFrom('cloud_resources').select(['measured', 'measured_at']).where('id', '=', measuredId).executeTakeFirstOrThrow();
    expect(resource.measured).toEqual({ storageBytes: 8_126_464, connections: 2 });
    expect(resource.measured_at).toBeInstanceOf(Date);
    // one call per chunk of one external id, per endpoint
    expect(drivers.calls.map((ids) => ids.length)).toEqual([1, 1, 1]);
    await bed.db.updateTable('cloud_resources').set({ status: 'retired', retired_at: hour }).where('id', 'in', [measuredId, unknownId, failingId]).execute();
  });

  it('asks no driver when measuring is off', async () => {
    const drivers = standInDrivers(new Map([['ext-off', { storageBytes: 1 }]]));
    const { metering } = bed.services(drivers, { measure: false });
    const id = await bed.resource({ monthlyFen: 500, readyAt: at('2024-08-01T00:00:00+08:00'), externalId: 'ext-off', name: 'unmeasured' });
    expect(await metering.meterHour(at('2024-08-01T01:00:00+08:00'))).toEqual({ resources: 1, measured: 0 });
    expect(drivers.calls).toEqual([]);
    await bed.db.updateTable('cloud_resources').set({ status: 'retired', retired_at: at('2024-08-01T02:00:00+08:00') }).where('id', '=', id).execute();
  });
});

describe('catchUp', () => {
  it('meters every completed hour since the last metered one, never more than 48 back', async () => {
    const now = at('2024-09-10T12:34:00+08:00');
    const id = await bed.resource({ monthlyFen: 300, readyAt: at('2024-09-01T00:00:00+08:00'), name: 'catch-up' });
    const { metering } = bed.services(standInDrivers(new Map()));
    // nothing metered yet in the window: 48 completed hours, 10:00–11:00 the last
    expect(await metering.catchUp(now)).toBe(CATCH_UP_HOURS);
    let rows = await usageRows(id);
    expect(rows).toHaveLength(CATCH_UP_HOURS);
    expect(rows[0].hour.toISOString()).toBe(at('2024-09-08T12:00:00+08:00').toISOString());
    expect(rows.at(-1)!.hour.toISOString()).toBe(at('2024-09-10T11:00:00+08:00').toISOString());

    // three hours later, a fresh node (no memory of its own) starts from the last metered hour in the database
    const later = at('2024-09-10T15:01:00+08:00');
    const freshNode = bed.services(standInDrivers(new Map())).metering;
    expect(await freshNode.catchUp(later)).toBe(4); // 11:00 again (idempotent), 12:00, 13:00, 14:00
    rows = await usageRows(id);
    expect(rows).toHaveLength(CATCH_UP_HOURS + 3);
    expect(rows.at(-1)!.hour.toISOString()).toBe(at('2024-09-10T14:00:00+08:00').toISOString());
    await bed.db.updateTable('cloud_resources').set({ status: 'retired', retired_at: later }).where('id', '=', id).execute();
  });
});

describe('manual runs over HTTP', () => {
  it('lets the IT centre meter a completed hour and build a month (audited), and nobody else', async () => {
    const id = await bed.resource({ monthlyFen: 1_000, readyAt: at('2024-11-01T00:00:00+08:00'), name: 'manual' });
    const admin = await bed.t.login('dataadmin');
    const answer = await admin.post(`${CLOUD_API}/metering/run`, { hour: '2024-11-02T03:20:00+08:00' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ hours: 1, resources: 1 });
    expect((await usageRows(id)).map((row) => row.hour.toISOString())).toEqual([at('2024-11-02T03:00:00+08:00').toISOString()]);
    const audit = await bed.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'cloud.metering.run').execute();
    expect(audit).toEqual([{ action: 'cloud.metering.run', target_id: at('2024-11-02T03:00:00+08:00').toISOString() }]);

    const unfinished = await admin.post(`${CLOUD_API}/metering/run`, { hour: new Date(Date.now() + HOUR).toISOString() });
    expect(unfinished.statusCode).toBe(400);
    expect(unfinished.json().code).toBe('cloud.hour_not_completed');

    const generated = await admin.post(`${CLOUD_API}/bills/generate`, { month: '2024-11' });
    expect(generated.json()).toEqual({ month: '2024-11', bills: 1 });

    const head = await bed.t.login('own_admin');
    expect((await head.post(`${CLOUD_API}/metering/run`, {})).statusCode).toBe(403);
    expect((await head.post(`${CLOUD_API}/bills/generate`, { month: '2024-11' })).statusCode).toBe(403);
    await bed.db.updateTable('cloud_resources').set({ status: 'retired', retired_at: at('2024-11-03T00:00:00+08:00') }).where('id', '=', id).execute();
  });
});
