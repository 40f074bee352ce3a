// Which exchange actions the console offers, mirroring the server's policies (access/policy.ts,
// pull/policy.ts, the ingest and query rules). The server still decides; this only hides buttons that
// would be refused.
import type { Role } from '../../auth';

export interface Actor {
  departmentId: string | null;
  roles: Role[];
}

const has = (actor: Actor | null, ...roles: Role[]) => !!actor && actor.roles.some((role) => roles.includes(role));
const inDepartment = (actor: Actor | null, departmentId: string | null | undefined) =>
  !!actor?.departmentId && !!departmentId && actor.departmentId === departmentId;

export const isDataAdmin = (actor: Actor | null) => has(actor, 'data_admin');
/** A department admin or operator with a department. */
export const isDepartmentUser = (actor: Actor | null) => !!actor?.departmentId && has(actor, 'dept_admin', 'dept_operator');

/** Uploads, checks and the data preview: users of the provider department; the data bureau too. */
export function canLoad(actor: Actor | null, providerDepartmentId: string): boolean {
  return isDataAdmin(actor) || (has(actor, 'dept_admin', 'dept_operator') && inDepartment(actor, providerDepartmentId));
}
export const canEditRules = canLoad;
export const canPreview = canLoad;

/** Filing a request: admins and operators of a department, for their own business systems. */
export const canRequest = (actor: Actor | null) => isDepartmentUser(actor);

/** Approve / reject: the data bureau, or the provider department's admin; only while pending. */
export function canDecide(actor: Actor | null, request: { providerDepartmentId: string; status: string }): boolean {
  if (request.status !== 'pending') return false;
  return isDataAdmin(actor) || (has(actor, 'dept_admin') && inDepartment(actor, request.providerDepartmentId));
}

/** Withdraw: the requesting department's admins and operators, while pending. */
export function canWithdraw(actor: Actor | null, request: { requesterDepartmentId: string; status: string }): boolean {
  return request.status === 'pending' && has(actor, 'dept_admin', 'dept_operator') && inDepartment(actor, request.requesterDepartmentId);
}

/** Revoke: the data bureau, or the provider department's admin; only an active grant. */
export function canRevoke(actor: Actor | null, grant: { providerDepartmentId: string; status: string }): boolean {
  if (grant.status !== 'active') return false;
  return isDataAdmin(actor) || (has(actor, 'dept_admin') && inDepartment(actor, grant.providerDepartmentId));
}

/** Webhook subscriptions are set up by the consuming department on its own grants. */
export function canSubscribe(actor: Actor | null, grant: { departmentId: string }): boolean {
  return has(actor, 'dept_admin', 'dept_operator') && inDepartment(actor, grant.departmentId);
}
export const canManageSubscriptions = (actor: Actor | null) => has(actor, 'dept_admin', 'dept_operator');

/** Sources and pulls: the department admin manages its own; operators may run; the bureau may test. */
export const canWriteSources = (actor: Actor | null, departmentId?: string | null) =>
  has(actor, 'dept_admin') && (departmentId === undefined || inDepartment(actor, departmentId));
export const canRunPull = (actor: Actor | null, departmentId: string) =>
  has(actor, 'dept_admin', 'dept_operator') && inDepartment(actor, departmentId);
export const canTestSource = (actor: Actor | null, departmentId: string) =>
  isDataAdmin(actor) || (has(actor, 'dept_admin') && inDepartment(actor, departmentId));

export const canEditCalendar = (actor: Actor | null) => isDataAdmin(actor);
