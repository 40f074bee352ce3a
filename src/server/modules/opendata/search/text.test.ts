import { describe, expect, it } from 'vitest';
import { SYNONYMS } from './synonyms.js';
import { analyzeQuery, documentWords, FIELD_NOTES, FIELD_ORGANIZATION, FIELD_TAGS, FIELD_TITLE } from './text.js';
import { sketchDataset } from './testing.js';

describe('document words', () => {
  it('remembers every field a word occurs in', () => {
    const words = documentWords(sketchDataset({
      name: 'bus-stops', title: '公交站点信息', tags: ['公交'], notes: '全区公交站点。', organization: 'transport', organizationTitle: '区交通运输局', themes: ['transport'],
    }));
    expect(words.get('公交')).toBe(FIELD_TITLE | FIELD_TAGS | FIELD_NOTES);
    expect(words.get('交通')).toBe(FIELD_ORGANIZATION);
    expect(words.get('transport')).toBe(FIELD_ORGANIZATION);
    expect(words.get('bus')).toBe(FIELD_TITLE);
    expect(words.get('公交站点')).toBe(FIELD_TITLE | FIELD_NOTES);
  });
});

describe('query analysis', () => {
  const clauses = (text: string) => analyzeQuery(text).clauses.map((clause) => `${clause.text}${clause.optional ? '?' : ''}`);

  it('makes one required clause per word, dropping function words and English stop words', () => {
    expect(clauses('公交和线路')).toEqual(['公交', '线路']);
    expect(clauses('the bus of Sanshui')).toEqual(['bus', 'sanshui']);
    expect(clauses('the')).toEqual(['the']);
    expect(analyzeQuery('   ').clauses).toEqual([]);
    expect(analyzeQuery(null).clauses).toEqual([]);
  });

  it('keeps words like 数据 and "data" optional unless they are all there is', () => {
    expect(clauses('公交 数据')).toEqual(['公交', '数据?']);
    expect(clauses('open data')).toEqual(['open', 'data?']);
    expect(clauses('数据 信息')).toEqual(['数据', '信息']);
  });

  it('joins the pieces of a synonym that segmentation splits (最低 生活 保障 → 最低生活保障)', () => {
    expect(clauses('最低生活保障')).toEqual(['最低生活保障']);
    const node = analyzeQuery('最低生活保障').clauses[0].node;
    expect(node.kind).toBe('any');
    expect(JSON.stringify(node)).toContain('低保');
  });

  it('gives a word its synonym group, and a word containing a synonym the split alternative', () => {
    const group = analyzeQuery('企业').clauses[0].node;
    expect(group.kind === 'any' && group.items.length).toBe(SYNONYMS.get('企业')!.length);
    const split = analyzeQuery('公交车站').clauses[0].node;
    expect(split).toMatchObject({ kind: 'any', items: [{ kind: 'word', word: '公交车站' }, { kind: 'all' }] });
  });

  it('keeps the whole query as a phrase for titles', () => {
    expect(analyzeQuery('公交 站点!').phrase).toBe('公交站点');
    expect(analyzeQuery('Bus Stops').phrase).toBe('busstops');
  });
});
