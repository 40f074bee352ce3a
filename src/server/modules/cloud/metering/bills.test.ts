// Monthly bills from usage: a full month charges exactly the quoted price (30- and 31-day months), a resize
// mid-month prorates, a retirement stops the charge, closed months stay closed; department isolation of bills and
// showback over HTTP; the XLSX export.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateComponentRecord } from '../../../platform/db/schema.js';
import { CLOUD_API } from '../parts.js';
import { BILL_SHEET } from './bill-xlsx.js';
import { billingMonth } from './months.js';
import { createMeteringTestbed, insertCatalog, standInDrivers, type CatalogFixture, type MeteringTestbed } from './test-support.js';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

/**
 * A stand-in of CloudCatalog.quote for fixed and per-unit components (the catalog part is built in parallel): the
 * monthly price a department sees when it orders.
 */
function quote(components: RateComponentRecord[], parameters: Record<string, number>): { monthlyFen: number } {
  let monthlyFen = 0;
  for (const component of components) {
    if (component.type === 'fixed') monthlyFen += component.priceFen!;
    else if (component.type === 'per_unit') monthlyFen += component.priceFen! * parameters[component.parameter!];
  }
  return { monthlyFen };
}

let bed: MeteringTestbed;
let services: ReturnType<MeteringTestbed['services']>;
beforeAll(async () => {
  bed = await createMeteringTestbed();
  services = bed.services(standInDrivers(new Map()), { measure: false });
});
afterAll(async () => {
  await bed?.close();
});

async function meterMonth(month: string, from?: Date, to?: Date): Promise<void> {
  const { start, end } = billingMonth(month);
  for (let hour = (from ?? start).getTime(); hour < (to ?? end).getTime(); hour += HOUR) await services.metering.meterHour(new Date(hour));
}

async function ratedCatalog(name: string): Promise<{ catalog: CatalogFixture; components: RateComponentRecord[] }> {
  const catalog = await insertCatalog(bed.db, { offeringName: name });
  const card = await bed.db.selectFrom('cloud_rate_cards').select('components').where('id', '=', catalog.rateCardId).executeTakeFirstOrThrow();
  return { catalog, components: card.components };
}

/** During the month, so the bill stays open and can be rebuilt. */
const duringMonth = (month: string) => new Date(billingMonth(month).start.getTime() + 5 * 24 * HOUR);

async function lineOf(month: string, resourceId: string) {
  return bed.db
    .selectFrom('cloud_bill_lines as l')
    .innerJoin('cloud_bills as b', 'b.id', 'l.bill_id')
    .select(['l.hours', 'l.amount_fen', 'l.monthly_fen', 'l.description', 'b.total_fen', 'b.status'])
    .where('b.month', '=', month)
    .where('l.resource_id', '=', resourceId)
    .executeTakeFirstOrThrow();
}

describe('a full month charges exactly the quoted monthly price', () => {
  it.each([
    ['2023-04', 30, { vcpu: 3, storageGb: 101 }],
    ['2023-01', 31, { vcpu: 5, storageGb: 77 }],
  ])('in %s (%i days)', async (month, days, parameters) => {
    const { catalog, components } = await ratedCatalog(`数据库 ${month}`);
    const { monthlyFen } = quote(components, parameters);
    // a price that 720 or 744 hours do not divide: rounding every hour would drift
    expect(monthlyFen % (days * 24)).not.toBe(0);
    const id = await bed.resource({ monthlyFen, readyAt: billingMonth(month).start, catalog, parameters, name: `full-${month}` });
    await meterMonth(month);
    expect(await services.bills.generateMonth(month, { now: duringMonth(month) })).toBeGreaterThanOrEqual(1);
    const line = await lineOf(month, id);
    expect(line.hours).toBe(days * 24);
    expect(line.amount_fen).toBe(monthlyFen);
    expect(line.monthly_fen).toBe(monthlyFen);
    expect(line.description).toBe(`数据库 ${month} · full-${month}`);
    await bed.db.updateTable('cloud_resources').set({ status: 'retired', retired_at: billingMonth(month).end }).where('id', '=', id).execute();
  });
});

