// The open items a clerk may pick when correcting a proposal: same company code and currency as
// the payment, the proposed customer's items first, narrowed by what the clerk types, less what
// other payments' proposals already apply to them.
import { ApiError, type CandidateOpenItem } from '../../../shared/api';
import { matchExclusion } from '../../../shared/matching';
import { parseMoney } from '../../../shared/money';
import { openItemKeyText, type Repositories } from '../../store';

const LIMIT = 200;

/** "125", "1,250.00", "$125.00": the amount the clerk means, or null when the text is not one. */
function amountQuery(query: string, currency: string): number | null {
  if (!/\d/.test(query) || !/^[\s$€£¥,.\d]+$/.test(query)) return null;
  try {
    return parseMoney(query.replace(/[\s$€£¥,]/g, ''), currency).minor;
  } catch {
    return null;
  }
}

export async function candidateOpenItems(
  store: Repositories,
  transactionId: number,
  query?: string,
): Promise<CandidateOpenItem[]> {
  const payment = await store.payments.get(transactionId);
  if (!payment) throw new ApiError('not_found', `Transaction ${transactionId} is not in ClearDesk.`);
  const proposal = await store.proposals.live(transactionId);
  const text = query?.trim().toLowerCase();
  const currency = payment.amount.currency;
  // Items other proposals claim in full are dropped after the query, so read some spare.
  const rows = await store.masterData.candidates({
    currency,
    companyCode: proposal?.companyCode ?? null,
    ...(text ? { text, amountMinor: amountQuery(text, currency) } : {}),
    preferCustomer: proposal?.customer ?? null,
    limit: LIMIT * 2,
  });
  const claimed = await store.proposals.claimedAmounts({
    exceptTransactionId: transactionId,
    docNos: [...new Set(rows.map((r) => r.source.BELNR))],
  });
  return rows
    .map((r) => ({ r, open: r.amount.minor - (claimed.get(openItemKeyText(r.source)) ?? 0) }))
    .filter(({ open }) => open > 0)
    .slice(0, LIMIT)
    .map(({ r, open }) => ({
      companyCode: r.source.BUKRS,
      docNo: r.source.BELNR,
      fiscYear: r.source.GJAHR,
      itemNum: r.source.BUZEI,
      customer: r.customer,
      customerName: r.customerName,
      reference: r.reference,
      assignment: r.assignment,
      openAmount: { minor: open, currency: r.amount.currency },
      dueDate: r.dueDate,
      // Shown, with the reason it cannot be picked: a down payment is cleared in SAP against its invoice.
      ...(r.specialGl ? { specialGl: r.specialGl, excluded: matchExclusion(r) ?? undefined } : {}),
    }));
}
