import { describe, expect, it } from 'vitest';
import { LICENCE_ITEMS, PERSON_ITEMS } from '../test-support.js';
import { applyMaskingOverrides, defaultMasking, inferMaskRule } from './masking.js';

describe('masking inference', () => {
  it('recognises identity numbers, phones and names by name or label', () => {
    expect(inferMaskRule({ name: 'applicant_id_number', label: '申请人证件号', sensitivity: 'sensitive' })).toBe('id_number');
    expect(inferMaskRule({ name: 'cert_no', label: '居民身份证号', sensitivity: 'sensitive' })).toBe('id_number');
    expect(inferMaskRule({ name: 'contact', label: '手机号码', sensitivity: 'sensitive' })).toBe('phone');
    expect(inferMaskRule({ name: 'mobile_no', label: '联系方式', sensitivity: 'secret' })).toBe('phone');
    expect(inferMaskRule({ name: 'full_name', label: '名称', sensitivity: 'sensitive' })).toBe('name');
    expect(inferMaskRule({ name: 'guardian_name', label: '监护人姓名', sensitivity: 'sensitive' })).toBe('name');
    // A company name is not a person's name.
    expect(inferMaskRule({ name: 'holder_name', label: '持证单位', sensitivity: 'sensitive' })).toBe('partial');
  });

  it('hides other secret items and partly masks other sensitive ones', () => {
    expect(inferMaskRule({ name: 'monthly_income', label: '月收入', sensitivity: 'secret' })).toBe('hidden');
    expect(inferMaskRule({ name: 'address', label: '住址', sensitivity: 'sensitive' })).toBe('partial');
  });

  it('masks only protected granted fields that were not asked for in clear text', () => {
    const fields = PERSON_ITEMS.map((item) => item.name);
    expect(defaultMasking(PERSON_ITEMS, fields, [])).toEqual({
      id_number: 'id_number', full_name: 'name', birth_date: 'partial', phone: 'phone', monthly_income: 'hidden',
    });
    expect(defaultMasking(PERSON_ITEMS, ['id_number', 'full_name', 'gender'], ['full_name'])).toEqual({ id_number: 'id_number' });
    expect(defaultMasking(LICENCE_ITEMS, LICENCE_ITEMS.map((item) => item.name), [])).toEqual({});
  });

  it('applies overrides on granted fields only and drops clear rules', () => {
    const base = { id_number: 'id_number', phone: 'phone' } as const;
    expect(applyMaskingOverrides(base, { phone: 'hidden', gender: 'partial', id_number: 'clear', birth_date: 'hidden' }, ['id_number', 'phone', 'gender']))
      .toEqual({ phone: 'hidden', gender: 'partial' });
  });
});
