// Pure logic of the console shell: who sees which page, field pointers, the department tree.
import { describe, expect, it } from 'vitest';
import type { Department } from '../api/types';
import type { Me, Role } from '../auth';
import { characterClasses } from '../pages/account/passwordRules';
import { buildDepartmentTree, filterWithAncestors } from './departmentTree';
import { pointerToNamePath } from './fieldPath';
import { canSee, landingPath } from './navigation';
import type { PageKey } from './navigation';

const me = (...roles: Role[]): Me => ({
  id: 'u',
  username: 'u',
  displayName: 'U',
  departmentId: 'd',
  departmentName: 'D',
  roles,
  mustChangePassword: false,
  locale: 'zh-CN',
});

const visible = (user: Me) =>
  (['home', 'catalog', 'catalogReview', 'catalogImport', 'departments', 'users', 'systems', 'securityPolicy', 'audit'] as PageKey[]).filter(
    (page) => canSee(user, page),
  );

describe('pages by role (docs/API.md § Roles)', () => {
  it('gives the audit admin the audit log and nothing else', () => {
    expect(visible(me('audit_admin'))).toEqual(['audit']);
    expect(landingPath(me('audit_admin'))).toBe('/audit');
  });

  it('keeps the security admin away from business data', () => {
    expect(visible(me('security_admin'))).toEqual(['departments', 'users', 'securityPolicy']);
    expect(landingPath(me('security_admin'))).toBe('/directory/users');
  });

  it('shows the review queue to data admins only and import to those who may import', () => {
    expect(visible(me('data_admin'))).toEqual(['home', 'catalog', 'catalogReview', 'catalogImport', 'departments', 'systems']);
    expect(visible(me('dept_operator'))).toEqual(['home', 'catalog', 'catalogImport', 'departments', 'systems']);
    expect(visible(me('dept_admin'))).toContain('users');
    expect(visible(me('system_admin'))).toEqual(['home', 'catalog', 'departments', 'users', 'systems']);
  });

  it('lets a user without roles read the published catalog', () => {
    expect(visible(me())).toEqual(['home', 'catalog']);
    expect(canSee(null, 'home')).toBe(false);
  });
});

describe('pointerToNamePath', () => {
  it('maps JSON pointers to antd name paths, with numeric list indexes and RFC 6901 escapes', () => {
    expect(pointerToNamePath('/dataItems/2/name')).toEqual(['dataItems', 2, 'name']);
    expect(pointerToNamePath('/creditCode')).toEqual(['creditCode']);
    expect(pointerToNamePath('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
    expect(pointerToNamePath('/')).toEqual([]);
  });
});

describe('department tree', () => {
  const department = (id: string, name: string, parentId: string | null): Department => ({
    id,
    name,
    nameEn: null,
    shortCode: null,
    creditCode: `CC${id}`,
    regionCode: '440607',
    parentId,
    kind: 'platform',
    status: 'active',
  });
  const list = [
    department('1', '区人民政府', null),
    department('2', '区数据统筹局', '1'),
    department('3', '西南街道', '1'),
    department('4', '西南街道社区', '3'),
    department('5', '市公积金中心', 'missing'),
  ];

  it('nests children under their parents and keeps orphans as roots', () => {
    const tree = buildDepartmentTree(list);
    expect(tree.map((node) => node.id)).toEqual(['1', '5']);
    expect(tree[0].children?.map((node) => node.id)).toEqual(['2', '3']);
    expect(tree[0].children?.[1].children?.map((node) => node.id)).toEqual(['4']);
  });

  it('keeps the ancestors of every match when filtering', () => {
    expect(filterWithAncestors(list, '社区').map((d) => d.id)).toEqual(['1', '3', '4']);
    expect(filterWithAncestors(list, 'cc2').map((d) => d.id)).toEqual(['1', '2']);
    expect(filterWithAncestors(list, '  ')).toBe(list);
  });
});

describe('password character classes', () => {
  it('counts the four classes the way the server does', () => {
    expect(characterClasses('abc')).toBe(1);
    expect(characterClasses('abcDEF12')).toBe(3);
    expect(characterClasses('Abc1!')).toBe(4);
    // A Chinese character is neither letter case nor digit: it counts as "other", like a symbol.
    expect(characterClasses('abc中文1')).toBe(3);
  });
});
