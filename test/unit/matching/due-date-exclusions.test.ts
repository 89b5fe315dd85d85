// The net due date as SAP derives it from the item's terms, and which items matching leaves out.
import { describe, expect, it } from 'vitest';
import { dayCount, netDueDate, percentThousandths } from '../../../shared/mapping';
import { matchExclusion, matchableItems } from '../../../shared/matching';

const base = { baseline: '2026-11-01', ZBD1T: 0, ZBD2T: 0, ZBD3T: 0, SHKZG: 'S', REBZG: '' };

describe('netDueDate', () => {
  it('counts ZBD3T, else ZBD2T, else ZBD1T from the baseline date', () => {
    expect(netDueDate({ ...base, ZBD1T: 10, ZBD2T: 20, ZBD3T: 30 })).toBe('2026-12-01');
    expect(netDueDate({ ...base, ZBD1T: 10, ZBD2T: 30 })).toBe('2026-12-01');
    expect(netDueDate({ ...base, ZBD1T: 14 })).toBe('2026-11-15');
    expect(netDueDate(base)).toBe('2026-11-01');
    expect(netDueDate({ ...base, baseline: null, ZBD1T: 14 })).toBeNull();
  });

  it('a credit without invoice reference is due at the baseline; one referring to an invoice follows its terms', () => {
    expect(netDueDate({ ...base, ZBD1T: 30, SHKZG: 'H' })).toBe('2026-11-01');
    expect(netDueDate({ ...base, ZBD1T: 30, SHKZG: 'H', REBZG: 'V' })).toBe('2026-12-01');
  });

  it('reads SAP day counts and percentages, and refuses what is neither', () => {
    expect(dayCount(' 30 ')).toBe(30);
    expect(dayCount('')).toBe(0);
    expect(() => dayCount('-3')).toThrow(RangeError);
    expect(percentThousandths('2.000')).toBe(2000);
    expect(percentThousandths('2.5')).toBe(2500);
    expect(percentThousandths('')).toBe(0);
    expect(() => percentThousandths('two')).toThrow(RangeError);
  });
});

describe('matchExclusion', () => {
  it('leaves special G/L items (down payments, requests) out of matching, with the reason', () => {
    expect(matchExclusion({ specialGl: '' })).toBeNull();
    expect(matchExclusion({})).toBeNull();
    expect(matchExclusion({ specialGl: 'A' })).toMatch(/down payment, special G\/L indicator A/);
    expect(matchExclusion({ specialGl: 'Z' })).toMatch(/indicator Z/);
    expect(matchableItems([{ specialGl: 'F' }, { specialGl: '' }, {}])).toHaveLength(2);
  });
});
