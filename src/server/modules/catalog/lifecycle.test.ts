import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpSession } from '../../testing/harness.js';
import { createCatalogTestbed, entryInput, idNumberItem, type CatalogTestbed } from './test-support.js';

const RESOURCES = '/api/v1/catalog/resources';

describe('catalog lifecycle, versions and diff', () => {
  let bed: CatalogTestbed;
  let operator: HttpSession;
  let deptAdmin: HttpSession;
  let dataAdmin: HttpSession;
  let otherOperator: HttpSession;
  let code: string;
  let id: string;

  beforeAll(async () => {
    bed = await createCatalogTestbed();
    operator = await bed.t.login(bed.directory.users.dept_operator);
    deptAdmin = await bed.t.login(bed.directory.users.dept_admin);
    dataAdmin = await bed.t.login(bed.directory.users.data_admin);
    otherOperator = await bed.t.login(bed.directory.users.other_op);
  });
  afterAll(() => bed.close());

  const auditOf = (targetId: string) =>
    bed.t.platform.ctx.db.selectFrom('audit_log').select(['action', 'before', 'after', 'actor_name']).where('target_id', '=', targetId).orderBy('id').execute();

  it('creates a draft with a generated code in the caller’s department', async () => {
    const response = await operator.post(RESOURCES, entryInput());
    expect(response.statusCode).toBe(201);
    const entry = response.json();
    expect(entry).toMatchObject({ code: '101001-000001', status: 'draft', currentVersion: 0, providerDepartmentId: bed.directory.departments.own, classificationName: '人口基本信息' });
    expect(entry.providerDepartmentName).toBe('区市场监督管理局');
    expect(response.headers.location).toBe(`${RESOURCES}/101001-000001`);
    code = entry.code;
    id = entry.id;
  });

  it('refuses transitions out of order with 409 catalog.invalid_transition', async () => {
    const publish = await dataAdmin.post(`${RESOURCES}/${code}/publish`);
    expect(publish.statusCode).toBe(409);
    expect(publish.json().code).toBe('catalog.invalid_transition');
    expect((await deptAdmin.post(`${RESOURCES}/${code}/retire`, { reason: 'x' })).statusCode).toBe(409);
  });

  it('submits, returns with a reason (required), edits in place and resubmits', async () => {
    expect((await operator.post(`${RESOURCES}/${code}/submit`)).json().status).toBe('submitted');
    expect((await operator.post(`${RESOURCES}/${code}/submit`)).statusCode).toBe(409);
    const noReason = await dataAdmin.post(`${RESOURCES}/${code}/return`, { reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toEqual([expect.objectContaining({ pointer: '/reason', code: 'catalog.reason_required' })]);
    const returned = await dataAdmin.post(`${RESOURCES}/${code}/return`, { reason: '请补充户籍地址信息项' });
    expect(returned.json()).toMatchObject({ status: 'returned', returnReason: '请补充户籍地址信息项' });
    const edited = await operator.put(`${RESOURCES}/${code}`, entryInput({ summary: '补充后的摘要' }));
    expect(edited.json()).toMatchObject({ status: 'returned', summary: '补充后的摘要', currentVersion: 0 });
    expect((await operator.post(`${RESOURCES}/${code}/submit`)).json().status).toBe('submitted');
  });

  it('publishes version 1 as a full snapshot and sets the publish date', async () => {
    const published = (await dataAdmin.post(`${RESOURCES}/${code}/publish`)).json();
    expect(published).toMatchObject({ status: 'published', currentVersion: 1, returnReason: null });
    expect(published.publishDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const versions = (await operator.get(`${RESOURCES}/${code}/versions`)).json();
    expect(versions).toEqual([expect.objectContaining({ version: 1, changeNote: null })]);
    const v1 = (await otherOperator.get(`${RESOURCES}/${code}/versions/1`)).json();
    expect(v1.snapshot).toEqual(published);
  });

  it('an edit of a published entry by its department makes version 2, visible in the diff', async () => {
    const input = entryInput({
      summary: '新的摘要',
      changeNote: '增加户籍地址',
      dataItems: [
        { ...idNumberItem, length: 20 },
        { name: 'full_name', label: '姓名', type: 'string', length: 50, required: true, key: false, sensitivity: 'internal' },
        { name: 'household_address', label: '户籍地址', type: 'string', length: 200, required: false, key: false, sensitivity: 'internal' },
      ],
    });
    const revised = await operator.put(`${RESOURCES}/${code}`, input);
    expect(revised.statusCode).toBe(200);
    expect(revised.json()).toMatchObject({ status: 'published', currentVersion: 2, summary: '新的摘要' });
    // The publish date of the first publication stays although the input leaves it out.
    expect(revised.json().publishDate).toMatch(/^\d{4}-/);

    const versions = (await operator.get(`${RESOURCES}/${code}/versions`)).json();
    expect(versions.map((v: { version: number; changeNote: string | null }) => [v.version, v.changeNote])).toEqual([[2, '增加户籍地址'], [1, null]]);

    const diff = (await otherOperator.get(`${RESOURCES}/${code}/diff`, { from: '1', to: '2' })).json();
    expect(diff.from).toBe(1);
    expect(diff.to).toBe(2);
    expect(diff.changes).toEqual([
      { path: 'summary', before: '补充后的摘要', after: '新的摘要' },
      { path: 'dataItems[id_number].length', before: 18, after: 20 },
      { path: 'dataItems[household_address]', before: null, after: expect.objectContaining({ label: '户籍地址' }) },
    ]);
    // Without parameters: the current version against the one before.
    expect((await operator.get(`${RESOURCES}/${code}/diff`)).json()).toEqual(diff);
    expect((await operator.get(`${RESOURCES}/${code}/versions/9`)).json().code).toBe('catalog.version_not_found');
  });

  it('an edit that changes nothing makes no version; a published entry keeps its classification', async () => {
    const current = (await operator.get(`${RESOURCES}/${code}`)).json();
    const { id: _id, code: _code, status: _s, ...unchanged } = current;
    expect((await operator.put(`${RESOURCES}/${code}`, unchanged)).json().currentVersion).toBe(2);
    const moved = await operator.put(`${RESOURCES}/${code}`, { ...unchanged, classificationCode: '101002' });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().errors).toEqual([expect.objectContaining({ pointer: '/classificationCode', code: 'catalog.classification_locked' })]);
  });

  it('retires with a reason: only the data admin or the department admin', async () => {
    expect((await operator.post(`${RESOURCES}/${code}/retire`, { reason: '停止采集' })).statusCode).toBe(403);
    expect((await deptAdmin.post(`${RESOURCES}/${code}/retire`, {})).json().errors[0].code).toBe('catalog.reason_required');
    const retired = (await deptAdmin.post(`${RESOURCES}/${code}/retire`, { reason: '停止采集' })).json();
    expect(retired).toMatchObject({ status: 'retired', retireReason: '停止采集' });
    expect((await operator.put(`${RESOURCES}/${code}`, entryInput())).statusCode).toBe(409);
    expect((await otherOperator.get(`${RESOURCES}/${code}`)).statusCode).toBe(200);
  });

  it('audits every write with before and after', async () => {
    const audit = await auditOf(id);
    expect(audit.map((entry) => entry.action)).toEqual([
      'catalog.resource.create', 'catalog.resource.submit', 'catalog.resource.return', 'catalog.resource.update',
      'catalog.resource.submit', 'catalog.resource.publish', 'catalog.resource.revise', 'catalog.resource.retire',
    ]);
    const revise = audit.find((entry) => entry.action === 'catalog.resource.revise')!;
    expect(revise.before).toMatchObject({ summary: '补充后的摘要', currentVersion: 1 });
    expect(revise.after).toMatchObject({ summary: '新的摘要', currentVersion: 2, changeNote: '增加户籍地址' });
    expect(audit[0]).toMatchObject({ before: null, actor_name: bed.directory.users.dept_operator });
  });

  it('deletes drafts only; a draft that changes classification gets a code of the new one', async () => {
    const draft = (await operator.post(RESOURCES, entryInput({ name: '临时草稿' }))).json();
    const moved = (await operator.put(`${RESOURCES}/${draft.code}`, entryInput({ name: '临时草稿', classificationCode: '101002' }))).json();
    expect(moved.code).toBe('101002-000001');
    expect((await operator.get(`${RESOURCES}/${draft.code}`)).statusCode).toBe(404);
    expect((await operator.delete(`${RESOURCES}/${code}`)).statusCode).toBe(409);
    expect((await operator.delete(`${RESOURCES}/${moved.code}`)).statusCode).toBe(204);
    expect((await operator.get(`${RESOURCES}/${moved.code}`)).json().code).toBe('catalog.resource_not_found');
    const audit = await auditOf(moved.id);
    expect(audit.map((entry) => entry.action)).toEqual(['catalog.resource.create', 'catalog.resource.update', 'catalog.resource.delete']);
    expect(audit[2].after).toBeNull();
  });

  it('stats count what the reader can see and list recent changes', async () => {
    const stats = (await otherOperator.get('/api/v1/catalog/stats')).json();
    expect(stats.total).toBe(1);
    expect(stats.byStatus).toEqual([{ key: 'retired', label: '已停用', count: 1 }]);
    expect(stats.byView).toEqual([{ key: '1', label: '基础信息资源', count: 1 }]);
    expect(stats.byClassification).toEqual([{ key: '101', label: '人口', count: 1 }]);
    expect(stats.recent[0]).toMatchObject({ code, action: 'retire', actor: bed.directory.users.dept_admin });
  });
});