describe('partial months', () => {
  it('prorates a resize in the middle of the month: half the hours at each price', async () => {
    const month = '2023-06';
    const { start, end } = billingMonth(month);
    const middle = new Date(start.getTime() + 15 * 24 * HOUR);
    const id = await bed.resource({ monthlyFen: 10_001, readyAt: start, name: 'resized' });
    await meterMonth(month, start, middle);
    await bed.db.updateTable('cloud_resources').set({ monthly_fen: 20_001 }).where('id', '=', id).execute();
    await meterMonth(month, middle, end);
    await services.bills.generateMonth(month, { now: duringMonth(month) });
    const line = await lineOf(month, id);
    expect(line.hours).toBe(720);
    expect(line.amount_fen).toBe(15_001); // (360 × 10001 + 360 × 20001) / 720
    expect(line.monthly_fen).toBe(20_001);
    await bed.db.updateTable('cloud_resources').set({ status: 'retired', retired_at: end }).where('id', '=', id).execute();
  });

  it('stops charging when a resource is retired mid-month', async () => {
    const month = '2023-09';
    const { start } = billingMonth(month);
    const retiredAt = new Date(start.getTime() + (9 * 24 + 6) * HOUR + 30 * 60_000); // day 10, 06:30
    const id = await bed.resource({ monthlyFen: 72_000, readyAt: start, status: 'retired', retiredAt, name: 'retired' });
    await meterMonth(month);
    await services.bills.generateMonth(month, { now: duringMonth(month) });
    const line = await lineOf(month, id);
    expect(line.hours).toBe(9 * 24 + 7); // the hour it was retired in counts
    expect(line.amount_fen).toBe(Math.round((72_000 * line.hours) / 720));
  });

  it('rebuilds an open bill, closes it three days after the month, and never changes a closed one', async () => {
    const month = '2023-11';
    const { start, end } = billingMonth(month);
    const id = await bed.resource({ monthlyFen: 7_200, readyAt: start, name: 'closing' });
    await meterMonth(month, start, new Date(start.getTime() + 24 * HOUR));
    await services.bills.generateMonth(month, { now: duringMonth(month) });
    expect(await lineOf(month, id)).toMatchObject({ hours: 24, amount_fen: 240, status: 'open' });

    await meterMonth(month, new Date(start.getTime() + 24 * HOUR), new Date(start.getTime() + 48 * HOUR));
    await services.bills.generateMonth(month, { now: new Date(end.getTime() + 3 * 24 * HOUR) });
    expect(await lineOf(month, id)).toMatchObject({ hours: 48, amount_fen: 480, status: 'closed' });

    await meterMonth(month, new Date(start.getTime() + 48 * HOUR), end);
    expect(await services.bills.generateMonth(month, { now: new Date(end.getTime() + 10 * 24 * HOUR) })).toBe(0);
    expect(await lineOf(month, id)).toMatchObject({ hours: 48, amount_fen: 480, status: 'closed' });
    const audit = await bed.db.selectFrom('audit_log').select(['action', 'after']).where('action', 'like', 'cloud.bill.%').where('target_type', '=', 'cloud_bill').execute();
    expect(audit.map((row) => row.action)).toContain('cloud.bill.close');
    await bed.db.updateTable('cloud_resources').set({ status: 'retired', retired_at: end }).where('id', '=', id).execute();
  });

  it('reads an open bill without rewriting it while no usage came in, and catches up when some did', async () => {
    const month = '2023-12';
    const { start } = billingMonth(month);
    const now = duringMonth(month);
    const id = await bed.resource({ monthlyFen: 7_440, readyAt: start, name: 'steady' });
    await meterMonth(month, start, new Date(start.getTime() + 24 * HOUR));
    await services.bills.refresh(month, undefined, now);
    const lineIds = async () => (await bed.db.selectFrom('cloud_bill_lines as l').innerJoin('cloud_bills as b', 'b.id', 'l.bill_id').select('l.id').where('b.month', '=', month).execute()).map((row) => row.id);
    const first = await lineIds();
    await services.bills.refresh(month, undefined, now);
    expect(await lineIds()).toEqual(first);

    await meterMonth(month, new Date(start.getTime() + 24 * HOUR), new Date(start.getTime() + 48 * HOUR));
    await services.bills.refresh(month, undefined, now);
    expect(await lineIds()).not.toEqual(first);
    expect(await lineOf(month, id)).toMatchObject({ hours: 48, status: 'open' });
    await bed.db.updateTable('cloud_resources').set({ status: 'retired', retired_at: new Date(start.getTime() + 48 * HOUR) }).where('id', '=', id).execute();
  });
});

