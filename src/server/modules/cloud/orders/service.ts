/**
 * The Orders service: carts (carts.ts), the approval workflow (workflow.ts) and the reading side — one order, the
 * lists (a department sees its own, the IT centre every one) and an approver's inbox.
 */
import type { Actor } from '../../../platform/actor.js';
import { forbidden, notFound } from '../../../platform/errors.js';
import type { CartItemInput, Order, Orders, OrderStatus } from '../index.js';
import { isItCentre, isOrderer } from './access.js';
import { Carts } from './carts.js';
import type { OrderDeps } from './part.js';
import type { PolicyService } from './policies.js';
import { presentOrders } from './presenter.js';
import * as repo from './repository.js';
import { Workflow } from './workflow.js';

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

export class OrderService implements Orders {
  private readonly carts: Carts;
  private readonly workflow: Workflow;

  constructor(private readonly deps: OrderDeps, policies: PolicyService) {
    const load = (actor: Actor, orderId: string) => this.get(actor, orderId);
    this.carts = new Carts(deps, load);
    this.workflow = new Workflow(deps, policies, this.carts, load);
  }

  private get db() {
    return this.deps.ctx.db;
  }

  cart(actor: Actor, businessSystemId: string): Promise<Order> {
    return this.carts.cart(actor, businessSystemId);
  }

  addItem(actor: Actor, businessSystemId: string, input: CartItemInput): Promise<Order> {
    return this.carts.addItem(actor, businessSystemId, input);
  }

  updateItem(actor: Actor, itemId: string, input: Partial<CartItemInput>): Promise<Order> {
    return this.carts.updateItem(actor, itemId, input);
  }

  removeItem(actor: Actor, itemId: string): Promise<Order> {
    return this.carts.removeItem(actor, itemId);
  }

  submit(actor: Actor, orderId: string, input: { purpose: string }): Promise<Order> {
    return this.workflow.submit(actor, orderId, input);
  }

  requestResize(actor: Actor, resourceId: string, input: { parameters: Record<string, unknown>; purpose: string }): Promise<Order> {
    return this.workflow.requestResize(actor, resourceId, input);
  }

  cancel(actor: Actor, orderId: string): Promise<Order> {
    return this.workflow.cancel(actor, orderId);
  }

  decide(actor: Actor, orderId: string, input: { decision: 'approve' | 'reject'; reason?: string | null }): Promise<Order> {
    return this.workflow.decide(actor, orderId, input);
  }

  escalateOverdue(now?: Date): Promise<number> {
    return this.workflow.escalateOverdue(now);
  }

  async get(actor: Actor, orderId: string): Promise<Order> {
    const row = await repo.getOrder(this.db, orderId);
    const [order] = row ? await presentOrders(this.db, this.deps.directory, actor, [row]) : [];
    if (!order) throw notFound('cloud.order_not_found', 'No such order.');
    return order;
  }

  async list(actor: Actor, filter: { departmentId?: string; businessSystemId?: string; status?: OrderStatus; page?: number; pageSize?: number }): Promise<{ items: Order[]; total: number }> {
    let departmentId = filter.departmentId;
    if (!isItCentre(actor)) {
      if (!isOrderer(actor)) throw forbidden('Orders are seen by the IT centre and the departments that order.');
      if (departmentId && departmentId !== actor.departmentId) throw forbidden("You see your own department's orders only.");
      departmentId = actor.departmentId!;
    }
    const page = Math.max(filter.page ?? 1, 1);
    const pageSize = Math.min(Math.max(filter.pageSize ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    // Carts are private: listing them lists the actor's own.
    const createdBy = filter.status === 'cart' ? (actor.kind === 'user' ? actor.userId : '00000000-0000-0000-0000-000000000000') : undefined;
    const { rows, total } = await repo.listOrders(this.db, { departmentId, businessSystemId: filter.businessSystemId, status: filter.status, createdBy }, page, pageSize);
    return { items: await presentOrders(this.db, this.deps.directory, actor, rows), total };
  }

  async inbox(actor: Actor): Promise<Order[]> {
    if (actor.kind !== 'user') return [];
    const rows = await repo.inboxOrders(this.db, { userId: actor.userId, departmentId: actor.departmentId, roles: actor.roles });
    return presentOrders(this.db, this.deps.directory, actor, rows);
  }
}
