// Reads of the review queue, shaped as the API contract's rows (shared/api).
import type { PostingSummary, QueueRow, QueueState, RequestOf, ResponseOf } from '../../../shared/api';
import { fourEyesReasons, type FourEyesPolicy, type SapMessage } from '../../../shared/domain';
import type { PostingRecord, QueueEntry, Repositories } from '../../store';
import { PAYTRACE_DEFAULT_ZONE } from '../../../shared/time';
import { companyZone, fourEyesPolicy, screenZones } from '../settings';

/** Which zone a company code's dates show in. */
type ZoneOf = (companyCode: string | null) => string;

export async function listQueue(
  store: Repositories,
  states?: readonly QueueState[],
  payTraceZone = PAYTRACE_DEFAULT_ZONE,
): Promise<QueueRow[]> {
  const policy = await fourEyesPolicy(store);
  const zoneOf = await screenZones(store, payTraceZone);
  return (await store.queue.list(states)).map((entry) => queueRow(entry, policy, zoneOf));
}

/** One page of the queue as the UI shows it: the store pages, sorts, filters and counts. */
export async function queueWindow(
  store: Repositories,
  req: RequestOf<'queue.window'>,
  payTraceZone = PAYTRACE_DEFAULT_ZONE,
): Promise<ResponseOf<'queue.window'>> {
  const policy = await fourEyesPolicy(store);
  const zoneOf = await screenZones(store, payTraceZone);
  const w = await store.queue.window({
    ...(req.states ? { states: req.states } : {}),
    ...(req.alsoIds ? { alsoIds: req.alsoIds } : {}),
    ...(req.batch !== undefined ? { batch: req.batch } : {}),
    ...(req.text !== undefined ? { text: req.text } : {}),
    ...(req.sort ? { sort: req.sort } : {}),
    // A chart's days are the company's, as the dashboard counted them.
    ...(req.drill ? { drill: req.drill, zone: await companyZone(store, payTraceZone) } : {}),
    offset: req.offset,
    limit: req.limit,
  });
  return {
    rows: w.entries.map((e) => queueRow(e, policy, zoneOf)),
    offset: req.offset,
    total: w.total,
    counts: w.counts,
  };
}

export async function getQueueRow(
  store: Repositories,
  transactionId: number,
  payTraceZone = PAYTRACE_DEFAULT_ZONE,
): Promise<QueueRow | null> {
  const entry = await store.queue.entry(transactionId);
  return entry ? queueRow(entry, await fourEyesPolicy(store), await screenZones(store, payTraceZone)) : null;
}

/** Why a second person must approve it, while that is still to come. */
function secondApproval(entry: QueueEntry, policy: FourEyesPolicy): string[] {
  const { payment, proposal } = entry;
  if (!proposal || !['new', 'review', 'prepared', 'failed'].includes(payment.state)) return [];
  return fourEyesReasons(policy, {
    companyCode: proposal.companyCode ?? '',
    amount: payment.amount,
    proposal,
    customerChangedFrom: proposal.correctedCustomerFrom,
  });
}

function queueRow(entry: QueueEntry, policy: FourEyesPolicy, zoneOf: ZoneOf): QueueRow {
  const { payment: t, proposal: p, posting } = entry;
  return {
    transactionId: t.source.transaction_id,
    kind: t.kind,
    status: t.status,
    batch: t.batch,
    amount: t.amount,
    createdAt: t.createdAt.utc,
    zone: zoneOf(p?.companyCode ?? posting?.companyCode ?? null),
    invoiceId: t.invoiceId,
    billingName: t.billingName,
    maskedCard: t.maskedCard,
    queueState: t.state,
    stateReason: t.stateReason,
    proposal: p
      ? {
          id: p.id,
          tier: p.tier,
          confidence: p.confidence,
          customer: p.customer,
          customerName: p.customerName,
          companyCode: p.companyCode,
          items: p.items.map((it) => ({
            companyCode: it.item.BUKRS,
            docNo: it.item.BELNR,
            fiscYear: it.item.GJAHR,
            itemNum: it.item.BUZEI,
            amount: it.amount,
            reference: it.reference,
            assignment: it.assignment,
            openAmount: it.openAmount,
          })),
          onAccount: p.onAccount,
          reasons: [...p.reasons],
          rule: p.rule,
          writeOff: p.writeOff ?? null,
          correctedBy: p.correctedBy,
          preparedBy: p.preparedBy,
          secondApproval: secondApproval(entry, policy),
          explanation: p.explanation
            ? {
                probability: p.explanation.probability,
                model: p.explanation.model,
                top: p.explanation.top.map((c) => ({ ...c })),
                ranked: p.explanation.ranked,
              }
            : null,
        }
      : null,
    posting: posting ? postingSummary(posting) : null,
  };
}

export function postingSummary(p: PostingRecord): PostingSummary {
  return {
    reference: p.reference,
    state: p.state,
    sapDocument:
      p.state === 'posted' && p.belnr && p.gjahr ? { BELNR: p.belnr, BUKRS: p.companyCode, GJAHR: p.gjahr } : null,
    messages: (JSON.parse(p.messages) as SapMessage[]).map((m) => ({
      TYPE: m.TYPE,
      ID: m.ID,
      NUMBER: String(m.NUMBER),
      MESSAGE: m.MESSAGE,
    })),
    approvedBy: p.approvedBy,
    updatedAt: p.updatedAt,
    idoc: p.idocNumber ? { number: p.idocNumber, status: p.idocStatus ?? '' } : null,
  };
}
