/**
 * The one rule the exchange's parts share about a resource's provider: its department's admins and operators,
 * and the data bureau (data_admin), act for it — load its data, change its checks, measure its quality.
 * The CLI operator may do anything; business systems are judged by each part (a provider's system may load).
 */
import { hasRole, type Actor } from '../../platform/actor.js';

export function actsForProvider(actor: Actor, providerDepartmentId: string): boolean {
  if (actor.kind === 'cli') return true;
  if (actor.kind !== 'user') return false;
  return hasRole(actor, 'data_admin') || (actor.departmentId === providerDepartmentId && hasRole(actor, 'dept_admin', 'dept_operator'));
}
