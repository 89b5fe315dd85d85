// A refund ClearDesk made comes back from PayTrace on a later sync, when its sale is no longer in
// the matcher's run, and PayTrace's export does not name the original sale. ClearDesk knows it
// (refund_requests.paytrace_transaction_id): such a refund is proposed against the customer the
// sale was matched to, so its posting debits that customer and credits the bank.
import type { Kysely } from 'kysely';
import type { MatchProposal } from '../../../shared/domain';
import { formatMoney, money } from '../../../shared/money';
import type { Database } from '../../store/schema';

/** Confidence of a refund whose sale ClearDesk itself refunded: certain of the sale, a clerk still reviews. */
const KNOWN_SALE_CONFIDENCE = 0.95;

export async function attributeHandMadeRefunds(
  db: Kysely<Database>,
  proposals: readonly MatchProposal[],
): Promise<MatchProposal[]> {
  const ids = proposals.map((p) => p.transactionId);
  if (ids.length === 0) return [...proposals];
  const made = new Map<number, { id: number; sale: number; preparedBy: string; decidedBy: string | null }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('refund_requests')
      .select(['id', 'transaction_id', 'paytrace_transaction_id', 'prepared_by', 'decided_by'])
      .where('state', '=', 'refunded')
      .where('paytrace_transaction_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows)
      made.set(Number(r.paytrace_transaction_id), {
        id: r.id,
        sale: Number(r.transaction_id),
        preparedBy: r.prepared_by,
        decidedBy: r.decided_by,
      });
  }
  if (made.size === 0) return [...proposals];

  const out: MatchProposal[] = [];
  for (const p of proposals) {
    const link = made.get(p.transactionId);
    if (!link) {
      out.push(p);
      continue;
    }
    const sale = await db
      .selectFrom('transactions')
      .selectAll()
      .where('transaction_id', '=', link.sale)
      .executeTakeFirst();
    // The customer the sale was posted to (approved), else the one proposed for it.
    const saleProposal = await db
      .selectFrom('proposals')
      .select(['customer', 'company_code', 'status'])
      .where('transaction_id', '=', link.sale)
      .where('status', 'in', ['approved', 'open'])
      .orderBy('id', 'desc')
      .execute();
    const decided = saleProposal.find((s) => s.status === 'approved') ?? saleProposal[0];
    const why = `ClearDesk refunded sale ${link.sale}${sale?.invoice_id.trim() ? ` (invoice ${sale.invoice_id.trim()})` : ''}${sale ? ` of ${formatMoney(money(Number(sale.amount_minor), sale.currency))}` : ''}: refund request ${link.id}, prepared by ${link.preparedBy}${link.decidedBy ? `, approved by ${link.decidedBy}` : ''}`;
    if (decided?.customer) {
      // ClearDesk knows the sale for certain: its customer wins over whatever the matcher guessed.
      const text = formatMoney(p.onAccount.minor < 0 ? money(-p.onAccount.minor, p.onAccount.currency) : p.onAccount);
      out.push({
        ...p,
        tier: p.tier === 'none' ? 'suggest' : p.tier,
        confidence: Math.max(p.confidence, KNOWN_SALE_CONFIDENCE),
        customer: decided.customer,
        companyCode: decided.company_code ?? p.companyCode,
        reasons: [why, `debit customer ${decided.customer} ${text}`],
      });
    } else {
      out.push({ ...p, reasons: [why, ...p.reasons] });
    }
  }
  return out;
}
