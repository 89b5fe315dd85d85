import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ConnectionsState, ConnectionsStore } from './store';

const ConnectionsStoreContext = createContext<ConnectionsStore | null>(null);

export function ConnectionsStoreProvider({ store, children }: { store: ConnectionsStore; children: ReactNode }) {
  return <ConnectionsStoreContext.Provider value={store}>{children}</ConnectionsStoreContext.Provider>;
}

export function useConnections<T>(selector: (state: ConnectionsState) => T): T {
  const store = useContext(ConnectionsStoreContext);
  if (!store) throw new Error('useConnections needs a ConnectionsStoreProvider');
  return useStore(store, selector);
}
