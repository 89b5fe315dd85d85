// The ways on for a "No match" payment besides correcting the match: on account to a customer and
// company code the clerk picks (found by name, city or number in the SAP mirror, or typed as a number),
// or to the company code's suspense account (an admin's setting).
// Nothing is posted here: the payment gets the clerk's proposal, the FI document preview shows its
// lines, and the approval goes through the four-eyes rules like any other.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { CustomerHit, QueueRow } from '../../../../shared/api';
import { describeError } from '../../bridge/errors';
import { formatMoney } from '../../ui/money';
import { useModalDialog } from '../../ui/modal';

export interface NoMatchDialogProps {
  readonly mode: 'onAccount' | 'suspense';
  readonly row: QueueRow;
  /** The company codes ClearDesk works in (session); empty when the host did not say. */
  readonly companyCodes: readonly string[];
  /** Resolves to an error message to show, or null when done. */
  onSubmit(companyCode: string, customer: string | null): Promise<string | null>;
  /** SAP customers whose name, city or number hold the text (customers.search). */
  findCustomers(text: string, companyCode: string | null): Promise<CustomerHit[]>;
  onClose(): void;
}

/**
 * A customer number as SAP keeps it (KNA1-KUNNR): up to 10 letters, digits or dashes, no spaces. Text that is
 * not all digits and names customers found is a name: one of them is picked, not sent as a number.
 */
const KUNNR = /^[A-Z0-9-]{1,10}$/;
/** Typing settles this long before the mirror is asked. */
const SEARCH_DELAY_MS = 200;

/** The customers found for what is typed, asked again as the text or company code changes. */
function useCustomerSearch(
  text: string,
  companyCode: string,
  find: NoMatchDialogProps['findCustomers'],
): { hits: CustomerHit[]; failed: string | null } {
  const [found, setFound] = useState<{ hits: CustomerHit[]; failed: string | null }>({ hits: [], failed: null });
  useEffect(() => {
    const query = text.trim();
    if (query.length < 2) {
      setFound({ hits: [], failed: null });
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      find(query, companyCode || null).then(
        (hits) => current && setFound({ hits, failed: null }),
        (e: unknown) => current && setFound({ hits: [], failed: describeError(e) }),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, companyCode, find]);
  return found;
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

export function NoMatchDialog({ mode, row, companyCodes, onSubmit, findCustomers, onClose }: NoMatchDialogProps) {
  const ref = useModalDialog();
  const id = useId();
  const [companyCode, setCompanyCode] = useState(companyCodes.length === 1 ? companyCodes[0]! : '');
  const [customer, setCustomer] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const text = TEXT[mode];
  const search = useCustomerSearch(mode === 'onAccount' ? customer : '', companyCode, findCustomers);
  const kunnr = customer.trim().toUpperCase();
  // The customer the number names, as the mirror knows them: said under the field before anything is prepared.
  const named = search.hits.find((h) => h.customer === kunnr || h.customer.replace(/^0+/, '') === kunnr);
  const pick = (hit: CustomerHit) => {
    setCustomer(hit.customer);
    if (!companyCode || companyCodes.length === 0) setCompanyCode(hit.companyCode);
    setError(null);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const cc = companyCode.trim().toUpperCase();
    const problem = !cc
      ? 'Pick the company code to post in.'
      : mode === 'onAccount' && !kunnr
        ? 'Give the SAP customer: type part of the name, a city or the number, and pick it.'
        : mode === 'onAccount' && (!KUNNR.test(kunnr) || (!named && search.hits.length > 0 && !/^\d+$/.test(kunnr)))
          ? `"${customer.trim()}" is not a customer number: pick the customer from those found, or type the SAP number.`
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
            <label htmlFor={`${id}-customer`}>Customer</label>
            <input
              id={`${id}-customer`}
              className="mono customer-input"
              value={customer}
              maxLength={60}
              required
              autoFocus
              autoComplete="off"
              placeholder="Name, city or SAP number"
              aria-invalid={error !== null}
              aria-describedby={[describedBy, `${id}-customer-found`].filter(Boolean).join(' ')}
              onChange={(e) => {
                setCustomer(e.target.value);
                // A refusal of what was typed before no longer applies.
                setError(null);
              }}
            />
            <p id={`${id}-customer-found`} className="muted customer-found" aria-live="polite">
              {named
                ? `${named.name}${named.city ? `, ${named.city}` : ''} (${named.customer} in ${named.companyCode})`
                : search.failed
                  ? `Could not search the customers: ${search.failed}`
                  : customer.trim().length >= 2 && search.hits.length === 0
                    ? 'No customer of the SAP mirror has this name, city or number.'
                    : null}
            </p>
            {search.hits.length > 0 && !named ? (
              <ul className="customer-hits" aria-label="Customers found">
                {search.hits.map((h) => (
                  <li key={`${h.companyCode}/${h.customer}`}>
                    <button type="button" className="btn ghost" onClick={() => pick(h)}>
                      <span className="mono">{h.customer}</span> {h.name}
                      {h.city ? `, ${h.city}` : ''} <span className="muted">({h.companyCode})</span>
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
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
