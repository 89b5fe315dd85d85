// The company code's fiscal calendar (shared/posting/fiscal-calendar.ts): which fiscal year and
// period a posting date falls in, per fiscal-year variant, and whether SAP has it open.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fiscalPeriod as sandboxFiscalPeriod } from '../../../electron/sandbox/sap/fiscal-year';
import {
  type CompanyCalendar,
  type FiscalYearVariant,
  FiscalCalendarError,
  firstOpenPeriod,
  fiscalPeriodOf,
  nextPeriod,
  periodClosedBy,
  periodEndDate,
  periodStartDate,
} from '../../../shared/posting';
import { K4, shifted } from './variants';

const V3 = shifted('V3', 4);
const V6 = shifted('V6', 7);

const calendar = (variant: FiscalYearVariant, rules: CompanyCalendar['periodRules']): CompanyCalendar => ({
  companyCode: '1000',
  variant,
  periodVariant: '1000',
  periodRules: rules,
});
const open = (fromYear: number, fromPeriod: number, toYear: number, toPeriod: number) => ({
  fromYear,
  fromPeriod,
  toYear,
  toPeriod,
});

describe('fiscalPeriodOf', () => {
  it('K4: the period is the month and the fiscal year the calendar year, to the last day', () => {
    expect(fiscalPeriodOf('2026-01-01', K4)).toEqual({ fiscalYear: 2026, period: 1 });
    expect(fiscalPeriodOf('2026-11-30', K4)).toEqual({ fiscalYear: 2026, period: 11 });
    expect(fiscalPeriodOf('2026-12-31', K4)).toEqual({ fiscalYear: 2026, period: 12 });
    expect(periodEndDate(K4, { fiscalYear: 2028, period: 2 })).toBe('2028-02-29');
    expect(periodEndDate(K4, { fiscalYear: 2026, period: 2 })).toBe('2026-02-28');
    expect(periodStartDate(K4, { fiscalYear: 2027, period: 1 })).toBe('2027-01-01');
  });

  it('V3 (April to March): March 31 is period 12 of the year that began the April before; April 1 opens the next', () => {
    expect(fiscalPeriodOf('2026-03-31', V3)).toEqual({ fiscalYear: 2025, period: 12 });
    expect(fiscalPeriodOf('2026-04-01', V3)).toEqual({ fiscalYear: 2026, period: 1 });
    expect(fiscalPeriodOf('2026-12-31', V3)).toEqual({ fiscalYear: 2026, period: 9 });
    expect(fiscalPeriodOf('2027-01-01', V3)).toEqual({ fiscalYear: 2026, period: 10 });
    expect(fiscalPeriodOf('2028-02-29', V3)).toEqual({ fiscalYear: 2027, period: 11 });
    expect(periodEndDate(V3, { fiscalYear: 2027, period: 11 })).toBe('2028-02-29');
    expect(periodEndDate(V3, { fiscalYear: 2025, period: 12 })).toBe('2026-03-31');
    expect(periodStartDate(V3, { fiscalYear: 2026, period: 1 })).toBe('2026-04-01');
    expect(periodStartDate(V3, { fiscalYear: 2026, period: 10 })).toBe('2027-01-01');
    expect(nextPeriod(V3, { fiscalYear: 2025, period: 12 })).toEqual({ fiscalYear: 2026, period: 1 });
  });

  it('agrees with the SAP simulator’s own fiscal-year variants (K4, V3, V6) on every day (property)', () => {
    const variants = { K4, V3, V6 };
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2099, 11, 31) }),
        fc.constantFrom('K4', 'V3', 'V6') as fc.Arbitrary<keyof typeof variants>,
        (ms, periv) => {
          const iso = new Date(ms).toISOString().slice(0, 10);
          const ours = fiscalPeriodOf(iso, variants[periv]);
          const sap = sandboxFiscalPeriod(iso.replace(/-/g, ''), periv);
          expect({ fiscalYear: String(ours.fiscalYear), period: String(ours.period).padStart(2, '0') }).toEqual({
            fiscalYear: sap.GJAHR,
            period: sap.MONAT,
          });
          // Each day lies within its period's first and last day.
          expect(periodStartDate(variants[periv], ours) <= iso).toBe(true);
          expect(iso <= periodEndDate(variants[periv], ours)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a year-dependent variant not maintained for a year, and a bad date, are refused as SAP would', () => {
    const only2026: FiscalYearVariant = {
      ...V3,
      id: 'Z1',
      yearDependent: true,
      periodEnds: V3.periodEnds.map((r) => ({ ...r, calendarYear: 2026 })),
    };
    expect(fiscalPeriodOf('2026-05-01', only2026)).toEqual({ fiscalYear: 2026, period: 2 });
    expect(() => fiscalPeriodOf('2027-05-01', only2026)).toThrow(FiscalCalendarError);
    expect(() => fiscalPeriodOf('2026-13-01', K4)).toThrow(FiscalCalendarError);
    expect(() => fiscalPeriodOf('2027-02-29', V3)).toThrow(FiscalCalendarError);
    expect(() => fiscalPeriodOf('20261101', K4)).toThrow(/not a date/);
  });
});

describe('periodClosedBy (OB52, T001B)', () => {
  it("the '+' row must have the period open, and so must the row for each posted account's type and range", () => {
    const cal = calendar(K4, [
      { accountType: '+', fromAccount: '', toAccount: '', intervals: [open(2026, 11, 2026, 12)] },
      { accountType: 'D', fromAccount: '0', toAccount: 'ZZZZZZZZZZ', intervals: [open(2026, 12, 2026, 12)] },
    ]);
    expect(periodClosedBy(cal, { fiscalYear: 2026, period: 11 })).toBeNull();
    expect(periodClosedBy(cal, { fiscalYear: 2026, period: 10 })).toMatch(/every account type/);
    expect(periodClosedBy(cal, { fiscalYear: 2026, period: 11 }, [{ type: 'D', account: '100001' }])).toMatch(
      /account type D, account 100001/,
    );
    expect(firstOpenPeriod(cal, { fiscalYear: 2026, period: 11 }, [{ type: 'D', account: '100001' }])).toEqual({
      fiscalYear: 2026,
      period: 12,
    });
    expect(firstOpenPeriod(cal, { fiscalYear: 2027, period: 1 })).toBeNull();
    expect(periodClosedBy(calendar(K4, []), { fiscalYear: 2026, period: 11 })).toMatch(/no '\+' row/);
  });
});