describe('bills and showback over HTTP', () => {
  const month = '2023-03';
  let ownResource: string;
  let otherResource: string;

  beforeAll(async () => {
    const { start, end } = billingMonth(month);
    ownResource = await bed.resource({ monthlyFen: 31_000, readyAt: start, name: 'own-db' });
    otherResource = await bed.resource({ monthlyFen: 62_000, readyAt: start, departmentId: bed.directory.departments.other, name: 'other-db' });
    await meterMonth(month);
    await bed.db.updateTable('cloud_resources').set({ status: 'retired', retired_at: end }).where('id', 'in', [ownResource, otherResource]).execute();
  });

  it("lets a department user see their own department's bill only; the IT centre sees every department", async () => {
    const op = await bed.t.login('own_op');
    const own = await op.get(`${CLOUD_API}/bills/${bed.directory.departments.own}/${month}`);
    expect(own.statusCode).toBe(200);
    const bill = own.json();
    expect(bill.totalFen).toBe(31_000);
    expect(bill.lines.map((line: { resourceId: string }) => line.resourceId)).toEqual([ownResource]);
    expect(bill.lines[0]).toMatchObject({ businessSystemName: '市场监管业务系统', hours: 744, amountFen: 31_000 });

    expect((await op.get(`${CLOUD_API}/bills/${bed.directory.departments.other}/${month}`)).statusCode).toBe(404);
    expect((await op.get(`${CLOUD_API}/bills`, { departmentId: bed.directory.departments.other })).statusCode).toBe(403);
    const listed = (await op.get(`${CLOUD_API}/bills`, { month })).json();
    expect(listed.items.map((item: { departmentId: string }) => item.departmentId)).toEqual([bed.directory.departments.own]);

    const admin = await bed.t.login('dataadmin');
    const all = (await admin.get(`${CLOUD_API}/bills`, { month })).json();
    expect(all.items.map((item: { totalFen: number }) => item.totalFen).sort()).toEqual([31_000, 62_000]);
    expect((await admin.get(`${CLOUD_API}/bills/${bed.directory.departments.other}/${month}`)).json().totalFen).toBe(62_000);

    // 三员分立: the audit admin holds no business data
    const auditor = await bed.t.login('auditor');
    expect((await auditor.get(`${CLOUD_API}/bills`)).statusCode).toBe(403);
  });

  it("shows a department user the showback of their own department only, by department, system and provider", async () => {
    const op = await bed.t.login('other_op');
    const byDepartment = (await op.get(`${CLOUD_API}/showback`, { month, by: 'department' })).json();
    expect(byDepartment.items).toEqual([{ key: bed.directory.departments.other, name: '区民政局', amountFen: 62_000, resources: 1 }]);
    expect(byDepartment.totalFen).toBe(62_000);
    const bySystem = (await op.get(`${CLOUD_API}/showback`, { month, by: 'business_system' })).json();
    expect(bySystem.items.map((row: { name: string }) => row.name)).toEqual(['社会救助系统']);
    const byProvider = (await op.get(`${CLOUD_API}/showback`, { month, by: 'provider' })).json();
    expect(byProvider.items.map((row: { key: string }) => row.key)).toEqual([bed.catalog.providerId]);

    const admin = await bed.t.login('dataadmin');
    const everyone = (await admin.get(`${CLOUD_API}/showback`, { month, by: 'department' })).json();
    expect(everyone.items.map((row: { amountFen: number }) => row.amountFen)).toEqual([62_000, 31_000]);
  });

  it('exports the bill as an XLSX workbook with the header, the lines and the total', async () => {
    const op = await bed.t.login('own_op');
    const response = await op.get(`${CLOUD_API}/bills/${bed.directory.departments.own}/${month}/xlsx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(String(response.headers['content-disposition'])).toContain(encodeURIComponent(`云服务账单-区市场监督管理局-${month}.xlsx`));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(BILL_SHEET)!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toContainEqual(['部门 Department', '区市场监督管理局']);
    expect(rows).toContainEqual(['月份 Month', month]);
    expect(rows).toContainEqual(['合计（元）Total (CNY)', 310]);
    expect(rows).toContainEqual(['市场监管业务系统', expect.any(String), expect.any(String), 'own-db', 744, 310, 310]);
    expect(rows).toContainEqual(['按服务商汇总 By provider', '金额（元）Amount (CNY)']);

    expect((await op.get(`${CLOUD_API}/bills/${bed.directory.departments.other}/${month}/xlsx`)).statusCode).toBe(404);
  });
});
