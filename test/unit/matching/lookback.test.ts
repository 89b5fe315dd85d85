// The cleared-items look-back counted in the company code's days (shared/matching/rules.ts).
import { describe, expect, it } from 'vitest';
import { clearedLookbackDay, clearedLookbackStart } from '../../../shared/matching';

describe("the cleared-items look-back in the company code's days", () => {
  // 20:00 UTC on 4 December is already 5 December in Tokyo and still noon on 4 December in Los Angeles.
  const now = new Date('2026-12-04T20:00:00Z');

  it('starts the given number of calendar days before today in the zone', () => {
    expect(clearedLookbackDay(now, 90, 'Asia/Tokyo')).toBe('2026-09-06');
    expect(clearedLookbackDay(now, 90, 'America/Los_Angeles')).toBe('2026-09-05');
    expect(clearedLookbackDay(now, 1, 'UTC')).toBe('2026-12-03');
  });

  it("starts the matcher's look-up at that day's midnight there", () => {
    expect(clearedLookbackStart(now, 90, 'Asia/Tokyo')).toBe('2026-09-05T15:00:00.000Z');
    expect(clearedLookbackStart(now, 90, 'America/Los_Angeles')).toBe('2026-09-05T07:00:00.000Z');
  });

  it('counts calendar days across a change of daylight saving time', () =>
    // 2 November 2026: Los Angeles went back to standard time on 1 November.
    expect(clearedLookbackStart(new Date('2026-11-02T20:00:00Z'), 2, 'America/Los_Angeles')).toBe(
      '2026-10-31T07:00:00.000Z',
    ));
});
