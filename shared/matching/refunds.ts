// Refunds: find the sale being refunded (PayTrace's original transaction id, else the same
// invoice and card, else the same card and customer with an amount at least the refund).
import type { Candidate } from './candidate';
import { fmt } from './candidate';
import { normaliseReference } from './keys';
import type { MatchableTransaction } from './types';

export interface SaleRef {
  readonly t: MatchableTransaction;
  /** Customer of the sale's proposal, when it has one. */
  readonly customer: string | null;
}

export class SaleFinder {
  private readonly byId = new Map<number, SaleRef>();
  private readonly byInvoice = new Map<string, SaleRef[]>();
  private readonly byCard = new Map<string, SaleRef[]>();

  constructor(
    sales: readonly SaleRef[],
    private readonly prefixes: readonly string[],
  ) {
    for (const s of sales) {
      this.byId.set(s.t.source.transaction_id, s);
      const key = normaliseReference(s.t.invoiceId, prefixes);
      if (key) push(this.byInvoice, `${key}|${s.t.amount.currency}`, s);
      if (s.t.maskedCard) push(this.byCard, `${s.t.maskedCard}|${s.t.amount.currency}`, s);
    }
  }

  find(refund: MatchableTransaction): { sale: SaleRef; how: string } | null {
    if (refund.originalTransactionId !== null) {
      const s = this.byId.get(refund.originalTransactionId);
      if (s) return { sale: s, how: `PayTrace names sale ${refund.originalTransactionId} as the original` };
    }
    const before = (s: SaleRef): boolean =>
      s.t.createdAt.utc <= refund.createdAt.utc &&
      s.t.amount.minor >= refund.amount.minor &&
      s.t.source.transaction_id !== refund.source.transaction_id;
    const key = normaliseReference(refund.invoiceId, this.prefixes);
    const cur = refund.amount.currency;
    const byInvoice = key ? (this.byInvoice.get(`${key}|${cur}`) ?? []).filter(before) : [];
    const sameCard = byInvoice.filter((s) => s.t.maskedCard === refund.maskedCard);
    const pool = sameCard.length ? sameCard : byInvoice;
    if (pool.length)
      return {
        sale: best(pool, refund),
        how: `same invoice ${refund.invoiceId.trim()}${sameCard.length ? ' and card' : ''}`,
      };
    const byCard = (this.byCard.get(`${refund.maskedCard}|${cur}`) ?? [])
      .filter(before)
      .filter(
        (s) =>
          s.t.vaultCustomerId === refund.vaultCustomerId &&
          s.t.billingName.trim().toUpperCase() === refund.billingName.trim().toUpperCase(),
      );
    if (byCard.length) return { sale: best(byCard, refund), how: `same card ${refund.maskedCard} and payer` };
    return null;
  }
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** Equal amount first, then the latest sale before the refund, then the lowest id. */
function best(pool: readonly SaleRef[], refund: MatchableTransaction): SaleRef {
  return [...pool].sort(
    (a, b) =>
      Number(b.t.amount.minor === refund.amount.minor) - Number(a.t.amount.minor === refund.amount.minor) ||
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
