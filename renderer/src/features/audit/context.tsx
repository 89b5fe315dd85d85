import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AuditState, AuditStore } from './store';

const AuditStoreContext = createContext<AuditStore | null>(null);

export function AuditStoreProvider({ store, children }: { store: AuditStore; children: ReactNode }) {
  return <AuditStoreContext.Provider value={store}>{children}</AuditStoreContext.Provider>;
}

export function useAudit<T>(selector: (state: AuditState) => T): T {
  const store = useContext(AuditStoreContext);
  if (!store) throw new Error('useAudit needs an AuditStoreProvider');
  return useStore(store, selector);
}
