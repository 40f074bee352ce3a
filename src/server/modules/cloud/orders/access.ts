/**
 * Who may see, submit, cancel and decide orders, as pure functions of the actor and the order's facts (no SQL):
 * the IT centre sees every order, a department's people see their department's, the system admin sees the orders
 * whose pending step was escalated to them; a cart is its creator's alone. Deciding a step: dept_head → the
 * department's dept_admin, it_centre → data_admin, and once escalated also the escalation target; never the creator.
 */
import type { Actor, Role } from '../../../platform/actor.js';
import type { ApproverKind, EscalationTarget, OrderStatus } from '../../../platform/db/schema.js';
import type { NotificationTarget } from '../../../platform/notifications/index.js';
import { IT_CENTRE_ROLES } from '../vocabulary.js';
import { isDepartmentUser, isItCentre } from '../access.js';

export const IT_CENTRE: readonly Role[] = IT_CENTRE_ROLES;

export interface OrderFacts {
  departmentId: string;
  createdBy: string;
  status: OrderStatus;
}

export interface StepFacts {
  approver: ApproverKind;
  escalateTo: EscalationTarget | null;
  escalatedAt: Date | null;
  status: string;
}

export const userIdOf = (actor: Actor): string | null => (actor.kind === 'user' ? actor.userId : null);
export { isItCentre };
export const isOrderer = isDepartmentUser;
export const isCreator = (actor: Actor, order: Pick<OrderFacts, 'createdBy'>): boolean => userIdOf(actor) === order.createdBy;

/** Whether the actor may decide this step of this order (the creator check is separate: cloud.approval_self). */
export function mayDecide(actor: Actor, order: Pick<OrderFacts, 'departmentId'>, step: StepFacts): boolean {
  if (step.status !== 'pending') return false;
  if (actor.kind === 'cli') return true;
  if (actor.kind !== 'user') return false;
  const roles = step.escalatedAt !== null && step.escalateTo ? [approverRole(step.approver), escalationRole(step.escalateTo)] : [approverRole(step.approver)];
  return roles.some((role) => actor.roles.includes(role) && (role !== 'dept_admin' || actor.departmentId === order.departmentId));
}

/** Whether the actor may see the order at all (else: 404). */
export function maySee(actor: Actor, order: OrderFacts, pendingStep: StepFacts | undefined): boolean {
  if (order.status === 'cart') return isCreator(actor, order) || actor.kind === 'cli';
  if (isItCentre(actor)) return true;
  if (isOrderer(actor) && actor.departmentId === order.departmentId) return true;
  return pendingStep !== undefined && mayDecide(actor, order, pendingStep);
}

export function approverRole(approver: ApproverKind): Role {
  return approver === 'dept_head' ? 'dept_admin' : 'data_admin';
}

export function escalationRole(target: EscalationTarget): Role {
  return target === 'it_centre' ? 'data_admin' : 'system_admin';
}

/** Whom a step's notifications go to. */
export function approverTarget(approver: ApproverKind, departmentId: string): NotificationTarget {
  return approver === 'dept_head' ? { role: 'dept_admin', departmentId } : { role: 'data_admin' };
}

export function escalationTarget(target: EscalationTarget): NotificationTarget {
  return { role: escalationRole(target) };
}
