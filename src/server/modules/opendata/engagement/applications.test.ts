/**
 * Applications for conditionally open data through HTTP on a real database: who may apply for what, who may
 * decide, access while the approval lasts and not after, and the audit of each decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpSession } from '../../../testing/harness.js';
import { createOpendataTestbed, type OpendataTestbed } from '../test-support.js';
import { engagementDatasets, registerPortalUser, type EngagementDatasets, type PortalBrowser } from './test-support.js';

const APPS = '/api/v1/open/applications';
const applyUrl = (name: string) => `/api/v1/open/datasets/${name}/applications`;

describe('applications for conditionally open data', () => {
  let bed: OpendataTestbed;
  let sets: EngagementDatasets;
  let ownOp: HttpSession;
  let ownAdmin: HttpSession;
  let otherAdmin: HttpSession;
  let dataAdmin: HttpSession;
  let researcher: PortalBrowser;

  const applications = () => bed.t.platform.opendata.applications;
  const auditOf = async (targetId: string) =>
    bed.t.platform.ctx.db.selectFrom('audit_log').select(['action', 'actor_id', 'before', 'after']).where('target_id', '=', targetId).orderBy('id').execute();

  beforeAll(async () => {
    bed = await createOpendataTestbed({}, { stopCount: 5 });
    sets = await engagementDatasets(bed);
    [ownOp, ownAdmin, otherAdmin, dataAdmin] = await Promise.all(['own_op', 'own_admin', 'other_admin', 'dataadmin'].map((u) => bed.t.login(u)));
    researcher = await registerPortalUser(bed.t, { displayName: '陈研究员', organisation: '佛山大学' });
  });
  afterAll(() => bed.close());

  it('only a logged-in portal user applies, and only for a local conditionally open dataset', async () => {
    const anonymous = await bed.t.inject({ method: 'POST', url: applyUrl(sets.conditional.name), payload: { purpose: '研究' } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe('portal.login_required');
    // A console session is not a portal account.
    const staff = await ownOp.post(applyUrl(sets.conditional.name), { purpose: '研究' });
    expect(staff.statusCode).toBe(401);

    const open = await researcher.post(applyUrl(sets.open.name), { purpose: '研究' });
    expect(open.statusCode).toBe(409);
    expect(open.json().code).toBe('opendata.not_conditional');
    const harvested = await researcher.post(applyUrl(sets.harvested.name), { purpose: '研究' });
    expect(harvested.statusCode).toBe(409);
    expect(harvested.json().code).toBe('opendata.harvested');
    const unknown = await researcher.post(applyUrl('no-such-dataset'), { purpose: '研究' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('opendata.dataset_not_found');
    const noPurpose = await researcher.post(applyUrl(sets.conditional.name), {});
    expect(noPurpose.statusCode).toBe(400);
  });

  it('an approval by the providing department grants access until it expires', async () => {
    const detailUrl = `/api/v1/open/datasets/${sets.conditional.name}`;
    const recordsUrl = `${detailUrl}/records`;
    const accessOf = async () => (await researcher.get(detailUrl)).json().access as string;
    expect((await bed.t.inject({ method: 'GET', url: detailUrl })).json().access).toBe('login');
    expect(await accessOf()).toBe('apply');
    expect((await researcher.get(recordsUrl)).json().code).toBe('opendata.application_required');

    const created = await researcher.post(applyUrl(sets.conditional.name), { purpose: '市场主体活跃度学术研究' });
    expect(created.statusCode, created.body).toBe(201);
    const application = created.json();
    expect(application).toMatchObject({
      dataset: { name: sets.conditional.name, title: '市场主体登记信息' }, purpose: '市场主体活跃度学术研究',
      organisation: '佛山大学', status: 'pending', reason: null, decidedAt: null, expiresAt: null, expired: false,
    });
    expect(await applications().status(researcher.userId, sets.conditional.id)).toBe('pending');
    expect(await applications().hasAccess(researcher.userId, sets.conditional.id)).toBe(false);
    expect(await accessOf()).toBe('pending');
    expect((await researcher.get(recordsUrl)).statusCode).toBe(403);

    const twice = await researcher.post(applyUrl(sets.conditional.name), { purpose: '再申请一次' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('opendata.application_pending');

    // The providing department sees it waiting; another department does not.
    const incoming = (await ownOp.get(APPS, { status: 'pending' })).json();
    expect(incoming.items.map((item: { id: string }) => item.id)).toContain(application.id);
    expect(incoming.items.find((item: { id: string }) => item.id === application.id)).toMatchObject({
      dataset: { id: sets.conditional.id, name: sets.conditional.name }, department: { id: bed.directory.departments.own, name: '区市场监督管理局' },
      applicant: { displayName: '陈研究员', email: researcher.email, organisation: '佛山大学' }, status: 'pending', decidedBy: null,
    });
    expect((await otherAdmin.get(APPS)).json()).toEqual({ items: [], total: 0 });

    const approved = await ownOp.post(`${APPS}/${application.id}/approve`, { validDays: 30 });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', expired: false, decidedBy: { name: 'own_op' } });
    const days = (Date.parse(approved.json().expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.99);
    expect(days).toBeLessThanOrEqual(30);
    expect(await applications().hasAccess(researcher.userId, sets.conditional.id)).toBe(true);
    expect(await applications().status(researcher.userId, sets.conditional.id)).toBe('approved');
    expect(await accessOf()).toBe('granted');
    const records = await researcher.get(recordsUrl);
    expect(records.statusCode, records.body).toBe(200);
    expect(records.json().total).toBe(3);
    // Access is per user and per dataset.
    const stranger = await registerPortalUser(bed.t);
    expect(await applications().hasAccess(stranger.userId, sets.conditional.id)).toBe(false);
    expect((await stranger.get(recordsUrl)).statusCode).toBe(403);
    expect(await applications().hasAccess(researcher.userId, sets.open.id)).toBe(false);

    const audit = await auditOf(application.id);
    expect(audit).toEqual([expect.objectContaining({ action: 'opendata.application.approve', before: expect.objectContaining({ status: 'pending' }), after: expect.objectContaining({ status: 'approved', validDays: 30 }) })]);

    const again = await researcher.post(applyUrl(sets.conditional.name), { purpose: '续期' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('opendata.access_granted');
    const decidedTwice = await ownAdmin.post(`${APPS}/${application.id}/reject`, { reason: '改变主意' });
    expect(decidedTwice.statusCode).toBe(409);
    expect(decidedTwice.json().code).toBe('opendata.application_not_pending');

    // The approval runs out: no access, and the user may apply again.
    await bed.t.platform.ctx.db.updateTable('opendata_applications').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', application.id).execute();
    expect(await applications().hasAccess(researcher.userId, sets.conditional.id)).toBe(false);
    expect(await applications().status(researcher.userId, sets.conditional.id)).toBe('none');
    expect(await accessOf()).toBe('apply');
    expect((await researcher.get(recordsUrl)).statusCode).toBe(403);
    const mine = (await researcher.get('/api/v1/open/account/applications')).json();
    expect(mine.find((item: { id: string }) => item.id === application.id)).toMatchObject({ status: 'approved', expired: true });
    const renewed = await researcher.post(applyUrl(sets.conditional.name), { purpose: '续期研究' });
    expect(renewed.statusCode).toBe(201);
    // Withdrawn by its applicant only.
    const intruder = await stranger.post(`/api/v1/open/account/applications/${renewed.json().id}/withdraw`);
    expect(intruder.statusCode).toBe(404);
    const withdrawn = await researcher.post(`/api/v1/open/account/applications/${renewed.json().id}/withdraw`);
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().status).toBe('withdrawn');
    expect(await applications().status(researcher.userId, sets.conditional.id)).toBe('withdrawn');
  });

  it('only the providing department or the data administrator decides; a rejection needs a reason', async () => {
    const applicant = await registerPortalUser(bed.t, { organisation: null });
    const created = (await applicant.post(applyUrl(sets.conditional.name), { purpose: '企业征信服务', organisation: '某征信公司' })).json();
    expect(created.organisation).toBe('某征信公司');

    const foreign = await otherAdmin.post(`${APPS}/${created.id}/approve`, {});
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe('opendata.not_provider');
    expect((await otherAdmin.post(`${APPS}/${created.id}/reject`, { reason: '不同意' })).statusCode).toBe(403);
    // People without a department role never reach the console's endpoints.
    const plain = await bed.t.login('plain');
    expect((await plain.get(APPS)).statusCode).toBe(403);
    expect((await plain.post(`${APPS}/${created.id}/approve`, {})).statusCode).toBe(403);

    const noReason = await dataAdmin.post(`${APPS}/${created.id}/reject`, { reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('opendata.reason_required');
    const rejected = await dataAdmin.post(`${APPS}/${created.id}/reject`, { reason: '用途与开放条件不符' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', reason: '用途与开放条件不符', expiresAt: null, decidedBy: { name: 'dataadmin' } });
    expect(await applications().hasAccess(applicant.userId, sets.conditional.id)).toBe(false);
    expect(await applications().status(applicant.userId, sets.conditional.id)).toBe('rejected');
    const audit = await auditOf(created.id);
    expect(audit.map((entry) => entry.action)).toEqual(['opendata.application.reject']);
    expect(audit[0].after).toMatchObject({ status: 'rejected', reason: '用途与开放条件不符' });

    const mine = (await applicant.get('/api/v1/open/account/applications')).json();
    expect(mine).toEqual([expect.objectContaining({ id: created.id, status: 'rejected', reason: '用途与开放条件不符' })]);

    // A default approval lasts 365 days; the data administrator sees every department's applications.
    const second = (await applicant.post(applyUrl(sets.conditional.name), { purpose: '第二次申请' })).json();
    const all = (await dataAdmin.get(APPS, { status: 'decided' })).json();
    expect(all.items.map((item: { id: string }) => item.id)).toContain(created.id);
    expect(all.items.every((item: { status: string }) => item.status !== 'pending')).toBe(true);
    const approved = (await ownAdmin.post(`${APPS}/${second.id}/approve`, {})).json();
    expect(Math.round((Date.parse(approved.expiresAt) - Date.now()) / 86_400_000)).toBe(365);
    expect((await ownAdmin.post(`${APPS}/not-a-uuid/approve`, {})).statusCode).toBe(400);
    expect((await ownAdmin.post(`${APPS}/00000000-0000-4000-8000-000000000000/approve`, {})).statusCode).toBe(404);
  });
});
