// The posting date (shared/posting/posting-date.ts): the company code's local date, the day the
// payment settled, and the explicit period cut-off against what SAP has open.
import { describe, expect, it } from 'vitest';
import {
  type CompanyCalendar,
  type PeriodInterval,
  decidePostingDate,
  localDateOf,
  PostingPeriodError,
} from '../../../shared/posting';
import { K4, shifted } from './variants';

const LA = 'America/Los_Angeles';
const NY = 'America/New_York';

const k4Open = (...intervals: PeriodInterval[]): CompanyCalendar => ({
  companyCode: '1000',
  variant: K4,
  periodVariant: '1000',
  periodRules: [{ accountType: '+', fromAccount: '', toAccount: '', intervals }],
});
const open = (fromYear: number, fromPeriod: number, toYear: number, toPeriod: number): PeriodInterval => ({
  fromYear,
  fromPeriod,
  toYear,
  toPeriod,
});

describe('localDateOf', () => {
  it('an evening approval in the US is still today there, though UTC has moved on', () => {
    // 19:30 PST on 20 November is 03:30 UTC on the 21st.
    expect(localDateOf('2026-11-21T03:30:00Z', LA)).toBe('2026-11-20');
    expect(localDateOf('2026-11-21T03:30:00Z', 'UTC')).toBe('2026-11-21');
    // And a morning in Tokyo is a day ahead of UTC.
    expect(localDateOf('2026-10-31T20:00:00Z', 'Asia/Tokyo')).toBe('2026-11-01');
  });

  it('midnight moves with daylight saving time (New York, spring forward and fall back 2026)', () => {
    // 8 March 2026: EST (UTC-5) until 02:00, then EDT (UTC-4).
    expect(localDateOf('2026-03-08T04:59:59Z', NY)).toBe('2026-03-07');
    expect(localDateOf('2026-03-08T05:00:00Z', NY)).toBe('2026-03-08');
    expect(localDateOf('2026-03-08T06:59:59Z', NY)).toBe('2026-03-08'); // 01:59:59 EST
    expect(localDateOf('2026-03-08T07:00:00Z', NY)).toBe('2026-03-08'); // 03:00 EDT
    expect(localDateOf('2026-03-09T03:59:59Z', NY)).toBe('2026-03-08'); // midnight is now 04:00 UTC
    expect(localDateOf('2026-03-09T04:00:00Z', NY)).toBe('2026-03-09');
    // 1 November 2026: EDT until 02:00, then EST again; 01:30 happens twice, both on the 1st.
    expect(localDateOf('2026-11-01T03:59:59Z', NY)).toBe('2026-10-31');
    expect(localDateOf('2026-11-01T05:30:00Z', NY)).toBe('2026-11-01');
    expect(localDateOf('2026-11-01T06:30:00Z', NY)).toBe('2026-11-01');
    expect(localDateOf('2026-11-02T04:59:59Z', NY)).toBe('2026-11-01'); // midnight is now 05:00 UTC
    expect(localDateOf('2026-11-02T05:00:00Z', NY)).toBe('2026-11-02');
  });

  it('refuses what is not an instant', () => {
    expect(() => localDateOf('yesterday', LA)).toThrow(PostingPeriodError);
  });
});

