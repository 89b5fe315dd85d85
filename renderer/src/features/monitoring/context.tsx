import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { MonitoringState, MonitoringStore } from './store';

const MonitoringStoreContext = createContext<MonitoringStore | null>(null);

export function MonitoringStoreProvider({ store, children }: { store: MonitoringStore; children: ReactNode }) {
  return <MonitoringStoreContext.Provider value={store}>{children}</MonitoringStoreContext.Provider>;
}

export function useMonitoring<T>(selector: (state: MonitoringState) => T): T {
  const store = useContext(MonitoringStoreContext);
  if (!store) throw new Error('useMonitoring needs a MonitoringStoreProvider');
  return useStore(store, selector);
}
