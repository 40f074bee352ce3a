// Pure logic of the exchange pages: who sees which button, the row-scope builder, load progress, pull
// mapping, the exchange pages in the menu, and the messages in both languages.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { Me, Role } from '../../auth';
import { canSee } from '../../components/navigation';
import { localiseError } from '../../i18n';
import exchange from '../../i18n/messages/exchange';
import { loadPercent, loadStep, looksLikeCron, proposeMapping, toFilterQuery, toRowScope, unmappedRequired } from './logic';
import { canDecide, canLoad, canRevoke, canWithdraw, canWriteSources } from './permissions';
import type { LoadRecord } from './types';

const actor = (departmentId: string | null, ...roles: Role[]) => ({ departmentId, roles });
const me = (...roles: Role[]): Me => ({ id: 'u', username: 'u', displayName: 'U', departmentId: 'd', departmentName: 'D', roles, mustChangePassword: false, locale: 'zh-CN' });

describe('exchange messages', () => {
  it('has the same keys in zh-CN and en-US', () => {
    const zh = Object.keys(exchange['zh-CN']).sort();
    const en = Object.keys(exchange['en-US']).sort();
    expect(en.filter((key) => !zh.includes(key))).toEqual([]);
    expect(zh.filter((key) => !en.includes(key))).toEqual([]);
  });

  it('words exchange error codes through the console-wide error translation, with problem members', () => {
    expect(localiseError('zh-CN', new ApiError({ status: 403, code: 'exchange.no_grant' }))).toBe('没有有效的授权。');
    const unknown = new ApiError({ status: 400, code: 'exchange.unknown_columns', extra: { columns: ['foo', 'bar'] } });
    expect(localiseError('en-US', unknown)).toBe('The first row names columns the resource does not have: foo, bar');
  });
});

describe('exchange pages by role', () => {
  it('keeps security and audit admins and the system admin out of exchange data (三员分立)', () => {
    for (const role of ['security_admin', 'audit_admin', 'system_admin'] as Role[]) {
      expect(canSee(me(role), 'exchangeResources')).toBe(false);
      expect(canSee(me(role), 'exchangeRequests')).toBe(false);
    }
  });

  it('gives the calendar to the data bureau only', () => {
    expect(canSee(me('data_admin'), 'exchangeCalendar')).toBe(true);
    expect(canSee(me('dept_admin'), 'exchangeCalendar')).toBe(false);
    expect(canSee(me('dept_operator'), 'exchangeRequests')).toBe(true);
  });
});

describe('exchange buttons follow the server policies', () => {
  const pending = { providerDepartmentId: 'p', requesterDepartmentId: 'r', status: 'pending' };

  it('lets the provider’s dept_admin and the data_admin decide, only while pending', () => {
    expect(canDecide(actor('p', 'dept_admin'), pending)).toBe(true);
    expect(canDecide(actor('x', 'data_admin'), pending)).toBe(true);
    expect(canDecide(actor('p', 'dept_operator'), pending)).toBe(false);
    expect(canDecide(actor('r', 'dept_admin'), pending)).toBe(false);
    expect(canDecide(actor('p', 'dept_admin'), { ...pending, status: 'approved' })).toBe(false);
  });

  it('lets the requesting department withdraw and the provider revoke', () => {
    expect(canWithdraw(actor('r', 'dept_operator'), pending)).toBe(true);
    expect(canWithdraw(actor('p', 'dept_admin'), pending)).toBe(false);
    expect(canRevoke(actor('p', 'dept_admin'), { providerDepartmentId: 'p', status: 'active' })).toBe(true);
    expect(canRevoke(actor('p', 'dept_admin'), { providerDepartmentId: 'p', status: 'revoked' })).toBe(false);
    expect(canRevoke(actor('r', 'dept_admin'), { providerDepartmentId: 'p', status: 'active' })).toBe(false);
  });

  it('lets the provider department load and its admin manage sources', () => {
    expect(canLoad(actor('p', 'dept_operator'), 'p')).toBe(true);
    expect(canLoad(actor('r', 'dept_admin'), 'p')).toBe(false);
    expect(canWriteSources(actor('p', 'dept_admin'), 'p')).toBe(true);
    expect(canWriteSources(actor('p', 'dept_operator'), 'p')).toBe(false);
  });
});

describe('row scope builder', () => {
  it('turns complete rows into conditions, splits `in` values and drops incomplete rows', () => {
    expect(
      toRowScope([
        { field: 'region_code', op: 'prefix', value: ' 4406 ' },
        { field: 'gender', op: 'in', value: '1, 2，9' },
        { field: 'age', op: 'gte' },
        { op: 'eq', value: 'x' },
      ]),
    ).toEqual([
      { field: 'region_code', op: 'prefix', value: '4406' },
      { field: 'gender', op: 'in', values: ['1', '2', '9'] },
    ]);
    expect(toRowScope([])).toBeNull();
  });

  it('writes preview filters the PostgREST way', () => {
    expect(toFilterQuery([{ field: 'gender', op: 'in', values: ['1', '2'] }, { field: 'age', op: 'gte', value: '18' }])).toEqual({ gender: 'in.1,2', age: 'gte.18' });
  });
});

describe('load progress', () => {
  const load = (status: LoadRecord['status'], job: LoadRecord['job']): LoadRecord =>
    ({ id: 'l', resourceCode: 'c', channel: 'upload', format: 'csv', status, errors: [], errorCount: 0, received: 0, inserted: 0, updated: 0, unchanged: 0, deleted: 0, rejected: 0, startedAt: '', finishedAt: null, job }) as LoadRecord;

  it('follows reading (bytes of the file) → merging → done', () => {
    expect(loadPercent(load('running', { phase: 'reading', progress: 50, total: 100 }))).toBe(47);
    expect(loadStep(load('running', { phase: 'reading', progress: 50, total: 100 }))).toBe(0);
    expect(loadStep(load('running', { phase: 'merging' }))).toBe(1);
    expect(loadPercent(load('queued', null))).toBe(0);
    expect(loadPercent(load('succeeded', null))).toBe(100);
    expect(loadStep(load('succeeded', null))).toBe(3);
  });
});

describe('pull mapping', () => {
  const items = [
    { name: 'licence_no', label: '许可证号', key: true, required: true },
    { name: 'holder_name', label: '持证单位', key: false, required: true },
    { name: 'remark', label: '备注', key: false, required: false },
  ];

  it('proposes columns by name or label and names what is still unmapped', () => {
    const mapping = proposeMapping(items, [{ name: 'LICENCE_NO' }, { name: '备注' }, { name: 'other' }]);
    expect(mapping).toEqual({ licence_no: 'LICENCE_NO', remark: '备注' });
    expect(unmappedRequired(items, mapping)).toEqual(['holder_name']);
  });

  it('accepts five-field cron expressions only', () => {
    expect(looksLikeCron('*/15 * * * *')).toBe(true);
    expect(looksLikeCron('0 2 * * 1-5')).toBe(true);
    expect(looksLikeCron('0 2 * *')).toBe(false);
  });
});
