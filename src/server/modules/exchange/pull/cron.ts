/**
 * Five-field cron expressions ("minute hour day-of-month month day-of-week") and the next occurrence, in the
 * process's local time zone (the deployment runs in Asia/Shanghai). Supports `*`, numbers, ranges `a-b`,
 * steps `*\/n` and `a-b/n`, lists `a,b,c`, month names JAN–DEC and weekday names SUN–SAT (7 is Sunday too).
 * As in Vixie cron, when both day-of-month and day-of-week are restricted a day matching either one runs.
 */
export interface CronSchedule {
  source: string;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  weekdays: ReadonlySet<number>;
  daysRestricted: boolean;
  weekdaysRestricted: boolean;
}

export class CronError extends Error {}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec { name: string; min: number; max: number; names?: string[]; namesFrom?: number }

const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, namesFrom: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAY_NAMES, namesFrom: 0 },
];

function parseValue(text: string, spec: FieldSpec): number {
  const upper = text.toUpperCase();
  if (spec.names) {
    const index = spec.names.indexOf(upper);
    if (index >= 0) return index + (spec.namesFrom ?? 0);
  }
  if (!/^\d{1,2}$/.test(text)) throw new CronError(`"${text}" is not a valid ${spec.name}`);
  const value = Number(text);
  if (value < spec.min || value > spec.max) throw new CronError(`${spec.name} ${value} is outside ${spec.min}–${spec.max}`);
  return value;
}

function parseField(text: string, spec: FieldSpec): { values: Set<number>; restricted: boolean } {
  const values = new Set<number>();
  // Vixie cron: a field starting with '*' (also '*/n') counts as unrestricted for the day-of-month/day-of-week rule.
  const restricted = !text.startsWith('*');
  for (const part of text.split(',')) {
    if (part === '') throw new CronError(`empty list element in the ${spec.name} field`);
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined) throw new CronError(`"${part}" has more than one step`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d{1,2}$/.test(stepText) || Number(stepText) === 0) throw new CronError(`"${stepText}" is not a valid step`);
      step = Number(stepText);
    }
    let low: number;
    let high: number;
    if (range === '*') {
      low = spec.min;
      high = spec.max;
    } else if (range.includes('-')) {
      const [a, b, more] = range.split('-');
      if (more !== undefined) throw new CronError(`"${range}" is not a valid range`);
      low = parseValue(a, spec);
      high = parseValue(b, spec);
      if (low > high) throw new CronError(`range ${range} runs backwards`);
    } else {
      low = parseValue(range, spec);
      high = stepText === undefined ? low : spec.max;
    }
    for (let value = low; value <= high; value += step) values.add(value);
  }
  return { values, restricted };
}

export function parseCron(expression: string): CronSchedule {
  const source = expression.trim();
  const fields = source.split(/\s+/);
  if (fields.length !== 5) throw new CronError('a schedule has five fields: minute hour day-of-month month day-of-week');
  const [minutes, hours, days, months, weekdays] = fields.map((field, index) => parseField(field, FIELDS[index]));
  if (weekdays.values.has(7)) weekdays.values.add(0);
  weekdays.values.delete(7);
  const schedule: CronSchedule = {
    source,
    minutes: minutes.values,
    hours: hours.values,
    days: days.values,
    months: months.values,
    weekdays: weekdays.values,
    daysRestricted: days.restricted,
    weekdaysRestricted: weekdays.restricted,
  };
  if (nextOccurrence(schedule, new Date(2000, 0, 1)) === null) throw new CronError('the schedule never fires');
  return schedule;
}

function dayMatches(schedule: CronSchedule, date: Date): boolean {
  const dom = schedule.days.has(date.getDate());
  const dow = schedule.weekdays.has(date.getDay());
  if (schedule.daysRestricted && schedule.weekdaysRestricted) return dom || dow;
  if (schedule.daysRestricted) return dom;
  if (schedule.weekdaysRestricted) return dow;
  return true;
}

/** The first minute strictly after `after` that the schedule fires at, or null if none within eight years. */
export function nextOccurrence(schedule: CronSchedule, after: Date): Date | null {
  const t = new Date(after.getTime());
  t.setSeconds(0, 0);
  t.setMinutes(t.getMinutes() + 1);
  const limit = after.getTime() + 8 * 366 * 24 * 3600 * 1000;
  while (t.getTime() <= limit) {
    if (!schedule.months.has(t.getMonth() + 1)) {
      t.setMonth(t.getMonth() + 1, 1);
      t.setHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(schedule, t)) {
      t.setDate(t.getDate() + 1);
      t.setHours(0, 0, 0, 0);
      continue;
    }
    if (!schedule.hours.has(t.getHours())) {
      t.setHours(t.getHours() + 1, 0, 0, 0);
      continue;
    }
    if (!schedule.minutes.has(t.getMinutes())) {
      t.setMinutes(t.getMinutes() + 1, 0, 0);
      continue;
    }
    return t;
  }
  return null;
}

/** Convenience: parse and compute in one step (throws CronError on a bad expression). */
export function nextRun(expression: string, after: Date): Date {
  const next = nextOccurrence(parseCron(expression), after);
  if (!next) throw new CronError('the schedule never fires');
  return next;
}
