// A candidate proposal before the run decides which transaction gets which open item.
import type { OpenItem, PaymentTransaction } from '../domain';
import { currencyExponent, formatMinor, money, percentOf } from '../money';
import { cashDiscount, type DiscountCheck, discountReason, laterLevelReason } from './discount';
import { absoluteTolerance, cashDiscountGl, type MatchingRules, type StageId } from './rules';
import type { ProposalCase } from './types';
import { glAccountText } from './write-off-text';
import type { GlRule } from '../posting/gl-rules';
import { writeOffGlRule } from '../posting/builder';

export interface Claim {
  readonly index: number;
  /** Cash from the payment applied to the item, minor units. */
  readonly cash: number;
  /** Part of the item cleared to a G/L account (tolerance, earned discount), minor units. */
  readonly writeOff: number;
}

export interface Candidate {
  readonly stage: StageId;
  readonly case: ProposalCase;
  readonly confidence: number;
  readonly customer: string | null;
  readonly claims: readonly Claim[];
  readonly onAccount: number;
  readonly writeOff: {
    readonly minor: number;
    readonly gl: string;
    readonly why: 'tolerance' | 'discount';
  } | null;
  readonly reasons: readonly string[];
  /** Position in its stage's list, so the explained twin of a chosen candidate can be found. */
  ordinal?: number;
  /** Stage 1 only: how its single hit was found (exact-stage Trace, -1 for none), so the twin needs no look-up. */
  trace?: number;
  /**
   * Stage 3 only: the only open item of exactly the amount that a certain payer could mean
   * (scored-stage.ts, soleAmount); the rules' `soleAmount` says whether it may post without a clerk.
   */
  readonly sole?: boolean;
  /** The company code of a candidate without claims when its customer's open items cannot say (a cleared invoice's). */
  readonly companyCode?: string;
}

/**
 * Reasons are built only when asked for (`explain`): a run generates its candidates without
 * them, and generates the chosen one again with them (generation is deterministic), so a
 * 1M-transaction run never holds strings for the candidates that lose.
 */
export const NO_REASONS: readonly string[] = Object.freeze([]);

export const fmt = (minor: number, currency: string): string => formatMinor(minor, currency);
/**
 * A likely duplicate payment: nothing applied, the whole amount on account of `customer` (or suspense when
 * none is known), never automatic (rank.ts `tierOf`). The in-run duplicate (engine.ts) and the second payment
 * of an invoice SAP cleared (cleared.ts) both make it.
 */
export function duplicateOnAccount(
  customer: string | null,
  pay: number,
  reasons: readonly string[],
  companyCode?: string,
): Candidate {
  return {
    stage: 'scored',
    case: 'duplicate',
    confidence: 0.4,
    customer,
    claims: [],
    onAccount: pay,
    writeOff: null,
    reasons,
    ...(companyCode !== undefined ? { companyCode } : {}),
  };
}

export const round3 = (x: number): number => Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;

/** What PayTrace says of a payer the engine could not name: its billing name and vault id. */
export function unknownPayer(t: Pick<PaymentTransaction, 'billingName' | 'vaultCustomerId'>): string {
  return `the payer is unknown (billing name "${t.billingName.trim()}"${t.vaultCustomerId ? `, vault id ${t.vaultCustomerId}` : ', no vault id'})`;
}

export function describeItem(item: OpenItem): string {
  const s = item.source;
  const label = item.reference !== '' ? `invoice ${item.reference}` : `document ${s.BELNR}`;
  const amount = fmt(item.amount.minor, item.amount.currency);
  // Less of it left to the payment than SAP holds open (partial payments, other proposals): both, so a clerk who
  // reads 4,000.00 of a 5,000.00 invoice sees why, and what a discount is counted from.
  const left = item.leftOf ? ` left of ${fmt(item.leftOf.minor, item.leftOf.currency)}` : '';
  return `${label} (${s.BUKRS}/${s.BELNR}/${s.GJAHR}, ${amount}${left})`;
}

