// Unit tests for the catalog pages' pure logic: URL state, highlighting, error placement, diffs, permissions,
// form conversion and the classification tree.
import { describe, expect, it, vi } from 'vitest';
import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';
import { buildClassificationTree } from './classificationTree';
import { changeKind, parseChangePath } from './diffPresentation';
import { applyServerErrors, pointerToNamePath } from './fieldErrors';
import { formValuesToInput, NEW_DATA_ITEM, type ResourceFormValues } from './formValues';
import { highlightTerms } from './highlightTerms';
import { allowedActions } from './permissions';
import { parseSearchState, toApiQuery, toggleFilter, toSearchParams, effectiveSort, clearFilters } from './searchState';
import type { Classification } from './types';

describe('search state in the URL', () => {
  it('reads defaults from an empty query and writes them back as an empty query', () => {
    const state = parseSearchState(new URLSearchParams());
    expect(state).toMatchObject({ q: '', page: 1, pageSize: 10, sort: null, status: 'published' });
    expect(toSearchParams(state).toString()).toBe('');
    expect(effectiveSort(state)).toBe('updated');
  });

  it('round-trips query, repeated filters, status, sort and paging', () => {
    const url = 'q=%E6%88%B7%E7%B1%8D&department=a&department=b&sharingType=conditional&status=draft&sort=name&page=3&pageSize=50';
    const state = parseSearchState(new URLSearchParams(url));
    expect(state.filters.department).toEqual(['a', 'b']);
    expect(state.q).toBe('户籍');
    expect(toSearchParams(state).toString()).toBe(url);
    expect(toApiQuery(state)).toEqual({
      q: '户籍',
      department: ['a', 'b'],
      sharingType: ['conditional'],
      status: 'draft',
      sort: 'name',
      page: 3,
      pageSize: 50,
    });
  });

  it('ignores values it does not know instead of sending them to the server', () => {
    const state = parseSearchState(new URLSearchParams('status=bogus&sort=random&page=-2&pageSize=9999'));
    expect(state).toMatchObject({ status: 'published', sort: null, page: 1, pageSize: 200 });
  });

  it('toggles a filter on and off and goes back to the first page', () => {
    const start = { ...parseSearchState(new URLSearchParams('page=4')) };
    const on = toggleFilter(start, 'format', 'database');
    expect(on.filters.format).toEqual(['database']);
    expect(on.page).toBe(1);
    expect(toggleFilter(on, 'format', 'database').filters.format).toEqual([]);
    expect(clearFilters(on).filters.format).toEqual([]);
  });

  it('defaults to relevance when there is a query', () => {
    expect(effectiveSort(parseSearchState(new URLSearchParams('q=x')))).toBe('relevance');
  });
});

describe('highlight terms', () => {
  it('splits on spaces and punctuation and adds Chinese two-character pieces, longest first', () => {
    const terms = highlightTerms('户籍人口, license');
    expect(terms.indexOf('户籍人口')).toBeLessThan(terms.indexOf('户籍'));
    expect(terms).toEqual(expect.arrayContaining(['license', '户籍', '人口']));
  });

  it('treats markup as plain words', () => {
    expect(highlightTerms('<script>alert(1)</script>')).toEqual(expect.arrayContaining(['script']));
  });

  it('gives nothing for an empty query', () => {
    expect(highlightTerms('  ')).toEqual([]);
  });
});

