import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AlertsState, AlertsStore } from './store';

const AlertsStoreContext = createContext<AlertsStore | null>(null);

export function AlertsStoreProvider({ store, children }: { store: AlertsStore; children: ReactNode }) {
  return <AlertsStoreContext.Provider value={store}>{children}</AlertsStoreContext.Provider>;
}

export function useAlerts<T>(selector: (state: AlertsState) => T): T {
  const store = useContext(AlertsStoreContext);
  if (!store) throw new Error('useAlerts needs an AlertsStoreProvider');
  return useStore(store, selector);
}
