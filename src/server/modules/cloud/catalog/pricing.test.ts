import { describe, expect, it } from 'vitest';
import type { RateComponent } from '../index.js';
import { checkComponents, priceComponent, priceConfiguration, tieredAmount } from './pricing.js';

// 0–100 GB at 50 fen, 100–500 at 30, the rest at 10 (graduated)
const TIERS = [
  { upTo: 100, priceFen: 50 },
  { upTo: 500, priceFen: 30 },
  { upTo: null, priceFen: 10 },
];

describe('graduated tiers', () => {
  it.each([
    ['nothing costs nothing', 0, 0],
    ['inside the first tier', 40, 40 * 50],
    ['exactly at the first bound stays in the first tier', 100, 100 * 50],
    ['one unit above the first bound is priced by the second tier', 101, 100 * 50 + 1 * 30],
    ['exactly at the second bound', 500, 100 * 50 + 400 * 30],
    ['above the last bound the open tier takes the rest', 750, 100 * 50 + 400 * 30 + 250 * 10],
    ['fractions are priced proportionally', 100.5, 100 * 50 + 0.5 * 30],
  ])('%s (%d units)', (_name, quantity, expected) => {
    expect(tieredAmount(quantity, TIERS)).toBe(expected);
  });

  it('a single open tier is a plain per-unit price', () => {
    expect(tieredAmount(7, [{ upTo: null, priceFen: 3 }])).toBe(21);
  });
});

describe('pricing a configuration', () => {
  const components: RateComponent[] = [
    { code: 'base', name: '实例费', type: 'fixed', priceFen: 10_000 },
    { code: 'vcpu', name: 'vCPU', type: 'per_unit', parameter: 'vcpu', unit: '核', priceFen: 4_500 },
    { code: 'storage', name: '存储', type: 'tiered', parameter: 'storageGb', unit: 'GB', tiers: TIERS },
  ];

  it.each([
    ['the defaults', { vcpu: 2, storageGb: 100 }, [10_000, 9_000, 5_000]],
    ['zero storage', { vcpu: 1, storageGb: 0 }, [10_000, 4_500, 0]],
    ['storage over two tiers', { vcpu: 4, storageGb: 120 }, [10_000, 18_000, 5_600]],
    ['a missing quantity counts as zero', { storageGb: 10 }, [10_000, 0, 500]],
  ])('%s: lines and the monthly total agree', (_name, parameters, amounts) => {
    const priced = priceConfiguration(components, parameters);
    expect(priced.lines.map((line) => line.amountFen)).toEqual(amounts);
    expect(priced.monthlyFen).toBe(amounts.reduce((a, b) => a + b, 0));
  });

  it('rounds each line to whole fen so the lines always add up to the total', () => {
    const line = priceComponent({ code: 'mem', name: '内存', type: 'per_unit', parameter: 'memoryGb', priceFen: 333 }, { memoryGb: 1.5 });
    expect(line).toEqual({ code: 'mem', name: '内存', nameEn: null, quantity: 1.5, unit: null, amountFen: 500 });
  });
});

describe('checking components', () => {
  const numeric = new Set(['vcpu', 'storageGb']);
  const check = (components: RateComponent[]) => checkComponents(components, numeric).map((e) => `${e.pointer} ${e.code}`);

  it('accepts a well-formed card', () => {
    expect(check([{ code: 'a', name: 'A', type: 'fixed', priceFen: 0 }, { code: 'b', name: 'B', type: 'tiered', parameter: 'storageGb', tiers: TIERS }])).toEqual([]);
  });

  it('reports every problem at once with its pointer', () => {
    expect(
      check([
        { code: 'a', name: 'A', type: 'fixed' },
        { code: 'a', name: 'B', type: 'per_unit', parameter: 'colour', priceFen: 5 },
        { code: 'c', name: 'C', type: 'tiered', parameter: 'vcpu', tiers: [{ upTo: null, priceFen: 1 }, { upTo: 10, priceFen: 2 }] },
        { code: 'd', name: 'D', type: 'tiered', parameter: 'vcpu', tiers: [{ upTo: 10, priceFen: 1 }, { upTo: 10, priceFen: 2 }, { upTo: null, priceFen: 1 }] },
      ]),
    ).toEqual([
      '/components/0/priceFen cloud.rate_price_invalid',
      '/components/1/code cloud.rate_component_duplicate',
      '/components/1/parameter cloud.rate_parameter_unknown',
      '/components/2/tiers/0/upTo cloud.rate_tiers_invalid',
      '/components/2/tiers/1/upTo cloud.rate_tiers_invalid',
      '/components/3/tiers/1/upTo cloud.rate_tiers_invalid',
    ]);
  });

  it('a card without components is refused', () => {
    expect(check([])).toEqual(['/components cloud.rate_card_empty']);
  });
});
