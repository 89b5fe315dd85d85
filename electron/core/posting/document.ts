// From an approved proposal to the FI document: the core's side of shared/posting's builder.
import { fromPayTraceDate } from '../../../shared/time';
import {
  appliedItemsFromMatch,
  buildFiDocument,
  postingReference,
  type PostingConfig,
  type PostingKind,
} from '../../../shared/posting';
import type { DocumentBuilder, DocumentRequest } from '../ports';

/** The posting event of a transaction: the reference letter and the postings row's event. */
export function postingEventOf(kind: string): 'payment' | 'refund' {
  return kind === 'refund' ? 'refund' : 'payment';
}

function kindOf(req: DocumentRequest): PostingKind {
  if (!req.proposal.customer) return 'suspense';
  return req.transaction.kind === 'refund' ? 'refund' : 'payment';
}

/** The date the customer paid, in PayTrace's own calendar (its timestamps are local time). */
function paymentDate(req: DocumentRequest): string {
  const datePart = req.transaction.createdAt.original.split(' ')[0] ?? '';
  try {
    return fromPayTraceDate(datePart);
  } catch {
    return req.transaction.createdAt.utc.slice(0, 10);
  }
}

export function createDocumentBuilder(config: PostingConfig): DocumentBuilder {
  return (req) => {
    const { transaction: t, proposal } = req;
    const kind = kindOf(req);
    if (!proposal.companyCode)
      throw new Error(`Transaction ${t.source.transaction_id} has no company code to post into.`);
    return buildFiDocument(
      {
        kind,
        companyCode: proposal.companyCode,
        documentDate: paymentDate(req),
        postingDate: req.postingDate,
        reference: postingReference(t.source.transaction_id, postingEventOf(t.kind), req.referenceSequence ?? 1),
        customer: proposal.customer,
        amount: t.amount,
        items: kind === 'payment' ? appliedItemsFromMatch(proposal, req.openItems) : [],
        ...(kind === 'payment' && proposal.writeOff ? { writeOffReason: proposal.writeOff.why } : {}),
        source: {
          transactionId: t.source.transaction_id,
          invoiceId: t.invoiceId,
          paymentMethod: t.cardBrand.toLowerCase(),
        },
      },
      // USERNAME stays as configured (SAP fills the RFC user): the clerk is on ClearDesk's audit trail.
      config,
    );
  };
}
