// The reversal of the payment's SAP document as it stands, on its detail panel: waiting for an
// approver (who prepared it, reason, date, why; Execute and Reject for another approver, Withdraw
// for its preparer), or what SAP did (the reversal document, or SAP's refusal in its words).
import { useState } from 'react';
import type { QueueRow, Reversal } from '../../../../shared/api';
import { reversalReason } from '../../../../shared/domain/reversal';
import { samePerson } from '../../../../shared/domain/four-eyes';
import { formatDateTime, formatSapDocument } from '../../ui/format';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { ReasonFormDialog } from '../../ui/reason-form-dialog';
import { useReview } from '../review/context';
import { useReversals } from './context';
import { latestReversal } from './store';

function reasonText(code: string): string {
  const r = reversalReason(code);
  return r ? `${code} – ${r.text}` : code;
}

function Prepared({ r }: { r: Reversal }) {
  return (
    <dl className="facts reversal-facts">
      <div>
        <dt>Prepared by</dt>
        <dd>
          {r.preparedBy}{' '}
          <time className="muted" dateTime={r.preparedAt}>
            {formatDateTime(r.preparedAt)}
          </time>
        </dd>
      </div>
      <div>
        <dt>SAP document</dt>
        <dd className="mono">{formatSapDocument(r.original)}</dd>
      </div>
      <div>
        <dt>Reason for reversal</dt>
        <dd>{reasonText(r.reasonCode)}</dd>
      </div>
      <div>
        <dt>Posting date</dt>
        <dd className="mono">{r.postingDate}</dd>
      </div>
      <div>
        <dt>Why</dt>
        <dd>{r.reason}</dd>
      </div>
    </dl>
  );
}

export function ReversalStatus({ row }: { row: QueueRow }) {
  const r = useReversals((s) => latestReversal(s.rows, row.transactionId));
  const deciding = useReversals((s) => s.deciding);
  const outcome = useReversals((s) => (s.outcome && r && s.outcome.id === r.id ? s.outcome : null));
  const execute = useReversals((s) => s.execute);
  const reject = useReversals((s) => s.reject);
  return r ? (
    <ReversalOf
      row={row}
      r={r}
      deciding={deciding?.id === r.id ? deciding.action : deciding ? 'other' : null}
      error={outcome?.error ?? null}
      execute={execute}
      reject={reject}
    />
  ) : null;
}

function ReversalOf({
  row,
  r,
  deciding,
  error,
  execute,
  reject,
}: {
  row: QueueRow;
  r: Reversal;
  deciding: 'execute' | 'reject' | 'other' | null;
  error: string | null;
  execute(id: number): Promise<void>;
  reject(id: number, reason: string): Promise<string | null>;
}) {
  const user = useReview((s) => s.session?.user ?? null);
  const isApprover = useReview((s) => s.session?.roles.includes('approver') ?? false);
  const [rejecting, setRejecting] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const mine = user !== null && samePerson(user, r.preparedBy);
  const errorBanner = error ? (
    <div className="banner error" role="alert">
      <strong>The reversal was not executed.</strong> {error}
    </div>
  ) : null;

  if (r.state === 'reversed' && row.queueState !== 'reversing') {
    return (
      <div className="banner success" role="status" aria-label="Reversal">
        Reversed in SAP by {r.decidedBy ?? 'an approver'}: document{' '}
        <strong className="mono" data-testid="reversal-document">
          {r.reversalDocument ? formatSapDocument(r.reversalDocument) : (r.reversalReference ?? '—')}
        </strong>{' '}
        reverses <span className="mono">{formatSapDocument(r.original)}</span>.{' '}
        {row.queueState === 'closed'
          ? `PayTrace ${row.status === 'declined' ? 'declined' : 'voided'} the sale: nothing to post, the payment is closed.`
          : 'The payment is back in review, to be posted again.'}
      </div>
    );
  }
  if (r.state === 'failed' && row.queueState !== 'reversing') {
    return (
      <div className="banner error" role="alert" aria-label="Reversal">
        <strong>SAP did not reverse document {formatSapDocument(r.original)}.</strong> {r.error ?? ''} The document
        stands; the reversal may be prepared again.
      </div>
    );
  }
  if (r.state === 'rejected' && row.queueState === 'posted') {
    return (
      <div className="banner neutral" role="status" aria-label="Reversal">
        Reversal {samePerson(r.decidedBy ?? '', r.preparedBy) ? 'withdrawn' : 'rejected'} by {r.decidedBy}:{' '}
        {r.decisionReason}
      </div>
    );
  }
  if (row.queueState !== 'reversing' || (r.state !== 'requested' && r.state !== 'approved')) return errorBanner;

  const waiting = r.state === 'requested';
  const canDecide = waiting && isApprover && !mine;
  return (
    <section className="reversal-waiting banner warning" aria-label="Reversal">
      <strong>
        {waiting
          ? mine
            ? 'Your reversal waits for an approver, another person (four eyes).'
            : 'Reversal waits for an approver.'
          : 'The reversal is being sent to SAP; ClearDesk checks SAP before it sends anything again.'}
      </strong>
      <Prepared r={r} />
      {errorBanner}
      {waiting ? (
        <div className="actions reversal-actions">
          {canDecide ? (
            <>
              <button
                type="button"
                className="btn danger"
                disabled={deciding !== null}
                aria-busy={deciding === 'execute'}
                onClick={() => setConfirming(true)}
              >
                {deciding === 'execute' ? <span className="spinner" aria-hidden="true" /> : null}
                Execute reversal
              </button>
              <button type="button" className="btn" disabled={deciding !== null} onClick={() => setRejecting(true)}>
                Reject
              </button>
            </>
          ) : mine ? (
            <button type="button" className="btn" disabled={deciding !== null} onClick={() => setRejecting(true)}>
              Withdraw
            </button>
          ) : null}
          <span className="action-note" role="status" aria-live="polite">
            {deciding === 'execute'
              ? 'Reversing in SAP…'
              : mine && isApprover
                ? 'You prepared it; another approver executes it (four eyes).'
                : !isApprover && !mine
                  ? 'Waits for a person with the approver role.'
                  : null}
          </span>
        </div>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={`Reverse SAP document ${formatSapDocument(r.original)}?`}
          description="SAP posts the reversal now (a cleared invoice is opened again first); the payment goes back to review. It cannot be taken back from ClearDesk."
          facts={[
            { label: 'Transaction', value: String(r.transactionId) },
            { label: 'Reason for reversal', value: reasonText(r.reasonCode) },
            { label: 'Posting date', value: r.postingDate },
            { label: 'Prepared by', value: `${r.preparedBy}: ${r.reason}` },
          ]}
          confirmLabel="Reverse in SAP"
          tone="danger"
          onConfirm={() => void execute(r.id)}
          onClose={() => setConfirming(false)}
        />
      ) : null}
      {rejecting ? (
        <ReasonFormDialog
          title={`${mine ? 'Withdraw' : 'Reject'} the reversal of transaction ${r.transactionId}`}
          description={`SAP document ${formatSapDocument(r.original)} stands and the payment stays posted. The reason goes on the audit trail${mine ? '' : `, for ${r.preparedBy}`}.`}
          submitLabel={mine ? 'Withdraw reversal' : 'Reject reversal'}
          busyLabel="Saving…"
          tone="primary"
          onSubmit={(reason) => reject(r.id, reason)}
          onClose={() => setRejecting(false)}
        />
      ) : null}
    </section>
  );
}
