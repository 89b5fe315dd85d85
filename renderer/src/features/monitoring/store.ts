// The Monitoring screen's state (docs/ARCHITECTURE.md, "Monitoring"): the window picked, its series
// (channel monitoring.series) and the job runs (channel jobs.history, the Jobs screen's owner). Loaded
// when the screen shows and again (debounced) when a job or the queue changes.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClearDeskApi, JobRunView, MonitoringSeries, MonitoringWindow } from '../../../../shared/api';
import { describeError } from '../../bridge/errors';

export interface MonitoringState {
  window: MonitoringWindow;
  series: MonitoringSeries | null;
  runs: JobRunView[];
  loading: boolean;
  error: string | null;
  start(): () => void;
  load(): Promise<void>;
  setWindow(window: MonitoringWindow): void;
}

export type MonitoringStore = StoreApi<MonitoringState>;

const RELOAD_AFTER_MS = 1_000;
/** The most runs the history answers (jobs.history's limit). */
const RUNS = 500;

export function createMonitoringStore(api: ClearDeskApi): MonitoringStore {
  return createStore<MonitoringState>()((set, get) => {
    let request = 0;
    return {
      window: '24h',
      series: null,
      runs: [],
      loading: false,
      error: null,

      start() {
        let timer: ReturnType<typeof setTimeout> | null = null;
        const later = () => {
          if (timer) clearTimeout(timer);
          timer = setTimeout(() => void get().load(), RELOAD_AFTER_MS);
        };
        const offJobs = api.on('jobs.changed', later);
        const offQueue = api.on('queue.changed', later);
        void get().load();
        return () => {
          if (timer) clearTimeout(timer);
          offJobs();
          offQueue();
        };
      },

      async load() {
        const mine = ++request;
        set({ loading: true });
        try {
          const [series, runs] = await Promise.all([
            api.call('monitoring.series', { window: get().window }),
            api.call('jobs.history', { limit: RUNS }),
          ]);
          if (mine !== request) return;
          set({ series, runs, loading: false, error: null });
        } catch (error) {
          if (mine === request) set({ loading: false, error: describeError(error) });
        }
      },

      setWindow(window) {
        set({ window });
        void get().load();
      },
    };
  });
}
