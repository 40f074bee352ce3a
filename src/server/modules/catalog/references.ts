/**
 * What the catalog reads from elsewhere: departments and business systems through the directory's
 * DirectoryReader (never its tables), and its own classification tree. Both change rarely, so names for
 * presenting are cached briefly; checks that decide whether an input is valid always read fresh.
 */
import type { Executor } from '../../platform/db/database.js';
import type { DepartmentRef, DirectoryReader } from '../directory/index.js';
import { existingCodes, findClassifications, listClassifications, type ClassificationRow } from './repository.js';
import type { CheckedInput, ReferenceSnapshot } from './validation.js';
import { UUID } from './vocabulary.js';

const CACHE_TTL_MS = 30_000;
/** A missing id reloads the list, but not more often than this (ids from bad input must not hammer the directory). */
const MIN_RELOAD_MS = 200;

/**
 * Department names and credit codes for presenting entries and facets. `load` (I/O) runs before a write
 * transaction opens and `peek` (no I/O) inside it: on PGlite one connection serves everything, so a directory
 * query issued while a catalog transaction is open would wait for that transaction forever.
 */
export class DepartmentNames {
  private cache: { at: number; byId: Map<string, DepartmentRef> } | undefined;

  constructor(private readonly directory: DirectoryReader) {}

  /** Makes sure the cache is fresh and holds these ids (if they exist): reloads when one is missing. */
  async load(ids: Iterable<string> = []): Promise<Map<string, DepartmentRef>> {
    const stale = !this.cache || Date.now() - this.cache.at > CACHE_TTL_MS;
    const missing = this.cache && [...ids].some((id) => !this.cache!.byId.has(id)) && Date.now() - this.cache.at > MIN_RELOAD_MS;
    if (stale || missing) {
      const list = await this.directory.listDepartments();
      this.cache = { at: Date.now(), byId: new Map(list.map((department) => [department.id, department])) };
    }
    return this.cache!.byId;
  }

  peek(id: string): DepartmentRef | undefined {
    return this.cache?.byId.get(id);
  }
}

/** The classification tree, cached; upsertClassifications calls forget(). */
export class ClassificationTree {
  private cache: { at: number; byCode: Map<string, ClassificationRow> } | undefined;

  async all(db: Executor): Promise<Map<string, ClassificationRow>> {
    if (!this.cache || Date.now() - this.cache.at > CACHE_TTL_MS) {
      const rows = await listClassifications(db);
      this.cache = { at: Date.now(), byCode: new Map(rows.map((row) => [row.code, row])) };
    }
    return this.cache.byCode;
  }

  async nameOf(db: Executor, code: string): Promise<string | null> {
    const byCode = await this.all(db);
    return byCode.get(code)?.name ?? null;
  }

  forget(): void {
    this.cache = undefined;
  }
}

/** The directory side of the reference check; runs outside any catalog transaction (see DepartmentNames). */
export async function loadDirectoryReferences(
  directory: DirectoryReader,
  inputs: CheckedInput[],
  departmentIds: Array<string | null>,
): Promise<Pick<ReferenceSnapshot, 'departments' | 'systems'>> {
  const wanted = new Set(departmentIds.filter((id): id is string => id !== null && UUID.test(id)));
  const departments = new Map<string, { id: string } | null>();
  if (wanted.size > 3) {
    const all = new Map((await directory.listDepartments()).map((department) => [department.id, department]));
    for (const id of wanted) departments.set(id, all.get(id) ?? null);
  } else {
    for (const id of wanted) departments.set(id, await directory.getDepartment(id));
  }
  const systems = new Map<string, { departmentId: string } | null>();
  for (const input of inputs) {
    const id = input.sourceSystemId;
    if (id !== null && UUID.test(id) && !systems.has(id)) systems.set(id, await directory.getBusinessSystem(id));
  }
  return { departments, systems };
}

/** The catalog side of the reference check: classifications and codes, read through the given executor. */
export async function loadCatalogReferences(
  db: Executor,
  inputs: CheckedInput[],
  batchCodes: Iterable<string> = [],
): Promise<Pick<ReferenceSnapshot, 'classifications' | 'existingCodes' | 'batchCodes'>> {
  const classificationCodes = inputs.map((input) => input.classificationCode).filter((code) => /^[0-9]{1,12}$/.test(code));
  const rows = await findClassifications(db, classificationCodes);
  const codes = inputs.flatMap((input) => [...input.relatedCodes, ...(input.code ? [input.code] : [])]);
  return {
    classifications: new Map(rows.map((row) => [row.code, { level: row.level }])),
    existingCodes: await existingCodes(db, codes),
    batchCodes: new Set(batchCodes),
  };
}
