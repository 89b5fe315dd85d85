import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { DeadLetterState, DeadLetterStore } from './store';

const DeadLetterStoreContext = createContext<DeadLetterStore | null>(null);

export function DeadLetterStoreProvider({ store, children }: { store: DeadLetterStore; children: ReactNode }) {
  return <DeadLetterStoreContext.Provider value={store}>{children}</DeadLetterStoreContext.Provider>;
}

export function useDeadLetters<T>(selector: (state: DeadLetterState) => T): T {
  const store = useContext(DeadLetterStoreContext);
  if (!store) throw new Error('useDeadLetters needs a DeadLetterStoreProvider');
  return useStore(store, selector);
}
