// The modal form every decision that needs a reason shares: title, what happens, a reason for the
// audit trail, the error, Cancel and the action. A modal <dialog>: focus is trapped and Escape closes.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useModalDialog } from './modal';

export interface ReasonFormDialogProps {
  readonly title: string;
  /** What the action does, shown under the title. */
  readonly description: ReactNode;
  readonly className?: string;
  /** Fields asked before the reason; `invalid` while an error is shown. */
  fields?(invalid: boolean): ReactNode;
  /** Checks the other fields before the reason: an error message, or null when they are fine. */
  check?(): string | null;
  /** The reason field's label; "Reason" unless said. */
  readonly reasonLabel?: string;
  readonly submitLabel: string;
  readonly busyLabel: string;
  readonly tone: 'primary' | 'danger';
  /** Resolves to an error message to show, or null when done. */
  onSubmit(reason: string): Promise<string | null>;
  onClose(): void;
}

export function ReasonFormDialog(props: ReasonFormDialogProps) {
  const {
    title,
    description,
    className = 'reason-dialog',
    fields,
    check,
    reasonLabel = 'Reason',
    submitLabel,
    busyLabel,
    tone,
    onSubmit,
    onClose,
  } = props;
  const ref = useModalDialog();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = check?.() ?? (reason.trim().length < 3 ? 'Give a reason of at least 3 characters.' : null);
    if (problem) {
      setError(problem);
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
      className={className}
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      {/* A change to any field answers the error shown: it was about what was there before. */}
      <form onSubmit={(e) => void submit(e)} onChange={() => setError(null)}>
        <h2 id={`${id}-title`}>{title}</h2>
        <p className="muted">{description}</p>
        {fields?.(error !== null)}
        <label htmlFor={`${id}-reason`}>
          {reasonLabel} <span className="muted">(Ctrl+Enter to send)</span>
        </label>
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
          onKeyDown={(e) => {
            // Ctrl+Enter (Cmd+Enter) sends the form from the reason, for people on the keyboard.
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
        {error ? (
          <p id={`${id}-error`} className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="btn ghost" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className={`btn ${tone}`} disabled={busy} aria-busy={busy}>
            {busy ? busyLabel : submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
