/**
 * Working days for the approval deadline (10 working days, 《政务信息资源共享管理暂行办法》). Pure functions over
 * 'YYYY-MM-DD' strings: Monday–Friday are working days unless the calendar closes them ('holiday'); a Saturday
 * or Sunday opened by the calendar ('workday', 调休) counts as a working day.
 */
export type CalendarKind = 'holiday' | 'workday';
/** Day ('YYYY-MM-DD') → its calendar override. Days without an entry follow the week. */
export type CalendarLookup = ReadonlyMap<string, CalendarKind>;

/** The approval deadline: this many working days after the request day. */
export const DEADLINE_WORKING_DAYS = 10;

const DAY_MS = 86_400_000;
/** China Standard Time has no daylight saving time: the request day is the date at UTC+8. */
const CHINA_OFFSET_MS = 8 * 3_600_000;
/** No search runs further than this (a calendar closing every day would otherwise loop forever). */
const MAX_SCAN_DAYS = 3660;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Is this a real calendar date written as YYYY-MM-DD? */
export function isIsoDay(value: string): boolean {
  const match = DAY_PATTERN.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

function toUtc(day: string): number {
  if (!isIsoDay(day)) throw new RangeError(`Not a date: ${day}`);
  return Date.parse(`${day}T00:00:00Z`);
}

const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return fromUtc(toUtc(day) + days * DAY_MS);
}

/** The date in China (UTC+8) at this instant. */
export function chinaDay(at: Date): string {
  return fromUtc(at.getTime() + CHINA_OFFSET_MS);
}

export function isWorkingDay(day: string, calendar: CalendarLookup): boolean {
  const kind = calendar.get(day);
  if (kind === 'holiday') return false;
  if (kind === 'workday') return true;
  const weekday = new Date(toUtc(day)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The `count`-th working day after `start` (the start day itself never counts). */
export function addWorkingDays(start: string, count: number, calendar: CalendarLookup): string {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  let day = start;
  let found = 0;
  for (let scanned = 0; scanned < MAX_SCAN_DAYS; scanned++) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar) && ++found === count) return day;
  }
  throw new RangeError(`No ${count} working days within ${MAX_SCAN_DAYS} days after ${start}`);
}

/**
 * Working days from `from` to `to`: the working days d with from < d ≤ to, so 0 on the day itself; negative
 * (the working days in to < d ≤ from) when `to` lies before `from`.
 */
export function workingDaysBetween(from: string, to: string, calendar: CalendarLookup): number {
  if (from === to) return 0;
  const [low, high, sign] = from < to ? [from, to, 1] : [to, from, -1];
  let count = 0;
  let day = low;
  for (let scanned = 0; scanned < MAX_SCAN_DAYS && day < high; scanned++) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar)) count++;
  }
  return sign * count;
}

/** The deadline of a request made on `requestDay`. */
export function dueDate(requestDay: string, calendar: CalendarLookup): string {
  return addWorkingDays(requestDay, DEADLINE_WORKING_DAYS, calendar);
}

/** What a list shows for a request: working days left until the due date, and whether it is overdue. */
export function deadlineStatus(
  request: { status: string; dueDate: string },
  today: string,
  calendar: CalendarLookup,
): { workingDaysLeft: number | null; overdue: boolean } {
  if (request.status !== 'pending') return { workingDaysLeft: null, overdue: false };
  return { workingDaysLeft: workingDaysBetween(today, request.dueDate, calendar), overdue: today > request.dueDate };
}
