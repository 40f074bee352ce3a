import { describe, expect, it } from 'vitest';
import { CALENDAR_2026, calendarLookup } from './calendar.js';
import { addWorkingDays, chinaDay, deadlineStatus, dueDate, isIsoDay, isWorkingDay, workingDaysBetween, type CalendarLookup } from './working-days.js';

const NONE: CalendarLookup = new Map();

describe('working days', () => {
  it('skips weekends: ten working days after a Monday is the Monday two weeks later', () => {
    // 2025-03-03 is a Monday.
    expect(dueDate('2025-03-03', NONE)).toBe('2025-03-17');
    // A request on a Saturday counts from the Monday after.
    expect(dueDate('2025-03-08', NONE)).toBe('2025-03-21');
  });

  it('a holiday closes a weekday and a 调休 workday opens a weekend day', () => {
    const calendar: CalendarLookup = new Map([
      ['2025-03-05', 'holiday'],
      ['2025-03-08', 'workday'],
    ]);
    expect(isWorkingDay('2025-03-05', calendar)).toBe(false);
    expect(isWorkingDay('2025-03-08', calendar)).toBe(true);
    expect(isWorkingDay('2025-03-09', calendar)).toBe(false);
    // One day lost (Wed 5th), one day won (Sat 8th): still the 17th.
    expect(dueDate('2025-03-03', calendar)).toBe('2025-03-17');
    // Only the holiday: one day later.
    expect(dueDate('2025-03-03', new Map([['2025-03-05', 'holiday']]))).toBe('2025-03-18');
  });

  it('follows the 2026 national calendar across the Spring Festival', () => {
    const calendar = calendarLookup(CALENDAR_2026);
    // Friday 13 Feb 2026: Sat 14th is a workday (1), 15th–23rd are closed, Tue 24th–Fri 27th (2–5),
    // Sat 28th is a workday (6), then 2, 3, 4, 5 March (7–10).
    expect(addWorkingDays('2026-02-13', 1, calendar)).toBe('2026-02-14');
    expect(dueDate('2026-02-13', calendar)).toBe('2026-03-05');
    // National Day: Wed 30 Sep; 1–7 Oct closed; Thu 8, Fri 9, Sat 10 (workday), Mon 12 – Fri 16, Mon 19, Tue 20.
    expect(dueDate('2026-09-30', calendar)).toBe('2026-10-20');
  });

  it('counts the working days left, zero on the due day and negative once past it', () => {
    expect(workingDaysBetween('2025-03-03', '2025-03-17', NONE)).toBe(10);
    expect(workingDaysBetween('2025-03-17', '2025-03-17', NONE)).toBe(0);
    expect(workingDaysBetween('2025-03-19', '2025-03-17', NONE)).toBe(-2);
    expect(deadlineStatus({ status: 'pending', dueDate: '2025-03-17' }, '2025-03-17', NONE)).toEqual({ workingDaysLeft: 0, overdue: false });
    expect(deadlineStatus({ status: 'pending', dueDate: '2025-03-17' }, '2025-03-18', NONE)).toEqual({ workingDaysLeft: -1, overdue: true });
    expect(deadlineStatus({ status: 'approved', dueDate: '2025-03-17' }, '2025-03-18', NONE)).toEqual({ workingDaysLeft: null, overdue: false });
  });

  it('takes the request day in China time and rejects impossible dates', () => {
    expect(chinaDay(new Date('2026-01-04T16:30:00Z'))).toBe('2026-01-05');
    expect(chinaDay(new Date('2026-01-04T15:59:59Z'))).toBe('2026-01-04');
    expect(isIsoDay('2026-02-29')).toBe(false);
    expect(isIsoDay('2028-02-29')).toBe(true);
    expect(() => addWorkingDays('2026-13-01', 1, NONE)).toThrow(RangeError);
  });
});
