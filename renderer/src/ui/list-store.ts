// What every list screen's store does the same way: load its rows, keep only the newest answer,
// turn a failure into a message a clerk can read, and reload when the core says the queue changed.
import type { ClearDeskApi } from '../../../shared/api';
import { describeError } from '../bridge/errors';

export interface ListState<Row> {
  rows: Row[];
  loading: boolean;
  /** Loaded at least once (so an empty list means empty, not "not yet"). */
  loaded: boolean;
  error: string | null;

  /** Loads now and again on every queue.changed; returns the unsubscribe. */
  start(): () => void;
  load(): Promise<void>;
}

export interface ListSlice<Row> {
  /** The list's initial state with its start and load, to spread into the store. */
  readonly slice: ListState<Row>;
  /** The store has just set newer rows itself: a load still on its way must not bring the old ones back. */
  supersede(): void;
}

export function createListSlice<Row, Adopted extends object = Record<never, never>>(
  api: ClearDeskApi,
  set: (partial: Partial<ListState<Row>> | (Partial<ListState<Row>> & Adopted)) => void,
  get: () => ListState<Row>,
  fetch: () => Promise<Row[]>,
  /** State that follows from freshly loaded rows, set together with them. */
  adopt?: (rows: Row[]) => Adopted,
): ListSlice<Row> {
  let request = 0;
  const slice: ListState<Row> = {
    rows: [],
    loading: false,
    loaded: false,
    error: null,

    start() {
      const off = api.on('queue.changed', () => void get().load());
      void get().load();
      return off;
    },

    async load() {
      const mine = ++request;
      set({ loading: true });
      try {
        const rows = await fetch();
        if (mine === request) set({ ...adopt?.(rows), rows, loading: false, error: null, loaded: true });
      } catch (error) {
        if (mine === request) set({ loading: false, error: describeError(error) });
      }
    },
  };
  // A load still on its way is dropped: its answer is ignored, so nothing is loading any more.
  const supersede = (): void => {
    ++request;
    if (get().loading) set({ loading: false });
  };
  return { slice, supersede };
}
