/**
 * Who sees which costs. The IT centre (and the operator at the CLI) sees every department; a department's people
 * (dept_admin, dept_operator) see their own department only; everyone else — the security and audit admins and
 * the system admin hold no business data (三员分立) — sees nothing.
 */
import type { Actor } from '../../../platform/actor.js';
import { forbidden } from '../../../platform/errors.js';
import { requireItCentre as requireItCentreTo, visibleDepartment } from '../access.js';

/** null: every department; otherwise the one department the actor may see. */
export type CostScope = { all: true } | { all: false; departmentId: string };

export function costScope(actor: Actor): CostScope {
  const departmentId = visibleDepartment(actor, 'Cloud costs are shown to the IT centre and to the people of the department that ordered.');
  return departmentId === null ? { all: true } : { all: false, departmentId };
}

export function requireItCentre(actor: Actor): void {
  requireItCentreTo(actor, 'Only the IT centre may do this.');
}

/**
 * The department filter a request may use: a department user's filter is always their own department (asking
 * for another one is refused); the IT centre's is what it asked for (undefined: all).
 */
export function departmentFilter(scope: CostScope, requested: string | undefined): string | undefined {
  if (scope.all) return requested;
  if (requested !== undefined && requested !== scope.departmentId) throw forbidden("You may see your own department's costs only.");
  return scope.departmentId;
}

export function maySeeDepartment(scope: CostScope, departmentId: string): boolean {
  return scope.all || scope.departmentId === departmentId;
}
