/**
 * What the catalog's use cases share: their dependencies, presenting rows with names, finding an entry the
 * actor may see, the audit record, and turning field errors into the right domain error.
 */
import type { Actor } from '../../platform/actor.js';
import type { AuditLog } from '../../platform/audit.js';
import type { Db, Executor, Tx } from '../../platform/db/database.js';
import { conflict, DomainError, forbidden, notFound, validationFailed, type FieldError } from '../../platform/errors.js';
import type { DirectoryReader } from '../directory/index.js';
import type { ResourceStatus } from './index.js';
import { canSee } from './policy.js';
import { presentResource } from './presenter.js';
import { ClassificationTree, DepartmentNames } from './references.js';
import { SearchCache } from './search-cache.js';
import { findResource, type ResourceRow } from './repository.js';
import type { Resource } from './schema.js';

export interface CatalogContext {
  db: Db;
  audit: AuditLog;
  directory: DirectoryReader;
  departments: DepartmentNames;
  classifications: ClassificationTree;
  searchCache: SearchCache;
}

export function createCatalogContext(deps: { db: Db; audit: AuditLog; directory: DirectoryReader }): CatalogContext {
  return { ...deps, departments: new DepartmentNames(deps.directory), classifications: new ClassificationTree(), searchCache: new SearchCache() };
}

/** Awaits a write and then forgets cached search answers (after the commit, so none can be cached stale). */
export async function afterWrite<T>(c: CatalogContext, write: Promise<T>): Promise<T> {
  const result = await write;
  c.searchCache.clear();
  return result;
}

/** Presents a row; may read the directory, so not inside a write transaction (use presentCached there). */
export async function present(c: CatalogContext, row: ResourceRow): Promise<Resource> {
  await c.departments.load([row.provider_department_id]);
  return presentCached(c, row, c.db);
}

/** Presents a row from the department cache (loaded before the transaction) and the classifications via `db`. */
export async function presentCached(c: CatalogContext, row: ResourceRow, db: Executor): Promise<Resource> {
  return presentResource(row, c.departments.peek(row.provider_department_id), await c.classifications.nameOf(db, row.classification_code));
}

export async function presentAll(c: CatalogContext, rows: ResourceRow[]): Promise<Resource[]> {
  await c.departments.load(new Set(rows.map((row) => row.provider_department_id)));
  const classifications = await c.classifications.all(c.db);
  return rows.map((row) => presentResource(row, c.departments.peek(row.provider_department_id), classifications.get(row.classification_code)?.name ?? null));
}

export const resourceNotFound = (code: string) => notFound('catalog.resource_not_found', `There is no catalog entry ${code} that you can see.`);

const PAST_TENSE: Record<string, string> = {
  edit: 'edited', delete: 'deleted', submit: 'submitted', return: 'returned', publish: 'published', retire: 'retired',
};

export const invalidTransition = (action: string, status: ResourceStatus) =>
  conflict('catalog.invalid_transition', `An entry that is ${status} cannot be ${PAST_TENSE[action] ?? action}.`);

/** The entry, if the actor may see it; otherwise 404 whether or not it exists, so existence does not leak. */
export async function findVisible(c: CatalogContext, actor: Actor, code: string, db: Executor = c.db, lock = false): Promise<ResourceRow> {
  const row = await findResource(db, code, { lock });
  if (!row || !canSee(actor, { status: row.status, providerDepartmentId: row.provider_department_id })) throw resourceNotFound(code);
  return row;
}

/** The id stored in created_by/updated_by columns: people only (the CLI operator has no user row). */
export function actorUserId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}

export async function recordAudit(
  c: CatalogContext,
  trx: Executor,
  actor: Actor,
  action: string,
  target: { id: string },
  before: unknown,
  after: unknown,
): Promise<void> {
  await c.audit.record(trx, { actor, action: `catalog.resource.${action}`, targetType: 'catalog_resource', targetId: target.id, before, after });
}

/** Runs fn in the caller's transaction when there is one, else in a new one. */
export function inTransaction<T>(c: CatalogContext, executor: Executor | undefined, fn: (trx: Tx | Executor) => Promise<T>): Promise<T> {
  if (executor && executor.isTransaction) return fn(executor);
  return (executor ?? c.db).transaction().execute(fn);
}

/** Prefixes every pointer, e.g. with the index of an input in a batch (/3/name). */
export const prefixed = (errors: FieldError[], prefix: string): FieldError[] =>
  errors.map((error) => ({ ...error, pointer: `${prefix}${error.pointer === '/' ? '' : error.pointer}` }));

/**
 * The domain error for a list of field problems: 403 when the department is not the actor's, 409 when the only
 * problem is a code already in use, otherwise 400 validation.failed with every problem.
 */
export function errorFor(errors: FieldError[], detail = 'The entry has invalid fields.'): DomainError {
  if (errors.some((error) => error.code === 'auth.forbidden')) return forbidden('You may register and edit entries only for your own department.');
  if (errors.every((error) => error.code === 'catalog.duplicate_code')) return conflict('catalog.duplicate_code', 'Another entry already has this code.', errors);
  return validationFailed(errors, detail);
}

/** PostgreSQL's unique violation on the entry code (two writers raced for the same explicit code). */
export function isDuplicateCode(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && (e.constraint === undefined || e.constraint.includes('code'));
}
