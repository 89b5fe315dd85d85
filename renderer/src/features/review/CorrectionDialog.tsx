// "Correct match": the clerk picks the open items the payment pays and how much goes to each;
// what is left stays on account. Saving replaces the matcher's proposal and teaches the matcher.
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import type { CandidateOpenItem, QueueRow } from '../../../../shared/api';
import { formatMoney } from '../../ui/money';
import { formatSapDate } from '../../ui/format';
import { useReview } from './context';
import { itemKey, summarize } from './correction';
import { useModalDialog } from '../../ui/modal';

export interface CorrectionDialogProps {
  readonly row: QueueRow;
  onSaved(row: QueueRow): void;
  onClose(): void;
}

export function CorrectionDialog({ row, onSaved, onClose }: CorrectionDialogProps) {
  const createCorrection = useReview((r) => r.createCorrection);
  const [store] = useState(() => createCorrection(row));
  const s = useStore(store);
  const ref = useModalDialog();
  const id = useId();
  const [query, setQuery] = useState('');

  // The search runs once the clerk pauses typing, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => void store.getState().load(query), query ? 250 : 0);
    return () => clearTimeout(timer);
  }, [store, query]);

  const summary = useMemo(() => summarize(row.amount, s.picks, row.proposal?.customer ?? null), [row, s.picks]);
  const picked = useMemo(() => new Map(s.picks.map((p) => [itemKey(p.item), p])), [s.picks]);
  // Picked items stay in view whatever the search shows.
  const listed = useMemo(() => {
    const inList = new Set(s.candidates.map(itemKey));
    return [...s.picks.map((p) => p.item).filter((i) => !inList.has(itemKey(i))), ...s.candidates];
  }, [s.candidates, s.picks]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const corrected = await store.getState().save();
    if (corrected) onSaved(corrected);
  }

  const onAccountOff = summary.onAccount.minor < 0;
  // While an amount cannot be read, no total is shown: 0.00 applied would read as the amounts' sum.
  const { unreadable } = summary;

  return (
    <dialog
      ref={ref}
      className="reason-dialog correction-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        if (!s.saving) onClose();
      }}
    >
      <form onSubmit={(e) => void submit(e)}>
        <h2 id={`${id}-title`}>Correct match for transaction {row.transactionId}</h2>
        <p className="muted">
          Payment <span className="amount">{formatMoney(row.amount)}</span>
          {row.billingName ? <> from {row.billingName}</> : null}
          {row.invoiceId ? (
            <>
              {' '}
              · invoice <span className="mono">{row.invoiceId}</span>
            </>
          ) : null}
          {row.proposal?.companyCode ? (
            <>
              {' '}
              · CoCd <span className="mono">{row.proposal.companyCode}</span>
            </>
          ) : null}
        </p>
        <input
          type="search"
          className="filter wide"
          placeholder="Search open items: reference, assignment, customer, amount…"
          aria-label="Search open items"
          value={query}
          autoFocus
          onChange={(e) => setQuery(e.target.value)}
        />
        {s.loadError ? (
          <p className="field-error" role="alert">
            Could not load the open items. {s.loadError}
          </p>
        ) : null}
        <div className="candidate-scroll">
          <table className="mini candidates" aria-label="Open items" aria-busy={s.loading}>
            <thead>
              <tr>
                <th scope="col" className="w-check">
                  <span className="visually-hidden">Apply</span>
                </th>
                <th scope="col" className="w-ref">
                  Reference
                </th>
                <th scope="col">Customer</th>
                <th scope="col" className="w-due">
                  Due
                </th>
                <th scope="col" className="right w-open">
                  Open
                </th>
                <th scope="col" className="right w-apply">
                  Apply
                </th>
              </tr>
            </thead>
            <tbody>
              {listed.map((item) => (
                <CandidateRow
                  key={itemKey(item)}
                  item={item}
                  amountText={picked.get(itemKey(item))?.amountText ?? null}
                  error={summary.itemErrors[itemKey(item)] ?? null}
                  disabled={s.saving}
                  onToggle={() => store.getState().toggle(item)}
                  onAmount={(text) => store.getState().setAmount(itemKey(item), text)}
                />
              ))}
            </tbody>
          </table>
          {listed.length === 0 && !s.loading ? (
            <p className="empty">{query ? `No open items match “${query}”.` : 'No open items in this company code.'}</p>
          ) : null}
        </div>
        <dl className="correction-totals">
          <div>
            <dt>Applied</dt>
            <dd className="amount">{unreadable ? '—' : formatMoney(summary.applied)}</dd>
          </div>
          <div className={onAccountOff && !unreadable ? 'off' : undefined}>
            <dt>On account</dt>
            <dd className="amount" data-testid="on-account" aria-live="polite">
              {unreadable ? '—' : formatMoney(summary.onAccount)}
            </dd>
          </div>
        </dl>
        {s.saveError ? (
          <p className="field-error" role="alert">
            {s.saveError}
          </p>
        ) : null}
        {summary.problem && !s.saving ? (
          <p className="save-blocked" id={`${id}-blocked`}>
            Save is disabled: {summary.problem}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="btn ghost" onClick={onClose} disabled={s.saving}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn primary"
            disabled={s.saving || summary.problem !== null}
            aria-busy={s.saving}
            aria-describedby={summary.problem ? `${id}-blocked` : undefined}
          >
            {s.saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </dialog>
  );
}

function CandidateRow(props: {
  item: CandidateOpenItem;
  amountText: string | null;
  error: string | null;
  disabled: boolean;
  onToggle(): void;
  onAmount(text: string): void;
}) {
  const { item, amountText, error, disabled } = props;
  const on = amountText !== null;
  const label = `${item.reference || item.docNo} (${item.docNo} · ${item.itemNum})`;
  return (
    <tr className={on ? 'selected' : undefined}>
      <td className="w-check">
        <input
          type="checkbox"
          checked={on}
          disabled={disabled || (item.excluded !== undefined && !on)}
          aria-label={`Apply to ${label}`}
          title={item.excluded}
          onChange={props.onToggle}
        />
      </td>
      <td>
        <div className="two-line">
          <span className="mono">
            {item.reference || '—'}
            {item.specialGl ? (
              <span className="badge" title={item.excluded}>
                {' '}
                Special G/L {item.specialGl}
              </span>
            ) : null}
          </span>
          <span
            className="secondary mono"
            title={`BELNR / BUKRS / GJAHR: ${item.docNo} / ${item.companyCode} / ${item.fiscYear}, item ${item.itemNum}; assignment ${item.assignment}`}
          >
            {item.docNo} · {item.itemNum}
          </span>
        </div>
      </td>
      <td>
        <div className="two-line">
          <span>{item.customerName ?? 'Customer'}</span>
          <span className="secondary mono">{item.customer}</span>
        </div>
      </td>
      <td className="secondary">{item.dueDate ? formatSapDate(item.dueDate) : '—'}</td>
      <td className="right amount">{formatMoney(item.openAmount)}</td>
      <td className="right">
        {on ? (
          <>
            <input
              className={`amount-input${error ? ' invalid' : ''}`}
              inputMode="decimal"
              value={amountText}
              disabled={disabled}
              aria-label={`Amount to apply to ${label}`}
              aria-invalid={error !== null}
              title={error ?? undefined}
              onChange={(e) => props.onAmount(e.target.value)}
            />
            {error ? <span className="field-error small">{error}</span> : null}
          </>
        ) : null}
      </td>
    </tr>
  );
}
