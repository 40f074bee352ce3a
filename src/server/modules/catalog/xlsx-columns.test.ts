import { describe, expect, it } from 'vitest';
import { ENTRY_COLUMNS, ITEM_COLUMNS, columnLetter, headerText, mapHeaders, sheetRole } from './xlsx-columns.js';
import { DATA_TYPE, FORMAT, OPEN_TYPE, SHARING_METHOD, SHARING_TYPE, UPDATE_CYCLE, YES_NO, parseEnumeration, splitList, wordFor } from './xlsx-enums.js';
import { cellText, plainCell, toDate, toInteger } from './xlsx-cells.js';

describe('enumerations', () => {
  it('accept the Chinese word, the API value and common synonyms', () => {
    expect(parseEnumeration(SHARING_TYPE, '无条件共享')).toBe('unconditional');
    expect(parseEnumeration(SHARING_TYPE, '有条件共享')).toBe('conditional');
    expect(parseEnumeration(SHARING_TYPE, ' 不予共享 ')).toBe('not_shared');
    expect(parseEnumeration(SHARING_TYPE, 'NOT_SHARED')).toBe('not_shared');
    expect(parseEnumeration(UPDATE_CYCLE, '每月')).toBe('monthly');
    expect(parseEnumeration(UPDATE_CYCLE, 'half-yearly')).toBe('half_yearly');
    expect(parseEnumeration(UPDATE_CYCLE, '每天')).toBe('daily');
    expect(parseEnumeration(DATA_TYPE, '字符型')).toBe('string');
    expect(parseEnumeration(DATA_TYPE, '整型')).toBe('integer');
    expect(parseEnumeration(DATA_TYPE, '日期时间型')).toBe('datetime');
    expect(parseEnumeration(YES_NO, '是')).toBe('true');
    expect(parseEnumeration(YES_NO, 'N')).toBe('false');
    expect(parseEnumeration(OPEN_TYPE, '不予开放')).toBe('not_open');
    expect(parseEnumeration(FORMAT, 'Database')).toBe('database');
    expect(parseEnumeration(SHARING_TYPE, '共享')).toBeUndefined();
  });

  it('write the Chinese word, so an export re-imports', () => {
    for (const enumeration of [FORMAT, SHARING_TYPE, SHARING_METHOD, OPEN_TYPE, UPDATE_CYCLE, DATA_TYPE, YES_NO]) {
      for (const value of Object.keys(enumeration.words)) expect(parseEnumeration(enumeration, wordFor(enumeration, value))).toBe(value);
    }
  });

  it('split lists on the separators people type', () => {
    expect(splitList('接口、文件下载')).toEqual(['接口', '文件下载']);
    expect(splitList('人口, 户籍；身份证\n婚姻 ,')).toEqual(['人口', '户籍', '身份证', '婚姻']);
    expect(splitList('')).toEqual([]);
  });
});

describe('headers', () => {
  const headers = (...texts: string[]) => new Map(texts.map((text, index) => [index + 1, text]));

  it('map bilingual, Chinese-only, English-only and reordered headers', () => {
    const map = mapHeaders(ITEM_COLUMNS, headers('数据类型 Type', 'label', '信息项名称', 'Entry No.', '必填*'));
    expect([...map.byColumn]).toEqual([[1, 'type'], [2, 'label'], [3, 'name'], [4, 'entryNo'], [5, 'required']]);
    expect(map.headerOf.get('name')).toBe('信息项名称');
    expect(map.problems).toEqual([]);
  });

  it('report unknown, repeated and missing required columns', () => {
    const map = mapHeaders(ENTRY_COLUMNS, headers(...ENTRY_COLUMNS.filter((column) => column.key !== 'summary').map(headerText), '备注 Remarks', '格式'));
    expect(map.problems.map((problem) => [problem.code, problem.header])).toEqual([
      ['catalog.import_unknown_column', '备注 Remarks'],
      ['catalog.import_duplicate_column', '格式'],
      ['catalog.import_missing_column', '摘要 Summary'],
    ]);
  });

  it('recognise sheets by name and write column letters', () => {
    expect(sheetRole('资源 Entries')).toBe('entries');
    expect(sheetRole('信息项 DataItems')).toBe('items');
    expect(sheetRole('信息项')).toBe('items');
    expect(sheetRole('说明 Instructions')).toBe('instructions');
    expect(sheetRole('Sheet1')).toBeUndefined();
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });
});

describe('cells', () => {
  it('reduce rich text, formulas and hyperlinks to plain values', () => {
    expect(plainCell({ richText: [{ text: '人口' }, { text: '信息' }] })).toBe('人口信息');
    expect(plainCell({ formula: 'A1', result: 7 })).toBe(7);
    expect(plainCell({ text: '链接', hyperlink: 'http://x' })).toBe('链接');
    expect(plainCell('   ')).toBeNull();
    expect(cellText(101001)).toBe('101001');
  });

  it('read dates however they were typed', () => {
    expect(toDate(new Date(Date.UTC(2024, 2, 1)))).toEqual({ ok: true, value: '2024-03-01' });
    expect(toDate('2024/3/1')).toEqual({ ok: true, value: '2024-03-01' });
    expect(toDate('2024年3月1日')).toEqual({ ok: true, value: '2024-03-01' });
    expect(toDate(45352)).toEqual({ ok: true, value: '2024-03-01' });
    expect(toDate('2024-02-30').ok).toBe(false);
    expect(toDate('soon').ok).toBe(false);
    expect(toInteger('18')).toEqual({ ok: true, value: 18 });
    expect(toInteger(1.5).ok).toBe(false);
    expect(toInteger(null)).toEqual({ ok: true, value: null });
  });
});
