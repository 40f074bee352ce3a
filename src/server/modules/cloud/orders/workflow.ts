/**
 * An order's way from cart to decision (docs/cloud/orders.md): submission re-prices the items, reserves quota and
 * starts the approval chain (or approves at once under the policy's threshold), each decision moves the chain on,
 * the last approval hands the order to provisioning in the same transaction, a rejection or cancellation gives the
 * reservation back. Overdue steps are escalated by a scheduler.
 */
import { cliActor, type Actor } from '../../../platform/actor.js';
import type { Tx } from '../../../platform/db/database.js';
import { json } from '../../../platform/db/database.js';
import { badRequest, conflict, forbidden, notFound } from '../../../platform/errors.js';
import type { NotificationInput } from '../../../platform/notifications/index.js';
import type { Order } from '../index.js';
import { approverTarget, escalationTarget, isCreator, mayDecide, maySee } from './access.js';
import { requireOrderer, type Carts, type Loader } from './carts.js';
import { diffDemand, positivePart, sumDemand } from './demand.js';
import type { OrderDeps } from './part.js';
import { DEFAULT_POLICY_ID, type PolicyService } from './policies.js';
import { orderFacts, pendingStep, stepFacts } from './presenter.js';
import * as repo from './repository.js';

const HOUR = 3_600_000;
const ESCALATOR = cliActor('cloud-approval-escalation');

const orderLink = (id: string) => `/cloud/orders/${id}`;

/** CO-YYYYMMDD-NNNNNN in the server's local date. */
export function orderNumber(now: Date, sequence: number): string {
  const day = `${now.getFullYear()}${String(now.getMonth() + 1).padStart(2, '0')}${String(now.getDate()).padStart(2, '0')}`;
  return `CO-${day}-${String(sequence % 1_000_000).padStart(6, '0')}`;
}

/** The cart's items are still those that were priced (same lines, offerings and parameters, in the same order). */
function sameItems(current: repo.ItemView[], priced: repo.ItemView[]): boolean {
  return current.length === priced.length && current.every((item, index) =>
    item.id === priced[index].id && item.offering_id === priced[index].offering_id && JSON.stringify(item.parameters) === JSON.stringify(priced[index].parameters));
}

function requirePurpose(raw: string | undefined): string {
  const purpose = (raw ?? '').trim();
  if (purpose.length === 0) throw badRequest('cloud.purpose_required', 'Say what the resources are for.', [{ pointer: '/purpose', code: 'cloud.purpose_required', message: 'Say what the resources are for.' }]);
  return purpose;
}

export class Workflow {
  constructor(
    private readonly deps: Pick<OrderDeps, 'ctx' | 'directory' | 'catalog' | 'quotas' | 'provisioner' | 'notifier'>,
    private readonly policies: PolicyService,
    private readonly carts: Carts,
    private readonly load: Loader,
  ) {}

  private get db() {
    return this.deps.ctx.db;
  }

  private notify(trx: Tx, input: NotificationInput): Promise<void> {
    return this.deps.notifier.notify(trx, input);
  }

  async submit(actor: Actor, orderId: string, input: { purpose: string }): Promise<Order> {
    const user = requireOrderer(actor);
    const purpose = requirePurpose(input.purpose);
    const draft = await repo.getOrder(this.db, orderId);
    if (!draft || draft.created_by !== user.userId) throw notFound('cloud.order_not_found', 'No such order.');
    if (draft.status !== 'cart') throw conflict('cloud.order_not_cart', 'The order was submitted already.');
    await this.carts.system(user, draft.business_system_id);
    const items = await repo.itemsOf(this.db, [draft.id]);
    if (items.length === 0) throw badRequest('cloud.cart_empty', 'The cart is empty.');
    // Prices may have changed since the items were added: the submitted order carries today's quotes. Pricing reads
    // the catalog through its own connection, so it happens before the transaction (on the embedded database a
    // query outside the open transaction would wait for it).
    const priced = await Promise.all(items.map((item) => this.carts.price(draft.department_id, item.offering_id, item.parameters)));
    const approved = await this.db.transaction().execute(async (trx) => {
      // The lock makes a second submission of the same cart wait, then find it no longer a cart.
      const order = await repo.lockOrder(trx, orderId);
      if (!order || order.status !== 'cart') throw conflict('cloud.order_not_cart', 'The order was submitted already.');
      const current = await repo.itemsOf(trx, [order.id]);
      if (!sameItems(current, items)) throw conflict('cloud.cart_changed', 'The cart changed while it was being submitted; look at it and submit again.');
      for (const [index, item] of current.entries()) {
        const price = priced[index];
        await repo.updateItem(trx, item.id, {
          rate_card_id: price.quote.rateCardId,
          parameters: json(price.parameters),
          quote: json(price.quote),
          monthly_fen: price.quote.monthlyFen,
          quota_demand: json(price.demand),
        });
        Object.assign(item, { monthly_fen: price.quote.monthlyFen, quota_demand: price.demand });
      }
      return this.submitLocked(trx, actor, order, current, purpose);
    });
    if (approved) this.deps.provisioner.kick();
    return this.load(actor, orderId);
  }

