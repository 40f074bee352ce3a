import { describe, expect, it } from 'vitest';
import { aggregate, arrange } from './aggregate';

const rows = [
  { town: '西南街道', year: 2024, amount: '10.5' },
  { town: '西南街道', year: 2025, amount: 4 },
  { town: '乐平镇', year: 2025, amount: null },
  { town: null, year: 2023, amount: 7 },
];

describe('chart builder aggregation', () => {
  it('counts rows per category, putting empty categories in one group', () => {
    expect(aggregate(rows, { category: 'town', value: null, aggregation: 'count', emptyLabel: '(空)' })).toEqual([
      { category: '西南街道', value: 2 },
      { category: '乐平镇', value: 1 },
      { category: '(空)', value: 1 },
    ]);
  });

  it('sums and averages numeric text and numbers, skipping groups without any number', () => {
    expect(aggregate(rows, { category: 'town', value: 'amount', aggregation: 'sum', emptyLabel: '-' })).toEqual([
      { category: '西南街道', value: 14.5 },
      { category: '-', value: 7 },
    ]);
    expect(aggregate(rows, { category: 'town', value: 'amount', aggregation: 'avg', emptyLabel: '-' })[0]).toEqual({ category: '西南街道', value: 7.25 });
    expect(aggregate(rows, { category: 'town', value: 'amount', aggregation: 'max', emptyLabel: '-' })[0].value).toBe(10.5);
  });

  it('orders a line along numeric categories and a pie by size with the rest as one slice', () => {
    const byYear = aggregate(rows, { category: 'year', value: null, aggregation: 'count', emptyLabel: '-' });
    expect(arrange(byYear, 'line', 10, '其他', true).map((group) => group.category)).toEqual(['2023', '2024', '2025']);
    const many = Array.from({ length: 5 }, (_, index) => ({ category: `c${index}`, value: index + 1 }));
    expect(arrange(many, 'pie', 3, '其他', true)).toEqual([
      { category: 'c4', value: 5 },
      { category: 'c3', value: 4 },
      { category: '其他', value: 6 },
    ]);
    expect(arrange(many, 'bar', 3, '其他', true).map((group) => group.category)).toEqual(['c4', 'c3', 'c2']);
  });
});
