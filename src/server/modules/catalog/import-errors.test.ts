import { describe, expect, it } from 'vitest';
import { cellForPointer, formatImportError, mapFieldErrors, sortErrors, type EntryLocation, type SheetHeaders } from './import-errors.js';

const location: EntryLocation = {
  row: 4,
  itemRows: [7, 9, 12],
  entryText: { name: '企业登记信息', sharingType: '有条件共享' },
  itemTexts: [{ name: 'a' }, { name: 'b' }, { name: 'Bad Name' }],
};
const headers: SheetHeaders = { entries: new Map([['name', '名称']]), items: new Map() };

describe('pointer → cell', () => {
  it('sends data item pointers to the item’s row in the items sheet', () => {
    expect(cellForPointer(location, '/dataItems/2/name')).toEqual({ sheet: '信息项 DataItems', row: 12, key: 'name' });
    expect(cellForPointer(location, '/dataItems/0')).toEqual({ sheet: '信息项 DataItems', row: 7, key: null });
  });

  it('sends entry pointers to the entry row, in the column of the field', () => {
    expect(cellForPointer(location, '/sharingConditions')).toEqual({ sheet: '资源 Entries', row: 4, key: 'sharingConditions' });
    expect(cellForPointer(location, '/providerDepartmentId')).toEqual({ sheet: '资源 Entries', row: 4, key: 'provider' });
    expect(cellForPointer(location, '/keywords/3')).toEqual({ sheet: '资源 Entries', row: 4, key: 'keywords' });
    expect(cellForPointer(location, '/dataItems')).toEqual({ sheet: '资源 Entries', row: 4, key: 'entryNo' });
    expect(cellForPointer(location, '/sourceSystemId')).toEqual({ sheet: '资源 Entries', row: 4, key: null });
  });

  it('names the column as the file wrote it and quotes the cell', () => {
    const [first, second] = mapFieldErrors(location, headers, [
      { pointer: '/name', code: 'validation.required', message: 'is required' },
      { pointer: '/dataItems/2/name', code: 'validation.pattern', message: 'use a-z' },
    ]).map(({ error }) => error);
    expect(first).toEqual({ sheet: '资源 Entries', row: 4, column: '名称', value: '企业登记信息', reason: 'is required', code: 'validation.required' });
    expect(second).toMatchObject({ sheet: '信息项 DataItems', row: 12, column: '信息项名称 Name', value: 'Bad Name' });
    expect(formatImportError(second)).toBe('信息项 DataItems!12 信息项名称 Name: use a-z ("Bad Name")');
  });

  it('sorts errors the way a person fixes them', () => {
    const error = (sheet: string, row: number, column: string) => ({ sheet, row, column, value: '', reason: '', code: '' });
    const sorted = sortErrors([error('信息项 DataItems', 3, ''), error('资源 Entries', 5, '摘要 Summary'), error('资源 Entries', 5, '名称'), error('', 0, '')], headers);
    expect(sorted.map((e) => `${e.sheet}${e.row}${e.column}`)).toEqual(['0', '资源 Entries5名称', '资源 Entries5摘要 Summary', '信息项 DataItems3']);
  });
});
