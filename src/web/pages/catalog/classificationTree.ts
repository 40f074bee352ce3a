// The flat classification list as a tree for the TreeSelect. Only 目 (level 3) and 细目 (level 4) identify a
// resource's place in the catalog, so 类 and 项 are there to browse, not to choose.
import type { Classification } from './types';

export interface ClassificationNode {
  value: string;
  title: string;
  selectable: boolean;
  children?: ClassificationNode[];
}

export const SELECTABLE_LEVELS = [3, 4];

export function buildClassificationTree(
  list: Classification[],
  nameOf: (c: Classification) => string,
): ClassificationNode[] {
  const nodes = new Map<string, ClassificationNode>();
  for (const c of list) {
    nodes.set(c.code, { value: c.code, title: `${c.code} ${nameOf(c)}`, selectable: SELECTABLE_LEVELS.includes(c.level) });
  }
  const roots: ClassificationNode[] = [];
  for (const c of [...list].sort((a, b) => a.code.localeCompare(b.code))) {
    const node = nodes.get(c.code)!;
    const parent = c.parentCode ? nodes.get(c.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}
