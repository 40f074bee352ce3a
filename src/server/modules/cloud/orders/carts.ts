/**
 * Carts: one per department, business system and user. Every item is priced through the catalog when it is added
 * or changed (its quote, rate card, monthly price and quota demand are stored), and only offerings of providers the
 * department holds a valid sub-contract with can be ordered.
 */
import type { Actor, UserActor } from '../../../platform/actor.js';
import { json } from '../../../platform/db/database.js';
import { badRequest, conflict, forbidden, notFound } from '../../../platform/errors.js';
import type { CartItemInput, CloudCategory, Order, QuotaDemand, Quote } from '../index.js';
import { isOrderer } from './access.js';
import { itemDemand } from './demand.js';
import type { OrderDeps } from './part.js';
import * as repo from './repository.js';

export interface PricedItem {
  offeringId: string;
  providerId: string;
  category: CloudCategory;
  parameters: Record<string, unknown>;
  quote: Quote;
  demand: QuotaDemand;
}

export type Loader = (actor: Actor, orderId: string) => Promise<Order>;

export function requireOrderer(actor: Actor): UserActor & { departmentId: string } {
  if (!isOrderer(actor)) throw forbidden('Cloud resources are ordered by the people of a department (dept_admin, dept_operator).', 'cloud.not_orderer');
  return actor as UserActor & { departmentId: string };
}

const MAX_NAME = 100;

export class Carts {
  constructor(private readonly deps: Pick<OrderDeps, 'ctx' | 'directory' | 'catalog'>, private readonly load: Loader) {}

  private get db() {
    return this.deps.ctx.db;
  }

  /** The business system must be the orderer's department's, and active. */
  async system(user: UserActor & { departmentId: string }, businessSystemId: string): Promise<void> {
    const system = await this.deps.directory.getBusinessSystem(businessSystemId);
    if (!system || system.departmentId !== user.departmentId) throw notFound('cloud.business_system_not_found', 'No such business system in your department.');
    if (system.status !== 'active') throw forbidden('The business system is disabled.', 'cloud.business_system_disabled');
  }

  /** Validates and prices parameters for the department (defaults applied), checking offering and sub-contract. */
  async price(departmentId: string, offeringId: string, parameters: Record<string, unknown>): Promise<PricedItem> {
    const offering = await repo.offeringFacts(this.db, offeringId);
    if (!offering) throw notFound('cloud.offering_not_found', 'No such offering.');
    if (offering.status !== 'active') throw conflict('cloud.offering_retired', 'The offering is no longer offered.');
    const priced = await this.deps.catalog.quote(offeringId, parameters);
    await this.deps.catalog.assertContracted(departmentId, offering.provider_id);
    return {
      offeringId,
      providerId: offering.provider_id,
      category: offering.category,
      parameters: priced.parameters,
      quote: priced.quote,
      demand: itemDemand(priced.quote),
    };
  }

  async cart(actor: Actor, businessSystemId: string): Promise<Order> {
    const user = requireOrderer(actor);
    await this.system(user, businessSystemId);
    const id = await repo.ensureCart(this.db, { departmentId: user.departmentId, businessSystemId, userId: user.userId });
    return this.load(actor, id);
  }

  async addItem(actor: Actor, businessSystemId: string, input: CartItemInput): Promise<Order> {
    const user = requireOrderer(actor);
    await this.system(user, businessSystemId);
    const name = checkName(input.name);
    const priced = await this.price(user.departmentId, input.offeringId, input.parameters ?? {});
    const cartId = await repo.ensureCart(this.db, { departmentId: user.departmentId, businessSystemId, userId: user.userId });
    await repo.insertItem(this.db, {
      order_id: cartId,
      offering_id: priced.offeringId,
      rate_card_id: priced.quote.rateCardId,
      action: 'create',
      name,
      parameters: json(priced.parameters),
      quote: json(priced.quote),
      monthly_fen: priced.quote.monthlyFen,
      quota_demand: json(priced.demand),
      lease_months: input.leaseMonths ?? null,
      status: 'cart',
    });
    return this.load(actor, cartId);
  }

  async updateItem(actor: Actor, itemId: string, input: Partial<CartItemInput>): Promise<Order> {
    const user = requireOrderer(actor);
    const { item, order } = await this.cartItem(user, itemId);
    const offeringId = input.offeringId ?? item.offering_id;
    // Another offering has other parameters: the old ones do not carry over.
    const parameters = input.parameters ?? (offeringId === item.offering_id ? item.parameters : {});
    const priced = await this.price(order.department_id, offeringId, parameters);
    await repo.updateItem(this.db, item.id, {
      offering_id: priced.offeringId,
      rate_card_id: priced.quote.rateCardId,
      name: input.name !== undefined ? checkName(input.name) : item.name,
      parameters: json(priced.parameters),
      quote: json(priced.quote),
      monthly_fen: priced.quote.monthlyFen,
      quota_demand: json(priced.demand),
      lease_months: input.leaseMonths !== undefined ? input.leaseMonths : item.lease_months,
    });
    return this.load(actor, order.id);
  }

  async removeItem(actor: Actor, itemId: string): Promise<Order> {
    const user = requireOrderer(actor);
    const { item, order } = await this.cartItem(user, itemId);
    await repo.deleteItem(this.db, item.id);
    return this.load(actor, order.id);
  }

  /** An item of the user's own cart (anything else is not found: carts are private). */
  private async cartItem(user: UserActor, itemId: string): Promise<{ item: repo.ItemRow; order: repo.OrderRow }> {
    const item = await repo.getItem(this.db, itemId);
    const order = item ? await repo.getOrder(this.db, item.order_id) : undefined;
    if (!item || !order || order.created_by !== user.userId || order.status !== 'cart') throw notFound('cloud.cart_item_not_found', 'No such item in your cart.');
    return { item, order };
  }
}

function checkName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > MAX_NAME) {
    throw badRequest('validation.failed', 'The request has invalid fields.', [{ pointer: '/name', code: 'cloud.item_name', message: `Name the resource (1–${MAX_NAME} characters).` }]);
  }
  return name;
}
