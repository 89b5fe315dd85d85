// A stored dispute case as the API carries it (shared/api, DisputeCaseSchema), and the Chargebacks tab's
// window of cases: the store pages and counts them; whether a case is overdue is isOverdue's rule.
import type { DisputeCaseDto, DisputeWindow, DisputeWindowRequest } from '../../../shared/api';
import { isOverdue } from '../../../shared/disputes';
import type { DisputeCaseRecord, Repositories } from '../../store';

export function disputeView(r: DisputeCaseRecord, today: string): DisputeCaseDto {
  const d = r.dispute;
  return {
    id: r.id,
    processor: d.processor,
    caseNumber: d.caseNumber,
    stage: d.stage,
    stageRaw: d.stageRaw,
    status: d.status,
    statusRaw: d.statusRaw,
    network: d.network,
    reasonCode: d.reasonCode,
    reasonMeaning: d.reasonMeaning,
    amount: d.amount,
    // The processor's figure, else the linked sale's: a partial case reads "of <sale>" however it was matched.
    originalAmount: d.originalAmount ?? r.saleAmount,
    receivedDate: d.receivedDate,
    dueDate: d.dueDate,
    overdue: isOverdue(d, today),
    cardLast4: d.cardLast4,
    merchantReference: d.merchantReference,
    source: r.source,
    match:
      r.match.state === 'matched'
        ? { ...r.match, reasons: [...r.match.reasons] }
        : { state: 'unmatched', candidates: [...r.match.candidates], reasons: [...r.match.reasons] },
    salePosting: r.salePosting,
    updatedAt: r.updatedAt,
  };
}

export async function disputeWindow(
  store: Repositories,
  req: DisputeWindowRequest,
  today: string,
): Promise<DisputeWindow> {
  const page = await store.disputes.window({
    ...(req.match ? { matchState: req.match } : {}),
    ...(req.text ? { text: req.text } : {}),
    offset: req.offset,
    limit: req.limit,
  });
  return {
    rows: page.rows.map((r) => disputeView(r, today)),
    offset: req.offset,
    total: page.total,
    counts: page.counts,
    today,
  };
}
