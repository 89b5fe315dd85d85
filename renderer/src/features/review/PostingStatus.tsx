// Where the transaction stands after the clerk's action or a previous attempt: the SAP document
// key when posted, SAP's own messages verbatim when it refused.
import type { AuditEntry, PostingSummary, QueueRow } from '../../../../shared/api';
import { voidedButInSap } from '../../../../shared/domain';
import { formatSapDocument } from '../../ui/format';
import { sentBackBy } from './sent-back';
import type { Outcome } from './store';

function SapMessages({ messages }: { messages: PostingSummary['messages'] }) {
  if (messages.length === 0) return null;
  return (
    <table className="sap-messages" aria-label="SAP messages">
      <tbody>
        {messages.map((m, i) => (
          <tr key={i} className={`msg-${m.TYPE}`}>
            <td className="mono">{m.TYPE}</td>
            <td className="mono">
              {m.ID}&nbsp;{m.NUMBER}
            </td>
            <td>{m.MESSAGE}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Why a sale PayTrace voided after its posting needs a person (shared/domain `voidedButInSap`). */
export const VOIDED_IN_SAP =
  'PayTrace voided the sale after it was sent to SAP: no money came, yet SAP shows the invoice paid. Reverse the SAP document (Reverse in SAP…); the payment then closes.';

function Posted({ doc }: { doc: NonNullable<PostingSummary['sapDocument']> }) {
  return (
    <div className="banner success" role="status">
      Posted as SAP document{' '}
      <strong data-testid="sap-document" className="mono">
        {formatSapDocument(doc)}
      </strong>
    </div>
  );
}

export function PostingStatus({
  row,
  outcome,
  audit,
}: {
  row: QueueRow;
  outcome: Outcome | null;
  audit: readonly AuditEntry[];
}) {
  const mine = outcome?.transactionId === row.transactionId ? outcome : null;
  if (mine?.kind === 'error') {
    return (
      <div className="banner error" role="alert">
        <strong>{mine.action === 'approve' ? 'Could not post.' : 'Could not save.'}</strong> {mine.message}
      </div>
    );
  }
  const posting = mine?.kind === 'posting' ? mine.posting : row.posting;
  if (voidedButInSap(row.queueState, row.status)) {
    return (
      <div className="banner error" role="alert" data-testid="voided-in-sap">
        <strong>{row.status === 'declined' ? 'Declined' : 'Voided'} by PayTrace after posting.</strong>{' '}
        {posting?.sapDocument ? (
          <>
            SAP document <span className="mono">{formatSapDocument(posting.sapDocument)}</span> clears the invoice with
            money that never came: reverse it (Reverse in SAP…); the payment then closes.
          </>
        ) : (
          VOIDED_IN_SAP
        )}
      </div>
    );
  }
  if (posting?.state === 'posted' && posting.sapDocument) return <Posted doc={posting.sapDocument} />;
  // A failed posting the clerk has since corrected is history (on the audit trail), not the current state.
  if (posting?.state === 'failed' && (mine?.kind === 'posting' || row.queueState === 'failed')) {
    return (
      <div className="banner error" role="alert">
        <strong>SAP did not post the document.</strong>{' '}
        {posting.messages.length === 0 ? 'No messages were returned.' : 'Its messages:'}
        <SapMessages messages={posting.messages} />
        <span className="banner-foot">
          Reference <span className="mono">{posting.reference}</span> · approved by {posting.approvedBy}
        </span>
      </div>
    );
  }
  if (posting?.state === 'pending') {
    return (
      <div className="banner warning" role="status" data-testid="posting-pending">
        <strong>In SAP, pending.</strong> SAP holds the posting
        {posting.idoc ? (
          <>
            {' '}
            as IDoc <span className="mono">{posting.idoc.number}</span> in status{' '}
            <span className="mono">{posting.idoc.status}</span>
          </>
        ) : null}{' '}
        and has not posted it yet. It is posted when SAP processes the IDoc (RBDAPP01, or BD87 once its error is fixed);
        ClearDesk checks it on each sync and never sends it again while SAP holds it.
        {posting.messages.length > 0 ? <SapMessages messages={posting.messages} /> : null}
        <span className="banner-foot">
          Reference <span className="mono">{posting.reference}</span> · approved by {posting.approvedBy}
        </span>
      </div>
    );
  }
  if (posting?.state === 'sending') {
    return (
      <div className="banner info" role="status">
        Sent to SAP, waiting for confirmation (reference <span className="mono">{posting.reference}</span>).
      </div>
    );
  }
  // What the person just did, while the payment is still where it left it (not after someone else moved it on).
  const done = mine?.kind === 'done' && mine.state === row.queueState ? mine.message : null;
  if (row.queueState === 'prepared') {
    // Four eyes: the first approval posted nothing; say so where the approve button was pressed.
    return (
      <div className="banner info" role="status">
        {done ?? (
          <>
            Approved first by <strong>{row.proposal?.preparedBy ?? 'a clerk'}</strong>; it waits for a second person, an
            approver, before anything is posted.
          </>
        )}
      </div>
    );
  }
  if (done && row.queueState === 'review') {
    return (
      <div className="banner success" role="status">
        {done}
      </div>
    );
  }
  const sentBack = sentBackBy(row, audit);
  if (sentBack && row.stateReason) {
    return (
      <div className="banner warning" role="status">
        Sent back by <strong>{sentBack}</strong>: {row.stateReason}
      </div>
    );
  }
  if ((row.queueState === 'parked' || row.queueState === 'ignored') && row.stateReason) {
    return (
      <div className="banner neutral" role="status">
        {row.queueState === 'parked' ? 'Parked' : 'Ignored'}: {row.stateReason}
      </div>
    );
  }
  return null;
}