  /**
   * The submission proper, on a locked order whose items are priced: quota, number, policy, approval steps, and the
   * automatic approval. Returns whether the order is approved (the caller kicks provisioning after commit).
   */
  private async submitLocked(trx: Tx, actor: Actor, order: repo.OrderRow, items: Array<Pick<repo.ItemView, 'monthly_fen' | 'quota_demand' | 'category' | 'action'>>, purpose: string): Promise<boolean> {
    const demand = sumDemand(items.map((item) => item.quota_demand));
    // 409 cloud.quota_exceeded passes through and the transaction writes nothing.
    await this.deps.quotas.reserve(trx, order.department_id, demand);
    const now = new Date();
    const number = orderNumber(now, await repo.nextOrderSequence(trx));
    const policy = await this.policies.resolve(trx, order.department_id, [...new Set(items.map((item) => item.category))]);
    const total = items.reduce((sum, item) => sum + item.monthly_fen, 0);
    const automatic = policy.autoApproveMaxFen !== null && total <= policy.autoApproveMaxFen;

    await repo.insertApprovals(trx, policy.steps.map((step, index) => ({
      order_id: order.id,
      step: index + 1,
      approver: step.approver,
      escalate_to: step.escalateTo ?? null,
      status: automatic ? 'auto_approved' : index === 0 ? 'pending' : 'waiting',
      due_at: !automatic && index === 0 ? new Date(now.getTime() + step.deadlineHours * HOUR) : null,
      decided_at: automatic ? now : null,
    })));
    await repo.updateOrder(trx, order.id, {
      number,
      purpose,
      status: automatic ? 'approved' : 'approving',
      total_monthly_fen: total,
      auto_approved: automatic,
      policy_id: policy.id === DEFAULT_POLICY_ID ? null : policy.id,
      submitted_at: now,
      decided_at: automatic ? now : null,
    });
    await repo.setItemsStatus(trx, order.id, 'pending');
    const resize = items.some((item) => item.action === 'resize');
    await this.deps.ctx.audit.record(trx, {
      actor,
      action: 'cloud.order.submit',
      targetType: 'cloud_order',
      targetId: order.id,
      after: { number, totalMonthlyFen: total, items: items.length, resize, quotaDemand: demand, policyId: policy.id, autoApproved: automatic },
    });

    const link = orderLink(order.id);
    await this.notify(trx, { to: { userId: order.created_by }, kind: 'cloud.order.submitted', title: `订单 ${number} 已提交`, titleEn: `Order ${number} submitted`, body: purpose, link });
    if (automatic) {
      await this.deps.provisioner.startOrder(trx, order.id);
      await this.notify(trx, { to: { userId: order.created_by }, kind: 'cloud.order.approved', title: `订单 ${number} 已自动审批通过，正在开通`, titleEn: `Order ${number} approved automatically; provisioning`, link });
    } else {
      await this.notify(trx, { to: approverTarget(policy.steps[0].approver, order.department_id), kind: 'cloud.approval.pending', title: `订单 ${number} 待您审批`, titleEn: `Order ${number} awaits your approval`, body: purpose, link });
    }
    return automatic;
  }

