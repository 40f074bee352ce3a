/**
 * "Request a dataset" through HTTP on a real database: anyone submits, the public sees the request and its
 * answer but never the contact, the addressed department (or the data administrator) answers, answers are
 * audited, and one address cannot flood the form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpSession } from '../../../testing/harness.js';
import { createOpendataTestbed, type OpendataTestbed } from '../test-support.js';
import { engagementDatasets, registerPortalUser, type EngagementDatasets } from './test-support.js';

const R = '/api/v1/open/requests';
const MANAGE = '/api/v1/open/manage/requests';
let addresses = 0;
/** Each test submits from its own address, so the per-address limit only meets the test about it. */
const newAddress = () => `203.0.113.${++addresses}`;

describe('dataset requests', () => {
  let bed: OpendataTestbed;
  let sets: EngagementDatasets;
  let ownOp: HttpSession;
  let otherAdmin: HttpSession;
  let dataAdmin: HttpSession;

  const submit = (payload: Record<string, unknown>, ip = newAddress(), headers: Record<string, string> = {}) =>
    bed.t.inject({ method: 'POST', url: R, headers: { 'x-forwarded-for': ip, ...headers }, payload });
  const request = (overrides: Record<string, unknown> = {}) => ({
    title: '公交车辆实时到站数据', description: '希望开放全区公交车辆实时位置和预计到站时间，便于开发出行应用。',
    requesterName: '李开发', requesterEmail: 'dev@example.org', departmentId: bed.directory.departments.own, ...overrides,
  });

  beforeAll(async () => {
    bed = await createOpendataTestbed({}, { stopCount: 5 });
    sets = await engagementDatasets(bed);
    [ownOp, otherAdmin, dataAdmin] = await Promise.all(['own_op', 'other_admin', 'dataadmin'].map((u) => bed.t.login(u)));
  });
  afterAll(() => bed.close());

  it('anyone submits; the public list and detail show the request but never the e-mail', async () => {
    const created = await submit(request());
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body).toEqual({
      id: expect.any(String), title: '公交车辆实时到站数据', description: expect.stringContaining('实时位置'),
      department: { id: bed.directory.departments.own, name: '区市场监督管理局', nameEn: 'Market Supervision Administration' },
      status: 'open', answer: null, dataset: null, createdAt: expect.any(String), answeredAt: null,
    });
    expect(created.headers.location).toBe(`${R}/${body.id}`);

    const list = await bed.t.inject({ method: 'GET', url: R });
    const detail = await bed.t.inject({ method: 'GET', url: `${R}/${body.id}` });
    expect(list.json().items.map((item: { id: string }) => item.id)).toContain(body.id);
    expect(detail.json()).toEqual(body);
    for (const response of [created, list, detail]) {
      expect(response.body).not.toContain('dev@example.org');
      expect(response.body).not.toContain('李开发');
    }
    expect((await bed.t.inject({ method: 'GET', url: `${R}/00000000-0000-4000-8000-000000000000` })).json().code).toBe('opendata.request_not_found');

    // The department it is addressed to sees the contact in the console.
    const managed = (await ownOp.get(MANAGE)).json();
    expect(managed.items.find((item: { id: string }) => item.id === body.id)).toMatchObject({ requesterName: '李开发', requesterEmail: 'dev@example.org', portalUser: null });
  });

  it('checks the department and the e-mail address; a logged-in portal user is linked', async () => {
    const unknown = await submit(request({ departmentId: '00000000-0000-4000-8000-000000000000' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('opendata.department_not_found');
    const badEmail = await submit(request({ requesterEmail: 'nope' }));
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().errors).toEqual([expect.objectContaining({ pointer: '/requesterEmail' })]);
    const blank = await submit(request({ title: '   ' }));
    expect(blank.statusCode).toBe(400);

    const citizen = await registerPortalUser(bed.t, { displayName: '王市民' });
    const linked = await citizen.post(R, request({ title: '停车场泊位数据', requesterName: '王市民', requesterEmail: null }), { 'x-forwarded-for': newAddress() });
    expect(linked.statusCode, linked.body).toBe(201);
    const managed = (await ownOp.get(MANAGE)).json();
    expect(managed.items.find((item: { id: string }) => item.id === linked.json().id)).toMatchObject({
      requesterName: '王市民', requesterEmail: citizen.email, portalUser: { id: citizen.userId, email: citizen.email, displayName: '王市民' },
    });
    expect(linked.body).not.toContain(citizen.email);
  });

  it('the addressed department answers; another department may not; answers are audited and public', async () => {
    const id = (await submit(request({ title: '企业登记数据' }))).json().id as string;
    expect((await otherAdmin.get(MANAGE)).json().items.map((item: { id: string }) => item.id)).not.toContain(id);
    const foreign = await otherAdmin.post(`${R}/${id}/answer`, { status: 'accepted', answer: '我们来办' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe('opendata.not_addressee');

    const declineWithoutReason = await ownOp.post(`${R}/${id}/answer`, { status: 'declined' });
    expect(declineWithoutReason.statusCode).toBe(400);
    expect(declineWithoutReason.json().code).toBe('opendata.answer_required');
    const openedWithoutDataset = await ownOp.post(`${R}/${id}/answer`, { status: 'opened', answer: '已开放' });
    expect(openedWithoutDataset.json().code).toBe('opendata.dataset_required');
    const openedUnknown = await ownOp.post(`${R}/${id}/answer`, { status: 'opened', answer: '已开放', datasetName: 'no-such-dataset' });
    expect(openedUnknown.statusCode).toBe(400);
    expect(openedUnknown.json().code).toBe('opendata.dataset_not_found');

    const accepted = await ownOp.post(`${R}/${id}/answer`, { status: 'accepted', answer: '已列入今年开放计划' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', answer: '已列入今年开放计划', answeredBy: { name: 'own_op' } });
    const opened = await ownOp.post(`${R}/${id}/answer`, { status: 'opened', answer: '已开放，见数据集', datasetName: sets.conditional.name });
    expect(opened.statusCode, opened.body).toBe(200);
    const publicView = (await bed.t.inject({ method: 'GET', url: `${R}/${id}` })).json();
    expect(publicView).toMatchObject({ status: 'opened', answer: '已开放，见数据集', dataset: { name: sets.conditional.name, title: '市场主体登记信息' } });
    expect(publicView.answeredAt).toEqual(expect.any(String));
    const closed = await ownOp.post(`${R}/${id}/answer`, { status: 'declined', answer: '改主意了' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('opendata.request_closed');

    const audit = await bed.t.platform.ctx.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('target_id', '=', id).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'opendata.request.answer', before: { status: 'open', answer: null }, after: { status: 'accepted', answer: '已列入今年开放计划', dataset: null } },
      { action: 'opendata.request.answer', before: { status: 'accepted', answer: '已列入今年开放计划' }, after: { status: 'opened', answer: '已开放，见数据集', dataset: sets.conditional.name } },
    ]);

    // The public list filters by status.
    const openedOnes = (await bed.t.inject({ method: 'GET', url: R, query: { status: 'opened' } })).json();
    expect(openedOnes.items.map((item: { id: string }) => item.id)).toEqual([id]);
  });

  it('a request without a department waits for the data administrator', async () => {
    const id = (await submit(request({ title: '全区路灯位置', departmentId: null }))).json().id as string;
    expect((await ownOp.get(MANAGE)).json().items.map((item: { id: string }) => item.id)).not.toContain(id);
    expect((await ownOp.post(`${R}/${id}/answer`, { status: 'accepted' })).statusCode).toBe(403);
    const all = (await dataAdmin.get(MANAGE, { status: 'open' })).json();
    expect(all.items.find((item: { id: string }) => item.id === id)).toMatchObject({ department: null, requesterEmail: 'dev@example.org' });
    const declined = await dataAdmin.post(`${R}/${id}/answer`, { status: 'declined', answer: '涉及公共安全，暂不开放' });
    expect(declined.statusCode).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'declined', dataset: null });
  });

  it('one address may submit 10 requests an hour; the 11th gets 429 with Retry-After, other addresses go on', async () => {
    const ip = newAddress();
    for (let i = 0; i < 10; i++) expect((await submit(request({ title: `需求${i}` }), ip)).statusCode).toBe(201);
    const limited = await submit(request({ title: '第十一个' }), ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('opendata.rate_limited');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await submit(request({ title: '别处的需求' }))).statusCode).toBe(201);
    const stored = await bed.t.platform.ctx.db.selectFrom('opendata_data_requests').select('id').where('title', '=', '第十一个').execute();
    expect(stored).toEqual([]);
  });
});
