// Source tabs with counts, the "unresolved only" toggle, and refresh.
import { useMemo } from 'react';
import { useDeadLetters } from './context';
import { sourceLabel } from './sources';
import { countBySource } from './store';

export const PANEL_ID = 'dead-letter-panel';
export const tabId = (source: string | null) => `dead-letter-tab-${source ?? 'all'}`;

export function DeadLetterToolbar() {
  const rows = useDeadLetters((s) => s.rows);
  const source = useDeadLetters((s) => s.source);
  const setSource = useDeadLetters((s) => s.setSource);
  const unresolvedOnly = useDeadLetters((s) => s.unresolvedOnly);
  const setUnresolvedOnly = useDeadLetters((s) => s.setUnresolvedOnly);
  const loading = useDeadLetters((s) => s.loading);
  const load = useDeadLetters((s) => s.load);

  const bySource = useMemo(() => countBySource(rows, unresolvedOnly), [rows, unresolvedOnly]);
  const total = bySource.reduce((n, s) => n + s.count, 0);
  const tabs = [
    { source: null, label: 'All sources', count: total },
    ...bySource.map((s) => ({ ...s, label: sourceLabel(s.source) })),
  ];

  return (
    <div className="toolbar">
      <div className="tabs" role="tablist" aria-label="Source">
        {tabs.map((t) => (
          <button
            key={t.source ?? 'all'}
            type="button"
            role="tab"
            id={tabId(t.source)}
            aria-selected={source === t.source}
            aria-controls={PANEL_ID}
            // Unresolved entries are work waiting: their count is red, like the review queue's Failed tab.
            className={`tab${unresolvedOnly && t.count > 0 ? ' tab-failed has-items' : ''}`}
            onClick={() => setSource(t.source)}
          >
            {t.label}
            <span className="count">{t.count}</span>
          </button>
        ))}
      </div>
      <div className="toolbar-right">
        <label className="toggle">
          <input type="checkbox" checked={unresolvedOnly} onChange={(e) => setUnresolvedOnly(e.target.checked)} />
          Unresolved only
        </label>
        <button type="button" className="btn ghost" onClick={() => void load()} disabled={loading}>
          {loading ? 'Loading…' : 'Refresh'}
        </button>
      </div>
    </div>
  );
}
