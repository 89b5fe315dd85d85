import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ChargebacksState, ChargebacksStore } from './store';

const ChargebacksStoreContext = createContext<ChargebacksStore | null>(null);

export function ChargebacksStoreProvider({ store, children }: { store: ChargebacksStore; children: ReactNode }) {
  return <ChargebacksStoreContext.Provider value={store}>{children}</ChargebacksStoreContext.Provider>;
}

export function useChargebacks<T>(selector: (state: ChargebacksState) => T): T {
  const store = useContext(ChargebacksStoreContext);
  if (!store) throw new Error('useChargebacks needs a ChargebacksStoreProvider');
  return useStore(store, selector);
}
