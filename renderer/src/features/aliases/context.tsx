import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AliasesState, AliasesStore } from './store';

const AliasesStoreContext = createContext<AliasesStore | null>(null);

export function AliasesStoreProvider({ store, children }: { store: AliasesStore; children: ReactNode }) {
  return <AliasesStoreContext.Provider value={store}>{children}</AliasesStoreContext.Provider>;
}

export function useAliases<T>(selector: (state: AliasesState) => T): T {
  const store = useContext(AliasesStoreContext);
  if (!store) throw new Error('useAliases needs an AliasesStoreProvider');
  return useStore(store, selector);
}
