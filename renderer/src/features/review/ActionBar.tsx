import type { QueueRow, RefundRequest } from '../../../../shared/api';
import { neverCharged } from '../../../../shared/domain';
import { formatMoney } from '../../ui/money';
import { useChargebacks } from '../chargebacks/context';
import { RecordChargebackDialog } from '../chargebacks/RecordChargebackDialog';
import { useRefunds } from '../refunds/context';
import { RefundDialog } from '../refunds/RefundDialog';
import { useReversals } from '../reversals/context';
import { ReverseDialog } from '../reversals/ReverseDialog';
import { useReview } from './context';
import { CorrectionDialog } from './CorrectionDialog';
import { NoMatchDialog } from './NoMatchDialog';
import { ReasonDialog } from './ReasonDialog';
import { approveEnabled, approveHint, canCorrect, canIgnore, canPark, canUnpark, needsMatch } from './tabs';

const NO_CODES: readonly string[] = [];

/** Where the sale's refund request stands, said on its panel (the Refund button is disabled meanwhile). */
function refundNote(r: RefundRequest): string {
  const what = `Refund request ${r.id} of ${formatMoney(r.amount)}, by ${r.preparedBy},`;
  switch (r.state) {
    case 'requested':
      return `${what} waits for an approver on the Refunds screen.`;
    case 'unknown':
      return `${what} has an unknown outcome at PayTrace: an approver settles it on the Refunds screen.`;
    default:
      return `${what} is being sent to PayTrace.`;
  }
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
  const recordChargeback = useChargebacks((s) => s.record);
  // A posted payment's SAP document may be reversed: a clerk prepares it, an approver executes it.
  const reversible = isClerk && row.queueState === 'posted' && row.posting?.state === 'posted';
  const unpark = useReview((s) => s.unpark);
  const placeNoMatch = useReview((s) => s.placeNoMatch);
  const findCustomers = useReview((s) => s.findCustomers);
  const companyCodes = useReview((s) => s.session?.companyCodes ?? NO_CODES);
  // In the store, so the keyboard opens the same dialogs (p, i, c).
  const dialog = useReview((s) => s.dialog);
  const setDialog = useReview((s) => s.openDialog);
  const isSale = row.kind === 'sale' || row.kind === 'capture';
  const uncharged = neverCharged(row.status);

  const busyHere = pending?.transactionId === row.transactionId ? pending.action : null;
  const previewProblem = useReview((s) =>
    s.detail?.row.transactionId === row.transactionId ? s.detail.previewProblem : undefined,
  );
  const held = useReview((s) =>
    s.detail?.row.transactionId === row.transactionId ? s.detail.approvalHeld : undefined,
  );
  const hint = approveHint(row, user, isApprover, previewProblem, held);
  // A posted payment's preview is the document in SAP: its posting date bounds a reversal's.
  const originalDate = useReview((s) =>
    s.detail?.row.transactionId === row.transactionId && row.queueState === 'posted'
      ? s.detail.preview?.postingDate || undefined
      : undefined,
  );
  const second = row.queueState === 'prepared';
  // A No match row has nothing to approve, so its (disabled) button names no second person.
  const needsSecond = (row.proposal?.secondApproval?.length ?? 0) > 0 && !second && !needsMatch(row);
  const hintId = `approve-hint-${row.transactionId}`;
  // A "No match" row has nothing to approve: correcting the match is the way on.
  const matchFirst = needsMatch(row) && canCorrect(row);

  return (
    <div className="actions">
      <button
        type="button"
        className="btn primary"
        disabled={!approveEnabled(row, user, isApprover, previewProblem, held) || pending !== null}
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
      {canUnpark(row) ? (
        <button
          type="button"
          className="btn primary"
          disabled={pending !== null}
          aria-busy={busyHere === 'unpark'}
          onClick={() => void unpark(row.transactionId)}
        >
          {busyHere === 'unpark' ? <span className="spinner" aria-hidden="true" /> : null}
          {row.queueState === 'ignored' ? 'Back to review' : 'Unpark'}
        </button>
      ) : null}
      <button
        type="button"
        className={matchFirst ? 'btn primary' : 'btn'}
        disabled={!canCorrect(row) || pending !== null}
        onClick={() => setDialog('correct')}
      >
        Correct match
      </button>
      {matchFirst ? (
        <>
          <button
            type="button"
            className="btn"
            disabled={pending !== null}
            aria-busy={busyHere === 'onAccount'}
            title="Post the whole payment as an open credit of a customer you pick"
            onClick={() => setDialog('onAccount')}
          >
            Post on account…
          </button>
          <button
            type="button"
            className="btn"
            disabled={pending !== null}
            aria-busy={busyHere === 'suspense'}
            title="Post the whole payment to the company code's suspense account until someone identifies the payer"
            onClick={() => setDialog('suspense')}
          >
            Post to suspense…
          </button>
        </>
      ) : null}
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
      {isSale && isClerk ? (
        <button
          type="button"
          className="btn"
          disabled={pending !== null || uncharged}
          title={
            uncharged
              ? `PayTrace says this sale is ${row.status}: the card was never charged, so there is nothing to dispute`
              : 'Record a chargeback the processor sent for this sale'
          }
          onClick={() => setDialog('chargeback')}
        >
          Record chargeback…
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
      {refundInProgress ? (
        <p className="action-note refund-in-progress" role="status" data-testid="refund-in-progress">
          {refundNote(refundInProgress)}
        </p>
      ) : null}
      {dialog === 'refund' && refundable ? (
        <RefundDialog
          sale={row}
          refundable={refundable}
          onSubmit={(amount, reason) => prepareRefund(row.transactionId, amount, reason)}
          onClose={() => setDialog(null)}
        />
      ) : dialog === 'chargeback' && !uncharged ? (
        <RecordChargebackDialog sale={row} onSubmit={recordChargeback} onClose={() => setDialog(null)} />
      ) : dialog === 'reverse' && reversible ? (
        <ReverseDialog
          row={row}
          originalDate={originalDate}
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
      ) : (dialog === 'onAccount' || dialog === 'suspense') && matchFirst ? (
        <NoMatchDialog
          mode={dialog}
          row={row}
          companyCodes={companyCodes}
          onSubmit={(companyCode, customer) => placeNoMatch(row.transactionId, companyCode, customer)}
          findCustomers={findCustomers}
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
