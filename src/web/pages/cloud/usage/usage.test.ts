// Pure logic of the cloud usage pages and their messages in both languages.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client';
import { localiseError } from '../../../i18n';
import cloudUsage from '../../../i18n/messages/cloud-usage';
import type { Bill, QuotaView, ShowbackRow } from '../types';
import { CLOUD_CATEGORIES, QUOTA_DIMENSIONS } from '../types';
import {
  changedParameters,
  durationParts,
  formatMeasure,
  leaseState,
  matchesSystem,
  monthOf,
  quotaUtilisation,
  readDashboard,
  resourceActions,
  resourceCost,
  revealedInfo,
  runningResources,
  shiftMonth,
  topRows,
} from './logic';

const DAY = 86_400_000;

describe('cloud usage messages', () => {
  it('have the same keys in zh-CN and en-US', () => {
    const zh = Object.keys(cloudUsage['zh-CN']).sort();
    const en = Object.keys(cloudUsage['en-US']).sort();
    expect(en.filter((key) => !zh.includes(key))).toEqual([]);
    expect(zh.filter((key) => !en.includes(key))).toEqual([]);
  });

  it('name every category, resource status, drift state and quota dimension the pages look up', () => {
    const keys = [
      ...CLOUD_CATEGORIES.map((value) => `cloudUsage.category.${value}`),
      ...['provisioning', 'active', 'resizing', 'retiring', 'retired', 'failed'].map((value) => `cloudUsage.status.${value}`),
      ...['drifted', 'missing'].flatMap((value) => [`cloudUsage.drift.${value}`, `cloudUsage.drift.${value}Long`]),
      ...QUOTA_DIMENSIONS.map((value) => `cloudUsage.dimension.${value}`),
      ...['seconds', 'minutes', 'hours', 'days'].map((value) => `cloudUsage.unit.${value}`),
    ];
    expect(keys.filter((key) => !(key in cloudUsage['zh-CN']))).toEqual([]);
  });

  it('word the provisioning and metering error codes, with the time the credentials were shown', () => {
    const revealed = new ApiError({ status: 410, code: 'cloud.credentials_revealed', extra: { revealedAt: '2025-03-01T02:00:00.000Z', revealedBy: '张三' } });
    expect(localiseError('zh-CN', revealed)).toMatch(/^凭据已于 .*2025.* 显示过，不再显示。$/);
    expect(localiseError('en-US', revealed)).toMatch(/^The credentials were already shown on .*2025.* and are not shown again\.$/);
    expect(localiseError('zh-CN', new ApiError({ status: 409, code: 'cloud.resource_not_active' }))).toBe('只有运行中的资源可以进行此操作。');
    expect(localiseError('en-US', new ApiError({ status: 404, code: 'cloud.system_not_found' }))).toBe('No such business system, or it does not belong to your department.');
  });
});

describe('months', () => {
  it('are calendar months in Asia/Shanghai, whatever the browser zone', () => {
    // 2025-01-31 16:30 UTC is already 1 February in Shanghai.
    expect(monthOf(new Date('2025-01-31T16:30:00Z'))).toBe('2025-02');
    expect(monthOf(new Date('2025-01-31T15:59:00Z'))).toBe('2025-01');
  });

  it('step across year ends', () => {
    expect(shiftMonth('2025-01', -1)).toBe('2024-12');
    expect(shiftMonth('2024-12', 1)).toBe('2025-01');
    expect(shiftMonth('2025-06', -18)).toBe('2023-12');
  });
});

describe('leases', () => {
  const now = new Date('2025-05-01T00:00:00Z');
  it('warn within 30 days and mark an ended lease expired', () => {
    expect(leaseState(null, now)).toEqual({ state: 'none', daysLeft: null });
    expect(leaseState(new Date(now.getTime() + 31 * DAY).toISOString(), now).state).toBe('ok');
    expect(leaseState(new Date(now.getTime() + 30 * DAY).toISOString(), now)).toEqual({ state: 'soon', daysLeft: 30 });
    expect(leaseState(new Date(now.getTime() + 6.5 * DAY).toISOString(), now)).toEqual({ state: 'soon', daysLeft: 7 });
    expect(leaseState(new Date(now.getTime() - 1).toISOString(), now).state).toBe('expired');
  });
});