export interface Fit {
  readonly case: 'exact' | 'tolerance' | 'discount' | 'short-pay' | 'deduction' | 'partial' | 'overpayment';
  readonly claim: Claim;
  readonly onAccount: number;
  readonly writeOff: Candidate['writeOff'];
  readonly pay: number;
  readonly open: number;
  /** The item's cash discount terms that explain the difference ('discount', 'short-pay'; 'tolerance' when taken late). */
  readonly discount: DiscountCheck | null;
}

/**
 * A customer deduction is a round amount (multiples of 5 in the currency's unit, of 100 yen) and a part of
 * the invoice, at most a quarter (damaged goods, a price difference): a round third or half short is a
 * partial payment (an instalment, the rest paid later), not a deduction to leave as a residual item.
 */
export function isRoundDeduction(diff: number, currency: string, open: number): boolean {
  const e = currencyExponent(currency);
  const unit = e === 0 ? 100 : 5 * 10 ** e;
  return diff > 0 && diff % unit === 0 && diff * 4 <= open;
}

/**
 * How one payment settles one open item: equal, net of the discount its terms grant (with `item` and
 * the payment's local day), within tolerance, short by a round deduction, short (partial) or over.
 */
export function fitOne(
  pay: number,
  index: number,
  open: number,
  currency: string,
  rules: MatchingRules,
  item?: OpenItem,
  payDay?: string,
): Fit {
  const diff = open - pay;
  if (diff === 0) return makeFit('exact', pay, open, index, pay, 0, 0, null);
  // Within both limits, as SAP's tolerance groups (OBA3) permit a payment difference: the lower one applies.
  const tolerated = Math.min(
    absoluteTolerance(rules, currency),
    Math.abs(percentOf(money(open, currency), rules.tolerance.percentBasisPoints).minor),
  );
  const discount = item && payDay && diff > 0 && item.cashDiscount ? cashDiscount(item, payDay, diff) : null;
  if (discount !== null) {
    // A discount taken late is a short payment, unless the difference is within tolerance: SAP writes that off.
    if (!discount.earned && diff <= tolerated)
      return makeFit(
        'tolerance',
        pay,
        open,
        index,
        pay,
        diff,
        0,
        { minor: diff, gl: rules.writeOffGl, why: 'tolerance' },
        discount,
      );
    // Taken late while a later level of the terms is still earned: that level is granted, the rest stays open.
    const still = discount.earned ? undefined : discount.stillEarned;
    if (still !== undefined && still.minor > 0 && still.minor < diff)
      return makeFit(
        'short-pay',
        pay,
        open,
        index,
        pay,
        still.minor,
        0,
        { minor: still.minor, gl: cashDiscountGl(rules), why: 'discount' },
        discount,
      );
    if (!discount.earned) return makeFit('short-pay', pay, open, index, pay, 0, 0, null, discount);
    return makeFit(
      'discount',
      pay,
      open,
      index,
      pay,
      diff,
      0,
      { minor: diff, gl: cashDiscountGl(rules), why: 'discount' },
      discount,
    );
  }
  if (Math.abs(diff) <= tolerated) {
    return makeFit('tolerance', pay, open, index, pay, diff, 0, {
      minor: diff,
      gl: rules.writeOffGl,
      why: 'tolerance',
    });
  }
  if (isRoundDeduction(diff, currency, open)) return makeFit('deduction', pay, open, index, pay, 0, 0, null);
  // Never a card fee: PayTrace charges its fees to the merchant apart, so what a customer did not pay stays open.
  if (diff > 0) return makeFit('partial', pay, open, index, pay, 0, 0, null);
  return makeFit('overpayment', pay, open, index, open, 0, -diff, null);
}

/**
 * The fit with its write-off's account as the document will post it: the G/L determination in force
 * (`glRules`, the admin's over resources/gl-rules.json) for the item's company code and the card brand, through
 * the builder's own look-up (shared/posting `writeOffGlRule`). Without G/L rules, or without a rule for it, the
 * matching rules' account stays (the builder then refuses the document rather than guess).
 */
