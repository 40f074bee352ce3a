// Billing months in Asia/Shanghai and the charge formula, on their own.
import { describe, expect, it } from 'vitest';
import { billingMonth, chargeFen, isClosable, monthOf, previousMonth, usagePartition } from './months.js';

describe('billing months', () => {
  it('are calendar months in Shanghai time with days × 24 hours', () => {
    expect(billingMonth('2024-02')).toMatchObject({ days: 29, hours: 696 });
    expect(billingMonth('2023-02').hours).toBe(672);
    expect(billingMonth('2025-01').start.toISOString()).toBe('2024-12-31T16:00:00.000Z');
    expect(billingMonth('2025-12').end.toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(monthOf(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01');
    expect(monthOf(new Date('2024-12-31T15:59:59Z'))).toBe('2024-12');
    expect(previousMonth('2025-01')).toBe('2024-12');
  });

  it('refuses what is not YYYY-MM', () => {
    for (const bad of ['2025-13', '2025-1', '25-01', '2025-00']) expect(() => billingMonth(bad)).toThrow(/not a month/);
  });

  it('name their usage partition and bound it at Shanghai midnight', () => {
    expect(usagePartition('2024-12')).toEqual({ name: 'cloud_usage_2024_12', from: '2024-12-01 00:00:00+08', to: '2025-01-01 00:00:00+08' });
  });

  it('close three days after they end', () => {
    const end = billingMonth('2024-06').end.getTime();
    expect(isClosable('2024-06', new Date(end + 3 * 86_400_000 - 1))).toBe(false);
    expect(isClosable('2024-06', new Date(end + 3 * 86_400_000))).toBe(true);
  });
});

describe('chargeFen', () => {
  it('charges a full month at one price exactly that price, for any price and month length', () => {
    for (const hours of [672, 696, 720, 744]) {
      for (const price of [1, 99, 14_959, 52_345, 1_234_567]) expect(chargeFen(price * hours, hours)).toBe(price);
    }
  });

  it('rounds half up in integers', () => {
    expect(chargeFen(360, 720)).toBe(1); // 0.5
    expect(chargeFen(359, 720)).toBe(0);
    expect(chargeFen(720 * 3 + 1080, 720)).toBe(5); // 4.5
  });
});
