// Which open data actions the console offers, mirroring the server (engagement/repository.ts actsForDepartment):
// the data administrator acts for every department; a department's admins and operators for their own.
// The server still decides; this only hides buttons that would be refused.
import type { Role } from '../../auth';

export interface Actor {
  departmentId: string | null;
  roles: Role[];
}

const has = (actor: Actor | null, ...roles: Role[]) => !!actor && actor.roles.some((role) => roles.includes(role));

export const isDataAdmin = (actor: Actor | null) => has(actor, 'data_admin');

/** Acts for the department `departmentId` (null: a request nobody was named for — the data administrator's). */
export function actsFor(actor: Actor | null, departmentId: string | null | undefined): boolean {
  if (isDataAdmin(actor)) return true;
  return has(actor, 'dept_admin', 'dept_operator') && !!actor?.departmentId && actor.departmentId === departmentId;
}

export function canDecideApplication(actor: Actor | null, application: { status: string; department: { id: string } | null }): boolean {
  return application.status === 'pending' && actsFor(actor, application.department?.id ?? null);
}

export function canAnswerRequest(actor: Actor | null, request: { status: string; department: { id: string } | null }): boolean {
  return (request.status === 'open' || request.status === 'accepted') && actsFor(actor, request.department?.id ?? null);
}

/** Publishing now instead of waiting for the next minute: the data bureau. */
export const canSync = (actor: Actor | null) => isDataAdmin(actor);
