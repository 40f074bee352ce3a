// The ordering pages' rules without React (unit-tested): names in the console's language, catalog grouping and
// search, quota shortfalls in plain words, overdue approval steps, and when an order is still moving.
import { ApiError } from '../../../api/client';
import type { Locale } from '../../../i18n';
import { CLOUD_CATEGORIES, QUOTA_DIMENSIONS, formatFen } from '../types';
import type { ApprovalStep, CloudCategory, Offering, Order, OrderItem, QuotaDemand, QuotaDimension, QuotaShortfall } from '../types';

type Translate = (key: string, vars?: Record<string, string | number>) => string;

export function localName(row: { name: string; nameEn?: string | null }, locale: Locale): string {
  return locale === 'en-US' && row.nameEn ? row.nameEn : row.name;
}

export function offeringDescription(offering: Pick<Offering, 'description' | 'descriptionEn'>, locale: Locale): string {
  return locale === 'en-US' && offering.descriptionEn ? offering.descriptionEn : offering.description;
}

export function itemOfferingName(item: Pick<OrderItem, 'offeringName' | 'offeringNameEn'>, locale: Locale): string {
  return locale === 'en-US' && item.offeringNameEn ? item.offeringNameEn : item.offeringName;
}

/** Offerings per category, every category present (a category with nothing still shows, with 0). */
export function countByCategory(offerings: Offering[]): Record<CloudCategory, number> {
  const counts = Object.fromEntries(CLOUD_CATEGORIES.map((category) => [category, 0])) as Record<CloudCategory, number>;
  for (const offering of offerings) counts[offering.category] = (counts[offering.category] ?? 0) + 1;
  return counts;
}

/** The console's own search over what it already loaded: name, English name, code, provider, description. */
export function matchesSearch(offering: Offering, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [offering.name, offering.nameEn, offering.code, offering.providerName, offering.description, offering.descriptionEn]
    .some((text) => typeof text === 'string' && text.toLowerCase().includes(needle));
}

function isShortfall(value: unknown): value is QuotaShortfall {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return typeof row.dimension === 'string' && typeof row.limit === 'number' && typeof row.inUse === 'number' && typeof row.requested === 'number';
}

/** The shortfalls a `cloud.quota_exceeded` problem carries (empty for any other error). */
export function shortfallsOf(error: unknown): QuotaShortfall[] {
  if (!(error instanceof ApiError) || error.code !== 'cloud.quota_exceeded') return [];
  const list = error.extra.shortfalls;
  return Array.isArray(list) ? list.filter(isShortfall) : [];
}

/** A quantity of a quota dimension as people read it: the budget in yuan, the rest as numbers with their unit. */
export function formatQuantity(dimension: QuotaDimension, amount: number, t: Translate, locale: Locale): string {
  if (dimension === 'monthly_budget_fen') return formatFen(amount, locale);
  return t(`cloud.dimension.unit.${dimension}`, { n: amount.toLocaleString(locale) });
}

/** One sentence per dimension: "vCPU: limit 40, 38 in use, this order needs 4 — 2 short." */
export function describeShortfalls(shortfalls: QuotaShortfall[], t: Translate, locale: Locale): string[] {
  return shortfalls.map((row) => {
    const over = row.inUse + row.requested - row.limit;
    return t('cloud.shortfall.line', {
      dimension: t(`cloud.dimension.${row.dimension}`),
      limit: formatQuantity(row.dimension, row.limit, t, locale),
      inUse: formatQuantity(row.dimension, row.inUse, t, locale),
      requested: formatQuantity(row.dimension, row.requested, t, locale),
      over: formatQuantity(row.dimension, Math.max(over, 0), t, locale),
    });
  });
}

/** The demand's non-zero dimensions in the standard order (what an item takes from the quota). */
export function demandEntries(demand: QuotaDemand): Array<[QuotaDimension, number]> {
  return QUOTA_DIMENSIONS.filter((dimension) => typeof demand[dimension] === 'number' && demand[dimension] !== 0).map(
    (dimension) => [dimension, demand[dimension] as number],
  );
}

/** Sums the quota demand of several items (the cart's total hold on the quota). */
export function sumDemand(demands: QuotaDemand[]): QuotaDemand {
  const total: QuotaDemand = {};
  for (const demand of demands) {
    for (const [dimension, amount] of demandEntries(demand)) total[dimension] = (total[dimension] ?? 0) + amount;
  }
  return total;
}

/** A pending step past its deadline (the server escalates it; the console highlights it meanwhile too). */
export function isOverdue(step: Pick<ApprovalStep, 'status' | 'dueAt'>, now: Date): boolean {
  return step.status === 'pending' && step.dueAt !== null && new Date(step.dueAt).getTime() < now.getTime();
}

/** The step waiting for a decision now (the first pending one), or null. */
export function currentStep(order: Pick<Order, 'approvals'>): ApprovalStep | null {
  return [...order.approvals].sort((a, b) => a.step - b.step).find((step) => step.status === 'pending') ?? null;
}

const MOVING_ORDER: ReadonlySet<Order['status']> = new Set(['approved', 'provisioning']);

/** Whether the order page should keep polling: it is being provisioned, or some item still is. */
export function isInFlight(order: Pick<Order, 'status' | 'items'>): boolean {
  return MOVING_ORDER.has(order.status) || order.items.some((item) => item.status === 'provisioning');
}

/** Who may cancel: the server says so in `can`; the console only hides the button otherwise. */
export function canCancel(order: Pick<Order, 'can'>): boolean {
  return order.can.cancel;
}

/** A lease in months from the form: empty means "no lease end" (null); anything else a whole number ≥ 1. */
export function leaseMonthsOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : null;
}

/** The statuses an order list is filtered by (a cart is not an order yet). */
export const LISTED_STATUSES: Order['status'][] = ['approving', 'approved', 'provisioning', 'completed', 'partially_failed', 'failed', 'rejected', 'cancelled'];

/** Inbox order: the most urgent first (earliest due; orders without a deadline last). */
export function byUrgency(a: Order, b: Order): number {
  const due = (order: Order) => {
    const step = currentStep(order);
    return step?.dueAt ? new Date(step.dueAt).getTime() : Number.POSITIVE_INFINITY;
  };
  const difference = due(a) - due(b);
  return Number.isNaN(difference) ? 0 : difference;
}
