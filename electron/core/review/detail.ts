// The detail panel: the row, the FI document the approval would post, and its audit trail.
import type { Kysely } from 'kysely';
import type { DocumentPreview, TransactionDetail } from '../../../shared/api';
import { previewLines } from '../../../shared/posting';
import type { FiDocument } from '../../../shared/posting/fi-document';
import { fromDats } from '../../../shared/time';
import type { Database } from '../../store/schema';
import type { Clock } from '../clock';
import type { DocumentBuilder } from '../ports';
import { previewDocument } from './actions';
import { getQueueRow } from './queue';

export async function transactionDetail(
  deps: { db: Kysely<Database>; buildDocument: DocumentBuilder; clock: Clock },
  transactionId: number,
): Promise<TransactionDetail | null> {
  const row = await getQueueRow(deps.db, transactionId);
  if (!row) return null;
  let document: FiDocument | null = null;
  // What went to SAP, once it went; a failed posting the clerk has since corrected shows the new proposal.
  const sent = row.queueState === 'approved' || row.queueState === 'posted' || row.queueState === 'failed';
  const posted = sent
    ? await deps.db
        .selectFrom('postings')
        .select('document')
        .where('transaction_id', '=', transactionId)
        .where('event', 'in', ['payment', 'refund'])
        .executeTakeFirst()
    : undefined;
  if (posted) document = JSON.parse(posted.document) as FiDocument;
  else if (row.proposal) document = await previewDocument(deps, row.proposal.id).catch(() => null);
  const audit = await deps.db
    .selectFrom('audit_log')
    .selectAll()
    .where('subject', '=', `paytrace:${transactionId}`)
    .orderBy('seq')
    .execute();
  return {
    row,
    preview: document ? toPreview(document) : null,
    audit: audit.map((a) => ({
      seq: a.seq,
      at: a.at,
      actor: a.actor,
      action: a.action,
      subject: a.subject,
      detail: JSON.parse(a.detail) as Record<string, unknown>,
    })),
  };
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
    })),
  };
}
