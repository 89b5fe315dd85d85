// State tabs with counts, and the free-text filter.
import { useMemo } from 'react';
import { useReview } from './context';
import { tabCounts } from './store';
import { TABS } from './tabs';

export function QueueToolbar() {
  const byState = useReview((s) => s.counts);
  const tab = useReview((s) => s.tab);
  const setTab = useReview((s) => s.setTab);
  const filter = useReview((s) => s.filter);
  const setFilter = useReview((s) => s.setFilter);
  const listLoading = useReview((s) => s.listLoading);
  const loadList = useReview((s) => s.loadList);
  const batch = useReview((s) => s.batch);
  const setBatch = useReview((s) => s.setBatch);
  // Counts per tab from the store, for the batch and the filter the view was asked with.
  const counts = useMemo(() => tabCounts(byState), [byState]);

  return (
    <div className="toolbar">
      <div className="tabs" role="tablist" aria-label="Queue state">
        {TABS.map((t) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            id={`tab-${t.key}`}
            aria-selected={tab === t.key}
            aria-controls="queue-panel"
            className={`tab tab-${t.key}${counts[t.key] > 0 ? ' has-items' : ''}`}
            onClick={() => setTab(t.key)}
          >
            {t.label}
            <span className="count">{counts[t.key]}</span>
          </button>
        ))}
      </div>
      <div className="toolbar-right">
        {batch !== null ? (
          <span className="chip" title="Only the transactions of this PayTrace settlement batch">
            Batch <span className="mono">{batch}</span>
            <button
              type="button"
              className="chip-clear"
              aria-label={`Show every batch, not only batch ${batch}`}
              onClick={() => setBatch(null)}
            >
              ✕
            </button>
          </span>
        ) : null}
        <input
          type="search"
          className="filter"
          placeholder="Filter: name, invoice, amount, transaction…"
          aria-label="Filter transactions"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <button type="button" className="btn ghost" onClick={() => void loadList()} disabled={listLoading}>
          {listLoading ? 'Loading…' : 'Refresh'}
        </button>
      </div>
    </div>
  );
}
