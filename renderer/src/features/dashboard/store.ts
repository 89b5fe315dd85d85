// The dashboard's state: the figures (channel dashboard.summary) and the currency the money charts
// show. Loaded when the screen shows, and again (debounced) when the queue or a job changes.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClearDeskApi, DashboardSummary } from '../../../../shared/api';
import { describeError } from '../../bridge/errors';
import { currenciesOf } from './figures';

export interface DashboardState {
  summary: DashboardSummary | null;
  loading: boolean;
  error: string | null;
  /** The currency of the money charts; null: the one with most payments. */
  currency: string | null;

  /** Loads now and follows changes; returns the stop. */
  start(): () => void;
  load(): Promise<void>;
  setCurrency(currency: string): void;
}

export type DashboardStore = StoreApi<DashboardState>;

const RELOAD_AFTER_MS = 1_000;

export function createDashboardStore(api: ClearDeskApi): DashboardStore {
  return createStore<DashboardState>()((set, get) => {
    let request = 0;
    return {
      summary: null,
      loading: false,
      error: null,
      currency: null,

      start() {
        let timer: ReturnType<typeof setTimeout> | null = null;
        const later = () => {
          if (timer) clearTimeout(timer);
          timer = setTimeout(() => void get().load(), RELOAD_AFTER_MS);
        };
        const offQueue = api.on('queue.changed', later);
        const offJobs = api.on('jobs.changed', later);
        void get().load();
        return () => {
          if (timer) clearTimeout(timer);
          offQueue();
          offJobs();
        };
      },

      async load() {
        const mine = ++request;
        set({ loading: true });
        try {
          const summary = await api.call('dashboard.summary', {});
          if (mine !== request) return;
          const currencies = currenciesOf(summary);
          const keep = get().currency;
          set({
            summary,
            loading: false,
            error: null,
            currency: keep && currencies.includes(keep) ? keep : (currencies[0] ?? null),
          });
        } catch (error) {
          if (mine === request) set({ loading: false, error: describeError(error) });
        }
      },

      setCurrency: (currency) => set({ currency }),
    };
  });
}
