// The learned rules screen's state: what corrections taught the matcher, and removing a rule
// that taught it wrong. Reloads on queue.changed (a correction may have taught something).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClearDeskApi, MatchAliasDto } from '../../../../shared/api';
import { describeError } from '../../bridge/errors';

export interface AliasesState {
  rows: MatchAliasDto[];
  loading: boolean;
  loaded: boolean;
  error: string | null;
  /** The rule being removed, so its button shows it and others wait. */
  removing: string | null;
  removeError: string | null;

  start(): () => void;
  load(): Promise<void>;
  remove(id: string): Promise<void>;
}

export type AliasesStore = StoreApi<AliasesState>;

export function createAliasesStore(api: ClearDeskApi): AliasesStore {
  let request = 0;
  return createStore<AliasesState>()((set, get) => ({
    rows: [],
    loading: false,
    loaded: false,
    error: null,
    removing: null,
    removeError: null,

    start() {
      const off = api.on('queue.changed', () => void get().load());
      void get().load();
      return off;
    },

    async load() {
      const mine = ++request;
      set({ loading: true });
      try {
        const rows = await api.call('aliases.list', {});
        if (mine === request) set({ rows, loading: false, loaded: true, error: null });
      } catch (error) {
        if (mine === request) set({ loading: false, error: describeError(error) });
      }
    },

    async remove(id) {
      if (get().removing) return;
      set({ removing: id, removeError: null });
      try {
        const rows = await api.call('aliases.remove', { id });
        ++request; // a load still on its way would bring the removed rule back
        set({ rows, removing: null, loaded: true });
      } catch (error) {
        set({ removing: null, removeError: describeError(error) });
        void get().load();
      }
    },
  }));
}
