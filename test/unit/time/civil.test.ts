import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, isIsoDay, isRealDate, toIsoUtc, utcMs } from '../../../shared/time';

const DAY_MS = 86_400_000;
// Date.UTC reads years 0-99 as 1900-1999; setUTCFullYear does not.
const dateUtc = (y: number, m: number, d: number): number => {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date.getTime();
};

describe('calendar arithmetic without Date', () => {
  it('day numbers agree with Date for every day of years 1-9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: daysFromCivil(1, 1, 1), max: daysFromCivil(9999, 12, 31) }), (days) => {
        const { year, month, day } = civilFromDays(days);
        const date = new Date(days * DAY_MS);
        expect([year, month, day]).toEqual([date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]);
        expect(daysFromCivil(year, month, day)).toBe(days);
      }),
      { numRuns: 2000 },
    );
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1) * DAY_MS).toBe(Date.UTC(2000, 2, 1));
    expect(utcMs(50, 6, 15, 13, 14, 15)).toBe(dateUtc(50, 6, 15) + 13 * 3_600_000 + 14 * 60_000 + 15_000);
  });

  it('reads a day written YYYY-MM-DD only when the calendar has it', () => {
    for (const day of ['2026-02-28', '2024-02-29', '2026-12-31', '0100-01-01']) expect(isIsoDay(day)).toBe(true);
    for (const text of ['2026-02-30', '2026-13-01', '2026-00-10', '2026-2-28', '2026-02-28T00:00', ' 2026-02-28', ''])
      expect(isIsoDay(text)).toBe(false);
  });

  it('knows which dates exist: leap years by the Gregorian rule, months of 28-31 days', () => {
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(2026, 2, 29)).toBe(false);
    expect(isRealDate(2000, 2, 29)).toBe(true);
    expect(isRealDate(1900, 2, 29)).toBe(false);
    expect(isRealDate(2026, 4, 31)).toBe(false);
    expect(isRealDate(2026, 12, 31)).toBe(true);
    expect(isRealDate(100, 1, 1)).toBe(true);
    for (const [y, m, d] of [
      [2026, 0, 1],
      [2026, 13, 1],
      [2026, 1, 0],
      [0, 1, 1],
      [50, 1, 1],
      [99, 12, 31],
      [10000, 1, 1],
      [2026.5, 1, 1],
      [Number.NaN, 1, 1],
    ]) {
      expect(isRealDate(y!, m!, d!), `${y}-${m}-${d}`).toBe(false);
    }
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const date = new Date(Date.UTC(y, m - 1, d));
          expect(isRealDate(y, m, d)).toBe(date.getUTCMonth() === m - 1 && date.getUTCDate() === d);
        },
      ),
    );
  });

  it('writes ISO-8601 UTC exactly as Date.prototype.toISOString, milliseconds and early years included', () => {
    fc.assert(
      fc.property(fc.integer({ min: utcMs(1, 1, 1, 0, 0, 0), max: utcMs(9999, 12, 31, 23, 59, 59) + 999 }), (ms) => {
        expect(toIsoUtc(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 5000 },
    );
    // Whole seconds in runs from the same minute, as an export has them.
    const start = Date.UTC(2026, 10, 16, 15, 0, 0);
    for (let s = 0; s < 600; s += 7) expect(toIsoUtc(start + s * 1000)).toBe(new Date(start + s * 1000).toISOString());
    // Outside four-digit years Date's extended form is used; NaN is Date's error.
    expect(toIsoUtc(utcMs(10000, 1, 1, 0, 0, 0))).toBe('+010000-01-01T00:00:00.000Z');
    expect(() => toIsoUtc(Number.NaN)).toThrow(RangeError);
  });
});
