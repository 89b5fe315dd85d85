// The review screen's state: the queue, the selected transaction's detail, and what the clerk
// just did. Every API failure lands in state as a readable message; nothing is swallowed.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  ClearDeskApi,
  EventOf,
  PostingSummary,
  QueueRow,
  QueueState,
  SessionInfo,
  SyncSummary,
  TransactionDetail,
} from '../../../../shared/api';
import { describeError } from '../../bridge/errors';
import { createCorrectionStore, type CorrectionStore } from './correction';
import type { TabKey } from './tabs';

export type ActionKind = 'approve' | 'park' | 'ignore';

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

export interface SortState {
  readonly id: string;
  readonly desc: boolean;
}

export interface ReviewState {
  session: SessionInfo | null;
  sessionError: string | null;

  rows: QueueRow[];
  listLoading: boolean;
  listError: string | null;
  /** The queue has been loaded at least once (so an empty list means empty, not "not yet"). */
  loaded: boolean;
  /** Rows the clerk acted on stay in the current tab until the tab changes, so they do not jump away. */
  stickyIds: ReadonlySet<number>;

  tab: TabKey;
  filter: string;
  /** Only the transactions of this PayTrace settlement batch, when set (from the batches screen). */
  batch: number | null;
  sorting: SortState[];

  selectedId: number | null;
  detail: TransactionDetail | null;
  detailLoading: boolean;
  detailError: string | null;

  pending: { readonly transactionId: number; readonly action: ActionKind } | null;
  outcome: Outcome | null;

  sync: {
    running: boolean;
    progress: EventOf<'sync.progress'> | null;
    summary: SyncSummary | null;
    error: string | null;
  };

  start(): () => void;
  loadList(): Promise<void>;
  setTab(tab: TabKey): void;
  setFilter(filter: string): void;
  setBatch(batch: number | null): void;
  setSorting(sorting: SortState[]): void;
  select(transactionId: number | null): void;
  loadDetail(transactionId: number, quiet?: boolean): Promise<void>;
  approve(transactionId: number, proposalId: number): Promise<void>;
  /** The second person does not approve: back to review with a reason. Resolves to an error message, or null. */
  sendBack(transactionId: number, reason: string): Promise<string | null>;
  /** Resolves to an error message for the reason dialog to show, or null when done. */
  setAside(action: 'park' | 'ignore', transactionId: number, reason: string): Promise<string | null>;
  runSync(): Promise<void>;
  /** The state of a "Correct match" dialog for the row. */
  createCorrection(row: QueueRow): CorrectionStore;
  /** The core accepted a correction: show the clerk's proposal, ready to approve. */
  applyCorrection(row: QueueRow): void;
}

export type ReviewStore = StoreApi<ReviewState>;

export function createReviewStore(api: ClearDeskApi): ReviewStore {
  let listRequest = 0;
  let detailRequest = 0;

  return createStore<ReviewState>()((set, get) => {
    const patchRow = (row: QueueRow): void =>
      set((s) => ({
        rows: s.rows.map((r) => (r.transactionId === row.transactionId ? row : r)),
        detail: s.detail && s.detail.row.transactionId === row.transactionId ? { ...s.detail, row } : s.detail,
      }));

    const stick = (transactionId: number): void =>
      set((s) => ({ stickyIds: new Set([...s.stickyIds, transactionId]) }));

    const refreshAfterChange = (transactionId: number): void => {
      void get().loadList();
      if (get().selectedId === transactionId) void get().loadDetail(transactionId, true);
    };

    return {
      session: null,
      sessionError: null,
      rows: [],
      listLoading: false,
      listError: null,
      loaded: false,
      stickyIds: new Set(),
      tab: 'review',
      filter: '',
      batch: null,
      sorting: [{ id: 'createdAt', desc: true }],
      selectedId: null,
      detail: null,
      detailLoading: false,
      detailError: null,
      pending: null,
      outcome: null,
      sync: { running: false, progress: null, summary: null, error: null },

      start() {
        const offChanged = api.on('queue.changed', ({ transactionIds }) => {
          void get().loadList();
          const selected = get().selectedId;
          if (selected !== null && (transactionIds.length === 0 || transactionIds.includes(selected))) {
            void get().loadDetail(selected, true);
          }
        });
        const offProgress = api.on('sync.progress', (progress) => set((s) => ({ sync: { ...s.sync, progress } })));
        api.call('session.info', {}).then(
          (session) => set({ session, sessionError: null }),
          (error: unknown) => set({ sessionError: describeError(error) }),
        );
        void get().loadList();
        return () => {
          offChanged();
          offProgress();
        };
      },

      async loadList() {
        const request = ++listRequest;
        set({ listLoading: true });
        try {
          const rows = await api.call('queue.list', {});
          if (request === listRequest) set({ rows, listLoading: false, listError: null, loaded: true });
        } catch (error) {
          if (request === listRequest) set({ listLoading: false, listError: describeError(error) });
        }
      },

      setTab: (tab) => set({ tab, stickyIds: new Set() }),
      setFilter: (filter) => set({ filter }),
      setBatch: (batch) => set({ batch }),
      setSorting: (sorting) => set({ sorting }),

      select(transactionId) {
        if (transactionId === get().selectedId) return;
        set({ selectedId: transactionId, detail: null, detailError: null, outcome: null });
        if (transactionId !== null) void get().loadDetail(transactionId);
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
          const row = get().rows.find((r) => r.transactionId === transactionId);
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

      async sendBack(transactionId, reason) {
        if (get().pending) return 'Another action is still running.';
        set({ pending: { transactionId, action: 'approve' }, outcome: null });
        try {
          const row = await api.call('proposal.sendBack', { transactionId, reason });
          stick(transactionId);
          patchRow(row);
          set({
            outcome: { transactionId, kind: 'done', message: 'Sent back to the review queue', state: row.queueState },
          });
          return null;
        } catch (error) {
          return describeError(error);
        } finally {
          set({ pending: null });
          refreshAfterChange(transactionId);
        }
      },

      async setAside(action, transactionId, reason) {
        if (get().pending) return 'Another action is still running.';
        set({ pending: { transactionId, action }, outcome: null });
        try {
          const row = await api.call(action === 'park' ? 'transaction.park' : 'transaction.ignore', {
            transactionId,
            reason,
          });
          stick(transactionId);
          patchRow(row);
          set({
            outcome: {
              transactionId,
              kind: 'done',
              message: action === 'park' ? 'Parked' : 'Ignored',
              state: row.queueState,
            },
          });
          return null;
        } catch (error) {
          return describeError(error);
        } finally {
          set({ pending: null });
          refreshAfterChange(transactionId);
        }
      },

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

      async runSync() {
        if (get().sync.running) return;
        set((s) => ({ sync: { ...s.sync, running: true, progress: null, error: null } }));
        try {
          const summary = await api.call('sync.run', {});
          set({ sync: { running: false, progress: null, summary, error: null } });
        } catch (error) {
          set((s) => ({ sync: { ...s.sync, running: false, progress: null, error: describeError(error) } }));
        }
        void get().loadList();
      },
    };
  });
}