describe('server field errors', () => {
  it('turns JSON pointers into form name paths', () => {
    expect(pointerToNamePath('/dataItems/2/name')).toEqual(['dataItems', 2, 'name']);
    expect(pointerToNamePath('/body/summary')).toEqual(['summary']);
    expect(pointerToNamePath('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
    expect(pointerToNamePath('')).toEqual([]);
  });

  it('places rendered fields, returns the rest, and maps rule codes to their field', () => {
    const setFields = vi.fn();
    const form = { setFields } as unknown as FormInstance;
    const error = new ApiError({
      status: 400,
      code: 'validation.failed',
      errors: [
        { pointer: '/dataItems/1/name', code: 'catalog.duplicate_data_item', message: 'dup' },
        { pointer: '/unknownThing', code: 'x', message: 'other' },
      ],
    });
    const rendered = (path: (string | number)[]) => path[0] === 'dataItems' || path[0] === 'sharingConditions';
    const result = applyServerErrors(form, error, rendered, (code, fallback) => `${code}|${fallback}`);
    expect(setFields).toHaveBeenCalledWith([{ name: ['dataItems', 1, 'name'], errors: ['catalog.duplicate_data_item|dup'] }]);
    expect(result).toEqual({ unplaced: ['x|other'], placedCount: 1 });

    setFields.mockClear();
    const rule = new ApiError({ status: 400, code: 'catalog.conditions_required', detail: 'needed' });
    applyServerErrors(form, rule, rendered, (code) => code);
    expect(setFields).toHaveBeenCalledWith([{ name: ['sharingConditions'], errors: ['catalog.conditions_required'] }]);
  });
});

describe('version diff paths', () => {
  it('reads data item changes in the shapes a server may use', () => {
    expect(parseChangePath('/dataItems/id_number/type')).toEqual({ field: 'dataItems', dataItem: 'id_number', subField: 'type' });
    expect(parseChangePath('dataItems[name=id_number]')).toEqual({ field: 'dataItems', dataItem: 'id_number', subField: undefined });
    expect(parseChangePath('/summary')).toEqual({ field: 'summary', subField: undefined });
  });

  it('classifies additions, removals and changes', () => {
    const item = parseChangePath('dataItems[a]');
    expect(changeKind(item, null, { name: 'a' })).toBe('added');
    expect(changeKind(item, { name: 'a' }, undefined)).toBe('removed');
    expect(changeKind(parseChangePath('dataItems[a].length'), null, 10)).toBe('changed');
    expect(changeKind(parseChangePath('openConditions'), null, 'x')).toBe('changed');
  });
});

describe('lifecycle actions by role and status', () => {
  const own = { departmentId: 'd1', roles: ['dept_operator' as const] };
  const ownAdmin = { departmentId: 'd1', roles: ['dept_admin' as const] };
  const dataAdmin = { departmentId: 'd0', roles: ['data_admin' as const] };
  const entry = (status: 'draft' | 'submitted' | 'returned' | 'published' | 'retired') => ({ providerDepartmentId: 'd1', status });

  it('lets the own department edit, submit and delete drafts', () => {
    expect(allowedActions(own, entry('draft')).sort()).toEqual(['delete', 'edit', 'submit']);
    expect(allowedActions(own, entry('returned')).sort()).toEqual(['edit', 'submit']);
    expect(allowedActions(own, entry('submitted'))).toEqual([]);
    expect(allowedActions(own, entry('published'))).toEqual(['edit']);
  });

  it('lets another department do nothing', () => {
    expect(allowedActions({ departmentId: 'd2', roles: ['dept_admin'] }, entry('draft'))).toEqual([]);
  });

  it('lets data admins publish, return and retire; department admins retire their own', () => {
    expect(allowedActions(dataAdmin, entry('submitted')).sort()).toEqual(['publish', 'return']);
    expect(allowedActions(dataAdmin, entry('published'))).toEqual(['retire']);
    expect(allowedActions(ownAdmin, entry('published')).sort()).toEqual(['edit', 'retire']);
    expect(allowedActions(null, entry('published'))).toEqual([]);
  });
});

describe('form values to request body', () => {
  const base: ResourceFormValues = {
    classificationCode: '101001',
    name: ' 户籍人口基本信息 ',
    nameEn: '',
    summary: '摘要',
    format: 'database',
    dataItems: [{ ...NEW_DATA_ITEM, name: 'id_number', label: ' 公民身份号码 ', length: 18, codeList: '' }],
    sharingType: 'unconditional',
    sharingConditions: 'left over',
    sharingMethods: ['api'],
    notSharedBasis: 'left over',
    openType: 'not_open',
    openConditions: 'left over',
    updateCycle: 'daily',
    publishDate: '',
    keywords: ['户籍', ' 户籍 ', ''],
    relatedCodes: [],
    sourceSystemId: null,
    changeNote: 'note',
  };

  it('trims, drops conditions that no longer apply and leaves out empty optional fields', () => {
    const input = formValuesToInput(base, false);
    expect(input.name).toBe('户籍人口基本信息');
    expect(input).not.toHaveProperty('sharingConditions');
    expect(input).not.toHaveProperty('notSharedBasis');
    expect(input).not.toHaveProperty('openConditions');
    expect(input).not.toHaveProperty('nameEn');
    expect(input).not.toHaveProperty('changeNote');
    expect(input.keywords).toEqual(['户籍']);
    expect(input.dataItems[0]).toEqual({
      name: 'id_number',
      label: '公民身份号码',
      type: 'string',
      length: 18,
      required: false,
      key: false,
      sensitivity: 'internal',
    });
  });

  it('keeps the fields the sharing type needs, and the change note when asked', () => {
    const input = formValuesToInput({ ...base, sharingType: 'not_shared', notSharedBasis: '《条例》' }, true);
    expect(input.notSharedBasis).toBe('《条例》');
    expect(input.sharingMethods).toEqual([]);
    expect(input.changeNote).toBe('note');
  });
});

describe('classification tree', () => {
  it('nests by parent and allows choosing only levels 3 and 4', () => {
    const list: Classification[] = [
      { code: '101', view: 'base', level: 2, name: '人口', nameEn: 'Population', parentCode: '1' },
      { code: '1', view: 'base', level: 1, name: '基础信息资源', nameEn: null, parentCode: null },
      { code: '101001', view: 'base', level: 3, name: '人口基本信息', nameEn: null, parentCode: '101' },
    ];
    const tree = buildClassificationTree(list, (c) => c.name);
    expect(tree).toHaveLength(1);
    expect(tree[0].selectable).toBe(false);
    expect(tree[0].children?.[0].children?.[0]).toMatchObject({ value: '101001', selectable: true });
  });
});
