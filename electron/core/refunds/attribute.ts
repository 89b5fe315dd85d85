// A refund comes back from PayTrace on a later sync than its sale, when the sale is no longer among the
// matcher's new transactions. What the store knows is handed to the matcher (shared/matching, RefundContext),
// which owns the rule of which sale a refund refunds and what it clears:
// - the earlier sales the run's refunds may name (PayTrace's original id, the invoice, the card), each with the
//   customer its proposal decided (approved, else proposed);
// - for a refund ClearDesk made itself (refund_requests.paytrace_transaction_id), which sale it refunded: PayTrace's
//   export does not always name the original sale, ClearDesk knows it for certain.
import type { MatchProposal, PaymentTransaction } from '../../../shared/domain';
import type { MatchableTransaction, RefundContext } from '../../../shared/matching';
import { formatMoney, money } from '../../../shared/money';
import type { PaymentRecord, Repositories } from '../../store';

export async function refundContextOf(
  store: Repositories,
  fresh: readonly MatchableTransaction[],
): Promise<RefundContext> {
  const refunds = fresh.filter((t) => t.kind === 'refund');
  if (refunds.length === 0) return { earlierSales: [], origins: new Map() };

  const origins = new Map<number, { saleId: number; how: string }>();
  for (const r of await store.refunds.madeAs(refunds.map((t) => t.source.transaction_id))) {
    const how =
      `ClearDesk's refund request ${r.id} (${formatMoney(money(r.amountMinor, r.currency))}), ` +
      `prepared by ${r.preparedBy}${r.decidedBy ? `, approved by ${r.decidedBy}` : ''}`;
    origins.set(r.paytraceTransactionId!, { saleId: r.transactionId, how });
  }

  const ids = new Set<number>([...origins.values()].map((o) => o.saleId));
  const invoices = new Set<string>();
  const cards = new Set<string>();
  for (const t of refunds) {
    if (t.originalTransactionId !== null) ids.add(t.originalTransactionId);
    const invoice = t.invoiceId.trim();
    if (invoice) invoices.add(t.invoiceId).add(invoice);
    else if (t.originalTransactionId === null && t.maskedCard) cards.add(t.maskedCard);
  }
  const sales = await store.payments.salesRefundsMayName({ ids: [...ids], invoices: [...invoices], cards: [...cards] });
  const proposals = await store.proposals.liveFor(sales.map((s) => s.source.transaction_id));
  // What earlier syncs' refunds took of each (this run's own refunds are the matcher's to count).
  const inRun = new Set(refunds.map((t) => t.source.transaction_id));
  const earlierSales = [];
  for (const t of sales) {
    const before = (await store.payments.refundsRelatedTo(t.source.transaction_id)).filter(
      (r) => !inRun.has(r.source.transaction_id),
    );
    const refunded = before.reduce((sum, r) => sum + r.amount.minor, 0);
    earlierSales.push({
      t,
      customer: proposals.get(t.source.transaction_id)?.customer ?? null,
      ...(refunded > 0 ? { refunded } : {}),
    });
  }
  return { earlierSales, origins };
}

/**
 * The sale a refund gives money back for, once matched: the one its proposal names (the matcher's finding, above),
 * else, for a proposal written before proposals named it (0440) or none yet, the one PayTrace's export names, else
 * ClearDesk's refund request's. The posting (its residual on account) and the detail panel read it here.
 */
export async function saleOfRefund(
  store: Repositories,
  refund: PaymentTransaction,
  proposal: MatchProposal | null,
): Promise<PaymentRecord | null> {
  const id =
    proposal?.relatedTransactionId ??
    refund.originalTransactionId ??
    (await store.refunds.madeAs([refund.source.transaction_id]))[0]?.transactionId ??
    null;
  return id === null ? null : await store.payments.get(id);
}
