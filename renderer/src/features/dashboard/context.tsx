import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { DashboardState, DashboardStore } from './store';

const DashboardStoreContext = createContext<DashboardStore | null>(null);

export function DashboardStoreProvider({ store, children }: { store: DashboardStore; children: ReactNode }) {
  return <DashboardStoreContext.Provider value={store}>{children}</DashboardStoreContext.Provider>;
}

export function useDashboard<T>(selector: (state: DashboardState) => T): T {
  const store = useContext(DashboardStoreContext);
  if (!store) throw new Error('useDashboard needs a DashboardStoreProvider');
  return useStore(store, selector);
}
