// The settlement batches screen's state. Reloads when the core says the queue changed (a posting
// moves money from "still open" to "posted").
import type { SortingState } from '@tanstack/react-table';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClearDeskApi, SettlementBatch } from '../../../../shared/api';
import { createListSlice, type ListState } from '../../ui/list-store';

export interface BatchesState extends ListState<SettlementBatch> {
  sorting: SortingState;

  setSorting(sorting: SortingState): void;
}

export type BatchesStore = StoreApi<BatchesState>;

export function createBatchesStore(api: ClearDeskApi): BatchesStore {
  return createStore<BatchesState>()((set, get) => ({
    ...createListSlice(api, set, get, () => api.call('batches.list', {})).slice,
    sorting: [{ id: 'batch', desc: true }],

    setSorting: (sorting) => set({ sorting }),
  }));
}

/** Batches whose net is not yet all posted (or posted more than settled). */
export const unbalancedCount = (rows: readonly SettlementBatch[]): number =>
  rows.filter((b) => b.stillOpen.minor !== 0).length;
