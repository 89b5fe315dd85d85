import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { JobsState, JobsStore } from './store';

const JobsStoreContext = createContext<JobsStore | null>(null);

export function JobsStoreProvider({ store, children }: { store: JobsStore; children: ReactNode }) {
  return <JobsStoreContext.Provider value={store}>{children}</JobsStoreContext.Provider>;
}

export function useJobs<T>(selector: (state: JobsState) => T): T {
  const store = useContext(JobsStoreContext);
  if (!store) throw new Error('useJobs needs a JobsStoreProvider');
  return useStore(store, selector);
}
