/** Rows → the API's Order, with names from the directory and what the current actor may do. */
import type { Actor } from '../../../platform/actor.js';
import type { DirectoryReader } from '../../directory/index.js';
import type { ApprovalStep, Order, OrderItem, Quote } from '../index.js';
import { isCreator, mayDecide, maySee, type StepFacts } from './access.js';
import * as repo from './repository.js';
import type { Executor } from '../../../platform/db/database.js';

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

export function presentItem(row: repo.ItemView): OrderItem {
  return {
    id: row.id,
    orderId: row.order_id,
    offeringId: row.offering_id,
    offeringName: row.offering_name,
    offeringNameEn: row.offering_name_en,
    category: row.category,
    providerName: row.provider_name,
    action: row.action,
    resourceId: row.resource_id,
    name: row.name,
    parameters: row.parameters,
    quote: row.quote as Quote,
    monthlyFen: row.monthly_fen,
    quotaDemand: row.quota_demand,
    leaseMonths: row.lease_months,
    status: row.status,
    failureReason: row.failure_reason,
    readyAt: iso(row.ready_at),
  };
}

export function presentStep(row: repo.ApprovalView): ApprovalStep {
  return {
    id: row.id,
    step: row.step,
    approver: row.approver,
    escalateTo: row.escalate_to,
    status: row.status,
    dueAt: iso(row.due_at),
    escalatedAt: iso(row.escalated_at),
    decidedBy: row.decided_by,
    decidedByName: row.decided_by_name,
    decidedAt: iso(row.decided_at),
    reason: row.reason,
  };
}

export const stepFacts = (row: repo.ApprovalRow): StepFacts => ({ approver: row.approver, escalateTo: row.escalate_to, escalatedAt: row.escalated_at, status: row.status });
export const orderFacts = (row: repo.OrderRow) => ({ departmentId: row.department_id, createdBy: row.created_by, status: row.status });
export const pendingStep = (steps: repo.ApprovalRow[]) => steps.find((step) => step.status === 'pending');

/** Reads everything the orders' answers show, in a few queries, and keeps only what the actor may see. */
export async function presentOrders(db: Executor, directory: DirectoryReader, actor: Actor, orders: repo.OrderRow[]): Promise<Order[]> {
  const ids = orders.map((order) => order.id);
  const [items, steps, names] = await Promise.all([
    repo.itemsOf(db, ids),
    repo.approvalsOf(db, ids),
    repo.userNames(db, orders.map((order) => order.created_by)),
  ]);
  const departments = new Map(await Promise.all([...new Set(orders.map((o) => o.department_id))].map(async (id) => [id, await directory.getDepartment(id)] as const)));
  const systems = new Map(await Promise.all([...new Set(orders.map((o) => o.business_system_id))].map(async (id) => [id, await directory.getBusinessSystem(id)] as const)));
  const result: Order[] = [];
  for (const row of orders) {
    const own = steps.filter((step) => step.order_id === row.id);
    const pending = pendingStep(own);
    const facts = orderFacts(row);
    if (!maySee(actor, facts, pending && stepFacts(pending))) continue;
    const creator = isCreator(actor, facts);
    result.push({
      id: row.id,
      number: row.number,
      departmentId: row.department_id,
      departmentName: departments.get(row.department_id)?.name ?? '',
      businessSystemId: row.business_system_id,
      businessSystemName: systems.get(row.business_system_id)?.name ?? '',
      status: row.status,
      purpose: row.purpose,
      totalMonthlyFen: row.status === 'cart' ? items.filter((item) => item.order_id === row.id).reduce((sum, item) => sum + item.monthly_fen, 0) : row.total_monthly_fen,
      autoApproved: row.auto_approved,
      rejectionReason: row.rejection_reason,
      createdBy: row.created_by,
      createdByName: names.get(row.created_by) ?? '',
      createdAt: row.created_at.toISOString(),
      submittedAt: iso(row.submitted_at),
      decidedAt: iso(row.decided_at),
      completedAt: iso(row.completed_at),
      items: items.filter((item) => item.order_id === row.id).map(presentItem),
      approvals: own.map(presentStep),
      can: {
        submit: row.status === 'cart' && creator,
        cancel: creator && (row.status === 'cart' || row.status === 'approving'),
        approve: row.status === 'approving' && pending !== undefined && !creator && mayDecide(actor, facts, stepFacts(pending)),
      },
    });
  }
  return result;
}