describe('decidePostingDate', () => {
  it('not settled: the approval day in the company code’s zone; without a calendar SAP derives the period', () => {
    const d = decidePostingDate({ settledAt: null, now: '2026-11-21T03:30:00Z', zone: LA, calendar: null });
    expect(d).toMatchObject({ postingDate: '2026-11-20', period: null, basis: 'approval', movedFrom: null });
    expect(d.note).toMatch(/left to SAP/);
  });

  it('settled on the last evening of November (Pacific), approved on 1 December: posted on 30 November, period 11, while it is open', () => {
    const d = decidePostingDate({
      settledAt: '2026-12-01T05:00:00Z', // 21:00 PST on 30 November
      now: '2026-12-01T17:00:00Z',
      zone: LA,
      calendar: k4Open(open(2026, 11, 2026, 12)),
    });
    expect(d).toMatchObject({
      postingDate: '2026-11-30',
      valueDate: '2026-11-30',
      period: { fiscalYear: 2026, period: 11 },
      basis: 'settlement',
      movedFrom: null,
    });
    expect(d.note).toMatch(/period 11\/2026 is open/);
  });

  it('the same payment after November was closed goes to the first day of the first open period, and says so', () => {
    const d = decidePostingDate({
      settledAt: '2026-12-01T05:00:00Z',
      now: '2026-12-02T17:00:00Z',
      zone: LA,
      calendar: k4Open(open(2026, 12, 2027, 1)),
    });
    expect(d).toMatchObject({
      postingDate: '2026-12-01',
      valueDate: '2026-11-30',
      period: { fiscalYear: 2026, period: 12 },
      movedFrom: { fiscalYear: 2026, period: 11 },
    });
    expect(d.note).toMatch(/11\/2026, which SAP has closed/);
  });

  it('V3: 31 March is the last period of the fiscal year that began the April before', () => {
    const calendar: CompanyCalendar = {
      companyCode: '2000',
      variant: shifted('V3', 4),
      periodVariant: '2000',
      periodRules: [{ accountType: '+', fromAccount: '', toAccount: '', intervals: [open(2025, 12, 2026, 1)] }],
    };
    const d = decidePostingDate({
      settledAt: '2026-04-01T01:00:00Z', // 21:00 EDT on 31 March
      now: '2026-04-01T13:00:00Z',
      zone: NY,
      calendar,
    });
    expect(d).toMatchObject({ postingDate: '2026-03-31', period: { fiscalYear: 2025, period: 12 } });
    // Once period 12/2025 is closed: 1 April, period 1 of fiscal year 2026.
    const later = decidePostingDate({
      settledAt: '2026-04-01T01:00:00Z',
      now: '2026-04-03T13:00:00Z',
      zone: NY,
      calendar: { ...calendar, periodRules: [{ ...calendar.periodRules[0]!, intervals: [open(2026, 1, 2026, 2)] }] },
    });
    expect(later).toMatchObject({ postingDate: '2026-04-01', period: { fiscalYear: 2026, period: 1 } });
  });

  it('a period open for all but customer accounts moves a document with a customer line, not one without', () => {
    const calendar: CompanyCalendar = {
      ...k4Open(open(2026, 11, 2026, 12)),
      periodRules: [
        { accountType: '+', fromAccount: '', toAccount: '', intervals: [open(2026, 11, 2026, 12)] },
        { accountType: 'D', fromAccount: '0', toAccount: 'ZZZZZZZZZZ', intervals: [open(2026, 12, 2026, 12)] },
      ],
    };
    const at = { settledAt: '2026-11-20T20:00:00Z', now: '2026-12-01T17:00:00Z', zone: LA, calendar };
    expect(decidePostingDate({ ...at, accounts: [{ type: 'S', account: '113100' }] }).postingDate).toBe('2026-11-20');
    expect(
      decidePostingDate({
        ...at,
        accounts: [
          { type: 'S', account: '113100' },
          { type: 'D', account: '0000100001' },
        ],
      }).postingDate,
    ).toBe('2026-12-01');
  });

  it('never into the future: November and December closed, January open, approved on 2 December: refused', () => {
    expect(() =>
      decidePostingDate({
        settledAt: '2026-12-01T05:00:00Z',
        now: '2026-12-02T17:00:00Z',
        zone: LA,
        calendar: k4Open(open(2027, 1, 2027, 2)),
      }),
    ).toThrow(/starts on 2027-01-01, after today \(2026-12-02\).*OB52/);
  });

  it('every period closed: a clear error, nothing posted', () => {
    expect(() =>
      decidePostingDate({
        settledAt: null,
        now: '2026-11-20T20:00:00Z',
        zone: LA,
        calendar: k4Open(open(2020, 1, 2020, 12)),
      }),
    ).toThrow(/closed in SAP.*OB52/);
  });
});
