/**
 * Access requests through HTTP on a real database: the provider is the "own" department, the requester the
 * "other" department with its business system.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpSession } from '../../../testing/harness.js';
import { createExchangeTestbed, LICENCE_ITEMS, type ExchangeTestbed } from '../test-support.js';
import { calendarLookup, readCalendar } from './calendar.js';
import type { DefaultAccessService } from './service.js';
import { addWorkingDays, chinaDay, dueDate } from './working-days.js';

const R = '/api/v1/exchange/requests';

describe('access requests', () => {
  let bed: ExchangeTestbed;
  let access: DefaultAccessService;
  let otherOp: HttpSession;
  let otherAdmin: HttpSession;
  let ownAdmin: HttpSession;
  let dataAdmin: HttpSession;
  let extraSystems = 0;

  /** A fresh business system of the other department (a system may have one pending request per entry). */
  async function otherSystem(): Promise<string> {
    const system = await bed.t.platform.directory.service.createBusinessSystem(bed.cli, {
      departmentId: bed.directory.departments.other, code: `other-extra-${++extraSystems}`, name: `救助子系统${extraSystems}`,
    });
    return system.id;
  }

  const personRequest = (systemId: string, overrides: Record<string, unknown> = {}) => ({
    resourceCode: bed.personCode, systemId, fields: ['id_number', 'full_name', 'gender', 'phone', 'monthly_income'],
    purpose: '最低生活保障资格核查', legalBasis: '《社会救助暂行办法》第十一条', durationDays: 30, ...overrides,
  });

  const auditActions = async (targetId: string) =>
    (await bed.t.platform.ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', targetId).orderBy('id').execute()).map((row) => row.action);

  beforeAll(async () => {
    bed = await createExchangeTestbed();
    access = bed.t.platform.exchange.access as DefaultAccessService;
    [otherOp, otherAdmin, ownAdmin, dataAdmin] = await Promise.all(['other_op', 'other_admin', 'own_admin', 'dataadmin'].map((u) => bed.t.login(u)));
  });
  afterAll(() => bed.close());

  it('a conditional request waits for the provider; approval narrows it and creates the grant', async () => {
    const created = await otherOp.post(R, personRequest(bed.systems.other.id, { cleartextFields: ['full_name'], rateLimitPerMinute: 120 }));
    expect(created.statusCode, created.body).toBe(201);
    const request = created.json();
    const calendar = calendarLookup(await readCalendar(bed.t.platform.ctx.db));
    expect(request).toMatchObject({
      status: 'pending', resourceCode: bed.personCode, resourceName: '户籍人口基本信息', providerDepartmentName: '区市场监督管理局',
      requesterDepartmentName: '区民政局', systemCode: 'other-assist', systemName: '社会救助系统', automatic: false, grantId: null,
      dueDate: dueDate(chinaDay(new Date()), calendar), workingDaysLeft: 10, overdue: false,
    });
    expect(await access.activeGrant(bed.systems.other.id, bed.personCode)).toBeNull();

    // The provider sees it as incoming, the requester as outgoing, not the other way round.
    const incoming = (await ownAdmin.get(R, { box: 'incoming', status: 'pending' })).json();
    expect(incoming.data.map((r: { id: string }) => r.id)).toContain(request.id);
    expect((await otherAdmin.get(R, { box: 'incoming' })).json().total).toBe(0);
    expect((await otherAdmin.get(R, { box: 'outgoing' })).json().data.map((r: { id: string }) => r.id)).toContain(request.id);

    const approved = await ownAdmin.post(`${R}/${request.id}/approve`, {
      fields: ['id_number', 'full_name', 'gender', 'phone'], rateLimitPerMinute: 60, masking: { gender: 'partial' }, durationDays: 10,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decisionReason: null, automatic: false, workingDaysLeft: null });
    const grantId = approved.json().grantId as string;
    const grant = (await otherAdmin.get(`/api/v1/exchange/grants/${grantId}`)).json();
    expect(grant).toMatchObject({
      systemId: bed.systems.other.id, departmentName: '区民政局', providerDepartmentName: '区市场监督管理局', systemCode: 'other-assist',
      fields: ['id_number', 'full_name', 'gender', 'phone'], rateLimitPerMinute: 60, status: 'active', expired: false,
      purpose: '最低生活保障资格核查', requestId: request.id,
      // full_name was asked for in clear text; the secret income was not granted at all.
      masking: { id_number: 'id_number', phone: 'phone', gender: 'partial' },
    });
    const days = (Date.parse(grant.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(9.9);
    expect(days).toBeLessThanOrEqual(10);
    expect((await access.activeGrant(bed.systems.other.id, bed.personCode))?.id).toBe(grantId);
    expect(await auditActions(request.id)).toEqual(['exchange.request.create', 'exchange.request.approve']);
    // Decided once only.
    expect((await dataAdmin.post(`${R}/${request.id}/reject`, { reason: '重复' })).json().code).toBe('exchange.request_not_pending');
  });

  it('an unconditional entry is granted at once, with a grant created in the same step', async () => {
    const systemId = await otherSystem();
    const response = await otherOp.post(R, { resourceCode: bed.licenceCode, systemId, fields: ['licence_no', 'holder_name'], purpose: '核验许可', legalBasis: '《行政许可法》', durationDays: 365 });
    expect(response.statusCode, response.body).toBe(201);
    const request = response.json();
    expect(request).toMatchObject({ status: 'approved', automatic: true, decidedBy: null, decisionReason: null, overdue: false });
    expect(request.decidedAt).not.toBeNull();
    const grant = await access.activeGrant(systemId, bed.licenceCode);
    expect(grant).toMatchObject({ id: request.grantId, fields: ['licence_no', 'holder_name'], rateLimitPerMinute: 600, masking: {} });
    expect(await auditActions(request.id)).toEqual(['exchange.request.create', 'exchange.request.auto_grant']);
  });

  it('refuses entries that are not shared, not published or unknown', async () => {
    const notShared = await bed.entry('published', {
      name: '涉密档案目录', dataItems: LICENCE_ITEMS, sharingType: 'not_shared', sharingConditions: null, notSharedBasis: '《保守国家秘密法》',
    });
    const draft = await bed.entry('draft', { name: '草稿目录', dataItems: LICENCE_ITEMS });
    const ask = (resourceCode: string) =>
      otherOp.post(R, { resourceCode, systemId: bed.systems.other.id, fields: ['licence_no'], purpose: '核验', legalBasis: '依据', durationDays: 30 });
    const refused = await ask(notShared);
    expect([refused.statusCode, refused.json().code]).toEqual([409, 'exchange.resource_not_shared']);
    expect((await ask(draft)).json().code).toBe('exchange.resource_not_published');
    expect((await ask('NO-SUCH-CODE')).statusCode).toBe(404);
  });

  it("refuses a business system of another department", async () => {
    const response = await otherOp.post(R, personRequest(bed.systems.own.id));
    expect([response.statusCode, response.json().code]).toEqual([403, 'exchange.system_not_yours']);
  });

  it('reports every invalid field at once, and a second pending request for the same system', async () => {
    const systemId = await otherSystem();
    const bad = await otherOp.post(R, personRequest(systemId, {
      fields: ['id_number', 'shoe_size', 'id_number'], cleartextFields: ['phone'], rowScope: [{ field: 'zodiac', op: 'eq', value: '龙' }],
    }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { pointer: string; code: string }) => `${e.pointer} ${e.code}`).sort()).toEqual([
      '/cleartextFields/0 exchange.cleartext_not_requested', '/fields/1 exchange.unknown_field', '/fields/2 exchange.duplicate_field', '/rowScope/0/field exchange.unknown_field',
    ]);
    expect((await otherOp.post(R, personRequest(systemId, { rowScope: [{ field: 'gender', op: 'in', values: ['1', '2'] }] }))).statusCode).toBe(201);
    const again = await otherOp.post(R, personRequest(systemId));
    expect([again.statusCode, again.json().code]).toEqual([409, 'exchange.request_pending']);
  });

  it('only the provider department (or the data bureau) decides; a rejection needs a reason', async () => {
    const id = (await otherOp.post(R, personRequest(await otherSystem()))).json().id as string;
    const foreign = await otherAdmin.post(`${R}/${id}/approve`, {});
    expect([foreign.statusCode, foreign.json().code]).toEqual([403, 'exchange.not_provider']);
    const noReason = await ownAdmin.post(`${R}/${id}/reject`, { reason: '  ' });
    expect([noReason.statusCode, noReason.json().code]).toEqual([400, 'exchange.reason_required']);
    const rejected = await dataAdmin.post(`${R}/${id}/reject`, { reason: '用途与共享条件不符' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', decisionReason: '用途与共享条件不符', grantId: null });
    expect(await auditActions(id)).toEqual(['exchange.request.create', 'exchange.request.reject']);
  });

  it('an approval cannot widen what was asked', async () => {
    const id = (await otherOp.post(R, personRequest(await otherSystem(), { rateLimitPerMinute: 100 }))).json().id as string;
    const response = await ownAdmin.post(`${R}/${id}/approve`, {
      fields: ['id_number', 'birth_date'], masking: { id_number: 'clear', gender: 'hidden' }, rateLimitPerMinute: 500, durationDays: 31,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { pointer: string; code: string }) => `${e.pointer} ${e.code}`).sort()).toEqual([
      '/durationDays exchange.duration_too_long', '/fields/1 exchange.field_not_requested', '/masking/gender exchange.field_not_granted',
      '/masking/id_number exchange.clear_not_requested', '/rateLimitPerMinute exchange.rate_limit_too_high',
    ]);
    expect((await ownAdmin.get(`${R}/${id}`)).json().status).toBe('pending');
  });

  it('the requesting department may withdraw while pending, the provider may not', async () => {
    const id = (await otherOp.post(R, personRequest(await otherSystem()))).json().id as string;
    const byProvider = await ownAdmin.post(`${R}/${id}/withdraw`);
    expect([byProvider.statusCode, byProvider.json().code]).toEqual([403, 'exchange.not_requester']);
    expect((await otherAdmin.post(`${R}/${id}/withdraw`)).json().status).toBe('withdrawn');
    expect((await otherAdmin.post(`${R}/${id}/withdraw`)).json().code).toBe('exchange.request_not_pending');
    expect(await auditActions(id)).toEqual(['exchange.request.create', 'exchange.request.withdraw']);
  });

  it('flags a pending request past its due date as overdue', async () => {
    const id = (await otherOp.post(R, personRequest(await otherSystem()))).json().id as string;
    // A request made on Monday 5 January 2026, due 19 January.
    await bed.t.platform.ctx.db.updateTable('exchange_access_requests').set({ created_at: '2026-01-05T02:00:00Z', due_date: '2026-01-19' }).where('id', '=', id).execute();
    const listed = (await ownAdmin.get(R, { box: 'incoming', status: 'pending', pageSize: '100' })).json().data.find((r: { id: string }) => r.id === id);
    expect(listed).toMatchObject({ dueDate: '2026-01-19', overdue: true });
    expect(listed.workingDaysLeft).toBeLessThan(0);
  });

  it('a calendar change moves the due dates of pending requests it falls into, and is audited', async () => {
    const id = (await otherOp.post(R, personRequest(await otherSystem()))).json().id as string;
    const before = (await ownAdmin.get(`${R}/${id}`)).json().dueDate as string;
    const calendar = calendarLookup(await readCalendar(bed.t.platform.ctx.db));
    const today = chinaDay(new Date());
    const closed = addWorkingDays(today, 3, calendar);
    const put = await dataAdmin.put(`/api/v1/exchange/calendar/${closed}`, { kind: 'holiday', name: '临时休假' });
    expect(put.statusCode, put.body).toBe(200);
    const after = (await ownAdmin.get(`${R}/${id}`)).json().dueDate as string;
    expect(after).toBe(dueDate(today, new Map([...calendar, [closed, 'holiday']])));
    expect(after > before).toBe(true);
    const year = Number(closed.slice(0, 4));
    expect((await otherOp.get('/api/v1/exchange/calendar', { year: String(year) })).json().days).toContainEqual({ day: closed, kind: 'holiday', name: '临时休假' });
    expect((await dataAdmin.delete(`/api/v1/exchange/calendar/${closed}`)).statusCode).toBe(204);
    expect((await ownAdmin.get(`${R}/${id}`)).json().dueDate).toBe(before);
    expect((await dataAdmin.delete(`/api/v1/exchange/calendar/${closed}`)).json().code).toBe('exchange.calendar_day_not_found');
    expect(await auditActions(closed)).toEqual(['exchange.calendar.put', 'exchange.calendar.delete']);
  });
});
