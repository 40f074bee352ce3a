/** Quota demand arithmetic (pure): an item's demand, an order's sum, a resize's difference. */
import type { QuotaDemand, QuotaDimension, Quote } from '../index.js';

/** What an item holds against the quota: the quote's demand and its monthly price (the budget dimension). */
export function itemDemand(quote: Pick<Quote, 'quotaDemand' | 'monthlyFen'>): QuotaDemand {
  return { ...quote.quotaDemand, monthly_budget_fen: quote.monthlyFen };
}

export function sumDemand(demands: QuotaDemand[]): QuotaDemand {
  const total: QuotaDemand = {};
  for (const demand of demands) {
    for (const [dimension, amount] of Object.entries(demand) as Array<[QuotaDimension, number]>) {
      total[dimension] = (total[dimension] ?? 0) + amount;
    }
  }
  return total;
}

/** after − before per dimension (a smaller resize gives negative parts); unchanged dimensions are left out. */
export function diffDemand(after: QuotaDemand, before: QuotaDemand): QuotaDemand {
  const diff: QuotaDemand = {};
  for (const dimension of new Set([...Object.keys(after), ...Object.keys(before)]) as Set<QuotaDimension>) {
    const change = (after[dimension] ?? 0) - (before[dimension] ?? 0);
    if (change !== 0) diff[dimension] = change;
  }
  return diff;
}

/** The parts a reservation holds (the ledger reserves only positive parts, so only those are given back). */
export function positivePart(demand: QuotaDemand): QuotaDemand {
  return Object.fromEntries(Object.entries(demand).filter(([, amount]) => (amount ?? 0) > 0)) as QuotaDemand;
}
