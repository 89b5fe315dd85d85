// Which screen is showing, and the jump from another screen to one transaction in the review
// queue. No router: the app has a handful of screens and no addresses worth bookmarking.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ReviewStore } from '../features/review/store';
import type { ScreenKey } from './screens';

export interface AppState {
  screen: ScreenKey;
  /** A transaction whose row should take keyboard focus once the review screen shows it. */
  focusTransactionId: number | null;

  go(screen: ScreenKey): void;
  /** Shows the transaction in the review queue: its tab, its row selected, its detail open. */
  openTransaction(transactionId: number): void;
  /** Shows the review queue filtered to one settlement batch, every state. */
  openBatch(batch: number): void;
  focusDone(): void;
}

export type AppStore = StoreApi<AppState>;

export function createAppStore(review: ReviewStore): AppStore {
  return createStore<AppState>()((set) => ({
    screen: 'review',
    focusTransactionId: null,

    go: (screen) => set({ screen, focusTransactionId: null }),

    openTransaction(transactionId) {
      review.getState().reveal(transactionId);
      set({ screen: 'review', focusTransactionId: transactionId });
    },

    openBatch(batch) {
      const r = review.getState();
      r.setBatch(batch);
      r.setTab('all');
      if (r.filter) r.setFilter('');
      set({ screen: 'review', focusTransactionId: null });
    },

    focusDone: () => set({ focusTransactionId: null }),
  }));
}
