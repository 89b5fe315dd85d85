// Park or ignore needs a reason for the audit trail. A modal <dialog>: focus is trapped and Escape closes.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

export interface ReasonDialogProps {
  readonly action: 'park' | 'ignore';
  readonly transactionId: number;
  /** Resolves to an error message to show, or null when done. */
  onSubmit(reason: string): Promise<string | null>;
  onClose(): void;
}

const VERB = { park: 'Park', ignore: 'Ignore' } as const;

export function ReasonDialog({ action, transactionId, onSubmit, onClose }: ReasonDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  // Escape comes as 'cancel'; we close through React state, so no 'close' listener is needed
  // (and StrictMode's effect re-run cannot close the dialog behind React's back).
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
        <h2 id={`${id}-title`}>{VERB[action]} transaction {transactionId}</h2>
        <p className="muted">
          {action === 'park'
            ? 'Parked transactions leave the review queue until someone picks them up again.'
            : 'Ignored transactions are never posted. The reason goes on the audit trail.'}
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
          <button type="submit" className={`btn ${action === 'ignore' ? 'danger' : 'primary'}`} disabled={busy} aria-busy={busy}>
            {busy ? 'Saving…' : `${VERB[action]} transaction`}
          </button>
        </div>
      </form>
    </dialog>
  );
}
