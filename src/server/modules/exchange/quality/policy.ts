/**
 * Who may do what with quality, as data. Reading scores, scorecards and alarms is open to every logged-in person
 * (it is metadata about resources, not their data). Measuring on demand is for the provider department's
 * admins and operators and for the data bureau; the CLI operator may do anything.
 */
import type { Actor, Role } from '../../../platform/actor.js';
import { actsForProvider } from '../policy.js';

type Scope = 'own' | 'any';

export const MEASURE_GRANTS: Partial<Record<Role, Scope>> = { data_admin: 'any', dept_admin: 'own', dept_operator: 'own' };

/** The roles the measure route admits (the department check happens in the service). */
export const MEASURE_ROLES = Object.keys(MEASURE_GRANTS) as Role[];

/** The provider's people and the data bureau (exchange/policy.ts), as MEASURE_GRANTS lists. */
export function mayMeasure(actor: Actor, providerDepartmentId: string): boolean {
  return actsForProvider(actor, providerDepartmentId);
}
