import { useState } from 'react';
import type { QueueRow } from '../../../../shared/api';
import { useRefunds } from '../refunds/context';
import { RefundDialog } from '../refunds/RefundDialog';
import { useReview } from './context';
import { CorrectionDialog } from './CorrectionDialog';
import { ReasonDialog } from './ReasonDialog';
import { canApprove, canCorrect, canIgnore, canPark, STATE_LABELS } from './tabs';

/** Why Approve is disabled, when the state badge and banner do not already say it. */
function approveHint(row: QueueRow): string | null {
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
  const refundable = useReview((s) =>
    s.detail?.row.transactionId === row.transactionId ? (s.detail.refundable ?? null) : null,
  );
  const prepareRefund = useRefunds((s) => s.prepare);
  const refundInProgress = useRefunds((s) =>
    s.rows.find(
      (r) =>
        r.transactionId === row.transactionId &&
        (r.state === 'requested' || r.state === 'approved' || r.state === 'sent'),
    ),
  );
  const [dialog, setDialog] = useState<'park' | 'ignore' | 'correct' | 'refund' | null>(null);
  const isSale = row.kind === 'sale' || row.kind === 'capture';

  const busyHere = pending?.transactionId === row.transactionId ? pending.action : null;
  const hint = approveHint(row);
  const hintId = `approve-hint-${row.transactionId}`;

  return (
    <div className="actions">
      <button
        type="button"
        className="btn primary"
        disabled={!canApprove(row) || pending !== null}
        aria-busy={busyHere === 'approve'}
        aria-describedby={hint ? hintId : undefined}
        onClick={() => row.proposal && void approve(row.transactionId, row.proposal.id)}
      >
        {busyHere === 'approve' ? <span className="spinner" aria-hidden="true" /> : null}
        Approve and post
      </button>
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
              ? `Refund request ${refundInProgress.id} of this sale is waiting for a decision`
              : refundable && refundable.minor > 0
                ? 'Prepare a refund for an approver to approve'
                : 'Nothing left to refund on this sale'
          }
          onClick={() => setDialog('refund')}
        >
          Refund…
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
      ) : dialog === 'correct' ? (
        <CorrectionDialog
          row={row}
          onSaved={(corrected) => {
            setDialog(null);
            applyCorrection(corrected);
          }}
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
