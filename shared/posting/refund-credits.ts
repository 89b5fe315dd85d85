// What a refund clears (docs/ARCHITECTURE.md, "What goes into the FI document"): the money went
// back to the card, so the refund debits the customer, and that debit must clear a credit the
// customer has, not stay open as a new receivable. The credits, in this order:
//   1. the refunded sale's own residual on account: the credit line ClearDesk posted for the sale
//      under its reference (XBLNR PT<sale>P), when the sale paid more than it cleared;
//   2. a credit memo for the sale's invoice: an open credit whose reference (XBLNR) or
//      assignment (ZUONR) is the invoice number the sale or the refund carries;
//   3. any other open credit of the customer of exactly what is left to cover.
// What the credits do not cover is reported, never posted as an open debit.
import type { OpenItem, PaymentTransaction } from '../domain';
import { type Money, money } from '../money';
import { postingReference } from './reference';

export interface RefundCredit {
  readonly item: OpenItem;
  /** What the refund clears of it (positive). */
  readonly amount: Money;
  /** Why this credit, for the clerk. */
  readonly why: string;
}

export interface RefundCreditChoice {
  readonly credits: readonly RefundCredit[];
  /** What no credit covers (zero when the refund clears in full). */
  readonly uncovered: Money;
  /**
   * When step 4 chose between several open credits of exactly the amount left: all of them, oldest
   * (the one taken) first; empty otherwise.
   */
  readonly ambiguous: readonly OpenItem[];
}

const norm = (s: string): string =>
  s
    .trim()
    .replace(/^0+(?=\d)/, '')
    .toUpperCase();

/** The numbers a text names, without leading zeros ("CM 0091200431, inv. 912-00" -> 91200431, 912, 00). */
function numbersIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/[0-9]{4,}/g)) out.add(norm(m[0]));
  return out;
}

export function refundCredits(input: {
  readonly refund: Pick<PaymentTransaction, 'amount' | 'invoiceId'> & Partial<Pick<PaymentTransaction, 'description'>>;
  readonly sale: Pick<PaymentTransaction, 'source' | 'invoiceId'> | null;
  readonly customer: string;
  /** The customer's open items in the company code (credits are negative). */
  readonly openItems: readonly OpenItem[];
}): RefundCreditChoice {
  const currency = input.refund.amount.currency;
  const open = input.openItems.filter(
    (i) => i.customer === input.customer && i.amount.currency === currency && i.amount.minor < 0,
  );
  const taken = new Map<OpenItem, number>();
  let left = input.refund.amount.minor;
  const credits: RefundCredit[] = [];
  const take = (item: OpenItem, why: string, exact = false): void => {
    const available = -item.amount.minor - (taken.get(item) ?? 0);
    if (left <= 0 || available <= 0 || (exact && available !== left)) return;
    const amount = Math.min(available, left);
    taken.set(item, (taken.get(item) ?? 0) + amount);
    credits.push({ item, amount: money(amount, currency), why });
    left -= amount;
  };
  // Oldest first within each kind, as a clerk clearing by hand would.
  const byAge = [...open].sort(
    (a, b) => a.postingDate.localeCompare(b.postingDate) || a.source.BELNR.localeCompare(b.source.BELNR),
  );
  if (input.sale) {
    const ref = postingReference(input.sale.source.transaction_id, 'payment');
    for (const item of byAge)
      if (item.reference.trim() === ref)
        take(item, `the residual on account of sale ${input.sale.source.transaction_id} (${ref})`);
  }
  const named = numbersIn(`${input.refund.invoiceId} ${input.refund.description ?? ''}`);
  for (const item of byAge)
    if (named.has(norm(item.reference)) || named.has(norm(item.source.BELNR)))
      take(
        item,
        `credit ${item.reference.trim() || item.source.BELNR} (document ${item.source.BELNR}), which the refund names`,
      );
  const invoices = new Set([input.sale?.invoiceId ?? '', input.refund.invoiceId].map(norm).filter((s) => s !== ''));
  for (const item of byAge)
    if (invoices.has(norm(item.reference)) || invoices.has(norm(item.assignment)))
      take(item, `credit memo ${item.source.BELNR} for invoice ${[...invoices].join(', ')}`);
  const same = left > 0 ? byAge.filter((i) => -i.amount.minor - (taken.get(i) ?? 0) === left) : [];
  for (const item of same) take(item, `open credit ${item.source.BELNR} of the refunded amount`, true);
  return { credits, uncovered: money(left, currency), ambiguous: same.length > 1 ? same : [] };
}
