import { describe, expect, it } from 'vitest';
import { CronError, nextOccurrence, nextRun, parseCron } from './cron.js';

// Local-time constructors: the results hold in any process time zone (the deployment uses Asia/Shanghai).
const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(y, mo - 1, d, h, mi, s);

describe('cron schedules', () => {
  it('steps every 15 minutes and always moves strictly forward', () => {
    expect(nextRun('*/15 * * * *', at(2024, 3, 1, 10, 7, 30))).toEqual(at(2024, 3, 1, 10, 15));
    expect(nextRun('*/15 * * * *', at(2024, 3, 1, 10, 15, 0))).toEqual(at(2024, 3, 1, 10, 30));
    expect(nextRun('*/15 * * * *', at(2024, 3, 1, 23, 50))).toEqual(at(2024, 3, 2, 0, 0));
  });

  it('handles ranges, lists, names and day/month rollover', () => {
    // 02:30 on weekdays: Friday evening → Monday.
    expect(nextRun('30 2 * * MON-FRI', at(2024, 3, 1, 20, 0))).toEqual(at(2024, 3, 4, 2, 30));
    expect(nextRun('0 8,12,18 * * *', at(2024, 3, 1, 12, 0))).toEqual(at(2024, 3, 1, 18, 0));
    expect(nextRun('0 0 1 jan,jul *', at(2024, 3, 1))).toEqual(at(2024, 7, 1));
    expect(nextRun('0 0 31 * *', at(2024, 4, 1))).toEqual(at(2024, 5, 31));
    expect(nextRun('0 0 29 2 *', at(2024, 3, 1))).toEqual(at(2028, 2, 29));
    expect(nextRun('0 9-17/4 * * *', at(2024, 3, 1, 9, 0))).toEqual(at(2024, 3, 1, 13, 0));
    expect(nextRun('0 0 * * 7', at(2024, 3, 1))).toEqual(at(2024, 3, 3)); // 7 is Sunday
  });

  it('runs on either restricted day field (day of month OR day of week), as Vixie cron does', () => {
    // 2024-03-01 is a Friday: the 15th or any Monday, whichever comes first.
    expect(nextRun('0 0 15 * 1', at(2024, 3, 1))).toEqual(at(2024, 3, 4));
    expect(nextRun('0 0 15 * 1', at(2024, 3, 11, 1))).toEqual(at(2024, 3, 15));
    // "*/2" in the day-of-week field still counts as unrestricted: only the day of month decides.
    expect(nextRun('0 0 15 * */2', at(2024, 3, 1))).toEqual(at(2024, 3, 15));
  });

  it('rejects malformed and impossible schedules with a reason', () => {
    for (const bad of ['* * * *', '60 * * * *', '* 24 * * *', '*/0 * * * *', '5-1 * * * *', '* * * FOO *', '1,,2 * * * *', '0 0 31 2 *', 'x * * * *']) {
      expect(() => parseCron(bad), bad).toThrow(CronError);
    }
  });

  it('finds a yearly schedule a full year ahead', () => {
    const schedule = parseCron('0 0 1 1 *');
    expect(nextOccurrence(schedule, at(2024, 1, 1, 0, 0))).toEqual(at(2025, 1, 1));
  });
});
