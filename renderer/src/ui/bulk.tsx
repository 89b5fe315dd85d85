// What every bulk dialog of the renderer shares (the review queue's BulkBar, the Chargebacks tab's; ticking rows is
// bulk-selection.ts): the parts of a bulk dialog (totals per company code and currency, reasons counted,
// progress while sending, a result per row). The rules stay the core's; these only show what it answered.
import { useId } from 'react';
import type { Money } from '../../../shared/money';
import { formatMoney } from './money';

export { plural } from './bulk-selection';

export interface BulkTotal {
  readonly companyCode: string;
  readonly currency: string;
  readonly count: number;
  readonly amount: Money;
}

/** What a bulk action moves, per company code and currency (never summed across currencies). */
export function BulkTotals({
  totals,
  counted,
  amount = 'Amount',
}: {
  totals: readonly BulkTotal[];
  counted: string;
  /** The amount column's heading: what the amounts are (a review selection's are net of its refunds). */
  amount?: string;
}) {
  if (totals.length === 0) return null;
  return (
    <table className="bulk-totals" aria-label="Totals per company code and currency">
      <thead>
        <tr>
          <th scope="col">Company code</th>
          <th scope="col">Currency</th>
          <th scope="col" className="right">
            {counted}
          </th>
          <th scope="col" className="right">
            {amount}
          </th>
        </tr>
      </thead>
      <tbody>
        {totals.map((t) => (
          <tr key={`${t.companyCode}/${t.currency}`}>
            <td className="mono">{t.companyCode}</td>
            <td>{t.currency}</td>
            <td className="right">{t.count.toLocaleString()}</td>
            <td className="right mono">{formatMoney(t.amount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Reasons with how many rows each applies to, under a heading; nothing when there are none. */
/** A bulk summary's headline counts, each a number and what it counts. */
export function BulkCounts({ counts }: { counts: readonly (readonly [number, string])[] }) {
  return (
    <ul className="bulk-counts">
      {counts.map(([n, words]) => (
        <li key={words}>
          <strong>{n.toLocaleString()}</strong> {words}
        </li>
      ))}
    </ul>
  );
}

export function BulkReasons({
  title,
  reasons,
}: {
  title: string;
  reasons: readonly { reason: string; count: number }[];
}) {
  const id = useId();
  if (reasons.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <ul>
        {reasons.map((r) => (
          <li key={r.reason}>
            {r.reason}: <strong>{r.count.toLocaleString()}</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A bulk run's bar and words while it sends. */
export function BulkProgress({
  label,
  done,
  total,
  words,
}: {
  label: string;
  done: number;
  total: number;
  words: string;
}) {
  return (
    <div className="bulk-progress">
      <progress aria-label={label} max={Math.max(total, 1)} value={done} />
      <p aria-live="polite">
        {done.toLocaleString()} of {total.toLocaleString()} done: {words}
      </p>
    </div>
  );
}

export interface BulkResultRow {
  readonly key: string | number;
  /** What the row is known by (a transaction id, a case number). */
  readonly name: string;
  readonly outcome: string;
  readonly label: string;
  readonly detail: string;
}

/** A result per row after a bulk run. */
export function BulkResultTable({
  label,
  nameHeader,
  rows,
}: {
  label: string;
  nameHeader: string;
  rows: readonly BulkResultRow[];
}) {
  return (
    <div className="bulk-results">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{nameHeader}</th>
            <th scope="col">Result</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className={`outcome-${r.outcome}`}>
              <td className="mono">{r.name}</td>
              <td>{r.label}</td>
              <td>{r.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
