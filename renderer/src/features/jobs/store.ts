// The Jobs screen's state (docs/ARCHITECTURE.md, "Jobs on a schedule"): every scheduled job with its
// last and next run, the history of the job picked (with each run's log), and pausing, resuming or
// running one now. Reloads when the core says a job changed (a run started or ended, a pause).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClearDeskApi, JobRunView, JobView } from '../../../../shared/api';
import { describeError } from '../../bridge/errors';
import { createListSlice, type ListState } from '../../ui/list-store';

export interface JobsState extends ListState<JobView> {
  /** The job whose history shows; null: every job's. */
  selected: string | null;
  history: JobRunView[];
  historyError: string | null;
  /** The job a button is working on, so its buttons show it and others wait. */
  acting: string | null;
  actionError: string | null;

  select(job: string | null): void;
  loadHistory(): Promise<void>;
  pause(job: string): Promise<void>;
  resume(job: string): Promise<void>;
  runNow(job: string): Promise<void>;
}

export type JobsStore = StoreApi<JobsState>;

const HISTORY = 100;

export function createJobsStore(api: ClearDeskApi): JobsStore {
  return createStore<JobsState>()((set, get) => {
    const list = createListSlice(api, set, get, () => api.call('jobs.list', {}));
    let historyRequest = 0;
    const act = async (job: string, work: () => Promise<unknown>): Promise<void> => {
      if (get().acting) return;
      set({ acting: job, actionError: null });
      try {
        await work();
      } catch (error) {
        set({ actionError: describeError(error) });
      } finally {
        set({ acting: null });
        void get().load();
        void get().loadHistory();
      }
    };
    return {
      ...list.slice,
      selected: null,
      history: [],
      historyError: null,
      acting: null,
      actionError: null,

      start() {
        const offJobs = api.on('jobs.changed', () => {
          void get().load();
          void get().loadHistory();
        });
        const offList = list.slice.start();
        void get().loadHistory();
        return () => {
          offJobs();
          offList();
        };
      },

      select(job) {
        set({ selected: job, history: [] });
        void get().loadHistory();
      },

      async loadHistory() {
        const mine = ++historyRequest;
        const job = get().selected;
        try {
          const history = await api.call('jobs.history', { ...(job ? { job } : {}), limit: HISTORY });
          if (mine === historyRequest) set({ history, historyError: null });
        } catch (error) {
          if (mine === historyRequest) set({ historyError: describeError(error) });
        }
      },

      pause: (job) => act(job, () => api.call('jobs.pause', { job })),
      resume: (job) => act(job, () => api.call('jobs.resume', { job })),
      runNow: (job) => act(job, () => api.call('jobs.runNow', { job })),
    };
  });
}
