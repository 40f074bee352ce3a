import { describe, expect, it } from 'vitest';
import { indexTokens, queryTokens, searchDocument, toTsQuery } from './segment.js';

describe('segmentation for search', () => {
  it('indexes compounds and their parts, so a part of a word is found', () => {
    expect(indexTokens('营业执照注册号')).toEqual(expect.arrayContaining(['营业执照', '营业', '执照', '注册号']));
    expect(indexTokens('户籍人口基本信息')).toEqual(['户籍', '人口', '基本', '信息']);
  });

  it('cuts a query precisely and drops function words', () => {
    expect(queryTokens('营业执照')).toEqual(['营业执照']);
    expect(queryTokens('户籍和人口')).toEqual(['户籍', '人口']);
  });

  it('lower-cases English and keeps only letters and digits', () => {
    expect(queryTokens('Business Licence-2024')).toEqual(['business', 'licence', '2024']);
    expect(indexTokens('<script>alert(1)</script>')).toEqual(['script', 'alert', '1', 'script']);
  });

  it('turns operators, quotes and wildcards into nothing', () => {
    expect(queryTokens("' OR 1=1 --")).toEqual(['or', '1']);
    expect(queryTokens('.*(')).toEqual([]);
    expect(queryTokens('a & | !')).toEqual(['a']);
    expect(queryTokens('%_\\')).toEqual([]);
    expect(queryTokens("x':* | !y")).toEqual(['x', 'y']);
  });

  it('builds a tsquery of quoted words only, prefix-matching English words', () => {
    expect(toTsQuery(['户籍', '人口'])).toBe("'户籍' & '人口'");
    expect(toTsQuery(['licen', 'a', '2024'])).toBe("'licen':* & 'a' & '2024'");
    expect(toTsQuery(["x'y", '&'])).toBeNull();
    expect(toTsQuery([])).toBeNull();
  });

  it('weights name, keywords and the rest apart, and keeps plain text for the substring fallback', () => {
    const doc = searchDocument({
      code: '101001-000001',
      name: '户籍人口基本信息',
      nameEn: 'Registered population',
      keywords: ['身份证'],
      summary: '基本信息',
      dataItems: [{ name: 'household_address', label: '户籍地址' }],
    });
    expect(doc.title.split(' ')).toEqual(expect.arrayContaining(['户籍', 'registered', 'population', '101001', '000001']));
    expect(doc.keywords.split(' ')).toEqual(['身份', '身份证']);
    expect(doc.body.split(' ')).toEqual(expect.arrayContaining(['户籍', '地址', 'household', 'address']));
    expect(doc.text).toContain('household_address');
  });
});
