// Refunds: find the sale being refunded (PayTrace's original transaction id, else the same
// invoice and card, else the same card and customer with an amount at least the refund), and the
// customer's open credits the refund pays out (chosen by shared/posting/refund-credits.ts, the
// owner of that rule, so the proposal names what the posting clears).
import type { OpenItem } from '../domain';
import { money } from '../money';
import { refundCredits } from '../posting/refund-credits';
import type { Candidate, Claim } from './candidate';
import { describeItem, fmt } from './candidate';
import type { MatchContext } from './context';
import { normaliseReference } from './keys';
import type { MatchableTransaction } from './types';

export interface SaleRef {
  readonly t: MatchableTransaction;
  /** Customer of the sale's proposal, when it has one. */
  readonly customer: string | null;
  /** Minor units refunded of it before this run (refunds an earlier sync brought in); none when absent. */
  readonly refunded?: number;
}

export class SaleFinder {
  private readonly byId = new Map<number, SaleRef>();
  private readonly byInvoice = new Map<string, SaleRef[]>();
  private readonly byCard = new Map<string, SaleRef[]>();
  /** Minor units of each sale refunded so far: before this run, and by the refunds this run gave it. */
  private readonly taken = new Map<number, number>();

  constructor(
    sales: readonly SaleRef[],
    private readonly prefixes: readonly string[],
    /** The sales ClearDesk refunded, by refund transaction id (RefundContext.origins). */
    private readonly origins: ReadonlyMap<number, { readonly saleId: number; readonly how: string }> = new Map(),
  ) {
    for (const s of sales) {
      this.byId.set(s.t.source.transaction_id, s);
      if (s.refunded) this.taken.set(s.t.source.transaction_id, s.refunded);
      const key = normaliseReference(s.t.invoiceId, prefixes);
      if (key) push(this.byInvoice, `${key}|${s.t.amount.currency}`, s);
      if (s.t.maskedCard) push(this.byCard, `${s.t.maskedCard}|${s.t.amount.currency}`, s);
    }
  }

  /**
   * The sale a refund refunds, and how it was found; the refund then counts against it, so a second refund of the
   * same invoice finds another sale when this one has too little left.
   */
  find(refund: MatchableTransaction): { sale: SaleRef; how: string } | null {
    const found = this.lookUp(refund);
    if (found) {
      const id = found.sale.t.source.transaction_id;
      this.taken.set(id, (this.taken.get(id) ?? 0) + refund.amount.minor);
    }
    return found;
  }

  private left(s: SaleRef): number {
    return s.t.amount.minor - (this.taken.get(s.t.source.transaction_id) ?? 0);
  }

