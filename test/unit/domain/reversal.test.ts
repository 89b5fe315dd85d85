// A reversal's posting date (shared/domain/reversal.ts): reason 01 keeps the original's date, 02 takes another,
// never before the original and never past the end of the month after today.
import { describe, expect, it } from 'vitest';
import { latestReversalDate, reversalPostingDate } from '../../../shared/domain/reversal';

describe('latestReversalDate', () => {
  it('is the last day of the month after today, across year ends and February', () => {
    expect(latestReversalDate('2026-11-25')).toBe('2026-12-31');
    expect(latestReversalDate('2026-12-06')).toBe('2027-01-31');
    expect(latestReversalDate('2027-01-31')).toBe('2027-02-28');
    expect(latestReversalDate('2028-01-15')).toBe('2028-02-29');
    expect(latestReversalDate('2026-10-01')).toBe('2026-11-30');
  });
});

describe('reversalPostingDate', () => {
  const today = '2026-12-06';
  it("01 posts on the original's date and refuses another", () => {
    expect(reversalPostingDate('01', '2026-11-20', null, today)).toBe('2026-11-20');
    expect(() => reversalPostingDate('01', '2026-11-20', '2026-12-01', today)).toThrow(/use reason 02/);
  });

  it('02 takes a date from the original up to the end of next month', () => {
    expect(reversalPostingDate('02', '2026-11-20', '2026-12-06', today)).toBe('2026-12-06');
    expect(reversalPostingDate('02', '2026-11-20', '2027-01-31', today)).toBe('2027-01-31');
    expect(() => reversalPostingDate('02', '2026-11-20', '2027-02-01', today)).toThrow(
      /no later than the end of next month \(2027-02-01 is after 2027-01-31; today is 2026-12-06\)/,
    );
    expect(() => reversalPostingDate('02', '2026-11-20', '2026-11-19', today)).toThrow(/cannot post before/);
  });
});
