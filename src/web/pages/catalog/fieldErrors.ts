// Places the server's validation errors on the matching form fields and data item cells.
import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';

export type NamePath = (string | number)[];

/** `/dataItems/2/name` → ['dataItems', 2, 'name'] (RFC 6901 escapes decoded, indices as numbers). */
export function pointerToNamePath(pointer: string): NamePath {
  const segments = pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  // Some validators report the location inside the request ("/body/name").
  if (segments[0] === 'body') segments.shift();
  return segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

// Rule violations that arrive as a single problem code rather than as a pointer list.
const CODE_FIELDS: Record<string, NamePath> = {
  'catalog.conditions_required': ['sharingConditions'],
  'catalog.legal_basis_required': ['notSharedBasis'],
  'catalog.unknown_classification': ['classificationCode'],
  'catalog.duplicate_data_item': ['dataItems'],
};

export interface AppliedErrors {
  /** Errors that could not be tied to a field, to be shown above the form. */
  unplaced: string[];
  placedCount: number;
}

/**
 * Shows every field error of an ApiError on the form. `knownPaths` lists the fields the form renders, so an
 * error for anything else (or for the whole body) is returned instead of being lost on an invisible field.
 */
export function applyServerErrors(
  form: FormInstance,
  error: unknown,
  isRendered: (path: NamePath) => boolean,
  localise: (code: string, fallback: string) => string,
): AppliedErrors {
  if (!(error instanceof ApiError)) return { unplaced: [], placedCount: 0 };
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const unplaced: string[] = [];
  const place = (name: NamePath, text: string) => {
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(text);
    byField.set(key, entry);
  };
  for (const fieldError of error.errors ?? []) {
    const text = localise(fieldError.code, fieldError.message);
    const path = pointerToNamePath(fieldError.pointer);
    // A pointer to a data item as a whole (/dataItems/3) is shown on its name cell; one to an element of a
    // plain list (/keywords/1, /relatedCodes/0) on the list's field.
    const target =
      path[0] === 'dataItems' ? (path.length === 2 ? [...path, 'name'] : path) : path.length > 1 ? path.slice(0, 1) : path;
    if (target.length && isRendered(target)) place(target, text);
    else unplaced.push(text);
  }
  const codeField = CODE_FIELDS[error.code];
  if (byField.size === 0 && codeField && isRendered(codeField)) {
    place(codeField, localise(error.code, error.detail ?? error.message));
  }
  form.setFields([...byField.values()]);
  return { unplaced, placedCount: byField.size };
}
