import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ReversalsState, ReversalsStore } from './store';

const ReversalsStoreContext = createContext<ReversalsStore | null>(null);

export function ReversalsStoreProvider({ store, children }: { store: ReversalsStore; children: ReactNode }) {
  return <ReversalsStoreContext.Provider value={store}>{children}</ReversalsStoreContext.Provider>;
}

export function useReversals<T>(selector: (state: ReversalsState) => T): T {
  const store = useContext(ReversalsStoreContext);
  if (!store) throw new Error('useReversals needs a ReversalsStoreProvider');
  return useStore(store, selector);
}
