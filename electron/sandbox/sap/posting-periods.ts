// The sandbox's posting-period variants (T001B, maintained in OB52) and fiscal-year variants as
// SAP keeps them (T009, T009B), so RFC_READ_TABLE serves what a real system would and the period
// check of a posting decides from the same rows. The sandbox's own code: it never reuses the
// client's calendar (shared/posting/fiscal-calendar.ts), so a client that reads these tables
// wrongly is refused by the posting.
//
// T001B key: RRCTY ('0' actual), BUKRS (the posting-period variant, T001-OPVAR, not the company
// code), MKOAR ('+' every account type and required, 'D' customers, 'S' G/L accounts, ...),
// BKONT (to account); VKONT (from account). Each row holds two intervals, FRYE1/FRPE1..TOYE1/TOPE1
// and FRYE2/FRPE2..TOYE2/TOPE2, compared as (year, period). A posting needs its period open in
// the '+' row and, for each line, in the row of the line's account type whose range holds its
// account (where there is one).
import { FISCAL_YEAR_VARIANTS } from './fiscal-year';

export interface T001bRow {
  RRCTY: string;
  BUKRS: string;
  MKOAR: string;
  BKONT: string;
  VKONT: string;
  FRYE1: string;
  FRPE1: string;
  TOYE1: string;
  TOPE1: string;
  FRYE2: string;
  FRPE2: string;
  TOYE2: string;
  TOPE2: string;
}

export interface T009Row {
  PERIV: string;
  XKALE: string;
  XJABH: string;
  ANZBP: string;
  ANZSP: string;
}

export interface T009bRow {
  PERIV: string;
  BDATJ: string;
  BUMON: string;
  BUTAG: string;
  POPER: string;
  RELJR: string;
}

/** Periods per fiscal year the intervals count in: 12 normal and 4 special. */
const PERIODS = 16;
/** The first and last period the sandbox's variants start with open. */
const FIRST = { year: 1990, period: 1 };
const LAST = { year: 9999, period: PERIODS };

type Range = [number, number];
const idx = (year: number, period: number): number => year * PERIODS + (period - 1);
const yearOf = (i: number): string => String(Math.floor(i / PERIODS)).padStart(4, '0');
const periodOf = (i: number): string => String((i % PERIODS) + 1).padStart(3, '0');
const numc = (v: string): number => Number(v.trim() || '0');

function rangesOf(r: T001bRow): Range[] {
  const out: Range[] = [];
  for (const [fy, fp, ty, tp] of [
    [r.FRYE1, r.FRPE1, r.TOYE1, r.TOPE1],
    [r.FRYE2, r.FRPE2, r.TOYE2, r.TOPE2],
  ] as const) {
    if (numc(fy) === 0 && numc(ty) === 0) continue;
    const from = idx(numc(fy), numc(fp));
    const to = idx(numc(ty), numc(tp));
    if (from <= to) out.push([from, to]);
  }
  return out;
}

function writeRanges(r: T001bRow, ranges: Range[]): void {
  const [one, two] = ranges;
  const put = (n: 1 | 2, range: Range | undefined): void => {
    const from = range ? [yearOf(range[0]), periodOf(range[0])] : ['0000', '000'];
    const to = range ? [yearOf(range[1]), periodOf(range[1])] : ['0000', '000'];
    Object.assign(r, {
      [`FRYE${n}`]: from[0],
      [`FRPE${n}`]: from[1],
      [`TOYE${n}`]: to[0],
      [`TOPE${n}`]: to[1],
    });
  };
  put(1, one);
  put(2, two);
}

