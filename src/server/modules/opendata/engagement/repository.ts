/** The few facts about datasets and people that applications and requests need, read in one query each. */
import type { Actor } from '../../../platform/actor.js';
import { hasRole } from '../../../platform/actor.js';
import type { Executor } from '../../../platform/db/database.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DatasetFacts {
  id: string;
  name: string;
  title: string;
  openType: 'open' | 'conditional';
  /** Set for harvested datasets. */
  sourceId: string | null;
  /** The providing department (through the dataset's organisation); null for harvested ones. */
  departmentId: string | null;
}

/** An active dataset by name (or id). */
export async function findDataset(executor: Executor, nameOrId: string): Promise<DatasetFacts | null> {
  let query = executor
    .selectFrom('opendata_datasets as d')
    .innerJoin('opendata_organizations as o', 'o.id', 'd.organization_id')
    .select(['d.id', 'd.name', 'd.title', 'd.open_type', 'd.source_id', 'o.department_id'])
    .where('d.state', '=', 'active');
  query = UUID.test(nameOrId) ? query.where((eb) => eb.or([eb('d.id', '=', nameOrId), eb('d.name', '=', nameOrId)])) : query.where('d.name', '=', nameOrId);
  const row = await query.executeTakeFirst();
  return row ? { id: row.id, name: row.name, title: row.title, openType: row.open_type, sourceId: row.source_id, departmentId: row.department_id } : null;
}

/**
 * Which departments' business a console user handles here: null = every department (the data administrator, the
 * CLI); otherwise the user's own department (dept_admin, dept_operator), or none.
 */
export function departmentScope(actor: Actor): { all: true } | { all: false; departmentId: string | null } {
  if (actor.kind === 'cli' || hasRole(actor, 'data_admin')) return { all: true };
  if (actor.kind === 'user' && hasRole(actor, 'dept_admin', 'dept_operator')) return { all: false, departmentId: actor.departmentId };
  return { all: false, departmentId: null };
}

/** The data administrator (any department), or a department admin or operator of `departmentId`. */
export function actsForDepartment(actor: Actor, departmentId: string | null): boolean {
  const scope = departmentScope(actor);
  if (scope.all) return true;
  return departmentId !== null && scope.departmentId === departmentId;
}

export const deciderId = (actor: Actor): string | null => (actor.kind === 'user' ? actor.userId : null);

export const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);
