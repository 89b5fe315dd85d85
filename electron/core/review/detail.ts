// The detail panel: the row, the FI document the approval would post, and its audit trail.
import type { DocumentPreview, TransactionDetail } from '../../../shared/api';
import type { Clock } from '../../../shared/ports';
import { previewLines } from '../../../shared/posting';
import type { FiDocument } from '../../../shared/posting/fi-document';
import { fromDats } from '../../../shared/time';
import type { Repositories } from '../../store';
import type { DocumentBuilder } from '../ports';
import { previewDocument } from './actions';
import { getQueueRow } from './queue';

export async function transactionDetail(
  deps: { store: Repositories; buildDocument: DocumentBuilder; clock: Clock },
  transactionId: number,
): Promise<TransactionDetail | null> {
  const { store } = deps;
  const row = await getQueueRow(store, transactionId);
  if (!row) return null;
  let document: FiDocument | null = null;
  // What went to SAP, once it went; a failed posting the clerk has since corrected shows the new proposal.
  const sent = row.queueState === 'approved' || row.queueState === 'posted' || row.queueState === 'failed';
  const posted = sent ? (await store.postings.forTransactions([transactionId], ['payment', 'refund']))[0] : undefined;
  if (posted) document = JSON.parse(posted.document) as FiDocument;
  else if (row.proposal) {
    const proposal = await store.proposals.get(row.proposal.id);
    document = proposal ? await previewDocument(deps, proposal).catch(() => null) : null;
  }
  const audit = await store.audit.forSubject(`paytrace:${transactionId}`);
  return { row, preview: document ? toPreview(document) : null, audit };
}

function toPreview(doc: FiDocument): DocumentPreview {
  const h = doc.DOCUMENTHEADER;
  return {
    companyCode: h.COMP_CODE,
    documentType: h.DOC_TYPE,
    documentDate: fromDats(h.DOC_DATE) ?? '',
    postingDate: fromDats(h.PSTNG_DATE) ?? '',
    reference: h.REF_DOC_NO,
    headerText: h.HEADER_TXT,
    lines: previewLines(doc).map((l) => ({
      itemNo: String(Number(l.itemNo)).padStart(3, '0'),
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
