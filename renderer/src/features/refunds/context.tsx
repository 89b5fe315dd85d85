import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { RefundsState, RefundsStore } from './store';

const RefundsStoreContext = createContext<RefundsStore | null>(null);

export function RefundsStoreProvider({ store, children }: { store: RefundsStore; children: ReactNode }) {
  return <RefundsStoreContext.Provider value={store}>{children}</RefundsStoreContext.Provider>;
}

export function useRefunds<T>(selector: (state: RefundsState) => T): T {
  const store = useContext(RefundsStoreContext);
  if (!store) throw new Error('useRefunds needs a RefundsStoreProvider');
  return useStore(store, selector);
}