  async requestResize(actor: Actor, resourceId: string, input: { parameters: Record<string, unknown>; purpose: string }): Promise<Order> {
    const user = requireOrderer(actor);
    const purpose = requirePurpose(input.purpose);
    const current = await repo.getResource(this.db, resourceId);
    if (!current || current.department_id !== user.departmentId) throw notFound('cloud.resource_not_found', 'No such resource in your department.');
    // The new parameters change what they name; the rest stay as they are.
    const priced = await this.carts.price(current.department_id, current.offering_id, { ...current.parameters, ...input.parameters });
    const { orderId, approved } = await this.db.transaction().execute(async (trx) => {
      const resource = await repo.lockResource(trx, resourceId);
      if (!resource || resource.status !== 'active') throw conflict('cloud.resource_not_active', 'Only an active resource can be resized.');
      if (await repo.resizeInFlight(trx, resourceId)) throw conflict('cloud.resize_in_progress', 'A resize of this resource is already on its way.');
      const demand = diffDemand(priced.demand, resource.quota_demand);
      const order = await repo.insertOrder(trx, {
        department_id: resource.department_id,
        business_system_id: resource.business_system_id,
        // never seen as a cart: submitted in this same transaction
        status: 'approving',
        created_by: user.userId,
      });
      await repo.insertItem(trx, {
        order_id: order.id,
        offering_id: resource.offering_id,
        rate_card_id: priced.quote.rateCardId,
        action: 'resize',
        resource_id: resource.id,
        name: resource.name,
        parameters: json(priced.parameters),
        quote: json(priced.quote),
        monthly_fen: priced.quote.monthlyFen,
        quota_demand: json(demand),
        status: 'cart',
      });
      const ok = await this.submitLocked(trx, actor, order, [{ monthly_fen: priced.quote.monthlyFen, quota_demand: demand, category: priced.category, action: 'resize' }], purpose);
      return { orderId: order.id, approved: ok };
    });
    if (approved) this.deps.provisioner.kick();
    return this.load(actor, orderId);
  }

  async cancel(actor: Actor, orderId: string): Promise<Order> {
    await this.db.transaction().execute(async (trx) => {
      const order = await repo.lockOrder(trx, orderId);
      const steps = order ? await repo.approvalsOf(trx, [order.id]) : [];
      const pending = pendingStep(steps);
      if (!order || !maySee(actor, orderFacts(order), pending && stepFacts(pending))) throw notFound('cloud.order_not_found', 'No such order.');
      if (!isCreator(actor, orderFacts(order))) throw forbidden('Only the person who placed the order can cancel it.', 'cloud.not_order_creator');
      if (order.status !== 'cart' && order.status !== 'approving') throw conflict('cloud.order_not_cancellable', 'The order was decided already and can no longer be cancelled.');
      if (order.status === 'approving') {
        const items = await repo.itemsOf(trx, [order.id]);
        await this.deps.quotas.release(trx, order.department_id, positivePart(sumDemand(items.map((item) => item.quota_demand))), 'reserved');
        await repo.skipOpenSteps(trx, order.id);
      }
      await repo.setItemsStatus(trx, order.id, 'cancelled');
      await repo.updateOrder(trx, order.id, { status: 'cancelled' });
      await this.deps.ctx.audit.record(trx, { actor, action: 'cloud.order.cancel', targetType: 'cloud_order', targetId: order.id, before: { status: order.status }, after: { status: 'cancelled' } });
    });
    return this.load(actor, orderId);
  }

