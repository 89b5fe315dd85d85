// The review screen's state: the queue, the selected transaction's detail, and what the clerk
// just did. Every API failure lands in state as a readable message; nothing is swallowed.
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  QUEUE_EXPORT_COLUMNS,
  type BulkApproveResult,
  type BulkPreview,
  type BulkSelection,
  type BulkSetAsideResult,
  type ClearDeskApi,
  type CustomerHit,
  type EventOf,
  type PostingSummary,
  type QueueDrill,
  type QueueExportRequest,
  type QueueRow,
  type QueueSortKey,
  type QueueState,
  type RequestOf,
  type ResponseOf,
  type SavedView,
  type SessionInfo,
  type SyncSummary,
  SyncSummarySchema,
  type TransactionDetail,
} from '../../../../shared/api';
import { describeError } from '../../bridge/errors';
import { toggleTicked } from '../../ui/bulk-selection';
import { base64ToBytes, MAX_DOWNLOAD_BYTES, type DownloadFile } from '../audit/download';
import {
  browserStorage,
  loadHiddenColumns,
  saveHiddenColumns,
  type PrefsStorage,
  type QueueColumnId,
} from './column-prefs';
import { createCorrectionStore, type CorrectionStore } from './correction';
import { inTab, TABS, tabFor, type TabKey } from './tabs';
import { filterBox } from '../../ui/filter-box';

/** A dashboard chart's drill-down as the queue shows it: the store's filter and words for the chip. */
export interface DrillView {
  readonly label: string;
  readonly filter: QueueDrill;
}

/** Rows per request: a page of the virtualised table. */
export const PAGE = 100;
/** Pages kept around the ones on screen; the rest are dropped (100,000 rows never sit in memory). */
const KEEP_PAGES = 6;
export { FILTER_DEBOUNCE_MS } from '../../ui/filter-box';

/** The table's column ids the store can sort by. */
const SORTABLE: Readonly<Record<string, QueueSortKey>> = {
  transactionId: 'transactionId',
  createdAt: 'createdAt',
  customer: 'customer',
  invoiceId: 'invoiceId',
  amount: 'amount',
  tier: 'tier',
  queueState: 'queueState',
};

export type ActionKind = 'approve' | 'park' | 'ignore' | 'unpark' | 'onAccount' | 'suspense';

/** The dialog open over the selected transaction's actions. */
export type ActionDialog =
  'park' | 'ignore' | 'correct' | 'refund' | 'sendBack' | 'reverse' | 'onAccount' | 'suspense' | 'chargeback';

/** The result of the clerk's last action on a transaction, shown until they act or select again. */
export type Outcome =
  | { readonly transactionId: number; readonly kind: 'posting'; readonly posting: PostingSummary }
  | {
      readonly transactionId: number;
      readonly kind: 'done';
      readonly message: string;
      /** The state the action left the payment in: the message holds only while it is still there. */
      readonly state: QueueState;
    }
  | { readonly transactionId: number; readonly kind: 'error'; readonly action: ActionKind; readonly message: string };

/** A bulk action's dialog: the summary before sending, the progress while posting, the result per row. */
export type BulkRun =
  | { readonly action: 'approve'; readonly phase: 'loading'; readonly count: number }
  | { readonly action: 'approve'; readonly phase: 'preview'; readonly preview: BulkPreview }
  | {
      readonly action: 'approve';
      readonly phase: 'running';
      readonly preview: BulkPreview;
      readonly progressId: string;
      readonly progress: EventOf<'bulk.progress'> | null;
    }
  | { readonly action: 'approve'; readonly phase: 'done'; readonly result: BulkApproveResult }
  | { readonly action: 'park' | 'ignore'; readonly phase: 'done'; readonly result: BulkSetAsideResult }
  | { readonly action: 'approve'; readonly phase: 'error'; readonly message: string };

export interface SortState {
  readonly id: string;
  readonly desc: boolean;
}

export interface ReviewState {
  session: SessionInfo | null;
  sessionError: string | null;