describe('what a user may do with a resource', () => {
  const resource = { departmentId: 'd1', status: 'active' as const, credentialsAvailable: true, credentialsRevealedAt: null };
  it('gives credentials and resizing to the owning department only, never to the IT centre', () => {
    expect(resourceActions({ departmentId: 'd1', roles: ['dept_operator'] }, resource)).toEqual({ reveal: true, resize: true, renew: true, retire: true });
    expect(resourceActions({ departmentId: null, roles: ['data_admin'] }, resource)).toEqual({ reveal: false, resize: false, renew: true, retire: true });
    expect(resourceActions({ departmentId: 'd2', roles: ['dept_admin'] }, resource)).toEqual({ reveal: false, resize: false, renew: false, retire: false });
    expect(resourceActions({ departmentId: 'd1', roles: ['security_admin'] }, resource)).toEqual({ reveal: false, resize: false, renew: false, retire: false });
  });

  it('offers nothing on a resource that is not active, and no reveal once the credentials were shown', () => {
    const retiring = { ...resource, status: 'retiring' as const, credentialsAvailable: false, credentialsRevealedAt: '2025-01-01T00:00:00Z' };
    expect(resourceActions({ departmentId: 'd1', roles: ['dept_admin'] }, retiring)).toEqual({ reveal: false, resize: false, renew: false, retire: false });
    expect(resourceActions({ departmentId: 'd1', roles: ['dept_admin'] }, { ...resource, credentialsAvailable: false, credentialsRevealedAt: '2025-01-01T00:00:00Z' }).reveal).toBe(false);
  });
});

describe('credentials already shown', () => {
  it('read when and by whom from the 410 problem, falling back to the resource\'s own time', () => {
    expect(revealedInfo({ revealedAt: '2025-03-01T02:00:00Z', revealedBy: '张三' })).toEqual({ at: '2025-03-01T02:00:00Z', by: '张三' });
    expect(revealedInfo({ revealedBy: null }, '2025-02-01T00:00:00Z')).toEqual({ at: '2025-02-01T00:00:00Z', by: null });
  });
});

describe('resizing', () => {
  it('lists the parameters that really change', () => {
    expect(changedParameters({ cpu: 2, memoryGb: 4, engine: 'pg' }, { cpu: 2, memoryGb: 8, engine: 'pg' })).toEqual(['memoryGb']);
    expect(changedParameters({ cpu: 2 }, { cpu: 2 })).toEqual([]);
    expect(changedParameters({ cpu: 2 }, { cpu: 2, backups: true })).toEqual(['backups']);
  });
});

describe('measured sizes', () => {
  it('show bytes in binary units and utilisation as a percentage', () => {
    expect(formatMeasure('storageBytes', 1536 * 1024 * 1024, 'en-US')).toBe('1.5 GB');
    expect(formatMeasure('storageBytes', 512, 'en-US')).toBe('512 B');
    expect(formatMeasure('cpuUtilisation', 0.35, 'en-US')).toBe('35 %');
    expect(formatMeasure('cpuUtilisation', 42, 'en-US')).toBe('42 %');
    expect(formatMeasure('connections', 12, 'en-US')).toBe('12');
  });
});

describe('a resource\'s cost', () => {
  const line = (resourceId: string, hours: number, amountFen: number) => ({
    id: `${resourceId}-${hours}`, resourceId, resourceName: 'r', businessSystemId: 's', businessSystemName: 's', providerId: 'p', providerName: 'p',
    offeringId: 'o', offeringName: 'o', description: '', hours, monthlyFen: 10_000, amountFen,
  });
  const bill = (month: string, lines: Bill['lines']): Bill => ({ id: month, departmentId: 'd', departmentName: 'd', month, status: 'open', totalFen: 0, generatedAt: '', lines });

  it('sums the resource\'s lines per month, newest first, and leaves out months without it', () => {
    const bills = [bill('2025-04', [line('a', 720, 10_000), line('b', 720, 5_000)]), bill('2025-05', [line('a', 100, 1_344), line('a', 20, 300)]), bill('2025-03', [line('b', 1, 1)])];
    expect(resourceCost(bills, 'a')).toEqual([
      { month: '2025-05', hours: 120, amountFen: 1_644 },
      { month: '2025-04', hours: 720, amountFen: 10_000 },
    ]);
  });
});

