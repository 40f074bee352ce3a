import { describe, expect, it } from 'vitest';
import { diffSnapshots } from './diff.js';

const item = (name: string, extra: Record<string, unknown> = {}) => ({
  name, label: name, type: 'string', length: 20, required: false, key: false, codeList: null, sensitivity: 'internal', ...extra,
});

const base = {
  name: '户籍人口基本信息',
  summary: '旧摘要',
  keywords: ['户籍'],
  publishDate: '2024-01-01',
  status: 'published',
  currentVersion: 1,
  updatedAt: '2024-01-01T00:00:00.000Z',
  dataItems: [item('id_number', { length: 18 }), item('full_name'), item('gender')],
};

describe('diffSnapshots', () => {
  it('finds nothing between equal snapshots, and ignores bookkeeping fields', () => {
    expect(diffSnapshots(base, { ...base, status: 'retired', currentVersion: 2, updatedAt: 'later' })).toEqual([]);
  });

  it('reports changed scalar and list fields by name', () => {
    const changes = diffSnapshots(base, { ...base, summary: '新摘要', keywords: ['户籍', '人口'] });
    expect(changes).toEqual([
      { path: 'summary', before: '旧摘要', after: '新摘要' },
      { path: 'keywords', before: ['户籍'], after: ['户籍', '人口'] },
    ]);
  });

  it('treats a missing field and null alike, and reports a field that appears', () => {
    expect(diffSnapshots({ nameEn: null }, {})).toEqual([]);
    expect(diffSnapshots({}, { nameEn: 'Population' })).toEqual([{ path: 'nameEn', before: null, after: 'Population' }]);
  });

  it('compares data items by name: added, removed and changed fields', () => {
    const after = {
      ...base,
      dataItems: [item('address'), item('id_number', { length: 20, sensitivity: 'secret' }), item('full_name')],
    };
    expect(diffSnapshots(base, after)).toEqual([
      { path: 'dataItems[gender]', before: item('gender'), after: null },
      { path: 'dataItems[address]', before: null, after: item('address') },
      { path: 'dataItems[id_number].length', before: 18, after: 20 },
      { path: 'dataItems[id_number].sensitivity', before: 'internal', after: 'secret' },
    ]);
  });

  it('does not mistake an insertion in the middle for changes of every later item', () => {
    const after = { ...base, dataItems: [base.dataItems[0], item('birth_date'), base.dataItems[1], base.dataItems[2]] };
    expect(diffSnapshots(base, after)).toEqual([{ path: 'dataItems[birth_date]', before: null, after: item('birth_date') }]);
  });

  it('reports a pure reordering once', () => {
    const after = { ...base, dataItems: [...base.dataItems].reverse() };
    expect(diffSnapshots(base, after)).toEqual([{ path: 'dataItems', before: ['id_number', 'full_name', 'gender'], after: ['gender', 'full_name', 'id_number'] }]);
  });
});
