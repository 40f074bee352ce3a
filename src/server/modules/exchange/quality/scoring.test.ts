import { describe, expect, it } from 'vitest';
import { freshnessOf, rankByScore, timeliness, uniquenessOf, validityOf, weightedScore } from './scoring.js';

const HOUR = 3_600_000;
const last = new Date('2025-03-01T00:00:00Z');
const after = (hours: number) => new Date(last.getTime() + hours * HOUR);

describe('quality arithmetic', () => {
  it('timeliness is 100 within cycle + 25 % grace, then falls linearly to 0 at three cycles late', () => {
    expect(timeliness('daily', last, after(30)).value).toBe(100);
    // due at 30 h, zero at 96 h: half way (63 h) is 50.
    expect(timeliness('daily', last, after(63)).value).toBe(50);
    expect(timeliness('daily', last, after(96)).value).toBe(0);
    expect(timeliness('daily', last, after(500)).value).toBe(0);
    const realtime = timeliness('realtime', last, after(2));
    expect(realtime.cycleHours).toBe(1);
    expect(realtime.value).toBeCloseTo(((4 - 2) / 2.75) * 100, 1);
  });

  it('irregular is always timely, never loaded is not', () => {
    expect(timeliness('irregular', last, after(10_000)).value).toBe(100);
    expect(timeliness('weekly', null, after(1)).value).toBe(0);
    expect(freshnessOf('irregular', last, after(10_000))).toBe('ok');
    expect(freshnessOf('weekly', null, after(1))).toBe('never_loaded');
    expect(freshnessOf('weekly', last, after(7 * 24 * 1.25 + 1))).toBe('late');
    expect(freshnessOf('weekly', last, after(7 * 24))).toBe('ok');
  });

  it('weights the dimensions 30/30/15/25 and treats no loads as fully valid and unique', () => {
    expect(weightedScore({ completeness: 100, validity: 75, uniqueness: 87.5, timeliness: 100 })).toBe(90.63);
    expect(weightedScore({ completeness: 0, validity: 100, uniqueness: 100, timeliness: 0 })).toBe(45);
    expect(validityOf(0, 0)).toBe(100);
    expect(validityOf(8, 2)).toBe(75);
    expect(uniquenessOf(0, 0)).toBe(100);
    expect(uniquenessOf(8, 1)).toBe(87.5);
  });

  it('ranks by average score with shared ranks for ties and none for unscored', () => {
    const ranked = rankByScore([
      { id: 'a', averageScore: 80 }, { id: 'b', averageScore: null }, { id: 'c', averageScore: 90 }, { id: 'd', averageScore: 80 },
    ]);
    expect(ranked.map((entry) => [entry.id, entry.rank])).toEqual([['c', 1], ['a', 2], ['d', 2], ['b', null]]);
  });
});
