// Cash discount by an open item's payment terms (BSID ZBD1T/ZBD1P, ZBD2T/ZBD2P from the BAPI's
// DSCT_DAYS1/DSCT_PCT1): a payment short of an item by exactly the discount its terms grant is an
// earned discount when it was paid within the period counted from the baseline date (ZFBDT), and a
// short payment after it. SAP's own payment program reads terms the same way.
import type { OpenItem, PaymentTransaction } from '../domain';
import { formatMinor, percentThousandthsOf } from '../money';
import { glAccountText } from './write-off-text';

export interface DiscountCheck {
  readonly earned: boolean;
  /** Thousandths of a percent (2.000 % = 2000). */
  readonly percent: number;
  readonly days: number;
  /** Days from the baseline date to the payment's local day. */
  readonly elapsed: number;
  readonly baseline: string;
  /** Net days of the terms, when the item's due date gives them. */
  readonly net: number | null;
  /** The amount taken is the terms' discount to the cent (not a minor unit off by the customer's rounding). */
  readonly exact: boolean;
  /**
   * Taken late, while a later level of the terms is still earned on the day paid (2 % taken on day 15 of
   * 2/10, 1/20 net 30): that level and its amount (minor units, and as text), as SAP would propose it.
   */
  readonly stillEarned?: {
    readonly percent: number;
    readonly days: number;
    readonly minor: number;
    readonly amount: string;
  };
}

const DAY = 86_400_000;
const dayNumber = (iso: string): number => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY;

/** The payment's day where the payer is: PayTrace's local timestamp ("3/5/2025 9:12:00 AM"), else UTC. */
export function paymentDay(t: PaymentTransaction): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(t.createdAt.original.trim());
  return m ? `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}` : t.createdAt.utc.slice(0, 10);
}

/**
 * The terms' discount that makes `short` (item minus payment, minor units), exactly or but for the last minor unit
 * (the customer's own rounding), or null.
 */
export function cashDiscount(item: OpenItem, payDay: string, short: number): DiscountCheck | null {
  const terms = item.cashDiscount;
  if (!terms || short <= 0 || item.amount.minor <= 0) return null;
  const baseline = item.baselineDate ?? item.documentDate;
  if (!baseline) return null;
  const elapsed = dayNumber(payDay) - dayNumber(baseline);
  const net = item.dueDate ? dayNumber(item.dueDate) - dayNumber(baseline) : null;
  let late: DiscountCheck | null = null;
  for (const [percent, days] of [
    [terms.percent1, terms.days1],
    [terms.percent2, terms.days2],
  ] as const) {
    if (percent <= 0 || days <= 0) continue;
    // To the minor unit: a customer who works out 2 % of 1,234.75 takes 24.69 (SAP rounds it to 24.70).
    const granted = percentThousandthsOf(item.amount, percent).minor;
    if (Math.abs(granted - short) > 1) continue;
    const check = { earned: elapsed <= days, percent, days, elapsed, baseline, net, exact: granted === short };
    if (check.earned) return check;
    late ??= check;
  }
  if (late === null) return null;
  for (const [percent, days] of [
    [terms.percent1, terms.days1],
    [terms.percent2, terms.days2],
  ] as const)
    if (percent > 0 && percent < late.percent && elapsed <= days) {
      const minor = percentThousandthsOf(item.amount, percent).minor;
      return { ...late, stillEarned: { percent, days, minor, amount: formatMinor(minor, item.amount.currency) } };
    }
  return late;
}

/**
 * The cash discount the item's terms grant when paid on `payDay` (the first period still open, as SAP takes it),
 * with its amount in the item's minor units; null when none is earned.
 */
export function earnedDiscount(item: OpenItem, payDay: string): (DiscountCheck & { readonly minor: number }) | null {
  const terms = item.cashDiscount;
  if (!terms) return null;
  for (const percent of [terms.percent1, terms.percent2]) {
    if (percent <= 0) continue;
    const minor = percentThousandthsOf(item.amount, percent).minor;
    const check = minor > 0 ? cashDiscount(item, payDay, minor) : null;
    if (check?.earned && check.percent === percent) return { ...check, minor };
  }
  return null;
}

/** "2" for 2000, "1.5" for 1500. */
export function percentText(thousandths: number): string {
  const whole = Math.floor(thousandths / 1000);
  const frac = String(thousandths % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** The clerk's sentence: "2% discount earned: paid 3 days after the baseline date, terms 2/10 net 30". */
export function discountReason(d: DiscountCheck, amount: string, gl: string): string {
  const terms = `terms ${percentText(d.percent)}/${d.days}${d.net !== null && d.net > 0 ? ` net ${d.net}` : ''}`;
  if (d.earned)
    return `${percentText(d.percent)}% discount earned (${amount}): paid ${d.elapsed} day${d.elapsed === 1 ? '' : 's'} after the baseline date ${d.baseline}, ${terms}; discount to ${glAccountText(gl)}`;
  const late = `${percentText(d.percent)}% discount taken ${d.elapsed - d.days} day${d.elapsed - d.days === 1 ? '' : 's'} after the discount period ended (paid ${d.elapsed} days after the baseline date ${d.baseline}, ${terms})`;
  // A late discount within tolerance is written off as a payment difference (the fit carries the account).
  if (gl !== '') return `${late}: not earned, but ${amount} is within tolerance: difference to ${glAccountText(gl)}`;
  return `${late}: a short payment, not an earned discount; ${amount} stays open`;
}

/**
 * The clerk's sentence for a late discount while a later level is still earned (2 % taken on day 15 of 2/10, 1/20):
 * that level granted to the cash-discount account, as SAP proposes it on the day, and `rest` left as a residual item.
 */
export function laterLevelReason(d: DiscountCheck, rest: string, gl: string): string {
  const still = d.stillEarned!;
  return `${percentText(d.percent)}% discount taken ${d.elapsed - d.days} days after its period ended (paid ${d.elapsed} days after the baseline date ${d.baseline}); within ${still.days} days ${percentText(still.percent)}% (${still.amount}) is still earned: granted, discount to ${glAccountText(gl)}; the invoice is cleared and ${rest} stays open as a residual item on the customer`;
}
