// The department list is small (tens to a few hundred rows) and used by many pages, so it is loaded once
// and shared; the departments page invalidates it after a change.
import { useEffect, useMemo, useState } from 'react';
import { TreeSelect } from 'antd';
import { directoryApi } from '../api/directory';
import type { Department } from '../api/types';
import { useI18n } from '../i18n';
import type { Locale } from '../i18n';
import { buildDepartmentTree } from './departmentTree';
import type { DepartmentNode } from './departmentTree';

export { buildDepartmentTree, filterWithAncestors } from './departmentTree';
export type { DepartmentNode } from './departmentTree';

let cache: Promise<Department[]> | null = null;
const listeners = new Set<() => void>();

function loadDepartments(): Promise<Department[]> {
  cache ??= directoryApi.departments().catch((e: unknown) => {
    cache = null;
    throw e;
  });
  return cache;
}

export function invalidateDepartments(): void {
  cache = null;
  for (const listener of listeners) listener();
}

export function useDepartments(): { departments: Department[]; loading: boolean; error: unknown } {
  const [departments, setDepartments] = useState<Department[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const bump = () => setGeneration((n) => n + 1);
    listeners.add(bump);
    return () => {
      listeners.delete(bump);
    };
  }, []);

  useEffect(() => {
    let alive = true;
    setLoading(true);
    loadDepartments()
      .then((list) => alive && (setDepartments(list), setError(null)))
      .catch((e: unknown) => alive && setError(e))
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, [generation]);

  return { departments, loading, error };
}

export function departmentLabel(department: Pick<Department, 'name' | 'nameEn'>, locale: Locale): string {
  return locale === 'en-US' && department.nameEn ? department.nameEn : department.name;
}

interface TreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children?: TreeOption[];
}

export function DepartmentSelect(props: {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  /** Hide these ids and their subtrees (a department cannot be its own parent). */
  excludeId?: string;
  style?: React.CSSProperties;
  id?: string;
  disabled?: boolean;
}) {
  const { locale, t } = useI18n();
  const { departments, loading } = useDepartments();

  const treeData = useMemo(() => {
    const toOptions = (nodes: DepartmentNode[]): TreeOption[] =>
      nodes
        .filter((node) => node.id !== props.excludeId)
        .map((node) => ({
          value: node.id,
          title: departmentLabel(node, locale),
          children: node.children ? toOptions(node.children) : undefined,
        }));
    return toOptions(buildDepartmentTree(departments));
  }, [departments, locale, props.excludeId]);

  return (
    <TreeSelect
      id={props.id}
      value={props.value ?? undefined}
      onChange={(value: string | undefined) => props.onChange?.(value ?? undefined)}
      treeData={treeData}
      loading={loading}
      disabled={props.disabled}
      allowClear={props.allowClear ?? true}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      placeholder={props.placeholder ?? t('directory.department.select')}
      style={{ minWidth: 220, ...props.style }}
      popupMatchSelectWidth={false}
    />
  );
}
