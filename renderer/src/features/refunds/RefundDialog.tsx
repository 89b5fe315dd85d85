// A clerk prepares a refund of a sale: how much (what is still refundable by default) and why.
// An approver, another person, decides on the Refunds screen.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { MoneyDto, QueueRow } from '../../../../shared/api';
import { formatMoney, toDecimal } from '../../../../shared/money';
import { parseAmount } from '../review/correction';

export interface RefundDialogProps {
  readonly sale: QueueRow;
  readonly refundable: MoneyDto;
  /** Resolves to an error message to show, or null when done. */
  onSubmit(amount: MoneyDto, reason: string): Promise<string | null>;
  onClose(): void;
}

export function RefundDialog({ sale, refundable, onSubmit, onClose }: RefundDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [amountText, setAmountText] = useState(toDecimal(refundable));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const settled = sale.status === 'settled';

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const minor = parseAmount(amountText, refundable.currency);
    if (minor === null || minor <= 0) {
      setError(`Give an amount in ${refundable.currency} above zero, such as ${toDecimal(refundable)}.`);
      return;
    }
    if (minor > refundable.minor) {
      setError(`At most ${formatMoney(refundable)} can still be refunded.`);
      return;
    }
    if (reason.trim().length < 3) {
      setError('Give a reason of at least 3 characters.');
      return;
    }
    setBusy(true);
    setError(null);
    const failure = await onSubmit({ minor, currency: refundable.currency }, reason.trim());
    setBusy(false);
    if (failure) setError(failure);
    else onClose();
  }

  return (
    <dialog
      ref={ref}
      className="reason-dialog refund-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form onSubmit={(e) => void submit(e)}>
        <h2 id={`${id}-title`}>Refund sale {sale.transactionId}</h2>
        <p className="muted">
          {settled
            ? `Settled in batch ${sale.batch ?? '—'}: PayTrace refunds it to the card once an approver approves.`
            : 'Not settled yet: PayTrace can only void the whole sale. A partial refund has to wait for tonight’s settlement.'}{' '}
          {formatMoney(refundable)} of {formatMoney(sale.amount)} can still be refunded.
        </p>
        <label htmlFor={`${id}-amount`}>Amount ({refundable.currency})</label>
        <input
          id={`${id}-amount`}
          className="amount-input refund-amount"
          inputMode="decimal"
          value={amountText}
          required
          aria-invalid={error !== null}
          onChange={(e) => setAmountText(e.target.value)}
        />
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
          <button type="submit" className="btn primary" disabled={busy} aria-busy={busy}>
            {busy ? 'Sending…' : 'Ask for approval'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
