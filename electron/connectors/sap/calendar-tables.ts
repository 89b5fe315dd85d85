// The company code's fiscal calendar from SAP's tables as they are read, whichever transport read them
// (docs/ARCHITECTURE.md, "What goes into the FI document"): T001 (PERIV, OPVAR), T009 (XKALE, XJABH,
// ANZBP, ANZSP), T009B (the period ends of a variant that is not the calendar year), T009Y (shortened
// fiscal years) and T001B (OB52: RRCTY 0, the intervals per account type '+', 'D', 'S'). RFC reads the
// tables (rfc/calendar.ts), OData the Gateway service's sets that carry them (odata/calendar.ts); both
// hand the rows here with SAP's field names. The rule that uses it is shared/posting/posting-date.ts.
import type {
  CompanyCalendar,
  PeriodEnd,
  PeriodInterval,
  PostingPeriodRule,
} from '../../../shared/posting/fiscal-calendar';

/** The account types whose T001B rows a customer payment's lines are checked against. */
export const CALENDAR_ACCOUNT_TYPES = ['+', 'D', 'S'];

/** T001 does not hold the company code (or not its variants): no calendar can be read. */
export class CalendarNotMaintained extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarNotMaintained';
  }
}

type Row = Readonly<Record<string, string | undefined>>;

export interface CalendarTables {
  readonly t001: Row | undefined;
  readonly t009: Row | undefined;
  readonly t009b: readonly Row[];
  readonly t009y: readonly Row[];
  readonly t001b: readonly Row[];
}

const num = (v: string | undefined): number => Number((v ?? '').trim() || '0');

/** T001's fiscal-year variant (PERIV) and posting-period variant (OPVAR), or why there are none. */
export function calendarVariants(companyCode: string, t001: Row | undefined): { periv: string; opvar: string } {
  const periv = (t001?.PERIV ?? '').trim();
  const opvar = (t001?.OPVAR ?? '').trim();
  if (!t001 || !periv || !opvar)
    throw new CalendarNotMaintained(
      `Company code ${companyCode} has ${t001 ? 'no fiscal-year or posting-period variant' : 'no entry'} in T001`,
    );
  return { periv, opvar };
}

/** Whether T009 says the variant is the calendar year (no T009B rows: its periods are the months). */
export const isCalendarYear = (t009: Row): boolean => (t009.XKALE ?? '').trim() === 'X';

export function calendarFromTables(companyCode: string, tables: CalendarTables): CompanyCalendar {
  const { periv, opvar } = calendarVariants(companyCode, tables.t001);
  const t009 = tables.t009;
  if (!t009)
    throw new CalendarNotMaintained(`Fiscal-year variant ${periv} of company code ${companyCode} is not in T009`);
  const periodEnds: PeriodEnd[] = tables.t009b.map((r) => ({
    calendarYear: num(r.BDATJ),
    month: num(r.BUMON),
    day: num(r.BUTAG),
    period: num(r.POPER),
    // RELJR is CHAR 2: '-1', '+1', '1', '0' or blank.
    yearShift: Number((r.RELJR ?? '').trim() || '0'),
  }));
  const periodRules: PostingPeriodRule[] = tables.t001b.map((r) => {
    // Interval 3 (FRYE3..TOPE3) applies only to users of the row's authorisation group (BRGRU).
    const intervals: PeriodInterval[] = [
      { fromYear: num(r.FRYE1), fromPeriod: num(r.FRPE1), toYear: num(r.TOYE1), toPeriod: num(r.TOPE1) },
      { fromYear: num(r.FRYE2), fromPeriod: num(r.FRPE2), toYear: num(r.TOYE2), toPeriod: num(r.TOPE2) },
    ].filter((i) => i.fromYear > 0 || i.toYear > 0);
    return {
      accountType: (r.MKOAR ?? '').trim(),
      fromAccount: (r.VKONT ?? '').trim(),
      toAccount: (r.BKONT ?? '').trim(),
      intervals,
    };
  });
  return {
    companyCode,
    periodVariant: opvar,
    variant: {
      id: periv,
      calendarYear: isCalendarYear(t009),
      yearDependent: (t009.XJABH ?? '').trim() === 'X',
      periods: num(t009.ANZBP) || 12,
      specialPeriods: num(t009.ANZSP),
      periodEnds,
      shortenedYears: tables.t009y.map((r) => ({ fiscalYear: num(r.GJAHR), periods: num(r.ANZBP) })),
    },
    periodRules,
  };
}