  /** The loaded pages of the current view, by page number (rows offset / PAGE). */
  pages: ReadonlyMap<number, readonly QueueRow[]>;
  /** Rows in the current view (the tab, batch and filter), whether loaded or not. */
  total: number;
  /** Rows per state matching batch and filter: the tabs' counts. */
  counts: Partial<Record<QueueState, number>>;
  listLoading: boolean;
  listError: string | null;
  /** The queue has been loaded at least once (so an empty list means empty, not "not yet"). */
  loaded: boolean;
  /** Rows the clerk acted on stay in the current tab until the tab changes, so they do not jump away. */
  stickyIds: ReadonlySet<number>;

  tab: TabKey;
  /** What is in the filter box now. */
  filter: string;
  /** The filter the view was asked with (the box, once typing settled). */
  appliedFilter: string;
  /** Only the transactions of this PayTrace settlement batch, when set (from the batches screen). */
  batch: number | null;
  /** What a dashboard chart showed, when the clerk came from one: the queue narrowed to it. */
  drill: DrillView | null;
  sorting: SortState[];

  selectedId: number | null;
  /** The row the keyboard is on (j/k); the selected row follows it while the detail is open. */
  cursorId: number | null;
  /** Counts the keyboard's moves, so a move that stays on the same row still brings the focus back to it. */
  cursorMoves: number;
  detail: TransactionDetail | null;
  detailLoading: boolean;
  detailError: string | null;

  pending: { readonly transactionId: number; readonly action: ActionKind } | null;
  outcome: Outcome | null;
  /** The action dialog open over the selected transaction (a button or a key opened it). */
  dialog: ActionDialog | null;
  /** The keyboard shortcut overlay (`?`) is open. */
  shortcutsOpen: boolean;

  /** Rows ticked for a bulk action (kept across live updates; a new view clears them). */
  checked: ReadonlySet<number>;
  /** Every row of the view is selected, loaded or not ("select all N matching"). */
  allMatching: boolean;
  bulk: BulkRun | null;

  /** The user's saved views (tab, filter, sort, drill) by name; why the last change failed, if it did. */
  savedViews: readonly SavedView[];
  viewsError: string | null;
  /** The columns the user hid with the column chooser (kept per user in local storage). */
  hiddenColumns: ReadonlySet<QueueColumnId>;
  /** An export of the current view is being made; why the last one failed, if it did. */
  exporting: boolean;
  exportError: string | null;

  sync: {
    running: boolean;
    progress: EventOf<'sync.progress'> | null;
    summary: SyncSummary | null;
    error: string | null;
    /** When the sync shown ended (anyone's: a schedule's, another person's Sync now, this one's). */
    at: string | null;
  };

