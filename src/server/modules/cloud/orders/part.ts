/** STUB (orders part): carts, orders, approval chains and policies, escalation. */
import type { ApprovalPolicies, Orders } from '../index.js';
import type { CloudPart, CloudParts } from '../parts.js';
import { notYet } from '../stub.js';

export type OrderDeps = Omit<CloudParts, 'orders' | 'policies' | 'metering' | 'bills' | 'insights'>;

export function createOrderServices(_deps: OrderDeps): { orders: Orders; policies: ApprovalPolicies } {
  return { orders: notYet<Orders>('Orders'), policies: notYet<ApprovalPolicies>('ApprovalPolicies') };
}

export function createOrdersPart(_parts: CloudParts): CloudPart {
  return {};
}
