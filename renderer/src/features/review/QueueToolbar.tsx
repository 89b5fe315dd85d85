// State tabs with counts, and the free-text filter.
import { useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { saveWithBrowser } from '../audit/save-file';
import type { QueueColumnId } from './column-prefs';
import { useReview, useReviewStore } from './context';
import { focusRowSoon } from './row-focus';
import { tabCounts } from './store';
import { TABS, type TabKey } from './tabs';
import { FILTER_ID } from './useReviewKeys';

/** The columns the chooser offers (the transaction stays: it is the row's button). */
const CHOOSABLE: readonly { id: QueueColumnId; label: string }[] = [
  { id: 'createdAt', label: 'Date' },
  { id: 'customer', label: 'Customer' },
  { id: 'invoiceId', label: 'Invoice' },
  { id: 'amount', label: 'Amount' },
  { id: 'match', label: 'Proposed match' },
  { id: 'tier', label: 'Tier' },
  { id: 'queueState', label: 'State' },
];

export function QueueToolbar() {
  const store = useReviewStore();
  const byState = useReview((s) => s.counts);
  const tab = useReview((s) => s.tab);
  const setTab = useReview((s) => s.setTab);
  const filter = useReview((s) => s.filter);
  const setFilter = useReview((s) => s.setFilter);
  const listLoading = useReview((s) => s.listLoading);
  const loadList = useReview((s) => s.loadList);
  const batch = useReview((s) => s.batch);
  const setBatch = useReview((s) => s.setBatch);
  const drill = useReview((s) => s.drill);
  const setDrill = useReview((s) => s.setDrill);
  const showShortcuts = useReview((s) => s.showShortcuts);
  const exporting = useReview((s) => s.exporting);
  const exportError = useReview((s) => s.exportError);
  const exportView = useReview((s) => s.exportView);
  const visibleColumns = useReview((s) => s.visibleColumns);
  const hiddenColumns = useReview((s) => s.hiddenColumns);
  const setColumnHidden = useReview((s) => s.setColumnHidden);
  const savedViews = useReview((s) => s.savedViews);
  const viewsError = useReview((s) => s.viewsError);
  const saveView = useReview((s) => s.saveView);
  const applyView = useReview((s) => s.applyView);
  const deleteView = useReview((s) => s.deleteView);
  const [viewName, setViewName] = useState('');
  const viewsMenu = useRef<HTMLDetailsElement>(null);
  // A view's ✕ asks once more (Delete / Keep) before the view is gone for good.
  const [deleting, setDeleting] = useState<string | null>(null);
  const onSaveView = (e: FormEvent) => {
    e.preventDefault();
    if (!viewName.trim()) return;
    void saveView(viewName.trim()).then((ok) => {
      if (ok) setViewName('');
    });
  };
  // Counts per tab from the store, for the batch and the filter the view was asked with.
  const counts = useMemo(() => tabCounts(byState), [byState]);

  // Tabs take the arrow keys, Home and End (a roving tabindex: Tab reaches the selected tab only).
  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    const at = TABS.findIndex((t) => t.key === tab);
    const to: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: TABS.length - 1 };
    if (!(event.key in to)) return;
    event.preventDefault();
    const next: TabKey = TABS[(to[event.key]! + TABS.length) % TABS.length]!.key;
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  }

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
            tabIndex={tab === t.key ? 0 : -1}
            onKeyDown={onTabKey}
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
        {drill !== null ? (
          <span className="chip chip-drill" title="What the dashboard chart showed">
            {drill.label}
            <button
              type="button"
              className="chip-clear"
              aria-label={`Show the whole queue, not only ${drill.label}`}
              onClick={() => setDrill(null)}
            >
              ✕
            </button>
          </span>
        ) : null}
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
          id={FILTER_ID}
          type="search"
          className="filter"
          placeholder="Filter ( / ): name, invoice, card…"
          aria-label="Filter transactions"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            // Esc leaves the box for the queue's keys, back on the keyboard's row; the filter stays as typed.
            if (e.key !== 'Escape') return;
            e.preventDefault();
            e.currentTarget.blur();
            focusRowSoon(store.getState().cursorId);
          }}
        />
        <details className="saved-views" ref={viewsMenu}>
          <summary className="btn ghost">Views</summary>
          <div className="saved-views-menu" role="group" aria-label="Saved views">
            {savedViews.length === 0 ? <span className="muted">No saved views yet.</span> : null}
            <ul>
              {savedViews.map((v) => (
                <li key={v.name}>
                  <button
                    type="button"
                    className="btn ghost"
                    title="Show this view"
                    onClick={() => {
                      applyView(v);
                      // The view is shown: the menu closes, as a menu does once its choice is made.
                      if (viewsMenu.current) viewsMenu.current.open = false;
                    }}
                  >
                    {v.name}
                  </button>
                  {deleting === v.name ? (
                    <>
                      <button
                        type="button"
                        className="btn danger small"
                        aria-label={`Delete view ${v.name} for good`}
                        onClick={() => {
                          setDeleting(null);
                          void deleteView(v.name);
                        }}
                      >
                        Delete
                      </button>
                      <button type="button" className="btn small" onClick={() => setDeleting(null)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <button
                      type="button"
                      className="chip-clear"
                      aria-label={`Delete view ${v.name}`}
                      onClick={() => setDeleting(v.name)}
                    >
                      ✕
                    </button>
                  )}
                </li>
              ))}
            </ul>
            <form onSubmit={onSaveView}>
              <input
                type="text"
                aria-label="Name of this view"
                placeholder="Name of this view"
                maxLength={60}
                value={viewName}
                onChange={(e) => setViewName(e.target.value)}
              />
              <button type="submit" className="btn" disabled={!viewName.trim()}>
                Save view
              </button>
            </form>
            {viewsError ? (
              <span role="alert" className="error-text">
                {viewsError}
              </span>
            ) : null}
          </div>
        </details>
        <details className="column-chooser">
          <summary className="btn ghost">Columns</summary>
          <fieldset>
            <legend>Columns shown</legend>
            {CHOOSABLE.map((c) => (
              <label key={c.id}>
                <input
                  type="checkbox"
                  checked={!hiddenColumns.has(c.id)}
                  onChange={(e) => setColumnHidden(c.id, !e.target.checked)}
                />
                {c.label}
              </label>
            ))}
          </fieldset>
        </details>
        {(['csv', 'xlsx'] as const).map((format) => (
          <button
            key={format}
            type="button"
            className="btn ghost"
            disabled={exporting}
            title="Every row of this view (tab, filter, sort, drill) with the visible columns"
            onClick={() =>
              void exportView(format, visibleColumns()).then((file) => {
                if (file) saveWithBrowser(file);
              })
            }
          >
            Export {format.toUpperCase()}
          </button>
        ))}
        {exportError ? (
          <span role="alert" className="error-text">
            {exportError}
          </span>
        ) : null}
        <button
          type="button"
          className="btn ghost"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          onClick={() => showShortcuts(true)}
        >
          ?
        </button>
        <button type="button" className="btn ghost" onClick={() => void loadList()} disabled={listLoading}>
          {listLoading ? 'Loading…' : 'Refresh'}
        </button>
      </div>
    </div>
  );
}
