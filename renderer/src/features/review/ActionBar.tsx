import { useState } from 'react';
import type { QueueRow } from '../../../../shared/api';
import { samePerson } from '../../../../shared/domain/four-eyes';
import { useRefunds } from '../refunds/context';
import { RefundDialog } from '../refunds/RefundDialog';
import { useReversals } from '../reversals/context';
import { ReverseDialog } from '../reversals/ReverseDialog';
import { useReview } from './context';
import { CorrectionDialog } from './CorrectionDialog';
import { ReasonDialog } from './ReasonDialog';
import { canApprove, canCorrect, canIgnore, canPark, STATE_LABELS } from './tabs';

/** Why Approve is disabled, when the state badge and banner do not already say it. */
function approveHint(row: QueueRow, user: string | null, isApprover: boolean): string | null {
  if (row.queueState === 'prepared') {
    if (!isApprover) return 'Waits for a second person with the approver role.';
    if (user && row.proposal?.preparedBy && samePerson(user, row.proposal.preparedBy))
      return 'You approved it first; another approver gives the second approval (four eyes).';
    if (user && row.proposal?.correctedBy && samePerson(user, row.proposal.correctedBy))
      return 'You corrected this match; another approver gives the second approval (four eyes).';
  }
  if (canApprove(row)) return null;
  if (!row.proposal && canPark(row)) return 'No proposal to approve: park it or ignore it with a reason.';
  if (row.queueState === 'new')
    return `Not ready: the matcher has not looked at it yet (${STATE_LABELS.new.toLowerCase()}).`;
  return null;
}

export function ActionBar({ row }: { row: QueueRow }) {
  const pending = useReview((s) => s.pending);
  const approve = useReview((s) => s.approve);
  const setAside = useReview((s) => s.setAside);
  const applyCorrection = useReview((s) => s.applyCorrection);
  const isClerk = useReview((s) => s.session?.roles.includes('clerk') ?? false);
  const isApprover = useReview((s) => s.session?.roles.includes('approver') ?? false);
  const user = useReview((s) => s.session?.user ?? null);
  const sendBack = useReview((s) => s.sendBack);
  const refundable = useReview((s) =>
    s.detail?.row.transactionId === row.transactionId ? (s.detail.refundable ?? null) : null,
  );
  const prepareRefund = useRefunds((s) => s.prepare);
  const refundInProgress = useRefunds((s) =>
    s.rows.find(
      (r) =>
        r.transactionId === row.transactionId &&
        (r.state === 'requested' || r.state === 'approved' || r.state === 'sent' || r.state === 'unknown'),
    ),
  );
  const prepareReversal = useReversals((s) => s.prepare);
  const [dialog, setDialog] = useState<'park' | 'ignore' | 'correct' | 'refund' | 'sendBack' | 'reverse' | null>(null);
  // A posted payment's SAP document may be reversed: a clerk prepares it, an approver executes it.
  const reversible = isClerk && row.queueState === 'posted' && row.posting?.state === 'posted';
  const isSale = row.kind === 'sale' || row.kind === 'capture';

  const busyHere = pending?.transactionId === row.transactionId ? pending.action : null;
  const hint = approveHint(row, user, isApprover);
  const second = row.queueState === 'prepared';
  const needsSecond = (row.proposal?.secondApproval?.length ?? 0) > 0 && !second;
  const hintId = `approve-hint-${row.transactionId}`;

  return (
    <div className="actions">
      <button
        type="button"
        className="btn primary"
        disabled={!canApprove(row) || (second && hint !== null) || pending !== null}
        aria-busy={busyHere === 'approve'}
        aria-describedby={hint ? hintId : undefined}
        onClick={() => row.proposal && void approve(row.transactionId, row.proposal.id)}
      >
        {busyHere === 'approve' ? <span className="spinner" aria-hidden="true" /> : null}
        {second ? 'Give second approval and post' : needsSecond ? 'Approve for a second person' : 'Approve and post'}
      </button>
      {second && isApprover ? (
        <button type="button" className="btn" disabled={pending !== null} onClick={() => setDialog('sendBack')}>
          Send back
        </button>
      ) : null}
      <button
        type="button"
        className="btn"
        disabled={!canCorrect(row) || pending !== null}
        onClick={() => setDialog('correct')}
      >
        Correct match
      </button>
      <button
        type="button"
        className="btn"
        disabled={!canPark(row) || pending !== null}
        onClick={() => setDialog('park')}
      >
        Park
      </button>
      <button
        type="button"
        className="btn"
        disabled={!canIgnore(row) || pending !== null}
        onClick={() => setDialog('ignore')}
      >
        Ignore
      </button>
      {isSale && isClerk ? (
        <button
          type="button"
          className="btn"
          disabled={!refundable || refundable.minor <= 0 || refundInProgress !== undefined || pending !== null}
          title={
            refundInProgress
              ? refundInProgress.state === 'unknown'
                ? `Refund request ${refundInProgress.id} of this sale has an unknown outcome at PayTrace; settle it on the Refunds screen first`
                : `Refund request ${refundInProgress.id} of this sale is waiting for a decision`
              : refundable && refundable.minor > 0
                ? 'Prepare a refund for an approver to approve'
                : 'Nothing left to refund on this sale'
          }
          onClick={() => setDialog('refund')}
        >
          Refund…
        </button>
      ) : null}
      {reversible ? (
        <button
          type="button"
          className="btn"
          disabled={pending !== null}
          title="Prepare the reversal of its SAP document for an approver to execute"
          onClick={() => setDialog('reverse')}
        >
          Reverse in SAP…
        </button>
      ) : null}
      <span className="action-note" role="status" aria-live="polite">
        {busyHere === 'approve' ? 'Posting to SAP…' : hint ? <span id={hintId}>{hint}</span> : null}
      </span>
      {dialog === 'refund' && refundable ? (
        <RefundDialog
          sale={row}
          refundable={refundable}
          onSubmit={(amount, reason) => prepareRefund(row.transactionId, amount, reason)}
          onClose={() => setDialog(null)}
        />
      ) : dialog === 'reverse' ? (
        <ReverseDialog
          row={row}
          onSubmit={(code, date, reason) => prepareReversal(row.transactionId, code, date, reason)}
          onClose={() => setDialog(null)}
        />
      ) : dialog === 'correct' ? (
        <CorrectionDialog
          row={row}
          onSaved={(corrected) => {
            setDialog(null);
            applyCorrection(corrected);
          }}
          onClose={() => setDialog(null)}
        />
      ) : dialog === 'sendBack' ? (
        <ReasonDialog
          action="sendBack"
          transactionId={row.transactionId}
          onSubmit={(reason) => sendBack(row.transactionId, reason)}
          onClose={() => setDialog(null)}
        />
      ) : dialog === 'park' || dialog === 'ignore' ? (
        <ReasonDialog
          action={dialog}
          transactionId={row.transactionId}
          onSubmit={(reason) => setAside(dialog, row.transactionId, reason)}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </div>
  );
}
