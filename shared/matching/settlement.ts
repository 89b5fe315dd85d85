// A settlement batch against what was posted for it: sales minus refunds of the batch should
// equal the postings made for its transactions. The difference is shown, never hidden.
import type { PaymentTransaction } from '../domain';
import { type Money, money } from '../money';

export interface BatchPosting {
  readonly transactionId: number;
  /** Signed: a payment posted positive, a refund negative. */
  readonly amount: Money;
}

export interface BatchReconciliation {
  readonly batch: number;
  readonly currency: string;
  readonly sales: Money;
  readonly refunds: Money;
  /** Sales minus refunds of the batch, as PayTrace settled them. */
  readonly expectedNet: Money;
  readonly posted: Money;
  /** expectedNet minus posted; zero when the batch is fully accounted for. */
  readonly difference: Money;
  readonly notPosted: readonly number[];
  readonly postedOutsideBatch: readonly number[];
  readonly amountMismatches: readonly { transactionId: number; settled: Money; posted: Money }[];
  /** The batch summary's own net (legacy NETAMOUNT), compared with the transactions. */
  readonly reportedDifference: Money | null;
  readonly balanced: boolean;
}

export function reconcileSettlementBatch(
  batch: number,
  transactions: readonly PaymentTransaction[],
  postings: readonly BatchPosting[],
  currency: string,
  reportedNet?: Money,
): BatchReconciliation {
  const inBatch = transactions.filter(
    (t) => t.status === 'settled' && t.batch === batch && t.amount.currency === currency,
  );
  const signed = new Map<number, number>();
  let sales = 0;
  let refunds = 0;
  for (const t of inBatch) {
    const v = t.kind === 'refund' ? -t.amount.minor : t.amount.minor;
    if (v < 0) refunds -= v;
    else sales += v;
    signed.set(t.source.transaction_id, v);
  }
  const postedBy = new Map<number, number>();
  for (const p of postings) {
    if (p.amount.currency !== currency) continue;
    postedBy.set(p.transactionId, (postedBy.get(p.transactionId) ?? 0) + p.amount.minor);
  }
  let posted = 0;
  const outside: number[] = [];
  for (const [id, v] of postedBy) {
    if (signed.has(id)) posted += v;
    else outside.push(id);
  }
  const notPosted = [...signed.keys()].filter((id) => !postedBy.has(id));
  const mismatches = [...signed.entries()]
    .filter(([id, v]) => postedBy.has(id) && postedBy.get(id) !== v)
    .map(([id, v]) => ({ transactionId: id, settled: money(v, currency), posted: money(postedBy.get(id)!, currency) }));
  const net = sales - refunds;
  const byId = (a: number, b: number): number => a - b;
  return {
    batch,
    currency,
    sales: money(sales, currency),
    refunds: money(refunds, currency),
    expectedNet: money(net, currency),
    posted: money(posted, currency),
    difference: money(net - posted, currency),
    notPosted: notPosted.sort(byId),
    postedOutsideBatch: outside.sort(byId),
    amountMismatches: mismatches.sort((a, b) => a.transactionId - b.transactionId),
    reportedDifference: reportedNet ? money(reportedNet.minor - net, currency) : null,
    balanced: net === posted && (!reportedNet || reportedNet.minor === net),
  };
}
