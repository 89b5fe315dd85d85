// Refunds prepared by clerks, and the approver's four-eyes decision. The preparer sees their own
// request but cannot approve it (the core refuses it too); an approved refund shows what PayTrace did.
import { useEffect, useState } from 'react';
import type { RefundRequest, SessionInfo } from '../../../../shared/api';
import { inSap } from '../../../../shared/domain';
import { money } from '../../../../shared/money';
import { formatMoney } from '../../ui/money';
import { useApp } from '../../app/context';
import { formatDateTime } from '../../ui/format';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { ListEmpty, ListToolbar, LoadError } from '../../ui/list-screen';
import { useReview } from '../review/context';
import { RefundStateBadge } from './badges';
import { useRefunds } from './context';
import { RejectDialog } from './RejectDialog';
import { UnknownOutcomeDialog, type UnknownOutcomeAction } from './UnknownOutcomeDialog';
import { waitingCount } from './store';

function Outcome({ r }: { r: RefundRequest }) {
  if (r.state === 'refunded' && r.paytraceTransactionId !== null) {
    return (
      <span className="secondary">
        PayTrace refund{' '}
        <span className="mono" data-testid="refund-paytrace-id">
          {r.paytraceTransactionId}
        </span>
      </span>
    );
  }
  if (r.state === 'voided' && r.paytraceTransactionId !== null) {
    return (
      <span className="secondary">
        PayTrace voided sale{' '}
        <span className="mono" data-testid="refund-paytrace-id">
          {r.paytraceTransactionId}
        </span>
      </span>
    );
  }
  if (r.state === 'rejected' && r.decisionReason)
    return (
      <span className="secondary" title={r.decisionReason}>
        “{r.decisionReason}”
      </span>
    );
  if (r.state === 'unknown')
    return (
      <>
        {r.error ? (
          <span className="secondary error-text refund-error" title={r.error}>
            {r.error}
          </span>
        ) : null}
        {r.reference ? (
          <span className="secondary">
            Reference <span className="mono">{r.reference}</span>
          </span>
        ) : null}
        <ol className="refund-checks" aria-label={`What to check in PayTrace for refund request ${r.id}`}>
          {r.checks.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ol>
      </>
    );
  if (r.error)
    return (
      <span className="secondary error-text refund-error" title={r.error}>
        {r.error}
      </span>
    );
  return null;
}

/** Outcome unknown: an approver says what PayTrace shows (the preparer may not send it again). */
function SettleUnknown({
  r,
  session,
  onSettle,
}: {
  r: RefundRequest;
  session: SessionInfo;
  onSettle(r: RefundRequest, action: UnknownOutcomeAction): void;
}) {
  const deciding = useRefunds((s) => s.deciding);
  if (!session.roles.includes('approver')) return <span className="muted">Waiting for an approver</span>;
  const own = r.preparedBy === session.user;
  const isVoid = r.operation === 'void';
  const noteId = `own-refund-${r.id}`;
  return (
    <div className="refund-decision">
      <div className="refund-buttons">
        <button
          type="button"
          className="btn primary"
          disabled={deciding !== null}
          aria-label={`PayTrace shows refund request ${r.id} ${isVoid ? 'voided' : 'refunded'}`}
          onClick={() => onSettle(r, 'confirm')}
        >
          {isVoid ? 'PayTrace shows it voided' : 'PayTrace shows it refunded'}
        </button>
        <button
          type="button"
          className="btn"
          disabled={own || deciding !== null}
          aria-describedby={own ? noteId : undefined}
          aria-label={`PayTrace shows no ${isVoid ? 'void' : 'refund'} for request ${r.id}: send again`}
          onClick={() => onSettle(r, 'resend')}
        >
          {isVoid ? 'No void — send again' : 'No refund — send again'}
        </button>
      </div>
      {own ? (
        <span id={noteId} className="refund-note">
          You prepared it: another approver must send it again.
        </span>
      ) : null}
    </div>
  );
}

function Decision({
  r,
  session,
  onReject,
  onSettle,
}: {
  r: RefundRequest;
  session: SessionInfo | null;
  onReject(r: RefundRequest): void;
  onSettle(r: RefundRequest, action: UnknownOutcomeAction): void;
}) {
  const deciding = useRefunds((s) => s.deciding);
  const approve = useRefunds((s) => s.approve);
  const [confirming, setConfirming] = useState(false);
  if (r.state === 'unknown' && session) return <SettleUnknown r={r} session={session} onSettle={onSettle} />;
  if (r.state !== 'requested' || !session) return null;
  const approver = session.roles.includes('approver');
  const own = r.preparedBy === session.user;
  if (!approver && !own) return <span className="muted">Waiting for an approver</span>;
  const noteId = `own-refund-${r.id}`;
  const busy = deciding?.id === r.id ? deciding.action : null;
  const refund = r.sale.status === 'settled';
  return (
    <div className="refund-decision">
      {confirming ? (
        <ConfirmDialog
          title={`${refund ? 'Refund' : 'Void'} sale ${r.transactionId}?`}
          description={
            refund
              ? 'PayTrace refunds this amount to the card at once; it cannot be taken back from ClearDesk.'
              : inSap(r.sale.queueState ?? 'new')
                ? 'PayTrace voids the sale before it settles; the card is never charged. The sale is posted in SAP already: its document must then be reversed (a dead letter asks for it on the next sync).'
                : 'PayTrace voids the sale before it settles; the card is never charged.'
          }
          facts={[
            { label: 'Amount', value: formatMoney(r.amount) },
            {
              label: 'Sale',
              value: `${r.transactionId} of ${formatMoney(r.sale.amount)}, ${r.sale.status}: ${r.sale.billingName || 'no billing name'}, card ${r.sale.maskedCard}`,
            },
            ...(r.sale.leftBesides && r.sale.leftBesides.minor !== r.sale.amount.minor
              ? [
                  {
                    label: 'Refunded or asked before',
                    value: `${formatMoney(money(r.sale.amount.minor - r.sale.leftBesides.minor, r.sale.amount.currency))}; ${formatMoney(r.sale.leftBesides)} was left before this request`,
                  },
                ]
              : []),
            { label: 'Requested by', value: r.preparedBy },
            { label: 'Reason', value: r.reason },
          ]}
          confirmLabel={`${refund ? 'Refund' : 'Void'} ${formatMoney(r.amount)}`}
          tone="danger"
          onConfirm={() => void approve(r.id)}
          onClose={() => setConfirming(false)}
        />
      ) : null}
      <div className="refund-buttons">
        {approver ? (
          <button
            type="button"
            className="btn primary"
            disabled={own || deciding !== null}
            aria-busy={busy === 'approve'}
            aria-describedby={own ? noteId : undefined}
            title={own ? 'You prepared this refund; another approver must approve it (four eyes).' : undefined}
            aria-label={`Approve refund request ${r.id}`}
            onClick={() => setConfirming(true)}
          >
            {busy === 'approve' ? <span className="spinner" aria-hidden="true" /> : null}
            {busy === 'approve' ? 'Refunding…' : 'Approve'}
          </button>
        ) : null}
        <button
          type="button"
          className="btn"
          disabled={deciding !== null}
          aria-label={`Reject refund request ${r.id}`}
          onClick={() => onReject(r)}
        >
          Reject
        </button>
      </div>
      {own ? (
        <span id={noteId} className="refund-note">
          You prepared it: another approver must approve.
        </span>
      ) : null}
    </div>
  );
}

export function RefundsScreen() {
  const rows = useRefunds((s) => s.rows);
  const loading = useRefunds((s) => s.loading);
  const loaded = useRefunds((s) => s.loaded);
  const error = useRefunds((s) => s.error);
  const outcome = useRefunds((s) => s.outcome);
  const load = useRefunds((s) => s.load);
  const reject = useRefunds((s) => s.reject);
  const confirm = useRefunds((s) => s.confirm);
  const resend = useRefunds((s) => s.resend);
  const session = useReview((s) => s.session);
  const openTransaction = useApp((s) => s.openTransaction);
  const [rejecting, setRejecting] = useState<RefundRequest | null>(null);
  const [settling, setSettling] = useState<{ refund: RefundRequest; action: UnknownOutcomeAction } | null>(null);

  // The shell keeps the list live (queue.changed); opening the screen fetches it fresh as well.
  useEffect(() => void load(), [load]);

  const waiting = waitingCount(rows);
  const failed = outcome?.error ? rows.find((r) => r.id === outcome.id) : undefined;

  return (
    <main className="screen">
      <div className="queue-pane">
        <ListToolbar
          note={
            loaded
              ? `${rows.length} refund ${rows.length === 1 ? 'request' : 'requests'}; ${waiting} waiting for approval. A refund is approved by someone other than the clerk who prepared it.`
              : ' '
          }
          loading={loading}
          onRefresh={() => void load()}
        />
        <LoadError what="refund requests" error={error} onRetry={() => void load()} />
        {outcome?.error ? (
          <div className="banner error" role="alert">
            Refund request {outcome.id}
            {failed ? ` (sale ${failed.transactionId})` : ''}: {outcome.error}
          </div>
        ) : null}
        <div className="table-scroll">
          <table className="queue refund-table" aria-label="Refund requests" aria-busy={loading}>
            <colgroup>
              <col style={{ width: 70 }} />
              <col style={{ width: 210 }} />
              <col style={{ width: 120 }} />
              <col />
              <col style={{ width: 210 }} />
              <col style={{ width: 140 }} />
              <col style={{ width: 140 }} />
              <col style={{ width: 190 }} />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Request</th>
                <th scope="col">Sale</th>
                <th scope="col" className="right">
                  Refund
                </th>
                <th scope="col">Reason</th>
                <th scope="col">State</th>
                <th scope="col">Prepared</th>
                <th scope="col">Decided</th>
                <th scope="col">
                  <span className="visually-hidden">Decision</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-refund-id={r.id}>
                  <td className="mono">{r.id}</td>
                  <td>
                    <div className="two-line">
                      <button
                        type="button"
                        className="row-open mono"
                        aria-label={`Show sale ${r.transactionId} in the review queue`}
                        onClick={() => openTransaction(r.transactionId)}
                      >
                        {r.transactionId}
                      </button>
                      <span className="secondary">
                        {formatMoney(r.sale.amount)} · {r.sale.status}
                        {r.sale.invoiceId ? ` · ${r.sale.invoiceId}` : ''}
                      </span>
                    </div>
                  </td>
                  <td className="right amount">{formatMoney(r.amount)}</td>
                  <td>
                    <div className="two-line">
                      <span className="clamp-2" title={r.reason}>
                        {r.reason}
                      </span>
                      <span className="secondary">
                        {r.sale.billingName || '—'} · <span className="mono">{r.sale.maskedCard || '—'}</span>
                      </span>
                    </div>
                  </td>
                  <td>
                    <div className="two-line refund-state">
                      <RefundStateBadge state={r.state} />
                      <Outcome r={r} />
                    </div>
                  </td>
                  <td>
                    <div className="two-line">
                      <span>{r.preparedBy}</span>
                      <time className="secondary" dateTime={r.preparedAt}>
                        {formatDateTime(r.preparedAt)}
                      </time>
                    </div>
                  </td>
                  <td>
                    {r.decidedBy ? (
                      <div className="two-line">
                        <span>{r.decidedBy}</span>
                        {r.decidedAt ? (
                          <time className="secondary" dateTime={r.decidedAt}>
                            {formatDateTime(r.decidedAt)}
                          </time>
                        ) : null}
                      </div>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    <Decision
                      r={r}
                      session={session}
                      onReject={setRejecting}
                      onSettle={(refund, action) => setSettling({ refund, action })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ListEmpty shown={rows.length} error={error} loaded={loaded} what="refund requests">
            <p className="empty">
              No refunds prepared yet. A clerk prepares one from a sale’s detail in the review queue (Refund…).
            </p>
          </ListEmpty>
        </div>
      </div>
      {rejecting ? (
        <RejectDialog
          refund={rejecting}
          onSubmit={(reason) => reject(rejecting.id, reason)}
          onClose={() => setRejecting(null)}
        />
      ) : null}
      {settling ? (
        <UnknownOutcomeDialog
          refund={settling.refund}
          action={settling.action}
          onConfirm={(paytraceId, reason) => confirm(settling.refund.id, paytraceId, reason)}
          onResend={(reason) => resend(settling.refund.id, reason)}
          onClose={() => setSettling(null)}
        />
      ) : null}
    </main>
  );
}
