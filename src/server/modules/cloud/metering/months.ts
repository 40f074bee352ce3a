/**
 * Billing months and metering hours. Months are calendar months in the platform's time zone, Asia/Shanghai (UTC+8,
 * no daylight saving since 1991), whatever the server's or the database session's zone: a fixed offset is exact.
 * Because the offset is a whole number of hours, every metering hour lies inside one month.
 */
import { badRequest } from '../../../platform/errors.js';

export const PLATFORM_TIME_ZONE = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3_600_000;
export const HOUR_MS = 3_600_000;
/** A month's bill is closed (never regenerated) once this long has passed after the month ended. */
export const CLOSE_AFTER_MS = 3 * 24 * HOUR_MS;

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface BillingMonth {
  /** YYYY-MM */
  month: string;
  /** first instant of the month in Shanghai */
  start: Date;
  /** first instant of the next month */
  end: Date;
  days: number;
  /** days × 24: the divisor of a month's charge */
  hours: number;
}

export function isMonth(value: string): boolean {
  return MONTH_PATTERN.test(value);
}

export function billingMonth(month: string): BillingMonth {
  const match = MONTH_PATTERN.exec(month);
  if (!match) throw badRequest('cloud.invalid_month', `"${month}" is not a month (YYYY-MM).`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  const start = new Date(Date.UTC(year, index, 1) - OFFSET_MS);
  const end = new Date(Date.UTC(year, index + 1, 1) - OFFSET_MS);
  const days = Math.round((end.getTime() - start.getTime()) / (24 * HOUR_MS));
  return { month, start, end, days, hours: days * 24 };
}

/** The month (YYYY-MM) an instant falls in, in Shanghai. */
export function monthOf(at: Date): string {
  const local = new Date(at.getTime() + OFFSET_MS);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function previousMonth(month: string): string {
  return monthOf(new Date(billingMonth(month).start.getTime() - HOUR_MS));
}

/** The start of the hour an instant falls in (the same in UTC and in Shanghai). */
export function hourFloor(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

/** Whether a month's bills are final at `now`: three days after the month ended. */
export function isClosable(month: string, now: Date): boolean {
  return now.getTime() >= billingMonth(month).end.getTime() + CLOSE_AFTER_MS;
}

/** cloud_usage_YYYY_MM and its bounds as SQL literals with the explicit offset. */
export function usagePartition(month: string): { name: string; from: string; to: string } {
  const { end } = billingMonth(month);
  const next = monthOf(end);
  return { name: `cloud_usage_${month.replace('-', '_')}`, from: `${month}-01 00:00:00+08`, to: `${next}-01 00:00:00+08` };
}

/**
 * A month's charge of one resource: the sum of the hourly prices (monthly_fen of each metered hour) over the
 * hours in the month, rounded half up, in integers (exact below 2^53). A full month of one price p charges p.
 */
export function chargeFen(sumMonthlyFen: number, hoursInMonth: number): number {
  return Math.floor((2 * sumMonthlyFen + hoursInMonth) / (2 * hoursInMonth));
}
