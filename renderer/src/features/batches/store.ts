// The settlement batches screen's state. Reloads when the core says the queue changed (a posting
// moves money from "still open" to "posted").
import type { SortingState } from '@tanstack/react-table';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClearDeskApi, SettlementBatch } from '../../../../shared/api';
import { describeError } from '../../bridge/errors';

export interface BatchesState {
  rows: SettlementBatch[];
  loading: boolean;
  error: string | null;
  loaded: boolean;
  sorting: SortingState;

  start(): () => void;
  load(): Promise<void>;
  setSorting(sorting: SortingState): void;
}

export type BatchesStore = StoreApi<BatchesState>;

export function createBatchesStore(api: ClearDeskApi): BatchesStore {
  let request = 0;
  return createStore<BatchesState>()((set, get) => ({
    rows: [],
    loading: false,
    error: null,
    loaded: false,
    sorting: [{ id: 'batch', desc: true }],

    start() {
      const off = api.on('queue.changed', () => void get().load());
      void get().load();
      return off;
    },

    async load() {
      const mine = ++request;
      set({ loading: true });
      try {
        const rows = await api.call('batches.list', {});
        if (mine === request) set({ rows, loading: false, error: null, loaded: true });
      } catch (error) {
        if (mine === request) set({ loading: false, error: describeError(error) });
      }
    },

    setSorting: (sorting) => set({ sorting }),
  }));
}

/** Batches whose net is not yet all posted (or posted more than settled). */
export const unbalancedCount = (rows: readonly SettlementBatch[]): number => rows.filter((b) => b.stillOpen.minor !== 0).length;
