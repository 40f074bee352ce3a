import { describe, expect, it } from 'vitest';
import { componentFromForm, componentToForm, fromDisplay, numericParameters, parseJsonObject, toDisplay, usagePercent } from './logic';

describe('cloud admin helpers', () => {
  it('accepts only JSON objects as settings and schemas', () => {
    expect(parseJsonObject('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonObject('')).toEqual({ ok: true, value: {} });
    expect(parseJsonObject('[1]')).toEqual({ ok: false });
    expect(parseJsonObject('{oops')).toEqual({ ok: false });
  });

  it('counts reserved and committed against the limit, capped at 100 %', () => {
    expect(usagePercent({ limit: 10, reserved: 2, committed: 3 })).toBe(50);
    expect(usagePercent({ limit: 4, reserved: 3, committed: 3 })).toBe(100);
    expect(usagePercent({ limit: 0, reserved: 0, committed: 0 })).toBe(0);
    expect(usagePercent({ limit: 0, reserved: 1, committed: 0 })).toBe(100);
  });

  it('shows the budget in yuan and stores it in fen; other dimensions unchanged', () => {
    expect(toDisplay('monthly_budget_fen', 123_456)).toBe(1234.56);
    expect(fromDisplay('monthly_budget_fen', 1234.56)).toBe(123_456);
    expect(fromDisplay('vcpu', 8)).toBe(8);
  });

  it('turns a tiered component form into fen with the last tier open-ended, and back', () => {
    const component = componentFromForm({ code: 'st', name: '存储', type: 'tiered', parameter: 'storageGb', tiers: [{ upTo: 100, priceYuan: 0.5 }, { upTo: 999, priceYuan: 0.3 }] });
    expect(component).toEqual({ code: 'st', name: '存储', type: 'tiered', parameter: 'storageGb', tiers: [{ upTo: 100, priceFen: 50 }, { upTo: null, priceFen: 30 }] });
    expect(componentFromForm(componentToForm(component))).toEqual(component);
    expect(componentFromForm({ code: 'b', name: '基础', type: 'fixed', parameter: 'x', priceYuan: 100.01 })).toEqual({ code: 'b', name: '基础', type: 'fixed', priceFen: 10_001 });
  });

  it('finds the numeric parameters of a schema', () => {
    expect(numericParameters({ properties: { a: { type: 'integer' }, b: { type: 'string' }, c: { type: 'number' } } })).toEqual(['a', 'c']);
  });
});
