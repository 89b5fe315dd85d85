// The company code's fiscal calendar over RFC
// (docs/ARCHITECTURE.md, "What goes into the FI document"): RFC_READ_TABLE on T001 (the
// fiscal-year variant PERIV and the posting-period variant OPVAR), T009 (the variant: calendar year
// XKALE, year-dependent XJABH, periods ANZBP/ANZSP), T009B (the period ends, only for a variant that
// is not the calendar year) with T009Y (shortened fiscal years), and T001B (OB52: the open intervals
// of the posting-period variant for every account type '+', customers 'D' and G/L accounts 'S').
// The rule that uses it is shared/posting/posting-date.ts.
import type {
  CompanyCalendar,
  PeriodEnd,
  PeriodInterval,
  PostingPeriodRule,
} from '../../../../shared/posting/fiscal-calendar';
import { type Call, and, eq, inList, readTable } from './read-table';

/** The account types whose T001B rows a customer payment's lines are checked against. */
const ACCOUNT_TYPES = ['+', 'D', 'S'];

/** T001 does not hold the company code (or not its variants): no calendar can be read. */
export class CalendarNotMaintained extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarNotMaintained';
  }
}

const num = (v: string | undefined): number => Number((v ?? '').trim() || '0');

export async function readCompanyCalendar(
  call: Call,
  companyCode: string,
  lengthCache?: Map<string, number>,
): Promise<CompanyCalendar> {
  const [t001] = await readTable(call, {
    table: 'T001',
    fields: ['PERIV', 'OPVAR'],
    keyFields: ['BUKRS'],
    where: eq('BUKRS', companyCode),
    lengthCache,
  });
  const periv = (t001?.PERIV ?? '').trim();
  const opvar = (t001?.OPVAR ?? '').trim();
  if (!t001 || !periv || !opvar)
    throw new CalendarNotMaintained(
      `Company code ${companyCode} has ${t001 ? 'no fiscal-year or posting-period variant' : 'no entry'} in T001`,
    );
  const [t009] = await readTable(call, {
    table: 'T009',
    fields: ['XKALE', 'XJABH', 'ANZBP', 'ANZSP'],
    keyFields: ['PERIV'],
    where: eq('PERIV', periv),
    lengthCache,
  });
  if (!t009)
    throw new CalendarNotMaintained(`Fiscal-year variant ${periv} of company code ${companyCode} is not in T009`);
  const calendarYear = (t009.XKALE ?? '').trim() === 'X';
  // A calendar-year variant has no T009B rows: its periods are the months.
  const [t009b, t009y] = calendarYear
    ? [[], []]
    : await Promise.all([
        readTable(call, {
          table: 'T009B',
          fields: ['BDATJ', 'BUMON', 'BUTAG', 'POPER', 'RELJR'],
          keyFields: ['PERIV', 'BDATJ', 'BUMON', 'BUTAG'],
          where: eq('PERIV', periv),
          lengthCache,
        }),
        readTable(call, {
          table: 'T009Y',
          fields: ['GJAHR', 'ANZBP'],
          keyFields: ['PERIV', 'GJAHR'],
          where: eq('PERIV', periv),
          lengthCache,
        }),
      ]);
  const t001b = await readTable(call, {
    table: 'T001B',
    fields: ['VKONT', 'FRYE1', 'FRPE1', 'TOYE1', 'TOPE1', 'FRYE2', 'FRPE2', 'TOYE2', 'TOPE2'],
    keyFields: ['RRCTY', 'BUKRS', 'MKOAR', 'BKONT'],
    // RRCTY '0': actual postings. BUKRS in T001B is the posting-period variant, not the company code.
    where: and(eq('RRCTY', '0'), eq('BUKRS', opvar), inList('MKOAR', ACCOUNT_TYPES)),
    lengthCache,
  });
  const periodEnds: PeriodEnd[] = t009b.map((r) => ({
    calendarYear: num(r.BDATJ),
    month: num(r.BUMON),
    day: num(r.BUTAG),
    period: num(r.POPER),
    // RELJR is CHAR 2: '-1', '+1', '1', '0' or blank.
    yearShift: Number((r.RELJR ?? '').trim() || '0'),
  }));
  const periodRules: PostingPeriodRule[] = t001b.map((r) => {
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
      calendarYear,
      yearDependent: (t009.XJABH ?? '').trim() === 'X',
      periods: num(t009.ANZBP) || 12,
      specialPeriods: num(t009.ANZSP),
      periodEnds,
      shortenedYears: t009y.map((r) => ({ fiscalYear: num(r.GJAHR), periods: num(r.ANZBP) })),
    },
    periodRules,
  };
}
