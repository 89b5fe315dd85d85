// A company's calendar days as UTC ranges: dayInZone, dayStartUtc and addDays, the one owner of "which
// day is it there" for the dashboard, the drill-down and respond-by dates.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayInZone, dayStartUtc } from '../../../shared/time';

describe('company days', () => {
  it('begins a day at its midnight in the zone', () => {
    expect(dayStartUtc('2026-12-04', 'America/Chicago')).toBe('2026-12-04T06:00:00.000Z');
    expect(dayStartUtc('2026-12-04', 'Asia/Tokyo')).toBe('2026-12-03T15:00:00.000Z');
    expect(dayStartUtc('2026-12-04', 'UTC')).toBe('2026-12-04T00:00:00.000Z');
    // Daylight saving begins at 02:00 on 8 March in Chicago: the 8th begins in CST, the 9th in CDT.
    expect(dayStartUtc('2026-03-08', 'America/Chicago')).toBe('2026-03-08T06:00:00.000Z');
    expect(dayStartUtc('2026-03-09', 'America/Chicago')).toBe('2026-03-09T05:00:00.000Z');
  });

  it('begins a day whose midnight the zone skips at the first moment after the gap', () => {
    // Chile moves from 00:00 to 01:00 on 6 September 2026: the day begins at 01:00 local, 04:00 UTC.
    expect(dayStartUtc('2026-09-06', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
    expect(dayInZone(Date.parse('2026-09-06T03:59:59.999Z'), 'America/Santiago')).toBe('2026-09-05');
  });

  it('says an evening in the Americas is still that day there', () => {
    expect(dayInZone(Date.parse('2026-12-05T03:00:00.000Z'), 'America/Chicago')).toBe('2026-12-04');
    expect(dayInZone(Date.parse('2026-12-05T03:00:00.000Z'), 'UTC')).toBe('2026-12-05');
  });

  it('moves a day across months, years and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-04', -91)).toBe('2026-09-04');
  });

  it('adds days as the calendar does, for any day and count', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }),
        fc.integer({ min: -40_000, max: 40_000 }),
        (d, n) => {
          const day = d.toISOString().slice(0, 10);
          expect(addDays(day, n)).toBe(
            new Date(Date.parse(`${day}T00:00:00.000Z`) + n * 86_400_000).toISOString().slice(0, 10),
          );
        },
      ),
    );
  });

  it('refuses what is not a calendar day rather than guessing one', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '20261201', ' 2026-12-01', '2026-12-1', ''])
      expect(() => addDays(bad, 1)).toThrow(RangeError);
    expect(() => addDays('2026-12-01', 0.5)).toThrow(RangeError);
  });

  it('puts every instant inside its own day: from that day begins until the next begins', () => {
    const zones = [
      'America/Chicago',
      'America/Los_Angeles',
      'Europe/Berlin',
      'Asia/Kolkata',
      'America/Santiago',
      'Australia/Lord_Howe',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.constantFrom(...zones),
        (ms, zone) => {
          const day = dayInZone(ms, zone);
          expect(Date.parse(dayStartUtc(day, zone))).toBeLessThanOrEqual(ms);
          expect(Date.parse(dayStartUtc(addDays(day, 1), zone))).toBeGreaterThan(ms);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
