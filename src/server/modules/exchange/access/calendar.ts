/**
 * The holiday calendar (exchange_calendar_days) behind the 10-working-day deadline: the 2026 national
 * arrangement, the seeder's entry point, and reading the calendar as a lookup.
 */
import type { Executor } from '../../../platform/db/database.js';
import type { CalendarKind, CalendarLookup } from './working-days.js';

export interface CalendarDay {
  /** YYYY-MM-DD */
  day: string;
  kind: CalendarKind;
  name: string;
}

function range(from: string, to: string, kind: CalendarKind, name: string): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000) {
    days.push({ day: new Date(at).toISOString().slice(0, 10), kind, name });
  }
  return days;
}

/**
 * China's 2026 public holidays and 调休 workdays, as published by the General Office of the State Council
 * (国务院办公厅关于2026年部分节假日安排的通知, 4 November 2025). Every day of each holiday period is listed as
 * 'holiday' (weekend days included, which changes nothing for the count); the weekend days worked are 'workday'.
 */
export const CALENDAR_2026: readonly CalendarDay[] = [
  ...range('2026-01-01', '2026-01-03', 'holiday', '元旦'),
  { day: '2026-01-04', kind: 'workday', name: '元旦调休上班' },
  { day: '2026-02-14', kind: 'workday', name: '春节调休上班' },
  ...range('2026-02-15', '2026-02-23', 'holiday', '春节'),
  { day: '2026-02-28', kind: 'workday', name: '春节调休上班' },
  ...range('2026-04-04', '2026-04-06', 'holiday', '清明节'),
  ...range('2026-05-01', '2026-05-05', 'holiday', '劳动节'),
  { day: '2026-05-09', kind: 'workday', name: '劳动节调休上班' },
  ...range('2026-06-19', '2026-06-21', 'holiday', '端午节'),
  { day: '2026-09-20', kind: 'workday', name: '国庆节调休上班' },
  ...range('2026-09-25', '2026-09-27', 'holiday', '中秋节'),
  ...range('2026-10-01', '2026-10-07', 'holiday', '国庆节'),
  { day: '2026-10-10', kind: 'workday', name: '国庆节调休上班' },
];

export const calendarLookup = (days: readonly Pick<CalendarDay, 'day' | 'kind'>[]): CalendarLookup => new Map(days.map((d) => [d.day, d.kind]));

/**
 * Writes these days into the calendar, replacing an existing entry for the same day (the demo seeder and
 * installations call it with CALENDAR_2026). Not audited: it is set-up, not an administrative change.
 * Returns the number of days written.
 */
export async function seedCalendar(executor: Executor, days: readonly CalendarDay[]): Promise<number> {
  if (days.length === 0) return 0;
  await executor
    .insertInto('exchange_calendar_days')
    .values(days.map((d) => ({ day: d.day, kind: d.kind, name: d.name })))
    .onConflict((oc) => oc.column('day').doUpdateSet((eb) => ({ kind: eb.ref('excluded.kind'), name: eb.ref('excluded.name'), updated_at: new Date() })))
    .execute();
  return days.length;
}

/** The calendar from `from` on (the table holds a few dozen rows a year). */
export async function readCalendar(executor: Executor, from?: string): Promise<CalendarDay[]> {
  let query = executor.selectFrom('exchange_calendar_days').select(['day', 'kind', 'name']).orderBy('day');
  if (from) query = query.where('day', '>=', from);
  return query.execute();
}
