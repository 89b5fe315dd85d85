// Rejecting a refund request needs a reason; it stays on the request and the audit trail.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { RefundRequest } from '../../../../shared/api';
import { formatMoney } from '../../../../shared/money';

export interface RejectDialogProps {
  readonly refund: RefundRequest;
  /** Resolves to an error message to show, or null when done. */
  onSubmit(reason: string): Promise<string | null>;
  onClose(): void;
}

export function RejectDialog({ refund, onSubmit, onClose }: RejectDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (reason.trim().length < 3) {
      setError('Give a reason of at least 3 characters.');
      return;
    }
    setBusy(true);
    setError(null);
    const failure = await onSubmit(reason.trim());
    setBusy(false);
    if (failure) setError(failure);
    else onClose();
  }

  return (
    <dialog
      ref={ref}
      className="reason-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form onSubmit={(e) => void submit(e)}>
        <h2 id={`${id}-title`}>Reject refund request {refund.id}</h2>
        <p className="muted">
          {formatMoney(refund.amount)} of sale {refund.transactionId}, prepared by {refund.preparedBy}: “{refund.reason}”. Nothing is refunded; the reason goes on the audit trail.
        </p>
        <label htmlFor={`${id}-reason`}>Reason</label>
        <textarea
          id={`${id}-reason`}
          value={reason}
          rows={3}
          maxLength={500}
          required
          autoFocus
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => setReason(e.target.value)}
        />
        {error ? <p id={`${id}-error`} className="field-error" role="alert">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" className="btn ghost" onClick={onClose} disabled={busy}>Cancel</button>
          <button type="submit" className="btn danger" disabled={busy} aria-busy={busy}>
            {busy ? 'Saving…' : 'Reject refund'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
