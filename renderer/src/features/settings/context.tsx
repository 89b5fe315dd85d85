import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { SettingsState, SettingsStore } from './store';

const SettingsStoreContext = createContext<SettingsStore | null>(null);

export function SettingsStoreProvider({ store, children }: { store: SettingsStore; children: ReactNode }) {
  return <SettingsStoreContext.Provider value={store}>{children}</SettingsStoreContext.Provider>;
}

export function useSettings<T>(selector: (state: SettingsState) => T): T {
  const store = useContext(SettingsStoreContext);
  if (!store) throw new Error('useSettings needs a SettingsStoreProvider');
  return useStore(store, selector);
}