describe('charts', () => {
  const row = (key: string, amountFen: number, resources = 1): ShowbackRow => ({ key, name: key, amountFen, resources });
  it('keep the largest rows and sum the rest into "other", keeping the total', () => {
    const rows = [row('a', 500), row('b', 100), row('c', 300), row('d', 200), row('zero', 0)];
    const top = topRows(rows, 3, 'other');
    expect(top.map((r) => r.key)).toEqual(['a', 'c', '__other']);
    expect(top[2]).toEqual({ key: '__other', name: 'other', amountFen: 300, resources: 2 });
    expect(top.reduce((sum, r) => sum + r.amountFen, 0)).toBe(1100);
    expect(topRows(rows, 10, 'other').map((r) => r.key)).toEqual(['a', 'c', 'd', 'b']);
  });
});

describe('quota utilisation', () => {
  const quota = (departmentId: string, dimension: QuotaView['dimension'], limit: number, reserved: number, committed: number): QuotaView => ({
    departmentId, departmentName: departmentId, dimension, limit, reserved, committed, available: limit - reserved - committed,
  });
  it('adds reserved and committed against the sum of the limits, per dimension in the standard order', () => {
    const rows = quotaUtilisation([quota('d1', 'vcpu', 40, 4, 16), quota('d2', 'vcpu', 60, 0, 30), quota('d1', 'databases', 0, 0, 0), quota('d1', 'memory_gb', 100, 0, 95)]);
    expect(rows).toEqual([
      { dimension: 'vcpu', limit: 100, used: 50, percent: 50 },
      { dimension: 'memory_gb', limit: 100, used: 95, percent: 95 },
      { dimension: 'databases', limit: 0, used: 0, percent: null },
    ]);
  });
});

describe('the dashboard answer', () => {
  it('fills every part the server left out, so the page shows empty charts instead of failing', () => {
    const dashboard = readDashboard({ cost: { runRateFen: 12_345 } as never, drift: { drifted: 1, missing: 2, orphans: 3 } });
    expect(dashboard.cost.runRateFen).toBe(12_345);
    expect(dashboard.cost.runRateByDepartment).toEqual([]);
    expect(dashboard.resources).toEqual({ total: 0, byStatus: {}, byCategory: [] });
    expect(dashboard.leadTime.overall).toEqual({ orders: 0, medianSeconds: null, p95Seconds: null });
    expect(dashboard.failedProvisioning.items).toEqual([]);
    expect(dashboard.drift).toEqual({ drifted: 1, missing: 2, orphans: 3 });
  });

  it('words lead times in a unit people read', () => {
    expect(durationParts(4.26)).toEqual({ value: 4.3, unit: 'seconds' });
    expect(durationParts(600)).toEqual({ value: 10, unit: 'minutes' });
    expect(durationParts(3 * 3600)).toEqual({ value: 3, unit: 'hours' });
    expect(durationParts(7 * 86_400)).toEqual({ value: 7, unit: 'days' });
  });
});

describe('business systems', () => {
  it('count only resources that still run', () => {
    expect(runningResources([{ status: 'active' }, { status: 'retired' }, { status: 'failed' }, { status: 'provisioning' }]).map((r) => r.status)).toEqual(['active', 'provisioning']);
  });

  it('match a search in name, English name, code or department', () => {
    const system = { name: '不动产登记系统', nameEn: 'Real estate registry', code: 'BDC-01', departmentName: '自然资源局' };
    expect(matchesSystem(system, '')).toBe(true);
    expect(matchesSystem(system, 'registry')).toBe(true);
    expect(matchesSystem(system, 'bdc')).toBe(true);
    expect(matchesSystem(system, '自然资源')).toBe(true);
    expect(matchesSystem(system, '公安')).toBe(false);
  });
});
