/**
 * What changed between two versions of an entry, in words a reviewer reads: one change per field, and data
 * items compared by name (not by position), so inserting an item in the middle reads as one addition.
 * Paths: `summary`, `keywords`, `dataItems[id_number]` (added or removed item), `dataItems[id_number].length`.
 */
import { canonicalJson } from '../../platform/audit.js';

export interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

/** The content of an entry; bookkeeping (status, timestamps, version number) is not a change of content. */
export const COMPARED_FIELDS = [
  'classificationCode', 'name', 'nameEn', 'providerDepartmentId', 'summary', 'format', 'sharingType', 'sharingConditions',
  'sharingMethods', 'notSharedBasis', 'openType', 'openConditions', 'updateCycle', 'publishDate', 'keywords', 'relatedCodes',
  'sourceSystemId', 'dataItems',
] as const;

export const DATA_ITEM_FIELDS = ['label', 'type', 'length', 'required', 'key', 'codeList', 'sensitivity'] as const;

type Snapshot = Record<string, unknown>;
type Item = Record<string, unknown> & { name: string };

const orNull = (value: unknown) => (value === undefined ? null : value);
const same = (a: unknown, b: unknown) => canonicalJson(orNull(a)) === canonicalJson(orNull(b));

function itemsByName(value: unknown): Map<string, Item> {
  const items = Array.isArray(value) ? value : [];
  return new Map(
    items
      .filter((item): item is Item => typeof item === 'object' && item !== null && typeof (item as Item).name === 'string')
      .map((item) => [item.name, item]),
  );
}

function diffDataItems(before: unknown, after: unknown): Change[] {
  const old = itemsByName(before);
  const now = itemsByName(after);
  const changes: Change[] = [];
  for (const [name, item] of old) {
    if (!now.has(name)) changes.push({ path: `dataItems[${name}]`, before: item, after: null });
  }
  for (const [name, item] of now) {
    const previous = old.get(name);
    if (!previous) {
      changes.push({ path: `dataItems[${name}]`, before: null, after: item });
      continue;
    }
    for (const field of DATA_ITEM_FIELDS) {
      if (!same(previous[field], item[field])) {
        changes.push({ path: `dataItems[${name}].${field}`, before: orNull(previous[field]), after: orNull(item[field]) });
      }
    }
  }
  const order = (list: Map<string, Item>) => [...list.keys()].filter((name) => old.has(name) && now.has(name));
  if (changes.length === 0 && order(old).join('\n') !== order(now).join('\n')) {
    // Only the order moved: say so once rather than not at all.
    changes.push({ path: 'dataItems', before: [...old.keys()], after: [...now.keys()] });
  }
  return changes;
}

export function diffSnapshots(before: Snapshot, after: Snapshot): Change[] {
  const changes: Change[] = [];
  for (const field of COMPARED_FIELDS) {
    if (field === 'dataItems') {
      changes.push(...diffDataItems(before.dataItems, after.dataItems));
    } else if (!same(before[field], after[field])) {
      changes.push({ path: field, before: orNull(before[field]), after: orNull(after[field]) });
    }
  }
  return changes;
}