  start(): () => void;
  /** The last PayTrace sync of the job history, whoever ran it, into the header (unless one runs here). */
  loadLastSync(): Promise<void>;
  /** Reloads the pages on screen (a live update keeps selection and scroll). */
  loadList(): Promise<void>;
  /** Rows `first`..`last` of the view are on screen: loads the pages they are on. */
  showRange(first: number, last: number): void;
  setTab(tab: TabKey): void;
  setFilter(filter: string): void;
  setBatch(batch: number | null): void;
  /** Narrows the view to what a dashboard chart showed (null: back to the whole queue). */
  setDrill(drill: DrillView | null): void;
  setSorting(sorting: SortState[]): void;
  select(transactionId: number | null): void;
  /** Moves the keyboard's row by `delta` rows (the open detail follows); the index it moved to, or null. */
  moveCursor(delta: number): number | null;
  /**
   * Shows the transaction: its row selected and its detail open, in its tab, with no filter or
   * batch that would hide it (the clerk came from another screen).
   */
  reveal(transactionId: number): void;
  loadDetail(transactionId: number, quiet?: boolean): Promise<void>;
  approve(transactionId: number, proposalId: number): Promise<void>;
  /** The second person does not approve: back to review with a reason. Resolves to an error message, or null. */
  sendBack(transactionId: number, reason: string): Promise<string | null>;
  /** Resolves to an error message for the reason dialog to show, or null when done. */
  setAside(action: 'park' | 'ignore', transactionId: number, reason: string): Promise<string | null>;
  /** A parked transaction goes back to review. */
  unpark(transactionId: number): Promise<void>;
  /**
   * A "No match" payment goes on account to a customer in a company code, or to the company code's
   * suspense account (customer null); resolves to an error message for the dialog, or null when done.
   */
  placeNoMatch(transactionId: number, companyCode: string, customer: string | null): Promise<string | null>;
  /** SAP customers of the mirror whose name, city or number hold the text: whom a payment can go on account to. */
  findCustomers(text: string, companyCode: string | null): Promise<CustomerHit[]>;
  openDialog(dialog: ActionDialog | null): void;
  showShortcuts(open: boolean): void;
  runSync(): Promise<void>;
  /** Ticks or unticks a row; with `range`, every loaded row from the last one ticked to this one too. */
  toggleChecked(transactionId: number, range: boolean): void;
  /** Ticks (or unticks) every loaded row of the view. */
  checkLoaded(on: boolean): void;
  /** Selects the whole view, every row matching the tab, batch and filter. */
  checkAllMatching(): void;
  clearChecked(): void;
  /** What is selected, as the bulk channels take it. */
  selection(): BulkSelection | null;
  /** The view (tab, batch, filter, sort, drill) without paging: what "all N matching" and an export take. */
  viewFilter(): NonNullable<BulkSelection['matching']>;
  setColumnHidden(column: QueueColumnId, hidden: boolean): void;
  loadViews(): Promise<void>;
  /** Saves the current view under `name` (the same name replaces it); false when it failed (viewsError says why). */
  saveView(name: string): Promise<boolean>;
  /** Shows a saved view: its tab, filter, sort and drill, asked for once. */
  applyView(view: SavedView): void;
  deleteView(name: string): Promise<void>;
  /** The table's columns the user did not hide, in the table's order. */
  visibleColumns(): QueueColumnId[];
  /** The whole current view as a file with these columns (the core reads every row); null when it failed. */
  exportView(
    format: QueueExportRequest['format'],
    columns: QueueExportRequest['columns'],
  ): Promise<DownloadFile | null>;
  /** Opens the bulk approval's summary (bulkPreview). */
  previewBulkApprove(): Promise<void>;
  /** Sends the bulk approval the summary showed; progress and results land in `bulk`. */
  runBulkApprove(): Promise<void>;
  /** Parks or ignores the selection with one reason; resolves to an error message, or null. */
  bulkSetAside(action: 'park' | 'ignore', reason: string): Promise<string | null>;
  closeBulk(): void;
  /** The state of a "Correct match" dialog for the row. */
  createCorrection(row: QueueRow): CorrectionStore;
  /** The core accepted a correction: show the clerk's proposal, ready to approve. */
  applyCorrection(row: QueueRow): void;
}

export type ReviewStore = StoreApi<ReviewState>;

/** The loaded rows in view order. */
export function loadedRows(s: Pick<ReviewState, 'pages'>): QueueRow[] {
  return [...s.pages.entries()].sort(([a], [b]) => a - b).flatMap(([, rows]) => rows);
}

/** The row at `index` of the view, when its page is loaded. */
export function rowAt(s: Pick<ReviewState, 'pages'>, index: number): QueueRow | undefined {
  return s.pages.get(Math.floor(index / PAGE))?.[index % PAGE];
}

/** A loaded row by transaction id. */
export function findRow(s: Pick<ReviewState, 'pages'>, transactionId: number): QueueRow | undefined {
  for (const rows of s.pages.values()) {
    const row = rows.find((r) => r.transactionId === transactionId);
    if (row) return row;
  }
  return undefined;
}

/** Where a loaded row sits in the view. */
export function indexOf(s: Pick<ReviewState, 'pages'>, transactionId: number): number {
  for (const [page, rows] of s.pages) {
    const at = rows.findIndex((r) => r.transactionId === transactionId);
    if (at >= 0) return page * PAGE + at;
  }
  return -1;
}

/** The tabs' counts from the counts per state. */
export function tabCounts(counts: Partial<Record<QueueState, number>>): Record<TabKey, number> {
  const out = {} as Record<TabKey, number>;
  const all = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  for (const t of TABS) out[t.key] = t.states ? t.states.reduce((n, st) => n + (counts[st] ?? 0), 0) : all;
  return out;
}

