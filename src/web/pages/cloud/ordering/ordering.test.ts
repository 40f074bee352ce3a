// The ordering pages' rules: catalog counts and search, quota shortfalls in words, overdue steps, polling, the inbox
// order, the API helpers' list shapes, and the messages (both languages, every status and code the pages name).
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client';
import { notificationTitle } from '../../../components/NotificationBell';
import { translate } from '../../../i18n';
import cloud from '../../../i18n/messages/cloud';
import { asItems } from '../cloudApi';
import { CLOUD_CATEGORIES, QUOTA_DIMENSIONS } from '../types';
import type { ApprovalStep, Offering, Order } from '../types';
import {
  byUrgency,
  countByCategory,
  currentStep,
  demandEntries,
  describeShortfalls,
  isInFlight,
  isOverdue,
  leaseMonthsOf,
  LISTED_STATUSES,
  matchesSearch,
  shortfallsOf,
  sumDemand,
} from './logic';

function offering(overrides: Partial<Offering>): Offering {
  return {
    id: 'o1',
    code: 'pg-small',
    providerId: 'p1',
    providerName: '天翼云',
    category: 'database',
    resourceKind: 'postgresql',
    driver: 'postgresql',
    name: 'PostgreSQL 数据库',
    nameEn: 'PostgreSQL database',
    description: '托管的关系型数据库',
    descriptionEn: 'Managed relational database',
    parametersSchema: {},
    quotaMap: {},
    status: 'active',
    rateCard: null,
    fromMonthlyFen: 12000,
    ...overrides,
  };
}

function step(overrides: Partial<ApprovalStep>): ApprovalStep {
  return {
    id: 's1',
    step: 1,
    approver: 'dept_head',
    escalateTo: 'it_centre',
    status: 'pending',
    dueAt: null,
    escalatedAt: null,
    decidedBy: null,
    decidedByName: null,
    decidedAt: null,
    reason: null,
    ...overrides,
  };
}

function order(overrides: Partial<Order>): Order {
  return {
    id: 'order-1',
    number: 'CO-20250101-000001',
    departmentId: 'd1',
    departmentName: '人社局',
    businessSystemId: 'b1',
    businessSystemName: '社保系统',
    status: 'approving',
    purpose: 'x',
    totalMonthlyFen: 0,
    autoApproved: false,
    rejectionReason: null,
    createdBy: 'u1',
    createdByName: '张三',
    createdAt: '2025-01-01T00:00:00Z',
    submittedAt: '2025-01-01T00:00:00Z',
    decidedAt: null,
    completedAt: null,
    items: [],
    approvals: [],
    can: { submit: false, cancel: false, approve: false },
    ...overrides,
  };
}

describe('the catalog', () => {
  it('counts offerings in every one of the nine categories, empty ones as 0', () => {
    const counts = countByCategory([offering({ id: 'a' }), offering({ id: 'b' }), offering({ id: 'c', category: 'cache' })]);
    expect(Object.keys(counts)).toEqual(CLOUD_CATEGORIES);
    expect(counts.database).toBe(2);
    expect(counts.cache).toBe(1);
    expect(counts.big_data).toBe(0);
  });

  it('searches names in both languages, the code and the provider, ignoring case', () => {
    const pg = offering({});
    expect(matchesSearch(pg, 'postgres')).toBe(true);
    expect(matchesSearch(pg, 'PG-SMALL')).toBe(true);
    expect(matchesSearch(pg, '天翼')).toBe(true);
    expect(matchesSearch(pg, 'redis')).toBe(false);
    expect(matchesSearch(pg, '  ')).toBe(true);
  });
});

describe('quota shortfalls', () => {
  const problem = new ApiError({
    status: 409,
    code: 'cloud.quota_exceeded',
    extra: {
      shortfalls: [
        { dimension: 'vcpu', limit: 40, inUse: 38, requested: 4 },
        { dimension: 'monthly_budget_fen', limit: 100000, inUse: 90000, requested: 20000 },
        { dimension: 'bogus' },
      ],
    },
  });

  it('reads the shortfalls of a quota_exceeded problem and nothing from other errors', () => {
    expect(shortfallsOf(problem).map((row) => row.dimension)).toEqual(['vcpu', 'monthly_budget_fen']);
    expect(shortfallsOf(new ApiError({ status: 409, code: 'cloud.order_not_cart', extra: { shortfalls: [] } }))).toEqual([]);
    expect(shortfallsOf(new Error('x'))).toEqual([]);
  });

  it('says per dimension what the limit is, what is in use, what the order needs and how much is missing; the budget in yuan', () => {
    const t = (key: string, vars?: Record<string, string | number>) => translate('zh-CN', key, vars);
    const lines = describeShortfalls(shortfallsOf(problem), t, 'zh-CN');
    expect(lines[0]).toBe('vCPU：配额上限 40 核，已占用 38 核，本次需要 4 核，超出 2 核。');
    expect(lines[1]).toContain('月度预算');
    expect(lines[1]).toContain('¥1,000.00');
    expect(lines[1]).toContain('超出 ¥100.00');
    const en = describeShortfalls(shortfallsOf(problem), (key, vars) => translate('en-US', key, vars), 'en-US');
    expect(en[0]).toBe('vCPU: quota 40 cores, 38 cores in use, this order needs 4 cores — 2 cores short.');
  });

  it('adds up the demand of the cart items and lists non-zero dimensions in the standard order', () => {
    const total = sumDemand([{ vcpu: 2, monthly_budget_fen: 100 }, { memory_gb: 4, vcpu: 2, monthly_budget_fen: 50 }, { databases: 0 }]);
    expect(demandEntries(total)).toEqual([
      ['vcpu', 4],
      ['memory_gb', 4],
      ['monthly_budget_fen', 150],
    ]);
  });
});

