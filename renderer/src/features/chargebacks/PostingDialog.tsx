// The posting a chargeback case implies, under four eyes: what the case's stage asks for and why, the FI
// document's lines (debit, credit, balance), and the case's postings so far (who prepared and decided each, and
// its SAP document). A clerk prepares it; an approver who did not prepare it approves it (posted to SAP exactly
// once) or rejects it with a reason. The core decides everything; this only shows it and asks.
import { useCallback, useEffect, useId, useState } from 'react';
import type { ChargebackPlanDto, DisputeCaseDto } from '../../../../shared/api';
import { DocumentLinesTable } from '../review/DocumentPreviewTable';
import { useReview } from '../review/context';
import { useChargebacks } from './context';
import { useModalDialog } from '../../ui/modal';

const STEP_LABELS: Readonly<Record<string, string>> = {
  chargeback: 'Chargeback',
  'write-off': 'Loss',
  reversal: 'Reversal',
};

export function PostingDialog({ dispute, onClose }: { dispute: DisputeCaseDto; onClose(): void }) {
  const ref = useModalDialog();
  const id = useId();
  const s = useChargebacks((st) => st);
  const session = useReview((r) => r.session);
  const [plan, setPlan] = useState<ChargebackPlanDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');

  const { plan: loadPlan } = s;
  const reload = useCallback(async () => {
    const answer = await loadPlan(dispute.id);
    if (typeof answer === 'string') setError(answer);
    else setPlan(answer);
  }, [loadPlan, dispute.id]);
  useEffect(() => void reload(), [reload]);

  const roles = session?.roles ?? [];
  const me = (session?.user ?? '').toLowerCase();
  const waiting = plan?.postings.find((p) => p.state === 'prepared') ?? null;
  const canPrepare =
    plan !== null &&
    plan.step !== 'none' &&
    !plan.blocked &&
    !waiting &&
    roles.some((r) => r === 'clerk' || r === 'approver');
  const canDecide = waiting !== null && roles.includes('approver') && waiting.preparedBy.toLowerCase() !== me;
  const canWithdraw = waiting !== null && waiting.preparedBy.toLowerCase() === me;

  async function act(work: () => Promise<string | null>) {
    setBusy(true);
    setError(null);
    const failure = await work();
    setBusy(false);
    if (failure) setError(failure);
    setRejecting(false);
    setReason('');
    await reload();
  }

  return (
    <dialog
      ref={ref}
      className="reason-dialog chargeback-posting-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <h2 id={`${id}-title`}>
        Posting for case {dispute.caseNumber} ({dispute.processor})
      </h2>
      {plan === null && !error ? <p className="muted">Loading…</p> : null}
      {plan ? (
        <>
          <p className="muted" data-testid="chargeback-why">
            {plan.why}
          </p>
          {plan.lines.length > 0 ? <DocumentLinesTable lines={plan.lines} label="Chargeback FI document" /> : null}
          {plan.reference ? (
            <p className="muted" data-testid="chargeback-header">
              Company code <span className="mono">{plan.companyCode}</span>, reference (XBLNR){' '}
              <span className="mono">{plan.reference}</span>
              {plan.postingDate ? (
                <>
                  , posting date <span className="mono">{plan.postingDate}</span> (the day it is approved)
                </>
              ) : null}
            </p>
          ) : null}
          {plan.postings.length > 0 ? (
            <ul className="cb-postings" aria-label="Postings of this case">
              {plan.postings.map((p) => (
                <li key={p.id} data-posting-state={p.state}>
                  {STEP_LABELS[p.step] ?? p.step} <span className="mono">{p.reference}</span>:{' '}
                  {p.state === 'prepared' ? 'waits for an approver' : p.state}, prepared by {p.preparedBy}
                  {p.decidedBy ? `, ${p.state === 'rejected' ? 'rejected' : 'approved'} by ${p.decidedBy}` : ''}
                  {p.sapDocument ? (
                    <>
                      {' '}
                      · SAP{' '}
                      <span className="mono">
                        {p.sapDocument.BELNR} / {p.sapDocument.BUKRS} / {p.sapDocument.GJAHR}
                      </span>
                    </>
                  ) : null}
                  {p.error ? <span className="secondary"> · {p.error}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
          {waiting && !canDecide && !canWithdraw ? (
            <p className="muted">Prepared by {waiting.preparedBy}; an approver who did not prepare it approves it.</p>
          ) : null}
        </>
      ) : null}
      {rejecting ? (
        <>
          <label htmlFor={`${id}-reason`}>Why it is not approved</label>
          <textarea
            id={`${id}-reason`}
            rows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              // Ctrl+Enter (Cmd+Enter) rejects from the reason, as in every other reason dialog.
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && waiting && !busy && reason.trim().length >= 3) {
                e.preventDefault();
                void act(() => s.reject(waiting.id, reason.trim()));
              }
            }}
          />
        </>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="btn ghost" onClick={onClose} disabled={busy}>
          Close
        </button>
        {canPrepare ? (
          <button
            type="button"
            className="btn primary"
            disabled={busy}
            onClick={() => void act(() => s.prepare(dispute.id))}
          >
            Prepare posting
          </button>
        ) : null}
        {waiting && (canDecide || canWithdraw) ? (
          rejecting ? (
            <button
              type="button"
              className="btn danger"
              disabled={busy || reason.trim().length < 3}
              onClick={() => void act(() => s.reject(waiting.id, reason.trim()))}
            >
              {canWithdraw ? 'Withdraw' : 'Reject'}
            </button>
          ) : (
            <button type="button" className="btn ghost" disabled={busy} onClick={() => setRejecting(true)}>
              {canWithdraw ? 'Withdraw…' : 'Reject…'}
            </button>
          )
        ) : null}
        {waiting && canDecide ? (
          <button
            type="button"
            className="btn primary"
            disabled={busy}
            onClick={() => void act(() => s.approve(waiting.id))}
          >
            {busy ? 'Posting…' : 'Approve and post'}
          </button>
        ) : null}
      </div>
    </dialog>
  );
}
