import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalPolicy } from '../index.js';
import { diffDemand, positivePart, sumDemand } from './demand.js';
import { DEFAULT_POLICY, pickPolicy } from './policies.js';
import { createOrdersTestbed, type OrdersTestbed, type Session } from './test-support.js';
import { orderNumber } from './workflow.js';

const DEPT = 'd-1';
const step = (approver: 'dept_head' | 'it_centre') => ({ approver, deadlineHours: 24, escalateTo: null });
const policy = (id: string, departmentId: string | null, category: ApprovalPolicy['category'], steps: number, autoApproveMaxFen: number | null = null): ApprovalPolicy => ({
  id, name: id, departmentId, category, steps: Array.from({ length: steps }, () => step('dept_head')), autoApproveMaxFen, enabled: true,
});

describe('choosing the approval policy', () => {
  const global = policy('global', null, null, 1);
  const database = policy('database', null, 'database', 2);
  const department = policy('department', DEPT, null, 3);
  const departmentDatabase = policy('department-database', DEPT, 'database', 1, 100_000);

  it('prefers department + category, then department, then category, then every department', () => {
    expect(pickPolicy([global, database, department, departmentDatabase], DEPT, ['database']).id).toBe('department-database');
    expect(pickPolicy([global, database, department], DEPT, ['database']).id).toBe('department');
    expect(pickPolicy([global, database], DEPT, ['database']).id).toBe('database');
    expect(pickPolicy([global, database], DEPT, ['compute']).id).toBe('global');
  });

  it('falls back to the built-in default (department head, then IT centre, never automatic)', () => {
    expect(pickPolicy([], DEPT, ['compute'])).toBe(DEFAULT_POLICY);
    expect(pickPolicy([policy('elsewhere', 'd-2', null, 1)], DEPT, ['compute'])).toBe(DEFAULT_POLICY);
    expect(pickPolicy([{ ...global, enabled: false }], DEPT, ['compute'])).toBe(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.steps.map((s) => `${s.approver}:${s.deadlineHours}:${s.escalateTo}`)).toEqual(['dept_head:24:it_centre', 'it_centre:24:null']);
    expect(DEFAULT_POLICY.autoApproveMaxFen).toBeNull();
  });

  it('takes the strictest policy of an order\'s categories: most steps, then the lowest automatic threshold', () => {
    const compute = policy('compute', null, 'compute', 1, 500_000);
    expect(pickPolicy([compute, database], DEPT, ['compute', 'database']).id).toBe('database');
    const cache = policy('cache', null, 'cache', 1, 10_000);
    expect(pickPolicy([compute, cache], DEPT, ['compute', 'cache']).id).toBe('cache');
    const network = policy('network', null, 'network', 1, null);
    expect(pickPolicy([compute, cache, network], DEPT, ['compute', 'cache', 'network']).id).toBe('network');
  });
});

describe('quota demand arithmetic and order numbers', () => {
  it('sums items, takes differences for resizes and gives back only what was reserved', () => {
    expect(sumDemand([{ vcpu: 2, monthly_budget_fen: 100 }, { vcpu: 4, databases: 1 }])).toEqual({ vcpu: 6, monthly_budget_fen: 100, databases: 1 });
    expect(diffDemand({ vcpu: 4, memory_gb: 8, monthly_budget_fen: 300 }, { vcpu: 8, memory_gb: 8, monthly_budget_fen: 100 })).toEqual({ vcpu: -4, monthly_budget_fen: 200 });
    expect(positivePart({ vcpu: -4, monthly_budget_fen: 200 })).toEqual({ monthly_budget_fen: 200 });
  });

  it('numbers orders CO-YYYYMMDD-NNNNNN', () => {
    expect(orderNumber(new Date(2025, 2, 7, 10), 42)).toBe('CO-20250307-000042');
  });
});

describe('approval policies over HTTP', () => {
  const URL = '/api/v1/cloud/approval-policies';
  let bed: OrdersTestbed;
  let itc: Session;
  let op: Session;

  beforeAll(async () => {
    bed = await createOrdersTestbed();
    itc = await bed.login('dataadmin');
    op = await bed.login('own_op');
  });
  afterAll(() => bed.close());

  const auditOf = (id: string) => bed.t.platform.ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', id).orderBy('id').execute();

  it('are created, changed and deleted by the IT centre, each change audited', async () => {
    const created = await itc.post(URL, { name: '数据库', category: 'database', steps: [step('dept_head'), step('it_centre')], autoApproveMaxFen: 30_000 });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({ departmentId: null, category: 'database', autoApproveMaxFen: 30_000, enabled: true });

    const updated = await itc.put(`${URL}/${id}`, { name: '数据库（停用）', departmentId: null, category: 'database', steps: [step('it_centre')], autoApproveMaxFen: null, enabled: false });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ name: '数据库（停用）', steps: [{ approver: 'it_centre' }], autoApproveMaxFen: null, enabled: false });

    const clash = await itc.post(URL, { name: '重复', category: 'database', steps: [step('dept_head')] });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('cloud.approval_policy_scope_taken');

    expect((await itc.delete(`${URL}/${id}`)).statusCode).toBe(204);
    expect((await itc.delete(`${URL}/${id}`)).json().code).toBe('cloud.approval_policy_not_found');
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['cloud.approval_policy.create', 'cloud.approval_policy.update', 'cloud.approval_policy.delete']);
  });

  it('refuse bad steps and unknown departments, all at once', async () => {
    const bad = await itc.post(URL, { name: '坏', departmentId: '00000000-0000-4000-8000-000000000000', steps: [{ approver: 'it_centre', deadlineHours: 24, escalateTo: 'it_centre' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/departmentId', '/steps/0/escalateTo']);
    expect((await itc.post(URL, { name: '空', steps: [] })).statusCode).toBe(400);
  });

  it('cannot be set by departments, which see only those that apply to them', async () => {
    expect((await op.post(URL, { name: 'x', steps: [step('dept_head')] })).statusCode).toBe(403);
    await itc.post(URL, { name: '本部门', departmentId: bed.directory.departments.own, steps: [step('dept_head')] });
    await itc.post(URL, { name: '其他部门', departmentId: bed.directory.departments.other, steps: [step('dept_head')] });
    const seen = (await op.get(URL)).json().items.map((p: { name: string }) => p.name);
    expect(seen).toContain('本部门');
    expect(seen).not.toContain('其他部门');
    expect((await itc.get(URL)).json().items.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['本部门', '其他部门']));
  });

  it('that orders were submitted under are disabled rather than deleted', async () => {
    const created = (await itc.post(URL, { name: '本部门计算', departmentId: bed.directory.departments.own, category: 'compute', steps: [step('dept_head')] })).json();
    const cart = (await op.get(`/api/v1/cloud/carts/${bed.systems.own}`)).json();
    await op.post(`/api/v1/cloud/carts/${bed.systems.own}/items`, { offeringId: bed.offerings.compute, name: 'vm', parameters: {} });
    const submitted = await op.post(`/api/v1/cloud/orders/${cart.id}/submit`, { purpose: '测试' });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const used = await bed.t.platform.ctx.db.selectFrom('cloud_orders').select('policy_id').where('id', '=', cart.id).executeTakeFirstOrThrow();
    expect(used.policy_id).toBe(created.id);
    const refused = await itc.delete(`${URL}/${created.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('cloud.approval_policy_in_use');
  });
});