/** Sorted, with adjacent and overlapping ranges joined. */
function normalise(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

const padAccount = (a: string): string => (/^\d+$/.test(a.trim()) ? a.trim().padStart(10, '0') : a.trim());

export class PostingPeriodVariants {
  readonly rows: T001bRow[] = [];

  /** OB52 for a new variant: a '+' row with every period open. */
  ensure(opvar: string): void {
    if (this.row(opvar, '+')) return;
    this.rows.push(this.fullRow(opvar, '+', '', ''));
  }

  /**
   * OB52: closes one period for an account type ('+' every type). A row holds two intervals: when
   * the periods left open need a third, the earliest interval closes too, as a finance team closes
   * periods in order (what lies before the first interval is closed).
   */
  close(opvar: string, gjahr: string | number, monat: string | number, mkoar = '+'): void {
    const row = this.row(opvar, mkoar) ?? this.add(opvar, mkoar);
    const p = idx(Number(gjahr), Number(monat));
    const ranges: Range[] = [];
    for (const [from, to] of rangesOf(row)) {
      if (p < from || p > to) ranges.push([from, to]);
      else {
        if (from < p) ranges.push([from, p - 1]);
        if (p < to) ranges.push([p + 1, to]);
      }
    }
    const kept = normalise(ranges);
    writeRanges(row, kept.slice(Math.max(0, kept.length - 2)));
  }

  /** OB52: opens one period for an account type again. Refused when the row would need a third interval. */
  open(opvar: string, gjahr: string | number, monat: string | number, mkoar = '+'): void {
    const row = this.row(opvar, mkoar) ?? this.add(opvar, mkoar);
    const p = idx(Number(gjahr), Number(monat));
    const ranges = normalise([...rangesOf(row), [p, p]]);
    if (ranges.length > 2)
      throw new Error(
        `OB52: posting period variant ${opvar}, account type ${mkoar} holds two intervals; period ${monat}/${gjahr} is not next to either`,
      );
    writeRanges(row, ranges);
  }

  /**
   * Whether a posting into the period is allowed: the '+' row, then the row of each line's account
   * type and account. Returns the account type that closes it ('+', 'D', 'S'), or null when open.
   */
  closedFor(
    opvar: string,
    gjahr: string | number,
    monat: string | number,
    accounts: readonly { type: string; account: string }[] = [],
  ): string | null {
    const p = idx(Number(gjahr), Number(monat));
    const inside = (r: T001bRow): boolean => rangesOf(r).some(([from, to]) => from <= p && p <= to);
    const plus = this.row(opvar, '+');
    if (!plus || !inside(plus)) return '+';
    for (const a of accounts) {
      const account = padAccount(a.account);
      const row = this.rows.find(
        (r) =>
          r.BUKRS === opvar &&
          r.MKOAR === a.type &&
          padAccount(r.VKONT) <= account &&
          account <= padAccount(r.BKONT || r.VKONT),
      );
      if (row && !inside(row)) return a.type;
    }
    return null;
  }

  restore(rows: readonly T001bRow[]): void {
    this.rows.splice(0, this.rows.length, ...rows.map((r) => ({ ...r })));
  }

  private row(opvar: string, mkoar: string): T001bRow | undefined {
    return this.rows.find((r) => r.BUKRS === opvar && r.MKOAR === mkoar);
  }

  /** A row for an account type over every account (VKONT '' to BKONT 'ZZZZZZZZZZ'), opened as the '+' row is. */
  private add(opvar: string, mkoar: string): T001bRow {
    const plus = this.row(opvar, '+');
    const row = plus
      ? { ...plus, MKOAR: mkoar, VKONT: '', BKONT: 'ZZZZZZZZZZ' }
      : this.fullRow(opvar, mkoar, '', 'ZZZZZZZZZZ');
    this.rows.push(row);
    return row;
  }

  private fullRow(opvar: string, mkoar: string, vkont: string, bkont: string): T001bRow {
    const row: T001bRow = {
      RRCTY: '0',
      BUKRS: opvar,
      MKOAR: mkoar,
      BKONT: bkont,
      VKONT: vkont,
      FRYE1: '',
      FRPE1: '',
      TOYE1: '',
      TOPE1: '',
      FRYE2: '',
      FRPE2: '',
      TOYE2: '',
      TOPE2: '',
    };
    writeRanges(row, [[idx(FIRST.year, FIRST.period), idx(LAST.year, LAST.period)]]);
    return row;
  }
}

/** T009 of the sandbox's fiscal-year variants: K4 is the calendar year (XKALE), the others shift. */
export function t009Rows(): T009Row[] {
  return Object.values(FISCAL_YEAR_VARIANTS).map((v) => ({
    PERIV: v.PERIV,
    XKALE: v.startMonth === 1 ? 'X' : '',
    XJABH: '',
    ANZBP: '012',
    ANZSP: '04',
  }));
}

const MONTH_END = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * T009B of the variants that are not calendar years: year-independent (BDATJ 0000), one row per
 * month's end (BUTAG 29 for February: SAP takes the month's last day), the period and the year
 * shift ('-1' for the months before the fiscal year starts: V3's January is period 10 of the year
 * before). A calendar-year variant has no T009B rows.
 */
export function t009bRows(): T009bRow[] {
  const out: T009bRow[] = [];
  for (const v of Object.values(FISCAL_YEAR_VARIANTS)) {
    if (v.startMonth === 1) continue;
    for (let month = 1; month <= 12; month++) {
      const shifted = month - v.startMonth;
      out.push({
        PERIV: v.PERIV,
        BDATJ: '0000',
        BUMON: String(month).padStart(2, '0'),
        BUTAG: String(MONTH_END[month - 1]).padStart(2, '0'),
        POPER: String(((shifted + 12) % 12) + 1).padStart(3, '0'),
        RELJR: shifted < 0 ? '-1' : '0',
      });
    }
  }
  return out;
}
