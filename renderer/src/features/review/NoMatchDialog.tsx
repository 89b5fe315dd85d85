// The ways on for a "No match" payment besides correcting the match: on account to a customer and
// company code the clerk picks, or to the company code's suspense account (an admin's setting).
// Nothing is posted here: the payment gets the clerk's proposal, the FI document preview shows its
// lines, and the approval goes through the four-eyes rules like any other.
import { useId, useState, type FormEvent } from 'react';
import type { QueueRow } from '../../../../shared/api';
import { formatMoney } from '../../ui/money';
import { useModalDialog } from '../../ui/modal';

export interface NoMatchDialogProps {
  readonly mode: 'onAccount' | 'suspense';
  readonly row: QueueRow;
  /** The company codes ClearDesk works in (session); empty when the host did not say. */
  readonly companyCodes: readonly string[];
  /** Resolves to an error message to show, or null when done. */
  onSubmit(companyCode: string, customer: string | null): Promise<string | null>;
  onClose(): void;
}

const TEXT = {
  onAccount: {
    title: 'Post on account',
    what: 'SAP gets a payment document with the card clearing line and an unassigned credit on the customer: nothing is cleared, and the credit stays open on the customer until someone applies it. A customer you choose needs a second person to approve (four eyes).',
    submit: 'Prepare on-account posting',
  },
  suspense: {
    title: 'Post to suspense',
    what: 'SAP gets a document with the card clearing line and the company code’s suspense G/L account (set by an admin in Settings), until someone identifies the payer. Any posting to suspense needs a second person to approve (four eyes).',
    submit: 'Prepare suspense posting',
  },
} as const;

export function NoMatchDialog({ mode, row, companyCodes, onSubmit, onClose }: NoMatchDialogProps) {
  const ref = useModalDialog();
  const id = useId();
  const [companyCode, setCompanyCode] = useState(companyCodes.length === 1 ? companyCodes[0]! : '');
  const [customer, setCustomer] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const text = TEXT[mode];

  async function submit(event: FormEvent) {
    event.preventDefault();
    const cc = companyCode.trim().toUpperCase();
    const kunnr = customer.trim().toUpperCase();
    const problem = !cc
      ? 'Pick the company code to post in.'
      : mode === 'onAccount' && !kunnr
        ? 'Give the SAP customer number (KUNNR) to post the payment to.'
        : null;
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    const failure = await onSubmit(cc, mode === 'onAccount' ? kunnr : null);
    setBusy(false);
    if (failure) setError(failure);
    else onClose();
  }

  const describedBy = error ? `${id}-error` : undefined;
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
        <h2 id={`${id}-title`}>
          {text.title}: transaction {row.transactionId}, {formatMoney(row.amount)}
        </h2>
        <p className="muted">{text.what}</p>
        <label htmlFor={`${id}-cc`}>Company code</label>
        {companyCodes.length > 0 ? (
          <select
            id={`${id}-cc`}
            value={companyCode}
            required
            autoFocus={mode === 'suspense'}
            aria-invalid={error !== null && !companyCode}
            aria-describedby={describedBy}
            onChange={(e) => setCompanyCode(e.target.value)}
          >
            {companyCodes.length > 1 ? <option value="">Pick one…</option> : null}
            {companyCodes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={`${id}-cc`}
            value={companyCode}
            maxLength={4}
            required
            aria-describedby={describedBy}
            onChange={(e) => setCompanyCode(e.target.value)}
          />
        )}
        {mode === 'onAccount' ? (
          <>
            <label htmlFor={`${id}-customer`}>Customer (SAP number)</label>
            <input
              id={`${id}-customer`}
              className="mono"
              value={customer}
              maxLength={10}
              required
              autoFocus
              placeholder="e.g. 100002"
              aria-invalid={error !== null}
              aria-describedby={describedBy}
              onChange={(e) => setCustomer(e.target.value)}
            />
          </>
        ) : null}
        {error ? (
          <p id={`${id}-error`} className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="btn ghost" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={busy} aria-busy={busy}>
            {busy ? 'Saving…' : text.submit}
          </button>
        </div>
      </form>
    </dialog>
  );
}