export function accountedFit(f: Fit, glRules: readonly GlRule[] | null, companyCode: string, method: string): Fit {
  if (f.writeOff === null || glRules === null) return f;
  const rule = writeOffGlRule(glRules, companyCode, f.writeOff.why, method);
  if (rule === null || rule.account === f.writeOff.gl) return f;
  return {
    case: f.case,
    claim: f.claim,
    onAccount: f.onAccount,
    writeOff: { minor: f.writeOff.minor, gl: rule.account, why: f.writeOff.why },
    pay: f.pay,
    open: f.open,
    discount: f.discount,
  };
}

/** A write-off's account as the document will post it (the same look-up as `accountedFit`). */
export function accountedWriteOff(
  w: NonNullable<Candidate['writeOff']>,
  glRules: readonly GlRule[] | null,
  companyCode: string,
  method: string,
): NonNullable<Candidate['writeOff']> {
  const rule = glRules === null ? null : writeOffGlRule(glRules, companyCode, w.why, method);
  return rule === null || rule.account === w.gl ? w : { minor: w.minor, gl: rule.account, why: w.why };
}

// One object shape for every fit keeps this hot path monomorphic.
function makeFit(
  kind: Fit['case'],
  pay: number,
  open: number,
  index: number,
  cash: number,
  writeOff: number,
  onAccount: number,
  w: Candidate['writeOff'],
  discount: DiscountCheck | null = null,
): Fit {
  return { case: kind, claim: { index, cash, writeOff }, onAccount, writeOff: w, pay, open, discount };
}

/** The clerk's sentence for a fit; built only for candidates that are kept. */
export function fitReason(f: Fit, currency: string): string {
  const diff = f.open - f.pay;
  switch (f.case) {
    case 'exact':
      return `amount equal (${fmt(f.pay, currency)})`;
    case 'tolerance':
      if (f.discount !== null) return discountReason(f.discount, fmt(diff, currency), f.writeOff!.gl);
      return `amount ${diff > 0 ? 'short' : 'over'} by ${fmt(Math.abs(diff), currency)}, within tolerance: difference to ${glAccountText(f.writeOff!.gl)}`;
    case 'discount':
      return discountReason(f.discount!, fmt(diff, currency), f.writeOff!.gl);
    case 'short-pay':
      return f.writeOff === null
        ? discountReason(f.discount!, fmt(diff, currency), '')
        : laterLevelReason(f.discount!, fmt(diff - f.writeOff.minor, currency), f.writeOff.gl);
    case 'deduction':
      return `short by ${fmt(diff, currency)}, a round amount: a customer deduction, not a card fee; the invoice is cleared and ${fmt(diff, currency)} stays open as a residual item on the customer, with the deduction's reason code`;
    case 'partial':
      return `partial payment: ${fmt(f.pay, currency)} of ${fmt(f.open, currency)}, ${fmt(diff, currency)} stays open`;
    case 'overpayment':
      return `overpayment: ${fmt(-diff, currency)} more than the invoice, left on account`;
  }
}

/** Applies a payment to items oldest first; what is left over goes on account. */
export function allocateOldestFirst(
  pay: number,
  indexes: readonly number[],
  items: readonly OpenItem[],
): { claims: Claim[]; onAccount: number } {
  const sorted = [...indexes].sort((a, b) => compareItems(items[a]!, items[b]!));
  const claims: Claim[] = [];
  let left = pay;
  for (const i of sorted) {
    if (left <= 0) break;
    const cash = Math.min(left, items[i]!.amount.minor);
    claims.push({ index: i, cash, writeOff: 0 });
    left -= cash;
  }
  return { claims, onAccount: left };
}

/** Oldest document first, then by key: the order FIFO clearing uses. */
export function compareItems(a: OpenItem, b: OpenItem): number {
  return (
    cmp(a.documentDate, b.documentDate) ||
    cmp(a.source.BUKRS, b.source.BUKRS) ||
    cmp(a.source.GJAHR, b.source.GJAHR) ||
    cmp(a.source.BELNR, b.source.BELNR) ||
    cmp(a.source.BUZEI, b.source.BUZEI)
  );
}

export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
