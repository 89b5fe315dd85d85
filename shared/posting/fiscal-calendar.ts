// A company code's fiscal calendar as SAP keeps it, read from SAP
// (docs/ARCHITECTURE.md, "What goes into the FI document"): the fiscal-year variant (T009, its period ends in T009B, shortened fiscal
// years in T009Y) and the posting-period variant's open intervals (T001B, maintained in OB52).
// Pure: which fiscal year and period a date falls in, where a period starts and ends, and whether
// it is open for posting. The SAP simulator has its own implementation to disagree with this one.
import { civilFromDays, daysFromCivil, isLeapYear } from '../time';

/** One T009B row: the last day (month, day) of a posting period and the year shift of that period. */
export interface PeriodEnd {
  /** BDATJ: the calendar year the row is for; 0 in a year-independent variant (every year). */
  readonly calendarYear: number;
  /** BUMON, BUTAG: the period's last day. A BUTAG beyond the month's end means its last day (29 Feb). */
  readonly month: number;
  readonly day: number;
  /** POPER. */
  readonly period: number;
  /** RELJR: the fiscal year is the calendar year plus this (-1, 0, +1). */
  readonly yearShift: number;
}

/** T009 with its T009B and T009Y rows. */
export interface FiscalYearVariant {
  /** PERIV, e.g. K4, V3, V6. */
  readonly id: string;
  /** XKALE: periods are the calendar months, the fiscal year the calendar year (T009B is not read). */
  readonly calendarYear: boolean;
  /** XJABH: T009B rows are per calendar year (a 4-4-5 calendar, a shortened fiscal year). */
  readonly yearDependent: boolean;
  /** ANZBP: normal posting periods of a fiscal year. */
  readonly periods: number;
  /** ANZSP: special periods after the normal ones (13-16 with 12 periods). */
  readonly specialPeriods: number;
  readonly periodEnds: readonly PeriodEnd[];
  /** T009Y: fiscal years with fewer normal periods than ANZBP (shortened fiscal years). */
  readonly shortenedYears: readonly { readonly fiscalYear: number; readonly periods: number }[];
}

/** FRYE/FRPE to TOYE/TOPE of a T001B row: the periods in it are open. */
export interface PeriodInterval {
  readonly fromYear: number;
  readonly fromPeriod: number;
  readonly toYear: number;
  readonly toPeriod: number;
}

/** One T001B row of the posting-period variant: what is open for an account type and account range. */
export interface PostingPeriodRule {
  /** MKOAR: '+' (every account type, required), 'D' customers, 'S' G/L accounts, 'K', 'A', 'M'. */
  readonly accountType: string;
  /** VKONT to BKONT, with SAP's leading zeros; '+' rows cover every account. */
  readonly fromAccount: string;
  readonly toAccount: string;
  /** Interval 1 (FRYE1..TOPE1) and interval 2 (FRYE2..TOPE2, usually the special periods). */
  readonly intervals: readonly PeriodInterval[];
}

export interface CompanyCalendar {
  readonly companyCode: string;
  readonly variant: FiscalYearVariant;
  /** T001-OPVAR. */
  readonly periodVariant: string;
  readonly periodRules: readonly PostingPeriodRule[];
}

export interface FiscalPeriod {
  readonly fiscalYear: number;
  readonly period: number;
}

/** An account a document posts to, for the period check: type D (KUNNR) or S (HKONT). */
export interface PostedAccount {
  readonly type: string;
  readonly account: string;
}

/** The calendar cannot say (a year the variant does not define): SAP would refuse the posting too. */
export class FiscalCalendarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FiscalCalendarError';
  }
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const lastDayOf = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
const iso = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

function parseIso(date: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m || month < 1 || month > 12 || day < 1 || day > lastDayOf(year, month))
    throw new FiscalCalendarError(`"${date}" is not a date (YYYY-MM-DD)`);
  return { year, month, day };
}

/** T009B rows that apply to a calendar year, in date order. */
function endsOf(variant: FiscalYearVariant, calendarYear: number): PeriodEnd[] {
  const rows = variant.periodEnds.filter((r) => r.calendarYear === (variant.yearDependent ? calendarYear : 0));
  return rows.sort((a, b) => a.month - b.month || a.day - b.day);
}

/** The T009B row's end date in a calendar year (a day past the month's end is its last day). */
const endDate = (r: PeriodEnd, calendarYear: number): string =>
  iso(calendarYear, r.month, Math.min(r.day, lastDayOf(calendarYear, r.month)));

/** The fiscal year and normal period of a date, as SAP derives them from the posting date. */
export function fiscalPeriodOf(date: string, variant: FiscalYearVariant): FiscalPeriod {
  const { year, month, day } = parseIso(date);
  if (variant.calendarYear) return { fiscalYear: year, period: month };
  const rows = endsOf(variant, year);
  if (rows.length === 0)
    throw new FiscalCalendarError(`Fiscal-year variant ${variant.id} is not maintained for calendar year ${year}`);
  const hit = rows.find(
    (r) => r.month > month || (r.month === month && Math.min(r.day, lastDayOf(year, r.month)) >= day),
  );
  if (!hit)
    throw new FiscalCalendarError(
      `Fiscal-year variant ${variant.id} has no period for ${date}: its periods of ${year} end before the year does`,
    );
  return { fiscalYear: year + hit.yearShift, period: hit.period };
}