export function createReviewStore(api: ClearDeskApi, prefs: PrefsStorage | null = browserStorage()): ReviewStore {
  /** The view asked for; a request of an older view is superseded and its answer dropped. */
  let view = 0;
  /** Aborts the requests of the view before this one. */
  let viewAbort = new AbortController();
  let detailRequest = 0;
  /** Pages asked for in the current view and not answered yet. */
  const inFlight = new Set<number>();
  /** The rows on screen, so a reload reloads those. */
  let onScreen: [number, number] = [0, PAGE - 1];
  /** The row last ticked: a shift-click ticks the range from it. */
  let anchor: number | null = null;
  let bulkRuns = 0;

  return createStore<ReviewState>()((set, get, store) => {
    const patchRow = (row: QueueRow): void =>
      set((s) => ({
        pages: new Map(
          [...s.pages].map(([n, rows]) => [
            n,
            rows.some((r) => r.transactionId === row.transactionId)
              ? rows.map((r) => (r.transactionId === row.transactionId ? row : r))
              : rows,
          ]),
        ),
        detail: s.detail && s.detail.row.transactionId === row.transactionId ? { ...s.detail, row } : s.detail,
      }));

    const request = (page: number): RequestOf<'queue.window'> => {
      const s = get();
      const states = TABS.find((t) => t.key === s.tab)?.states;
      const key = s.sorting[0] ? SORTABLE[s.sorting[0].id] : undefined;
      return {
        ...(states ? { states: [...states], alsoIds: [...s.stickyIds] } : {}),
        ...(s.batch !== null ? { batch: s.batch } : {}),
        ...(s.drill ? { drill: s.drill.filter } : {}),
        ...(s.appliedFilter.trim() ? { text: s.appliedFilter.trim() } : {}),
        ...(key ? { sort: { key, desc: s.sorting[0]!.desc } } : {}),
        offset: page * PAGE,
        limit: PAGE,
      };
    };

    /**
     * Loads `pages` of the view. With `fresh`, they replace what is loaded (a new view, or a
     * reload); otherwise they are added. An answer for an older view is dropped.
     */
    const load = async (pages: readonly number[], fresh: boolean): Promise<void> => {
      if (fresh) {
        view += 1;
        inFlight.clear();
        viewAbort.abort();
        viewAbort = new AbortController();
      }
      const mine = view;
      const { signal } = viewAbort;
      const wanted = pages.filter((p) => !inFlight.has(p));
      if (wanted.length === 0) return;
      for (const p of wanted) inFlight.add(p);
      set({ listLoading: true });
      try {
        const answers = await Promise.all(wanted.map((p) => api.call('queue.window', request(p), { signal })));
        if (mine !== view) return;
        const [first] = answers;
        set((s) => {
          const next = new Map(fresh ? [] : s.pages);
          answers.forEach((a, i) => next.set(wanted[i]!, a.rows));
          // Keep the pages near the screen only.
          const centre = Math.floor(onScreen[0] / PAGE);
          for (const n of next.keys()) if (Math.abs(n - centre) > KEEP_PAGES) next.delete(n);
          return {
            pages: next,
            total: first!.total,
            counts: first!.counts,
            listLoading: false,
            listError: null,
            loaded: true,
          };
        });
      } catch (error) {
        if (mine === view) set({ listLoading: false, listError: describeError(error) });
      } finally {
        if (mine === view) for (const p of wanted) inFlight.delete(p);
      }
    };

    const pagesOnScreen = (): number[] => {
      const out: number[] = [];
      for (let p = Math.floor(onScreen[0] / PAGE); p <= Math.floor(onScreen[1] / PAGE); p++) out.push(p);
      return out;
    };

    /** The view changed (tab, filter, batch, sort): from the top. */
    const newView = (): void => {
      onScreen = [0, PAGE - 1];
      anchor = null;
      set({ checked: new Set(), allMatching: false });
      void load([0], true);
    };
    const filter = filterBox(get, set, newView);

    const stick = (transactionId: number): void =>
      set((s) => ({ stickyIds: new Set([...s.stickyIds, transactionId]) }));

    const refreshAfterChange = (transactionId: number): void => {
      void get().loadList();
      if (get().selectedId === transactionId) void get().loadDetail(transactionId, true);
    };

    /**
     * One action on one row that answers with the row: one at a time, the row kept in view and patched,
     * the outcome said in `message`; resolves to an error message for the dialog, or null when done.
     */
    const rowAction = async (
      transactionId: number,
      action: ActionKind,
      send: () => Promise<QueueRow>,
      message: (row: QueueRow) => string,
    ): Promise<string | null> => {
      if (get().pending) return 'Another action is still running.';
      set({ pending: { transactionId, action }, outcome: null });
      try {
        const row = await send();
        stick(transactionId);
        patchRow(row);
        set({ outcome: { transactionId, kind: 'done', message: message(row), state: row.queueState } });
        return null;
      } catch (error) {
        return describeError(error);
      } finally {
        set({ pending: null });
        refreshAfterChange(transactionId);
      }
    };

    return {
      session: null,
      sessionError: null,
      pages: new Map(),
      total: 0,
      counts: {},
      listLoading: false,
      listError: null,
      loaded: false,
      stickyIds: new Set(),
      tab: 'review',
      filter: '',
      appliedFilter: '',
      batch: null,
      drill: null,
      sorting: [{ id: 'createdAt', desc: true }],
      selectedId: null,
      cursorId: null,
      cursorMoves: 0,
      detail: null,
      detailLoading: false,
      detailError: null,
      pending: null,
      outcome: null,
      savedViews: [],
      viewsError: null,
      hiddenColumns: new Set(),
      exporting: false,
      exportError: null,
      checked: new Set(),
      allMatching: false,
      bulk: null,
      dialog: null,
      shortcutsOpen: false,
      sync: { running: false, progress: null, summary: null, error: null, at: null },

      start() {
        const offChanged = api.on('queue.changed', ({ transactionIds }) => {
          void get().loadList();
          const selected = get().selectedId;
          if (selected !== null && (transactionIds.length === 0 || transactionIds.includes(selected))) {
            void get().loadDetail(selected, true);
          }
        });
        const offProgress = api.on('sync.progress', (progress) => set((s) => ({ sync: { ...s.sync, progress } })));
        // A sync that ends anywhere (the schedule, another person's Sync now) becomes the header's last sync.
        const offJobs = api.on('jobs.changed', ({ job }) => {
          if (job === 'paytrace.sync') void get().loadLastSync();
        });
        void get().loadLastSync();
        const offBulk = api.on('bulk.progress', (progress) =>
          set((s) =>
            s.bulk?.phase === 'running' && s.bulk.progressId === progress.progressId
              ? { bulk: { ...s.bulk, progress } }
              : {},
          ),
        );
        api.call('session.info', {}).then(
          (session) =>
            set({ session, sessionError: null, hiddenColumns: new Set(loadHiddenColumns(prefs, session.user)) }),
          (error: unknown) => set({ sessionError: describeError(error) }),
        );
        void get().loadList();
        void get().loadViews();
        return () => {
          offChanged();
          offProgress();
          offJobs();
          offBulk();
          filter.cancel();
        };
      },

      loadList: () => load(pagesOnScreen(), true),

      showRange(first, last) {
        onScreen = [Math.max(0, first), Math.max(0, last)];
        const missing = pagesOnScreen().filter((p) => !get().pages.has(p) && p * PAGE < Math.max(get().total, 1));
        if (missing.length) void load(missing, false);
      },

      setTab(tab) {
        set({ tab, stickyIds: new Set() });
        newView();
      },
      setFilter(text) {
        filter.type(text);
      },
      setBatch(batch) {
        // A payment open from before that is not of the batch drilled into closes: it is not among its rows.
        const s = get();
        const open = s.selectedId === null ? null : (findRow(s, s.selectedId) ?? s.detail?.row ?? null);
        set({ batch });
        if (batch !== null && open && open.batch !== batch) get().select(null);
        newView();
      },
      setDrill(drill) {
        set({ drill });
        newView();
      },
      setSorting(sorting) {
        set({ sorting });
        newView();
      },

      select(transactionId) {
        if (transactionId === get().selectedId) return;
        set((s) => ({
          selectedId: transactionId,
          cursorId: transactionId ?? s.cursorId,
          detail: null,
          detailError: null,
          outcome: null,
          dialog: null,
        }));
        if (transactionId !== null) void get().loadDetail(transactionId);
      },

      moveCursor(delta) {
        const s = get();
        if (s.total === 0) return null;
        const from = s.cursorId ?? s.selectedId;
        const at = from === null ? -1 : indexOf(s, from);
        const next = at < 0 ? 0 : Math.max(0, Math.min(s.total - 1, at + delta));
        const row = rowAt(s, next);
        if (!row) return next;
        set({ cursorId: row.transactionId, cursorMoves: s.cursorMoves + 1 });
        if (s.selectedId !== null) s.select(row.transactionId);
        return next;
      },

      reveal(transactionId) {
        // The clerk asked for this transaction; a filter typed or a batch picked earlier must not hide it.
        if (get().filter) get().setFilter('');
        if (get().drill) get().setDrill(null);
        const known = findRow(get(), transactionId);
        if (get().batch !== null && known?.batch !== get().batch) get().setBatch(null);
        const show = (row: QueueRow) => {
          const s = get();
          if (!s.stickyIds.has(transactionId) && !inTab(s.tab, row)) s.setTab(tabFor(row));
          if (s.batch !== null && row.batch !== s.batch) s.setBatch(null);
        };
        if (known) show(known);
        get().select(transactionId);
        if (!known) {
          // Not on a loaded page: its state comes with the detail.
          const off = store.subscribe((s) => {
            if (s.selectedId !== transactionId) return off();
            if (s.detail?.row.transactionId === transactionId) {
              off();
              show(s.detail.row);
            }
          });
        }
      },

      async loadDetail(transactionId, quiet = false) {
        const request = ++detailRequest;
        if (!quiet) set({ detailLoading: true, detailError: null });
        try {
          const detail = await api.call('queue.detail', { transactionId });
          if (request === detailRequest && get().selectedId === transactionId) {
            set({ detail, detailLoading: false, detailError: null });
          }
        } catch (error) {
          if (request === detailRequest && get().selectedId === transactionId) {
            set({ detailLoading: false, detailError: describeError(error) });
          }
        }
      },

      async approve(transactionId, proposalId) {
        if (get().pending) return;
        set({ pending: { transactionId, action: 'approve' }, outcome: null });
        stick(transactionId);
        try {
          const result = await api.call('proposal.approve', { transactionId, proposalId });
          const row = findRow(get(), transactionId);
          if (result.state === 'awaiting-approval') {
            // Four eyes: nothing was posted; the row waits for an approver.
            if (row?.proposal) {
              patchRow({
                ...row,
                queueState: 'prepared',
                proposal: { ...row.proposal, preparedBy: result.preparedBy },
              });
            }
            const why = result.reasons.join('; ');
            set({
              outcome: {
                transactionId,
                kind: 'done',
                message: `Approved by you; it waits for a second person, an approver (${why}).`,
                state: 'prepared',
              },
            });
            return;
          }
          const posting = result;
          if (row) {
            const queueState =
              posting.state === 'posted'
                ? 'posted'
                : posting.state === 'failed'
                  ? 'failed'
                  : posting.state === 'pending'
                    ? 'pending'
                    : 'approved';
            patchRow({ ...row, queueState, posting });
          }
          set({ outcome: { transactionId, kind: 'posting', posting } });
        } catch (error) {
          set({ outcome: { transactionId, kind: 'error', action: 'approve', message: describeError(error) } });
        } finally {
          set({ pending: null });
          refreshAfterChange(transactionId);
        }
      },

      sendBack(transactionId, reason) {
        return rowAction(
          transactionId,
          'approve',
          () => api.call('proposal.sendBack', { transactionId, reason }),
          () => 'Sent back to the review queue',
        );
      },

      setAside(action, transactionId, reason) {
        return rowAction(
          transactionId,
          action,
          () => api.call(action === 'park' ? 'transaction.park' : 'transaction.ignore', { transactionId, reason }),
          () => (action === 'park' ? 'Parked' : 'Ignored'),
        );
      },

      findCustomers: (text, companyCode) =>
        api.call('customers.search', { text, ...(companyCode ? { companyCode } : {}) }),
      placeNoMatch(transactionId, companyCode, customer) {
        return rowAction(
          transactionId,
          customer ? 'onAccount' : 'suspense',
          () =>
            customer
              ? api.call('proposal.correct', { transactionId, items: [], customer, companyCode })
              : api.call('proposal.toSuspense', { transactionId, companyCode }),
          (row) =>
            customer
              ? `On account to customer ${row.proposal?.customer ?? customer} in ${companyCode}. Check the FI document preview, then approve.`
              : `To suspense in ${companyCode}. Check the FI document preview, then approve.`,
        );
      },

      toggleChecked(transactionId, range) {
        const s = get();
        const next = toggleTicked(s.checked, transactionId, range ? anchor : null, (a, b) => {
          const from = indexOf(s, a);
          const to = indexOf(s, b);
          if (from < 0 || to < 0) return null;
          const ids: number[] = [];
          for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
            const row = rowAt(s, i);
            if (row) ids.push(row.transactionId);
          }
          return ids;
        });
        anchor = transactionId;
        set({ checked: next, allMatching: false });
      },

      checkLoaded(on) {
        const ids = loadedRows(get()).map((r) => r.transactionId);
        set((s) => {
          const next = new Set(s.checked);
          for (const id of ids)
            if (on) next.add(id);
            else next.delete(id);
          return { checked: next, allMatching: false };
        });
      },

      checkAllMatching() {
        set({ allMatching: true, checked: new Set(loadedRows(get()).map((r) => r.transactionId)) });
      },

      clearChecked() {
        anchor = null;
        set({ checked: new Set(), allMatching: false });
      },

      selection() {
        const s = get();
        if (s.allMatching) return { matching: get().viewFilter() };
        return s.checked.size > 0 ? { transactionIds: [...s.checked] } : null;
      },

      viewFilter() {
        const { states, batch, text, sort, drill } = request(0);
        return {
          ...(states ? { states } : {}),
          ...(batch !== undefined ? { batch } : {}),
          ...(drill ? { drill } : {}),
          ...(text !== undefined ? { text } : {}),
          ...(sort ? { sort } : {}),
        };
      },

      async loadViews() {
        try {
          const { views } = await api.call('views.list', {});
          set({ savedViews: views, viewsError: null });
        } catch (error) {
          set({ viewsError: describeError(error) });
        }
      },

      async saveView(name) {
        const s = get();
        const sort = s.sorting[0] && SORTABLE[s.sorting[0].id];
        try {
          const { views } = await api.call('views.save', {
            name,
            tab: s.tab,
            text: s.filter.trim(),
            sort: sort ? { key: sort, desc: s.sorting[0]!.desc } : null,
            drill: s.drill ? { filter: s.drill.filter, label: s.drill.label } : null,
          });
          set({ savedViews: views, viewsError: null });
          return true;
        } catch (error) {
          set({ viewsError: describeError(error) });
          return false;
        }
      },

      applyView(view) {
        filter.cancel();
        set({
          tab: view.tab,
          stickyIds: new Set(),
          filter: view.text,
          appliedFilter: view.text,
          sorting: view.sort ? [{ id: view.sort.key, desc: view.sort.desc }] : [{ id: 'createdAt', desc: true }],
          drill: view.drill ? { filter: view.drill.filter, label: view.drill.label } : null,
        });
        newView();
      },

      async deleteView(name) {
        try {
          const { views } = await api.call('views.delete', { name });
          set({ savedViews: views, viewsError: null });
        } catch (error) {
          set({ viewsError: describeError(error) });
        }
      },

      setColumnHidden(column, hidden) {
        const next = new Set(get().hiddenColumns);
        if (hidden) next.add(column);
        else next.delete(column);
        set({ hiddenColumns: next });
        const user = get().session?.user;
        if (user) saveHiddenColumns(prefs, user, [...next]);
      },

      visibleColumns() {
        const hidden = get().hiddenColumns;
        return QUEUE_EXPORT_COLUMNS.filter((c) => !hidden.has(c));
      },

      async exportView(format, columns) {
        if (get().exporting) return null;
        set({ exporting: true, exportError: null });
        try {
          const file = await api.call('queue.export', {
            ...get().viewFilter(),
            format,
            ...(columns && columns.length > 0 ? { columns } : {}),
          });
          if (file.base64.length > (MAX_DOWNLOAD_BYTES / 3) * 4 + 4)
            throw new Error('The view is too large to download at once; narrow it with the filter or a tab.');
          set({ exporting: false });
          return { fileName: file.fileName, mimeType: file.mimeType, bytes: base64ToBytes(file.base64) };
        } catch (error) {
          set({ exporting: false, exportError: describeError(error) });
          return null;
        }
      },

      async previewBulkApprove() {
        const selection = get().selection();
        if (!selection) return;
        const count = get().allMatching ? get().total : get().checked.size;
        set({ bulk: { action: 'approve', phase: 'loading', count } });
        try {
          const preview = await api.call('proposals.bulkPreview', selection);
          if (get().bulk?.phase === 'loading') set({ bulk: { action: 'approve', phase: 'preview', preview } });
        } catch (error) {
          set({ bulk: { action: 'approve', phase: 'error', message: describeError(error) } });
        }
      },

      async runBulkApprove() {
        const bulk = get().bulk;
        const selection = get().selection();
        if (bulk?.phase !== 'preview' || !selection) return;
        const progressId = `bulk-${Date.now()}-${++bulkRuns}`;
        set({ bulk: { action: 'approve', phase: 'running', preview: bulk.preview, progressId, progress: null } });
        try {
          const result = await api.call('proposals.bulkApprove', { ...selection, progressId });
          set({ bulk: { action: 'approve', phase: 'done', result } });
          get().clearChecked();
        } catch (error) {
          set({ bulk: { action: 'approve', phase: 'error', message: describeError(error) } });
        } finally {
          void get().loadList();
        }
      },

      async bulkSetAside(action, reason) {
        const selection = get().selection();
        if (!selection) return 'Nothing is selected.';
        try {
          const result = await api.call('queue.bulkSetAside', {
            ...selection,
            state: action === 'park' ? 'parked' : 'ignored',
            reason,
          });
          set({ bulk: { action, phase: 'done', result } });
          get().clearChecked();
          return null;
        } catch (error) {
          return describeError(error);
        } finally {
          void get().loadList();
        }
      },

      closeBulk() {
        if (get().bulk?.phase !== 'running') set({ bulk: null });
      },
      async unpark(transactionId) {
        if (get().pending) return;
        set({ pending: { transactionId, action: 'unpark' }, outcome: null });
        const before = findRow(get(), transactionId)?.queueState;
        try {
          const row = await api.call('transaction.unpark', { transactionId });
          stick(transactionId);
          patchRow(row);
          set({
            outcome: {
              transactionId,
              kind: 'done',
              message: before === 'ignored' ? 'No longer ignored: back to review' : 'Unparked: back to review',
              state: row.queueState,
            },
          });
        } catch (error) {
          set({ outcome: { transactionId, kind: 'error', action: 'unpark', message: describeError(error) } });
        } finally {
          set({ pending: null });
          refreshAfterChange(transactionId);
        }
      },

      openDialog: (dialog) => set({ dialog }),
      showShortcuts: (shortcutsOpen) => set({ shortcutsOpen }),

      createCorrection: (row) => createCorrectionStore(api, row),

      applyCorrection(row) {
        stick(row.transactionId);
        patchRow(row);
        set({
          outcome: {
            transactionId: row.transactionId,
            kind: 'done',
            message: 'Match corrected. Check the FI document preview, then approve.',
            state: row.queueState,
          },
        });
        refreshAfterChange(row.transactionId);
      },

      async loadLastSync() {
        let runs: ResponseOf<'jobs.history'>;
        try {
          runs = await api.call('jobs.history', { job: 'paytrace.sync', limit: 1 });
        } catch {
          return; // the header is a help: the queue works without it
        }
        const run = runs[0];
        if (!run?.finishedAt || get().sync.running || (get().sync.at ?? '') > run.finishedAt) return;
        const summary = SyncSummarySchema.safeParse(run.counts);
        if (run.status === 'ok' && summary.success)
          set({ sync: { running: false, progress: null, summary: summary.data, error: null, at: run.finishedAt } });
        else if (run.status === 'failed')
          set((s) => ({ sync: { ...s.sync, error: run.error ?? 'The Jobs screen has its log.', at: run.finishedAt } }));
      },

      async runSync() {
        if (get().sync.running) return;
        set((s) => ({ sync: { ...s.sync, running: true, progress: null, error: null } }));
        try {
          const summary = await api.call('sync.run', {});
          set({ sync: { running: false, progress: null, summary, error: null, at: new Date().toISOString() } });
        } catch (error) {
          set((s) => ({
            sync: {
              ...s.sync,
              running: false,
              progress: null,
              error: describeError(error),
              at: new Date().toISOString(),
            },
          }));
        }
        void get().loadList();
      },
    };
  });
}
