import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { describe, expect, it } from 'vitest';
import { buildDemoDistrict } from '../seed/demo-data/index.js';
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

describe('the fast path of index segmentation', () => {
  it('gives the same words as the plain rule (letter-and-digit runs of every token, lower-cased) on real and odd text', () => {
    const jieba = Jieba.withDict(dict);
    const plainRule = (text: string) => jieba.cutForSearch(text, false).flatMap((token) => token.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
    const district = buildDemoDistrict();
    const texts = [
      ...district.resources.flatMap((resource) => [resource.name, resource.nameEn, resource.summary, ...resource.keywords, ...resource.dataItems.map((item) => item.label)]),
      ...district.departments.flatMap((department) => [department.name, department.nameEn]),
      'GTFS 公交时刻表（2024年）', 'Ｆｕｌｌ－ｗｉｄｔｈ ＡＢＣ１２３', 'naïve café – Straße', '<script>alert(1)</script>', "' OR 1=1 --", '𠀀𠀁 㐀 々〆', '①②③ Ⅳ ½', '〇一二 〔注〕 ——“引号”…',
    ];
    for (const text of texts) expect(indexTokens(text), text).toEqual(plainRule(text));
  });
});
