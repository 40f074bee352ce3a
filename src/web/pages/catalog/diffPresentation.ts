// Turns the server's change paths (`/summary`, `/dataItems/id_number/type`, `dataItems[id_number]`…)
// into something a reader understands. The shape of the path is read loosely on purpose: the contract
// only promises "data items compared by name".

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface ChangeLocation {
  field: string;
  /** The data item's name when the change is inside the data item list. */
  dataItem?: string;
  /** The attribute of that data item (type, length, …), or of a nested field. */
  subField?: string;
}

export function parseChangePath(path: string): ChangeLocation {
  const segments = path
    .replace(/\[/g, '/')
    .replace(/\]/g, '')
    .split(/[/.]/)
    .map((s) => s.replace(/^name=/, ''))
    .filter(Boolean);
  const [field = path, second, ...rest] = segments;
  if (field === 'dataItems' && second !== undefined) {
    return { field, dataItem: second, subField: rest.length ? rest.join('.') : undefined };
  }
  return { field, subField: [second, ...rest].filter(Boolean).join('.') || undefined };
}

const isEmpty = (value: unknown) => value === null || value === undefined;

/**
 * Only a whole data item is added or removed; any other null → value (a length filled in, a condition
 * cleared) is a change of that field.
 */
export function changeKind(location: ChangeLocation, before: unknown, after: unknown): ChangeKind {
  if (location.dataItem === undefined || location.subField !== undefined) return 'changed';
  if (isEmpty(before) && !isEmpty(after)) return 'added';
  if (!isEmpty(before) && isEmpty(after)) return 'removed';
  return 'changed';
}

export const CHANGE_COLORS: Record<ChangeKind, { tag: string; row: string }> = {
  added: { tag: 'green', row: '#f6ffed' },
  removed: { tag: 'red', row: '#fff1f0' },
  changed: { tag: 'orange', row: '#fff7e6' },
};