  private lookUp(refund: MatchableTransaction): { sale: SaleRef; how: string } | null {
    const origin = this.origins.get(refund.source.transaction_id);
    const known = origin ? this.byId.get(origin.saleId) : undefined;
    if (origin && known) return { sale: known, how: origin.how };
    if (refund.originalTransactionId !== null) {
      const s = this.byId.get(refund.originalTransactionId);
      if (s) return { sale: s, how: `PayTrace names sale ${refund.originalTransactionId} as the original` };
    }
    const before = (s: SaleRef): boolean =>
      s.t.createdAt.utc <= refund.createdAt.utc &&
      this.left(s) >= refund.amount.minor &&
      s.t.source.transaction_id !== refund.source.transaction_id;
    const key = normaliseReference(refund.invoiceId, this.prefixes);
    const cur = refund.amount.currency;
    const byInvoice = key ? (this.byInvoice.get(`${key}|${cur}`) ?? []).filter(before) : [];
    const sameCard = byInvoice.filter((s) => s.t.maskedCard === refund.maskedCard);
    const pool = sameCard.length ? sameCard : byInvoice;
    if (pool.length)
      return {
        sale: best(pool, refund, (s) => this.left(s)),
        how: `same invoice ${refund.invoiceId.trim()}${sameCard.length ? ' and card' : ''}`,
      };
    const byCard = (this.byCard.get(`${refund.maskedCard}|${cur}`) ?? [])
      .filter(before)
      .filter(
        (s) =>
          s.t.vaultCustomerId === refund.vaultCustomerId &&
          s.t.billingName.trim().toUpperCase() === refund.billingName.trim().toUpperCase(),
      );
    if (byCard.length)
      return { sale: best(byCard, refund, (s) => this.left(s)), how: `same card ${refund.maskedCard} and payer` };
    return null;
  }
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** What is left of it equal to the refund first, then the latest sale before the refund, then the lowest id. */
function best(pool: readonly SaleRef[], refund: MatchableTransaction, left: (s: SaleRef) => number): SaleRef {
  return [...pool].sort(
    (a, b) =>
      Number(left(b) === refund.amount.minor) - Number(left(a) === refund.amount.minor) ||
      (a.t.createdAt.utc > b.t.createdAt.utc ? -1 : a.t.createdAt.utc < b.t.createdAt.utc ? 1 : 0) ||
      a.t.source.transaction_id - b.t.source.transaction_id,
  )[0]!;
}

export function refundCandidate(
  refund: MatchableTransaction,
  found: { sale: SaleRef; how: string } | null,
  fallbackCustomer: { KUNNR: string; reason: string } | null,
): Candidate & { related: number | null } {
  const amount = refund.amount;
  const text = fmt(amount.minor, amount.currency);
  if (found) {
    const s = found.sale.t;
    const full = s.amount.minor === amount.minor;
    return {
      stage: 'refund',
      case: 'refund',
      confidence: 0.9,
      customer: found.sale.customer,
      claims: [],
      onAccount: -amount.minor,
      writeOff: null,
      related: s.source.transaction_id,
      reasons: [
        `refund of sale ${s.source.transaction_id}${s.invoiceId.trim() ? ` (invoice ${s.invoiceId.trim()})` : ''} of ${fmt(s.amount.minor, s.amount.currency)}${s.batch !== null ? ` settled in batch ${s.batch}` : ''}: ${found.how}`,
        full ? `full refund of ${text}` : `partial refund of ${text}`,
        found.sale.customer
          ? `debit customer ${found.sale.customer} ${text}`
          : 'the sale has no customer yet: decide the customer with the sale',
      ],
    };
  }
  return {
    stage: 'refund',
    case: 'refund',
    confidence: fallbackCustomer ? 0.5 : 0.3,
    customer: fallbackCustomer?.KUNNR ?? null,
    claims: [],
    onAccount: -amount.minor,
    writeOff: null,
    related: null,
    reasons: [
      `refund of ${text}: the original sale is not in this run${refund.invoiceId.trim() ? `; look it up by invoice ${refund.invoiceId.trim()}` : ''}`,
      ...(fallbackCustomer ? [fallbackCustomer.reason] : ['customer unknown']),
    ],
  };
}

/**
 * The refund's candidate with the open credits of its customer it pays out as claims (negative cash,
 * as a netted credit memo): a credit the refund names, the credit memo for its invoice, else the one
 * open credit of exactly its amount. Two credits of that amount and nothing to tell them apart: the
 * oldest is offered, both are named, and a clerk decides. No credit: nothing to clear, and the
 * reasons say what to do. `used` holds what earlier refunds of the run took of each item.
 */
export function withCredits(
  ctx: MatchContext,
  refund: MatchableTransaction,
  cand: Candidate & { related: number | null },
  sale: MatchableTransaction | null,
  used: Map<number, number>,
): Candidate & { related: number | null } {
  const customer = cand.customer;
  if (customer === null) return cand;
  const cur = refund.amount.currency;
  const indexOf = new Map<OpenItem, number>();
  for (const k of ctx.index.ofCustomer(customer)) {
    const item = ctx.items[k]!;
    const left = item.amount.minor + (used.get(k) ?? 0);
    if (item.amount.currency !== cur || left >= 0) continue;
    indexOf.set(left === item.amount.minor ? item : { ...item, amount: money(left, cur) }, k);
  }
  const choice = refundCredits({ refund, sale, customer, openItems: [...indexOf.keys()] });
  const text = fmt(refund.amount.minor, cur);
  const name = ctx.customers.displayName(customer);
  // With the sale found: the sale and full/partial (the credits say what the debit clears); else all.
  const keep = cand.related !== null ? cand.reasons.slice(0, -1) : cand.reasons;
  if (choice.credits.length === 0)
    return {
      ...cand,
      confidence: Math.min(cand.confidence, 0.3),
      reasons: [
        ...keep,
        `no open credit of ${name} to pay out: a refund clears a credit memo or a credit on account, and posted without one ${text} would stay an open debit`,
        'post the credit memo in SAP, sync, and approve again',
      ],
    };
  const claims: Claim[] = choice.credits.map((c) => {
    const k = indexOf.get(c.item)!;
    used.set(k, (used.get(k) ?? 0) + c.amount.minor);
    return { index: k, cash: -c.amount.minor, writeOff: 0 };
  });
  const reasons = [
    ...keep,
    ...choice.credits.map(
      (c) => `pays out ${fmt(c.amount.minor, cur)} of ${c.why}: ${describeItem(ctx.items[indexOf.get(c.item)!]!)}`,
    ),
  ];
  let confidence = cand.confidence;
  if (choice.ambiguous.length > 1) {
    confidence = Math.min(confidence, 0.6);
    reasons.push(
      `${choice.ambiguous.length} open credits of ${name} are of ${fmt(-choice.ambiguous[0]!.amount.minor, cur)} and the refund names none: ${choice.ambiguous.map((i) => i.reference.trim() || i.source.BELNR).join(', ')}; the oldest is offered, a clerk decides`,
    );
  }
  if (choice.uncovered.minor > 0) {
    confidence = Math.min(confidence, 0.3);
    reasons.push(
      `the open credits cover ${fmt(refund.amount.minor - choice.uncovered.minor, cur)} only: ${fmt(choice.uncovered.minor, cur)} would stay an open debit; post the rest of the credit in SAP first`,
    );
  }
  return { ...cand, confidence, claims, onAccount: -choice.uncovered.minor, reasons };
}
