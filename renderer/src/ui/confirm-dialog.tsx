// The last look before an action that cannot be taken back (money leaves through PayTrace, SAP posts a
// reversal): what will happen, the facts it acts on, Cancel and the action named by what it does. A modal
// <dialog>: focus starts on Cancel, Escape cancels.
import { useId, type ReactNode } from 'react';
import { useModalDialog } from './modal';

export interface ConfirmDialogProps {
  readonly title: string;
  /** What the action does, in a sentence. */
  readonly description: ReactNode;
  /** The facts it acts on, as label and value. */
  readonly facts: readonly { readonly label: string; readonly value: ReactNode }[];
  /** The action's button, named by what it does ("Refund 1,000.00 USD"). */
  readonly confirmLabel: string;
  readonly tone: 'primary' | 'danger';
  onConfirm(): void;
  onClose(): void;
}

export function ConfirmDialog({
  title,
  description,
  facts,
  confirmLabel,
  tone,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const ref = useModalDialog();
  const id = useId();
  return (
    <dialog
      ref={ref}
      className="reason-dialog confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-what`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-what`} className="muted">
        {description}
      </p>
      <dl className="facts">
        {facts.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
      <div className="dialog-actions">
        <button type="button" className="btn ghost" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          className={`btn ${tone}`}
          onClick={() => {
            onConfirm();
            onClose();
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