  async decide(actor: Actor, orderId: string, input: { decision: 'approve' | 'reject'; reason?: string | null }): Promise<Order> {
    const reason = input.reason?.trim() || null;
    if (input.decision === 'reject' && !reason) {
      throw badRequest('cloud.reason_required', 'Say why the order is rejected.', [{ pointer: '/reason', code: 'cloud.reason_required', message: 'Say why the order is rejected.' }]);
    }
    const approved = await this.db.transaction().execute(async (trx) => {
      const order = await repo.lockOrder(trx, orderId);
      const steps = order ? await repo.approvalsOf(trx, [order.id]) : [];
      const step = pendingStep(steps);
      if (!order || !maySee(actor, orderFacts(order), step && stepFacts(step))) throw notFound('cloud.order_not_found', 'No such order.');
      if (order.status !== 'approving' || !step) throw conflict('cloud.order_not_pending', 'The order is not waiting for a decision.');
      if (isCreator(actor, orderFacts(order))) throw forbidden('You cannot decide an order you placed yourself.', 'cloud.approval_self');
      if (!mayDecide(actor, orderFacts(order), stepFacts(step))) throw forbidden('This approval step is not yours.', 'cloud.not_approver');
      const decidedBy = actor.kind === 'user' ? actor.userId : null;
      const now = new Date();
      const link = orderLink(order.id);
      const audit = { actor, targetType: 'cloud_order', targetId: order.id, before: { status: order.status, step: step.step } };

      if (input.decision === 'reject') {
        await repo.updateApproval(trx, step.id, { status: 'rejected', decided_by: decidedBy, decided_at: now, reason });
        await repo.skipOpenSteps(trx, order.id);
        const items = await repo.itemsOf(trx, [order.id]);
        await this.deps.quotas.release(trx, order.department_id, positivePart(sumDemand(items.map((item) => item.quota_demand))), 'reserved');
        await repo.setItemsStatus(trx, order.id, 'cancelled');
        await repo.updateOrder(trx, order.id, { status: 'rejected', rejection_reason: reason, decided_at: now });
        await this.deps.ctx.audit.record(trx, { ...audit, action: 'cloud.order.reject', after: { status: 'rejected', step: step.step, reason } });
        await this.notify(trx, { to: { userId: order.created_by }, kind: 'cloud.order.rejected', title: `订单 ${order.number} 未通过审批`, titleEn: `Order ${order.number} rejected`, body: reason ?? '', link });
        return false;
      }

      await repo.updateApproval(trx, step.id, { status: 'approved', decided_by: decidedBy, decided_at: now, reason });
      const next = steps.find((candidate) => candidate.status === 'waiting' && candidate.step > step.step);
      if (next) {
        const policy = await this.policies.ofOrder(trx, order.policy_id);
        const hours = policy.steps[next.step - 1]?.deadlineHours ?? 24;
        await repo.updateApproval(trx, next.id, { status: 'pending', due_at: new Date(now.getTime() + hours * HOUR) });
        await this.deps.ctx.audit.record(trx, { ...audit, action: 'cloud.order.approve', after: { status: 'approving', step: step.step, nextStep: next.step } });
        await this.notify(trx, { to: approverTarget(next.approver, order.department_id), kind: 'cloud.approval.pending', title: `订单 ${order.number} 待您审批`, titleEn: `Order ${order.number} awaits your approval`, body: order.purpose ?? '', link });
        return false;
      }
      await repo.updateOrder(trx, order.id, { status: 'approved', decided_at: now });
      await this.deps.ctx.audit.record(trx, { ...audit, action: 'cloud.order.approve', after: { status: 'approved', step: step.step } });
      await this.deps.provisioner.startOrder(trx, order.id);
      await this.notify(trx, { to: { userId: order.created_by }, kind: 'cloud.order.approved', title: `订单 ${order.number} 已审批通过，正在开通`, titleEn: `Order ${order.number} approved; provisioning`, link });
      return true;
    });
    if (approved) this.deps.provisioner.kick();
    return this.load(actor, orderId);
  }

  async escalateOverdue(now: Date = new Date()): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const overdue = await repo.lockOverdueSteps(trx, now);
      for (const step of overdue) {
        await repo.updateApproval(trx, step.id, { escalated_at: now });
        // With an escalation target the step now also belongs to it; without, its approvers are reminded.
        const to = step.escalate_to ? escalationTarget(step.escalate_to) : approverTarget(step.approver, step.department_id);
        await this.notify(trx, {
          to,
          kind: 'cloud.approval.escalated',
          title: `订单 ${step.number} 审批已超时`,
          titleEn: `Approval of order ${step.number} is overdue`,
          body: `第 ${step.step} 步审批已超过期限（${step.due_at?.toISOString() ?? ''}）。`,
          link: orderLink(step.order_id),
        });
        await this.deps.ctx.audit.record(trx, {
          actor: ESCALATOR, action: 'cloud.approval.escalate', targetType: 'cloud_order', targetId: step.order_id,
          after: { step: step.step, escalateTo: step.escalate_to, dueAt: step.due_at },
        });
      }
      return overdue.length;
    });
  }
}
