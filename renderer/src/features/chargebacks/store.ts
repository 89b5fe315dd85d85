// The Chargebacks tab's state: one window of the processors' dispute cases (the store pages, filters and counts
// them, `chargebacks.window`; respond-by date nearest first), the tab (all, unmatched, matched) and the filter box
// (debounced like the review queue's), and the clerk's actions: linking an unmatched case to a candidate sale,
// recording a chargeback of a sale by hand (from the review queue's detail panel), and bulk work on the ticked
// cases or on every case of the view (`chargebacks.bulkPreview`, `bulkPrepare`, `bulkApprove`: the core decides per
// case). Reloads on queue.changed; only the newest answer counts.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  ChargebackBulkApprovePreview,
  ChargebackBulkPreview,
  ChargebackBulkResult,
  ChargebackPlanDto,
  ChargebackReportRequest,
  ChargebackSelection,
  ClearDeskApi,
  DisputeCaseDto,
  EventOf,
  ManualDispute,
  ManualDisputeResult,
} from '../../../../shared/api';
import { describeError } from '../../bridge/errors';
import { idsBetween, toggleTicked } from '../../ui/bulk-selection';
import { base64ToBytes, MAX_DOWNLOAD_BYTES, type DownloadFile } from '../audit/download';
import { filterBox } from '../../ui/filter-box';

export type ChargebackTab = 'all' | 'unmatched' | 'matched';

/** Cases per page: the store never holds more than one window. */
export const CHARGEBACK_PAGE = 100;

export interface ChargebacksState {
  tab: ChargebackTab;
  offset: number;
  rows: DisputeCaseDto[];
  total: number;
  counts: { matched: number; unmatched: number };
  today: string | null;
  loading: boolean;
  loaded: boolean;
  error: string | null;
  /** What is in the filter box now. */
  filter: string;
  /** The filter the view was asked with (the box, once typing settled). */
  appliedFilter: string;
  /** Cases ticked for a bulk action (a new view clears them, a reload keeps them). */
  checked: ReadonlySet<number>;
  /** Every case of the view is selected, shown or not ("select all N that match"). */
  allMatching: boolean;
  bulk: ChargebackBulkRun | null;
  /** The keyboard shortcut overlay (`?`) is open. */
  shortcutsOpen: boolean;

  /** Loads now and again on every queue.changed; returns the unsubscribe. */
  start(): () => void;
  load(): Promise<void>;
  setTab(tab: ChargebackTab): void;
  /** The next or previous page of the view. */
  page(direction: 1 | -1): void;
  /** The filter box changed: the view is asked again once typing settles (at once when cleared). */
  setFilter(filter: string): void;
  /** Ticks or unticks a case; with `range`, every shown case from the last one ticked to this one too. */
  toggleChecked(caseId: number, range: boolean): void;
  /** Ticks (or unticks) every shown case. */
  checkShown(on: boolean): void;
  /** Selects the whole view, every case of the tab and filter, shown or not. */
  checkAllMatching(): void;
  clearChecked(): void;
  /** What is selected, as the bulk channels take it; null when nothing is. */
  selection(): ChargebackSelection | null;
  /** Opens the bulk action's dialog: the core's summary to prepare, the count to approve. */
  openBulk(action: ChargebackBulkAction): Promise<void>;
  /** Sends what the dialog showed; progress and a result per case land in `bulk`. */
  runBulk(): Promise<void>;
  closeBulk(): void;
  showShortcuts(open: boolean): void;
  /** Resolves to an error message for the dialog to show, or null when done. */
  link(caseId: number, transactionId: number, reason: string): Promise<string | null>;
  /** Resolves to the outcome, or an error message for the dialog to show. */
  record(entry: ManualDispute): Promise<ManualDisputeResult | string>;
  /** What the case implies now, with its FI document's lines and its postings; or an error message. */
  plan(caseId: number): Promise<ChargebackPlanDto | string>;
  /** Each resolves to an error message to show, or null when done. */
  prepare(caseId: number): Promise<string | null>;
  approve(postingId: number): Promise<string | null>;
  reject(postingId: number, reason: string): Promise<string | null>;
  /** The chargebacks report as a file to save, or an error message to show. */
  report(request: ChargebackReportRequest): Promise<DownloadFile | string>;
}

