// The detail panel: the row, the FI document the approval would post, and its audit trail.
import type { DocumentPreview, RelatedPayment, TransactionDetail } from '../../../shared/api';
import type { MatchProposal } from '../../../shared/domain';
import { type FiscalPeriod, previewLines } from '../../../shared/posting';
import type { FiDocument } from '../../../shared/posting/fi-document';
import { fromDats } from '../../../shared/time';
import type { PaymentRecord, Repositories } from '../../store';
import type { Actor } from '../ports';
import { saleOfRefund } from '../refunds/attribute';
import { voidInProgress, voidInProgressText } from '../refunds/requests';
import { type ApproveDeps, previewDocument } from './actions';
import { getQueueRow } from './queue';

export async function transactionDetail(
  deps: Omit<ApproveDeps, 'poster'>,
  transactionId: number,
  viewer: Actor,
): Promise<TransactionDetail | null> {
  const { store } = deps;
  const row = await getQueueRow(store, transactionId, deps.payTraceZone);
  if (!row) return null;
  let document: FiDocument | null = null;
  let notes: readonly string[] = [];
  let period: FiscalPeriod | null = null;
  let problem: string | null = null;
  let shown: MatchProposal | null = null;
  // What went to SAP, once it went; a failed posting the clerk has since corrected shows the new proposal.
  const sent = row.queueState === 'approved' || row.queueState === 'posted' || row.queueState === 'failed';
  const posted = sent ? (await store.postings.forTransactions([transactionId], ['payment', 'refund']))[0] : undefined;
  if (posted) document = JSON.parse(posted.document) as FiDocument;
  else if (row.proposal) {
    const proposal = await store.proposals.get(row.proposal.id);
    shown = proposal;
    try {
      // The document as this person's approval would post it (their name in the header).
      const built = proposal ? await previewDocument(deps, proposal, viewer) : null;
      document = built?.document ?? null;
      notes = built?.notes ?? [];
      period = built?.postingDate.period ?? null;
    } catch (e) {
      // What stops the proposal from posting as it stands (no credit for a refund, every period
      // closed, a G/L rule missing, an item no longer open) is the clerk's to read.
      problem = e instanceof Error ? e.message : String(e);
    }
  }
  const held = !sent && row.proposal ? await approvalHeld(store, transactionId) : null;
  const audit = await store.audit.forSubject(`paytrace:${transactionId}`);
  const related = await relatedPayments(store, transactionId, shown);
  return {
    row,
    preview: document ? toPreview(document, notes, period) : null,
    ...(problem ? { previewProblem: problem } : {}),
    ...(held ? { approvalHeld: held } : {}),
    audit,
    ...(related.length > 0 ? { related } : {}),
  };
}

/**
 * A refund's sale (`saleOfRefund`: its proposal's, as the matcher found it, else the one PayTrace names, else the
 * one ClearDesk's own refund request refunded), or a sale's refunds.
 * A refund already posted keeps the sale of the proposal it was approved from.
 */
async function relatedPayments(
  store: Repositories,
  transactionId: number,
  proposal: MatchProposal | null,
): Promise<RelatedPayment[]> {
  const payment = await store.payments.get(transactionId);
  if (!payment) return [];
  if (payment.kind !== 'refund') return (await store.payments.refundsRelatedTo(transactionId)).map(relatedOf);
  const sale = await saleOfRefund(store, payment, proposal ?? (await store.proposals.live(transactionId)));
  return sale ? [relatedOf(sale)] : [];
}

const relatedOf = (p: PaymentRecord): RelatedPayment => ({
  transactionId: p.source.transaction_id,
  kind: p.kind,
  amount: p.amount,
  createdAt: p.createdAt.utc,
  queueState: p.state,
});

/** What approveAndPost would refuse whatever the document: a void of the unsettled sale in progress. */
async function approvalHeld(store: Repositories, transactionId: number): Promise<string | null> {
  const payment = await store.payments.get(transactionId);
  const voiding = payment ? await voidInProgress(store, payment) : null;
  return voiding ? voidInProgressText(voiding) : null;
}

function toPreview(doc: FiDocument, notes: readonly string[], period: FiscalPeriod | null): DocumentPreview {
  const h = doc.DOCUMENTHEADER;
  return {
    companyCode: h.COMP_CODE,
    documentType: h.DOC_TYPE,
    documentDate: fromDats(h.DOC_DATE) ?? '',
    postingDate: fromDats(h.PSTNG_DATE) ?? '',
    // SAP derives the period from the posting date; this is the one ClearDesk chose the date for.
    ...(period ? { fiscalYear: String(period.fiscalYear), fiscalPeriod: String(period.period).padStart(2, '0') } : {}),
    reference: h.REF_DOC_NO,
    headerText: h.HEADER_TXT,
    ...(h.USERNAME ? { userName: h.USERNAME } : {}),
    ...(notes.length > 0 ? { notes: [...notes] } : {}),
    lines: previewLines(doc).map((l) => ({
      itemNo: l.itemNo,
      kind: l.kind,
      account: l.account,
      amount: l.amount,
      assignment: l.assignment,
      text: l.text,
      ...(l.costCenter ? { costCenter: l.costCenter } : {}),
      ...(l.profitCenter ? { profitCenter: l.profitCenter } : {}),
    })),
  };
}
