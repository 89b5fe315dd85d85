// The payer history beside the learned rules: the PayTrace vault ids whose approved and posted
// payments all went to one customer, which the matcher reads on every sync to name the customer of a
// suggestion (never the automatic tier by itself). Read from the postings, so nothing here is removed
// by hand: a reversal or a correction of the payment takes a wrong one away. Searched by vault id or
// customer number, as the list can run to tens of thousands.
import { useEffect, useId, useState } from 'react';
import { formatCount } from '../../ui/format';
import { useAliases } from './context';

/** How long typing pauses before the search is sent. */
const SEARCH_PAUSE_MS = 250;

export function PayerHistory() {
  const id = useId();
  const history = useAliases((s) => s.history);
  const search = useAliases((s) => s.searchHistory);
  const [typed, setTyped] = useState(history.query);

  useEffect(() => {
    const timer = setTimeout(() => void search(typed.trim()), typed === '' ? 0 : SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed, search]);

  const page = history.page;
  return (
    <section className="card payer-history" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Payer history</h2>
      <p className="secondary">
        Cards on file (PayTrace vault ids) whose approved payments, posted in SAP and standing, all went to one
        customer. On every sync the matcher uses them to name the customer of a suggestion; by itself one never makes a
        payment automatic. They come from the postings: a reversal or a correction of the payment takes a wrong one
        away, and a card that paid two customers names neither.
      </p>
      <div className="toolbar">
        <input
          type="search"
          className="filter"
          placeholder="Vault id or customer number"
          aria-label="Search payer history"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <p className="toolbar-note" role="status" aria-live="polite">
          {page === null
            ? history.loading
              ? 'Loading…'
              : ''
            : page.total === 0
              ? history.query
                ? `No vault id or customer matches "${history.query}".`
                : 'None yet: an approved payment by a card on file shows here once SAP holds it.'
              : page.total > page.rows.length
                ? `${formatCount(page.total)} vault ids; the first ${formatCount(page.rows.length)} are listed, search to narrow.`
                : `${formatCount(page.total)} vault id${page.total === 1 ? '' : 's'}.`}
        </p>
      </div>
      {history.error ? (
        <div className="banner error flush" role="alert">
          <strong>Could not read the payer history.</strong> {history.error}
        </div>
      ) : null}
      {page && page.rows.length > 0 ? (
        <div className="table-scroll">
          <table className="queue" aria-label="Payer history" aria-busy={history.loading}>
            <thead>
              <tr>
                <th scope="col">PayTrace vault id</th>
                <th scope="col">Customer</th>
                <th scope="col">Latest payment</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((r) => (
                <tr key={r.vaultId}>
                  <td className="mono">{r.vaultId}</td>
                  <td className="mono">{r.customer}</td>
                  <td className="mono">{r.lastPayment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
