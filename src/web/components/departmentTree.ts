// The department list arrives flat, with parentId links (docs/API.md); these helpers shape it for trees.
import type { Department } from '../api/types';

export interface DepartmentNode extends Department {
  children?: DepartmentNode[];
}

/** Flat list with parentId links → tree. Rows whose parent is missing (filtered out) become roots. */
export function buildDepartmentTree(departments: Department[]): DepartmentNode[] {
  const nodes = new Map<string, DepartmentNode>();
  for (const department of departments) nodes.set(department.id, { ...department });
  const roots: DepartmentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** Keeps the rows that match and every ancestor of a match, so a hit is still shown in its place in the tree. */
export function filterWithAncestors(departments: Department[], query: string): Department[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return departments;
  const byId = new Map(departments.map((department) => [department.id, department]));
  const keep = new Set<string>();
  for (const department of departments) {
    const haystack = [department.name, department.nameEn, department.creditCode, department.regionCode, department.shortCode]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    if (!haystack.includes(needle)) continue;
    let cursor: Department | undefined = department;
    while (cursor && !keep.has(cursor.id)) {
      keep.add(cursor.id);
      cursor = cursor.parentId ? byId.get(cursor.parentId) : undefined;
    }
  }
  return departments.filter((department) => keep.has(department.id));
}