export type ChargebacksStore = StoreApi<ChargebacksState>;

/** Which bulk action: a clerk's "Prepare postings", an approver's "Approve prepared". */
export type ChargebackBulkAction = 'prepare' | 'approve';

/** A bulk action's dialog: the core's summary before sending, the progress, a result per case. */
export type ChargebackBulkRun =
  | { readonly action: ChargebackBulkAction; readonly phase: 'loading'; readonly count: number }
  | { readonly action: 'prepare'; readonly phase: 'preview'; readonly preview: ChargebackBulkPreview }
  | { readonly action: 'approve'; readonly phase: 'preview'; readonly preview: ChargebackBulkApprovePreview }
  | {
      readonly action: ChargebackBulkAction;
      readonly phase: 'running';
      readonly count: number;
      readonly progressId: string;
      readonly progress: EventOf<'bulk.progress'> | null;
    }
  | { readonly action: ChargebackBulkAction; readonly phase: 'done'; readonly result: ChargebackBulkResult }
  | { readonly action: ChargebackBulkAction; readonly phase: 'error'; readonly message: string };

export function createChargebacksStore(api: ClearDeskApi): ChargebacksStore {
  return createStore<ChargebacksState>()((set, get) => {
    let request = 0;
    let controller: AbortController | null = null;
    /** The case last ticked: a shift-click ticks the range from it. */
    let anchor: number | null = null;
    let bulkRuns = 0;
    /** The view changed (tab or filter): from its first page, nothing selected. */
    const newView = (): void => {
      anchor = null;
      set({ offset: 0, rows: [], loaded: false, checked: new Set(), allMatching: false });
      void get().load();
    };
    const filter = filterBox(get, set, newView);
    const view = () => {
      const { tab, appliedFilter } = get();
      const text = appliedFilter.trim();
      return { ...(tab === 'all' ? {} : { match: tab }), ...(text ? { text } : {}) };
    };
    return {
      tab: 'all',
      offset: 0,
      rows: [],
      total: 0,
      counts: { matched: 0, unmatched: 0 },
      today: null,
      loading: false,
      loaded: false,
      error: null,
      filter: '',
      appliedFilter: '',
      checked: new Set(),
      allMatching: false,
      bulk: null,
      shortcutsOpen: false,

      start() {
        const off = api.on('queue.changed', () => void get().load());
        const offBulk = api.on('bulk.progress', (progress) =>
          set((s) =>
            s.bulk?.phase === 'running' && s.bulk.progressId === progress.progressId
              ? { bulk: { ...s.bulk, progress } }
              : {},
          ),
        );
        void get().load();
        return () => {
          off();
          offBulk();
          filter.cancel();
        };
      },

      async load() {
        const mine = ++request;
        controller?.abort();
        const abort = new AbortController();
        controller = abort;
        const { offset } = get();
        set({ loading: true });
        try {
          const page = await api.call(
            'chargebacks.window',
            { ...view(), offset, limit: CHARGEBACK_PAGE },
            { signal: abort.signal },
          );
          if (mine !== request) return;
          // The view shrank under the page (cases linked, another tab's count): back to its last page.
          if (page.rows.length === 0 && offset > 0 && page.total > 0) {
            set({ offset: Math.max(0, Math.floor((page.total - 1) / CHARGEBACK_PAGE) * CHARGEBACK_PAGE) });
            return void get().load();
          }
          set({
            rows: page.rows,
            total: page.total,
            counts: page.counts,
            today: page.today,
            loading: false,
            loaded: true,
            error: null,
          });
        } catch (error) {
          if (mine === request) set({ loading: false, error: describeError(error) });
        }
      },

      setTab(tab) {
        if (tab === get().tab) return;
        set({ tab });
        newView();
      },

      setFilter(text) {
        filter.type(text);
      },

      toggleChecked(caseId, range) {
        const s = get();
        const ids = s.rows.map((r) => r.id);
        const next = toggleTicked(s.checked, caseId, range ? anchor : null, (a, b) => idsBetween(ids, a, b));
        anchor = caseId;
        set({ checked: next, allMatching: false });
      },

      checkShown(on) {
        const ids = get().rows.map((r) => r.id);
        set((s) => {
          const next = new Set(s.checked);
          for (const id of ids)
            if (on) next.add(id);
            else next.delete(id);
          return { checked: next, allMatching: false };
        });
      },

      checkAllMatching() {
        set({ allMatching: true, checked: new Set(get().rows.map((r) => r.id)) });
      },

      clearChecked() {
        anchor = null;
        set({ checked: new Set(), allMatching: false });
      },

      selection() {
        const s = get();
        if (s.allMatching) return { matching: view() };
        return s.checked.size > 0 ? { caseIds: [...s.checked] } : null;
      },

      async openBulk(action) {
        const selection = get().selection();
        if (!selection) return;
        const count = get().allMatching ? get().total : get().checked.size;
        set({ bulk: { action, phase: 'loading', count } });
        try {
          const run: ChargebackBulkRun =
            action === 'approve'
              ? { action, phase: 'preview', preview: await api.call('chargebacks.bulkApprovePreview', selection) }
              : { action, phase: 'preview', preview: await api.call('chargebacks.bulkPreview', selection) };
          if (get().bulk?.phase === 'loading') set({ bulk: run });
        } catch (error) {
          set({ bulk: { action, phase: 'error', message: describeError(error) } });
        }
      },

      async runBulk() {
        const bulk = get().bulk;
        const selection = get().selection();
        if (!bulk || bulk.phase !== 'preview' || !selection) return;
        const { action } = bulk;
        const count = bulk.preview.count;
        const progressId = `cb-bulk-${Date.now()}-${++bulkRuns}`;
        set({ bulk: { action, phase: 'running', count, progressId, progress: null } });
        try {
          const result = await api.call(action === 'prepare' ? 'chargebacks.bulkPrepare' : 'chargebacks.bulkApprove', {
            ...selection,
            progressId,
          });
          set({ bulk: { action, phase: 'done', result } });
          get().clearChecked();
        } catch (error) {
          set({ bulk: { action, phase: 'error', message: describeError(error) } });
        } finally {
          void get().load();
        }
      },

      closeBulk() {
        if (get().bulk?.phase !== 'running') set({ bulk: null });
      },

      showShortcuts: (shortcutsOpen) => set({ shortcutsOpen }),

      page(direction) {
        const { offset, total } = get();
        const next = offset + direction * CHARGEBACK_PAGE;
        if (next < 0 || next >= total) return;
        set({ offset: next });
        void get().load();
      },

      async link(caseId, transactionId, reason) {
        try {
          await api.call('chargeback.link', { caseId, transactionId, reason });
          void get().load();
          return null;
        } catch (error) {
          return describeError(error);
        }
      },

      async plan(caseId) {
        try {
          return await api.call('chargeback.plan', { caseId });
        } catch (error) {
          return describeError(error);
        }
      },

      async prepare(caseId) {
        try {
          await api.call('chargeback.prepare', { caseId });
          void get().load();
          return null;
        } catch (error) {
          return describeError(error);
        }
      },

      async approve(postingId) {
        try {
          const p = await api.call('chargeback.approve', { postingId });
          void get().load();
          return p.state === 'failed' ? `SAP refused the posting: ${p.error ?? 'no reason given'}` : null;
        } catch (error) {
          return describeError(error);
        }
      },

      async reject(postingId, reason) {
        try {
          await api.call('chargeback.reject', { postingId, reason });
          void get().load();
          return null;
        } catch (error) {
          return describeError(error);
        }
      },

      async report(request) {
        try {
          const file = await api.call('chargebacks.report', request);
          // base64 is 4/3 of the bytes; refuse before decoding something absurd.
          if (file.base64.length > (MAX_DOWNLOAD_BYTES / 3) * 4 + 4)
            return 'The report is too large to download here; choose a shorter range, or use `cleardesk chargebacks report`.';
          return { fileName: file.fileName, mimeType: file.mimeType, bytes: base64ToBytes(file.base64) };
        } catch (error) {
          return describeError(error);
        }
      },

      async record(entry) {
        try {
          const result = await api.call('chargeback.record', entry);
          void get().load();
          return result;
        } catch (error) {
          return describeError(error);
        }
      },
    };
  });
}
