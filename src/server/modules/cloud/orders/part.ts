/**
 * The orders part (docs/cloud/orders.md): carts, orders, approval chains with automatic approval, deadlines with
 * escalation (a poll loop every minute), and approval policies.
 */
import { PollLoop } from '../../../platform/poll-loop.js';
import type { ApprovalPolicies, Orders } from '../index.js';
import type { CloudPart, CloudParts } from '../parts.js';
import { PolicyService } from './policies.js';
import { registerOrderRoutes } from './routes.js';
import { OrderService } from './service.js';

export type OrderDeps = Omit<CloudParts, 'orders' | 'policies' | 'metering' | 'bills' | 'insights'>;

export const ESCALATION_POLL_MS = 60_000;

export function createOrderServices(deps: OrderDeps): { orders: Orders; policies: ApprovalPolicies } {
  const policies = new PolicyService(deps);
  return { orders: new OrderService(deps, policies), policies };
}

export function createOrdersPart(parts: CloudParts): CloudPart {
  const escalation = new PollLoop({
    intervalMs: ESCALATION_POLL_MS,
    tick: () => parts.orders.escalateOverdue(),
    onError: (error) => parts.ctx.log.error({ err: error }, 'approval escalation pass failed'),
  });
  return {
    routes: (app) => registerOrderRoutes(app, parts.orders, parts.policies),
    start: () => escalation.start(),
    stop: () => escalation.stop(),
  };
}
