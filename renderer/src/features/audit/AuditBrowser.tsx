// The audit browser (docs/ARCHITECTURE.md, "The audit log"): the entries of the hash-chained log, newest first,
// filtered by who, which payment, what and when (the store pages them, channel audit.list), beside the chain's last
// verification: when the check found a break, the entries from there on are marked.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AuditEntry } from '../../../../shared/api';
import { detailLine } from '../../ui/audit-detail';
import { formatCount, formatDateTime } from '../../ui/format';
import { useAudit } from './context';
import { filterProblems, NO_FILTER, type AuditFilter } from './store';

/** "paytrace:123" is payment 123; other subjects as written. */
function paymentOf(subject: string): number | null {
  const m = /^paytrace:(\d+)$/.exec(subject);
  return m ? Number(m[1]) : null;
}

/** The detail in one line, in words, for the table; the whole of it as stored opens below. */
function summary(detail: Record<string, unknown>): string {
  const text = detailLine(detail);
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}

function ChainStatus() {
  const result = useAudit((s) => s.result);
  const checkedAt = useAudit((s) => s.checkedAt);
  if (!result)
    return <p className="muted">The chain has not been verified in this session (Verify audit log, above).</p>;
  return result.ok ? (
    <p className="secondary" data-testid="audit-chain-status">
      Chain verified intact{checkedAt ? ` at ${formatDateTime(checkedAt, true)}` : ''}: {formatCount(result.entries)}{' '}
      entries.
    </p>
  ) : (
    <p className="field-error" data-testid="audit-chain-status">
      The chain does not hold
      {result.brokenAt !== null ? ` from entry #${result.brokenAt} on; those entries are marked below` : ''}.
    </p>
  );
}

function EntryRow({ entry, broken, onPayment }: { entry: AuditEntry; broken: boolean; onPayment(id: number): void }) {
  const payment = paymentOf(entry.subject);
  const line = summary(entry.detail);
  return (
    <tr data-audit-seq={entry.seq} className={broken ? 'audit-broken' : undefined}>
      <td>
        <time dateTime={entry.at}>{formatDateTime(entry.at, true)}</time>
      </td>
      <td className="mono">
        #{entry.seq}
        {broken ? <span className="visually-hidden"> (after the break in the chain)</span> : null}
      </td>
      <td>{entry.actor}</td>
      <td className="mono">{entry.action}</td>
      <td>
        {payment !== null ? (
          <button
            type="button"
            className="link"
            title="Show only this payment’s entries"
            onClick={() => onPayment(payment)}
          >
            Payment {payment}
          </button>
        ) : (
          <span className="mono">{entry.subject}</span>
        )}
      </td>
      <td className="audit-detail">
        {line === '' ? null : (
          <details>
            <summary>{line}</summary>
            <p className="muted small">As stored in the chained entry:</p>
            <pre className="mono">{JSON.stringify(entry.detail, null, 2)}</pre>
          </details>
        )}
      </td>
    </tr>
  );
}

export function AuditBrowser() {
  const id = useId();
  const searched = useAudit((s) => s.filter);
  const entries = useAudit((s) => s.entries);
  const total = useAudit((s) => s.total);
  const nextBefore = useAudit((s) => s.nextBefore);
  const loading = useAudit((s) => s.loadingEntries);
  const error = useAudit((s) => s.entriesError);
  const facets = useAudit((s) => s.facets);
  const result = useAudit((s) => s.result);
  const search = useAudit((s) => s.search);
  const loadOlder = useAudit((s) => s.loadOlder);
  const loadFacets = useAudit((s) => s.loadFacets);
  const [filter, setFilter] = useState<AuditFilter>(searched);
  const problems = filterProblems(filter);
  const valid = Object.keys(problems).length === 0;

  useEffect(() => {
    void loadFacets();
    void search(searched);
    // When the screen opens (search and loadFacets are stable): the last search again, fresh.
  }, [loadFacets, search]);

  const change = (key: keyof AuditFilter) => (e: { target: { value: string } }) =>
    setFilter((f) => ({ ...f, [key]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid) void search(filter);
  };
  const run = (next: AuditFilter) => {
    setFilter(next);
    void search(next);
  };
  const brokenFrom = result && !result.ok ? result.brokenAt : null;
  const field = (key: keyof AuditFilter) => ({
    id: `${id}-${key}`,
    value: filter[key],
    onChange: change(key),
    'aria-invalid': problems[key] ? true : undefined,
    'aria-describedby': problems[key] ? `${id}-${key}-error` : undefined,
  });
  const problem = (key: keyof AuditFilter) =>
    problems[key] ? (
      <span id={`${id}-${key}-error`} className="field-error small" role="alert">
        {problems[key]}
      </span>
    ) : null;

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Audit entries</h2>
      <p className="secondary">
        Who did what, to which payment, and when. Card numbers never reach the log: they are masked before an entry is
        written.
      </p>
      <ChainStatus />
      <form className="export-form audit-filter" role="search" aria-label="Audit entries" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-actor`}>Who</label>
          <input className="input" list={`${id}-actors`} placeholder="Anyone" spellCheck={false} {...field('actor')} />
          <datalist id={`${id}-actors`}>
            {facets.actors.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor={`${id}-payment`}>Payment</label>
          <input className="input" inputMode="numeric" placeholder="Transaction id" {...field('payment')} />
          {problem('payment')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-action`}>Action</label>
          <select className="input" {...field('action')}>
            <option value="">Any action</option>
            {facets.actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input type="date" className="input" max={filter.to || undefined} {...field('from')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input type="date" className="input" min={filter.from || undefined} {...field('to')} />
          {problem('to')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-text`}>Containing</label>
          <input type="search" className="input" placeholder="Text in the entry" {...field('text')} />
        </div>
        <div className="field submit">
          <span className="audit-filter-actions">
            <button type="button" className="btn" onClick={() => run(NO_FILTER)}>
              Clear
            </button>
            <button type="submit" className="btn primary" disabled={!valid}>
              Search
            </button>
          </span>
        </div>
      </form>
      {error ? (
        <div className="banner error flush" role="alert">
          <strong>Could not read the audit entries.</strong> {error}
        </div>
      ) : null}
      {entries === null ? (
        loading ? (
          <p className="muted">Loading…</p>
        ) : null
      ) : (
        <>
          <p className="secondary" role="status" data-testid="audit-entries-count">
            {total === 0
              ? 'No entry matches.'
              : `Showing ${formatCount(entries.length)} of ${formatCount(total)} ${total === 1 ? 'entry' : 'entries'}, newest first.`}
          </p>
          {entries.length > 0 ? (
            <div className="table-scroll">
              <table className="queue audit-table" aria-label="Audit entries" aria-busy={loading}>
                <colgroup>
                  <col style={{ width: 165 }} />
                  <col style={{ width: 80 }} />
                  <col style={{ width: 130 }} />
                  <col style={{ width: 170 }} />
                  <col style={{ width: 190 }} />
                  <col />
                </colgroup>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Entry</th>
                    <th scope="col">Who</th>
                    <th scope="col">Action</th>
                    <th scope="col">About</th>
                    <th scope="col">Detail</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <EntryRow
                      key={e.seq}
                      entry={e}
                      broken={brokenFrom !== null && e.seq >= brokenFrom}
                      onPayment={(payment) => run({ ...NO_FILTER, payment: String(payment) })}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {nextBefore !== null ? (
            <button type="button" className="btn" onClick={() => void loadOlder()} disabled={loading}>
              {loading ? 'Loading…' : 'Show older entries'}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
