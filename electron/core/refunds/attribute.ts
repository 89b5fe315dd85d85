// A refund ClearDesk made comes back from PayTrace on a later sync, when its sale is no longer in
// the matcher's run, and PayTrace's export does not name the original sale. ClearDesk knows it
// (refund_requests.paytrace_transaction_id): such a refund is proposed against the customer the
// sale was matched to, so its posting debits that customer and credits the bank.
import type { MatchProposal } from '../../../shared/domain';
import { formatMoney, money } from '../../../shared/money';
import type { Repositories } from '../../store';

/** Confidence of a refund whose sale ClearDesk itself refunded: certain of the sale, a clerk still reviews. */
const KNOWN_SALE_CONFIDENCE = 0.95;

export async function attributeHandMadeRefunds(
  store: Repositories,
  proposals: readonly MatchProposal[],
): Promise<MatchProposal[]> {
  const ids = proposals.map((p) => p.transactionId);
  if (ids.length === 0) return [...proposals];
  const made = new Map((await store.refunds.madeAs(ids)).map((r) => [r.paytraceTransactionId!, r]));
  if (made.size === 0) return [...proposals];

  const out: MatchProposal[] = [];
  for (const p of proposals) {
    const link = made.get(p.transactionId);
    if (!link) {
      out.push(p);
      continue;
    }
    const sale = await store.payments.get(link.transactionId);
    // The customer the sale was posted to (approved), else the one proposed for it.
    const saleProposals = await store.proposals.decisionsFor(link.transactionId);
    const decided = saleProposals.find((s) => s.status === 'approved') ?? saleProposals[0];
    const invoice = sale?.invoiceId.trim();
    const why =
      `ClearDesk refunded sale ${link.transactionId}${invoice ? ` (invoice ${invoice})` : ''}` +
      `${sale ? ` of ${formatMoney(sale.amount)}` : ''}: refund request ${link.id}, prepared by ${link.preparedBy}` +
      `${link.decidedBy ? `, approved by ${link.decidedBy}` : ''}`;
    if (decided?.customer) {
      // ClearDesk knows the sale for certain: its customer wins over whatever the matcher guessed.
      const text = formatMoney(p.onAccount.minor < 0 ? money(-p.onAccount.minor, p.onAccount.currency) : p.onAccount);
      out.push({
        ...p,
        tier: p.tier === 'none' ? 'suggest' : p.tier,
        confidence: Math.max(p.confidence, KNOWN_SALE_CONFIDENCE),
        customer: decided.customer,
        companyCode: decided.companyCode ?? p.companyCode,
        reasons: [why, `debit customer ${decided.customer} ${text}`],
      });
    } else {
      out.push({ ...p, reasons: [why, ...p.reasons] });
    }
  }
  return out;
}