/** Normal periods of a fiscal year: ANZBP, or fewer in a shortened fiscal year. */
export function periodsIn(variant: FiscalYearVariant, fiscalYear: number): number {
  if (variant.calendarYear) return 12;
  return variant.shortenedYears.find((s) => s.fiscalYear === fiscalYear)?.periods ?? variant.periods;
}

/** The last day of a fiscal period. */
export function periodEndDate(variant: FiscalYearVariant, p: FiscalPeriod): string {
  if (variant.calendarYear) return iso(p.fiscalYear, p.period, lastDayOf(p.fiscalYear, p.period));
  // Its rows sit in the calendar years around the fiscal year (year shift -1..+1); a period that
  // spans a year end (a 4-4-5 period 1 starting in late December) has a row in each: it ends at the later.
  let last: string | null = null;
  for (const calendarYear of [p.fiscalYear - 1, p.fiscalYear, p.fiscalYear + 1]) {
    for (const r of endsOf(variant, calendarYear)) {
      if (r.period !== p.period || calendarYear + r.yearShift !== p.fiscalYear) continue;
      const date = endDate(r, calendarYear);
      if (last === null || date > last) last = date;
    }
  }
  if (last === null)
    throw new FiscalCalendarError(
      `Fiscal-year variant ${variant.id} does not define period ${p.period} of fiscal year ${p.fiscalYear}`,
    );
  return last;
}

/** The period after this one (normal periods only; a shortened year has fewer). */
export function nextPeriod(variant: FiscalYearVariant, p: FiscalPeriod): FiscalPeriod {
  return p.period < periodsIn(variant, p.fiscalYear)
    ? { fiscalYear: p.fiscalYear, period: p.period + 1 }
    : { fiscalYear: p.fiscalYear + 1, period: 1 };
}

/** The first day of a fiscal period: the day after the previous period ends. */
export function periodStartDate(variant: FiscalYearVariant, p: FiscalPeriod): string {
  const previous =
    p.period > 1
      ? { fiscalYear: p.fiscalYear, period: p.period - 1 }
      : { fiscalYear: p.fiscalYear - 1, period: periodsIn(variant, p.fiscalYear - 1) };
  const end = parseIso(periodEndDate(variant, previous));
  const next = civilFromDays(daysFromCivil(end.year, end.month, end.day) + 1);
  return iso(next.year, next.month, next.day);
}

const ordinal = (year: number, period: number): number => year * 1000 + period;
const inInterval = (i: PeriodInterval, p: FiscalPeriod): boolean =>
  ordinal(i.fromYear, i.fromPeriod) <= ordinal(p.fiscalYear, p.period) &&
  ordinal(p.fiscalYear, p.period) <= ordinal(i.toYear, i.toPeriod);
const padAccount = (a: string): string => (/^\d+$/.test(a) ? a.padStart(10, '0') : a);

/**
 * Whether SAP lets a document post into a period: the '+' row must have it open, and for each
 * account, the row of its account type whose range holds the account (when there is one) too.
 * Returns what closes it, or null when it is open.
 */
export function periodClosedBy(
  calendar: CompanyCalendar,
  p: FiscalPeriod,
  accounts: readonly PostedAccount[] = [],
): string | null {
  const plus = calendar.periodRules.find((r) => r.accountType === '+');
  if (!plus) return `posting period variant ${calendar.periodVariant} has no '+' row (OB52)`;
  if (!plus.intervals.some((i) => inInterval(i, p))) return `closed for every account type (+)`;
  for (const a of accounts) {
    const account = padAccount(a.account);
    const rule = calendar.periodRules.find(
      (r) =>
        r.accountType === a.type &&
        padAccount(r.fromAccount) <= account &&
        account <= padAccount(r.toAccount || r.fromAccount),
    );
    if (rule && !rule.intervals.some((i) => inInterval(i, p)))
      return `closed for account type ${a.type}, account ${account.replace(/^0+(?=\d)/, '')}`;
  }
  return null;
}

/** The first period from `p` on (itself included) that is open for the accounts, within `limit` periods. */
export function firstOpenPeriod(
  calendar: CompanyCalendar,
  p: FiscalPeriod,
  accounts: readonly PostedAccount[] = [],
  limit = 36,
): FiscalPeriod | null {
  let at = p;
  for (let i = 0; i < limit; i++) {
    if (periodClosedBy(calendar, at, accounts) === null) return at;
    at = nextPeriod(calendar.variant, at);
  }
  return null;
}

/** "11/2026": a period as SAP's screens show it. */
export const periodText = (p: FiscalPeriod): string => `${String(p.period).padStart(2, '0')}/${p.fiscalYear}`;
