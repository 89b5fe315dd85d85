import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { UsersState, UsersStore } from './store';

const UsersStoreContext = createContext<UsersStore | null>(null);

export function UsersStoreProvider({ store, children }: { store: UsersStore; children: ReactNode }) {
  return <UsersStoreContext.Provider value={store}>{children}</UsersStoreContext.Provider>;
}

export function useUsers<T>(selector: (state: UsersState) => T): T {
  const store = useContext(UsersStoreContext);
  if (!store) throw new Error('useUsers needs a UsersStoreProvider');
  return useStore(store, selector);
}
