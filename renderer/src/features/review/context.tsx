import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ReviewState, ReviewStore } from './store';

const ReviewStoreContext = createContext<ReviewStore | null>(null);

export function ReviewStoreProvider({ store, children }: { store: ReviewStore; children: ReactNode }) {
  return <ReviewStoreContext.Provider value={store}>{children}</ReviewStoreContext.Provider>;
}

export function useReview<T>(selector: (state: ReviewState) => T): T {
  const store = useContext(ReviewStoreContext);
  if (!store) throw new Error('useReview needs a ReviewStoreProvider');
  return useStore(store, selector);
}

/** The store itself, for handlers that read the state when they run (the keyboard). */
export function useReviewStore(): ReviewStore {
  const store = useContext(ReviewStoreContext);
  if (!store) throw new Error('useReviewStore needs a ReviewStoreProvider');
  return store;
}
