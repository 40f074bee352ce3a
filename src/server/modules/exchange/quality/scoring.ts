/**
 * The arithmetic of quality (pure, unit-tested): update cycles, freshness, the timeliness curve and the weighted
 * score. SQL lives in repository.ts; the measuring that combines both in service.ts.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The catalog's update cycles (catalog/vocabulary.ts UPDATE_CYCLES) in milliseconds; 'irregular' has none. */
export const CYCLE_MS: Record<string, number | null> = {
  realtime: HOUR_MS,
  daily: DAY_MS,
  weekly: 7 * DAY_MS,
  monthly: 30 * DAY_MS,
  quarterly: 91 * DAY_MS,
  half_yearly: 182 * DAY_MS,
  yearly: 365 * DAY_MS,
  irregular: null,
};

/** A load is on time within its cycle plus this share of the cycle. */
export const GRACE_SHARE = 0.25;
/** Timeliness reaches 0 this many cycles after the cycle ended (i.e. at 1 + 3 = 4 cycles since the last load). */
export const CYCLES_LATE_AT_ZERO = 3;

export const WEIGHTS = { completeness: 30, validity: 30, uniqueness: 15, timeliness: 25 } as const;

export type Freshness = 'ok' | 'late' | 'never_loaded';

export function cycleMs(cycle: string): number | null {
  return cycle in CYCLE_MS ? CYCLE_MS[cycle] : null;
}

export const round2 = (value: number): number => Math.round(value * 100) / 100;
const clamp = (value: number): number => Math.min(100, Math.max(0, value));

/** When a resource's next load is due (last load + cycle + grace); null for irregular cycles or no reference. */
export function dueAt(cycle: string, reference: Date | null): Date | null {
  const ms = cycleMs(cycle);
  if (ms === null || reference === null) return null;
  return new Date(reference.getTime() + ms * (1 + GRACE_SHARE));
}

/** ok, late (past cycle + grace) or never_loaded. Irregular resources with at least one load are always ok. */
export function freshnessOf(cycle: string, lastLoadAt: Date | null, now: Date): Freshness {
  if (lastLoadAt === null) return 'never_loaded';
  const due = dueAt(cycle, lastLoadAt);
  return due !== null && due.getTime() < now.getTime() ? 'late' : 'ok';
}

export interface Timeliness {
  value: number;
  cycle: string;
  cycleHours: number | null;
  graceHours: number | null;
  lastLoadAt: string | null;
  dueAt: string | null;
  zeroAt: string | null;
  note?: string;
}

/**
 * 100 while the last load is within its cycle + 25 % grace, then linearly down to 0 at three cycles past the
 * cycle's end. 'irregular' is always timely; a resource never loaded scores 0 on timeliness.
 */
export function timeliness(cycle: string, lastLoadAt: Date | null, now: Date): Timeliness {
  const ms = cycleMs(cycle);
  const base = {
    cycle,
    cycleHours: ms === null ? null : ms / HOUR_MS,
    graceHours: ms === null ? null : (ms * GRACE_SHARE) / HOUR_MS,
    lastLoadAt: lastLoadAt?.toISOString() ?? null,
  };
  if (ms === null) return { ...base, value: 100, dueAt: null, zeroAt: null, note: 'irregular (or unknown) update cycle: always timely' };
  if (lastLoadAt === null) return { ...base, value: 0, dueAt: null, zeroAt: null, note: 'never loaded' };
  const due = lastLoadAt.getTime() + ms * (1 + GRACE_SHARE);
  const zero = lastLoadAt.getTime() + ms * (1 + CYCLES_LATE_AT_ZERO);
  const t = now.getTime();
  const value = t <= due ? 100 : t >= zero ? 0 : ((zero - t) / (zero - due)) * 100;
  return { ...base, value: round2(clamp(value)), dueAt: new Date(due).toISOString(), zeroAt: new Date(zero).toISOString() };
}

export interface Dimensions {
  completeness: number;
  validity: number;
  uniqueness: number;
  timeliness: number;
}

/** The weighted score 30/30/15/25, rounded to two decimals like the numeric(5,2) columns. */
export function weightedScore(d: Dimensions): number {
  const total = WEIGHTS.completeness + WEIGHTS.validity + WEIGHTS.uniqueness + WEIGHTS.timeliness;
  return round2(
    (d.completeness * WEIGHTS.completeness + d.validity * WEIGHTS.validity + d.uniqueness * WEIGHTS.uniqueness + d.timeliness * WEIGHTS.timeliness) / total,
  );
}

/** Share of valid records over the loads counted: (received − rejected) / received; 100 with nothing received. */
export function validityOf(received: number, rejected: number): number {
  return received > 0 ? round2(clamp(((received - rejected) / received) * 100)) : 100;
}

/** 1 − duplicate keys / rows received, as a percentage; 100 with nothing received. */
export function uniquenessOf(received: number, duplicateKeys: number): number {
  return received > 0 ? round2(clamp((1 - duplicateKeys / received) * 100)) : 100;
}

/** Competition ranking ("1224") by score, highest first; entries without a score get no rank. */
export function rankByScore<T extends { averageScore: number | null }>(entries: T[]): Array<T & { rank: number | null }> {
  const scored = entries.filter((entry) => entry.averageScore !== null).sort((a, b) => b.averageScore! - a.averageScore!);
  const ranked: Array<T & { rank: number | null }> = [];
  scored.forEach((entry, index) => {
    const previous = ranked[index - 1];
    const rank = previous && previous.averageScore === entry.averageScore ? previous.rank : index + 1;
    ranked.push({ ...entry, rank });
  });
  for (const entry of entries) if (entry.averageScore === null) ranked.push({ ...entry, rank: null });
  return ranked;
}
