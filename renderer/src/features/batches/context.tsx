import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { BatchesState, BatchesStore } from './store';

const BatchesStoreContext = createContext<BatchesStore | null>(null);

export function BatchesStoreProvider({ store, children }: { store: BatchesStore; children: ReactNode }) {
  return <BatchesStoreContext.Provider value={store}>{children}</BatchesStoreContext.Provider>;
}

export function useBatches<T>(selector: (state: BatchesState) => T): T {
  const store = useContext(BatchesStoreContext);
  if (!store) throw new Error('useBatches needs a BatchesStoreProvider');
  return useStore(store, selector);
}