describe('approvals', () => {
  const now = new Date('2025-03-01T12:00:00Z');
  it('calls a pending step overdue only after its deadline', () => {
    expect(isOverdue(step({ dueAt: '2025-03-01T11:59:00Z' }), now)).toBe(true);
    expect(isOverdue(step({ dueAt: '2025-03-01T12:01:00Z' }), now)).toBe(false);
    expect(isOverdue(step({ dueAt: '2025-03-01T11:00:00Z', status: 'approved' }), now)).toBe(false);
    expect(isOverdue(step({ dueAt: null }), now)).toBe(false);
  });

  it('finds the step waiting for a decision', () => {
    const steps = [step({ id: 'b', step: 2, status: 'pending' }), step({ id: 'a', step: 1, status: 'approved' })];
    expect(currentStep({ approvals: steps })?.id).toBe('b');
    expect(currentStep({ approvals: [step({ status: 'waiting' })] })).toBeNull();
  });

  it('puts the earliest deadline first in the inbox, orders without one last', () => {
    const late = order({ id: 'late', approvals: [step({ dueAt: '2025-03-03T00:00:00Z' })] });
    const soon = order({ id: 'soon', approvals: [step({ dueAt: '2025-03-01T00:00:00Z' })] });
    const none = order({ id: 'none', approvals: [step({ dueAt: null })] });
    expect([none, late, soon].sort(byUrgency).map((row) => row.id)).toEqual(['soon', 'late', 'none']);
  });
});

describe('an order page', () => {
  it('keeps polling while the order or any item is being provisioned, and stops once settled', () => {
    expect(isInFlight(order({ status: 'provisioning' }))).toBe(true);
    expect(isInFlight(order({ status: 'approved' }))).toBe(true);
    expect(isInFlight(order({ status: 'completed' }))).toBe(false);
    expect(isInFlight(order({ status: 'approving' }))).toBe(false);
    const item = { status: 'provisioning' } as Order['items'][number];
    expect(isInFlight(order({ status: 'partially_failed', items: [item] }))).toBe(true);
  });

  it('takes a lease as a whole number of months, empty as none', () => {
    expect(leaseMonthsOf(12)).toBe(12);
    expect(leaseMonthsOf(null)).toBeNull();
    expect(leaseMonthsOf(undefined)).toBeNull();
    expect(leaseMonthsOf(0)).toBeNull();
    expect(leaseMonthsOf(1.5)).toBeNull();
  });
});

describe('the API helpers', () => {
  it('read a list whether it comes bare, as {items} or as {data}', () => {
    expect(asItems([1, 2])).toEqual([1, 2]);
    expect(asItems({ items: [3] })).toEqual([3]);
    expect(asItems({ data: [4] })).toEqual([4]);
  });
});

describe('notifications', () => {
  it('show the English title in English when there is one', () => {
    expect(notificationTitle({ title: '订单已批准', titleEn: 'Order approved' }, 'en-US')).toBe('Order approved');
    expect(notificationTitle({ title: '订单已批准', titleEn: null }, 'en-US')).toBe('订单已批准');
    expect(notificationTitle({ title: '订单已批准', titleEn: 'Order approved' }, 'zh-CN')).toBe('订单已批准');
  });
});

describe('the messages of the ordering pages', () => {
  it('have the same keys in zh-CN and en-US', () => {
    const zh = Object.keys(cloud['zh-CN']).sort();
    const en = Object.keys(cloud['en-US']).sort();
    expect(en.filter((key) => !zh.includes(key))).toEqual([]);
    expect(zh.filter((key) => !en.includes(key))).toEqual([]);
  });

  it('name every category, dimension, order, item and approval status and approver the pages show', () => {
    const needed = [
      ...CLOUD_CATEGORIES.map((value) => `cloud.category.${value}`),
      ...QUOTA_DIMENSIONS.flatMap((value) => [`cloud.dimension.${value}`, `cloud.dimension.unit.${value}`]),
      ...[...LISTED_STATUSES, 'cart'].map((value) => `cloud.orderStatus.${value}`),
      ...['cart', 'pending', 'provisioning', 'ready', 'failed', 'cancelled'].map((value) => `cloud.itemStatus.${value}`),
      ...['waiting', 'pending', 'approved', 'rejected', 'auto_approved', 'skipped'].map((value) => `cloud.approvalStatus.${value}`),
      'cloud.approver.dept_head',
      'cloud.approver.it_centre',
      'cloud.escalateTo.it_centre',
      'cloud.escalateTo.system_admin',
    ];
    expect(needed.filter((key) => cloud['zh-CN'][key as keyof (typeof cloud)['zh-CN']] === undefined)).toEqual([]);
  });

  it('word the ordering error codes in both languages', () => {
    const codes = ['quota_exceeded', 'cart_empty', 'order_not_cart', 'not_approver', 'approval_self', 'reason_required', 'no_subcontract', 'offering_retired'];
    for (const locale of ['zh-CN', 'en-US'] as const) {
      for (const code of codes) expect(translate(locale, `error.cloud.${code}`)).not.toBe(`error.cloud.${code}`);
    }
  });
});
