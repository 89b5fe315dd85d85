// Which screen is showing, and the jump from another screen to one transaction in the review
// queue. No router: the app has a handful of screens; the page's address keeps only which one shows (address.ts).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ActionDialog, DrillView, ReviewStore } from '../features/review/store';
import type { ScreenKey } from './screens';

export interface AppState {
  screen: ScreenKey;
  /** A transaction whose row should take keyboard focus once the review screen shows it. */
  focusTransactionId: number | null;

  go(screen: ScreenKey): void;
  /**
   * Shows the transaction in the review queue: its tab, its row selected, its detail open, and `dialog`
   * (an action's dialog) over it once its detail is there.
   */
  openTransaction(transactionId: number, dialog?: ActionDialog): void;
  /** Shows the review queue filtered to one settlement batch, every state. */
  openBatch(batch: number): void;
  /** Shows the review queue narrowed to what a dashboard chart showed, every tab (the chart's states are in the drill). */
  openDrill(drill: DrillView, batch?: number | null): void;
  focusDone(): void;
}

export type AppStore = StoreApi<AppState>;

export function createAppStore(review: ReviewStore, screen: ScreenKey = 'review'): AppStore {
  return createStore<AppState>()((set) => ({
    screen,
    focusTransactionId: null,

    go: (screen) => set({ screen, focusTransactionId: null }),

    openTransaction(transactionId, dialog) {
      review.getState().reveal(transactionId);
      if (dialog) review.getState().openDialog(dialog);
      set({ screen: 'review', focusTransactionId: transactionId });
    },

    openBatch(batch) {
      const r = review.getState();
      r.setBatch(batch);
      r.setTab('all');
      if (r.filter) r.setFilter('');
      set({ screen: 'review', focusTransactionId: null });
    },

    openDrill(drill, batch = null) {
      const r = review.getState();
      if (r.filter) r.setFilter('');
      r.setBatch(batch);
      r.setTab('all');
      r.setDrill(drill);
      set({ screen: 'review', focusTransactionId: null });
    },

    focusDone: () => set({ focusTransactionId: null }),
  }));
}
