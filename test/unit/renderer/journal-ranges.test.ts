import { describe, expect, it } from 'vitest';
import { presetOf, presetRange } from '../../../renderer/src/features/audit/ranges';
import { localDay } from '../../../renderer/src/ui/format';

describe('journal export ranges', () => {
  it('today and yesterday, across a month, a year and a leap day', () => {
    expect(presetRange('today', '2026-12-06')).toEqual({ from: '2026-12-06', to: '2026-12-06' });
    expect(presetRange('yesterday', '2026-12-06')).toEqual({ from: '2026-12-05', to: '2026-12-05' });
    expect(presetRange('yesterday', '2026-03-01')).toEqual({ from: '2026-02-28', to: '2026-02-28' });
    expect(presetRange('yesterday', '2028-03-01')).toEqual({ from: '2028-02-29', to: '2028-02-29' });
    expect(presetRange('yesterday', '2027-01-01')).toEqual({ from: '2026-12-31', to: '2026-12-31' });
  });

  it('this month up to today; last month whole, across the year end and in a leap February', () => {
    expect(presetRange('this-month', '2026-12-06')).toEqual({ from: '2026-12-01', to: '2026-12-06' });
    expect(presetRange('last-month', '2026-12-06')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetRange('last-month', '2027-01-15')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetRange('last-month', '2028-03-31')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(presetRange('last-month', '2026-03-31')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('names the preset a range is, and none for a range typed by hand', () => {
    expect(presetOf('2026-11-01', '2026-11-30', '2026-12-06')).toBe('last-month');
    // On the first of a month, today and this month are one range: the first preset wins.
    expect(presetOf('2026-12-01', '2026-12-01', '2026-12-01')).toBe('today');
    expect(presetOf('2026-11-02', '2026-11-30', '2026-12-06')).toBeNull();
  });

  it("reads today from the clerk's calendar, not UTC's", () => {
    expect(localDay(new Date(2026, 0, 9, 23, 59))).toBe('2026-01-09');
  });
});
