// The learned rules screen's state: what corrections taught the matcher, and removing a rule
// that taught it wrong. Reloads on queue.changed (a correction may have taught something). Beside
// them the payer history the matcher reads from the postings, searched by vault id or customer:
// loaded when shown, searched and refreshed, not on every change (it reads every posting).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClearDeskApi, MatchAliasDto, PayerHistoryPage } from '../../../../shared/api';
import { describeError } from '../../bridge/errors';
import { createListSlice, type ListState } from '../../ui/list-store';

export interface AliasesState extends ListState<MatchAliasDto> {
  /** The rule being removed, so its button shows it and others wait. */
  removing: string | null;
  removeError: string | null;

  remove(id: string): Promise<void>;

  /** The payer history: what was searched, the answer (null until the first), and a failure to read it. */
  history: { query: string; page: PayerHistoryPage | null; loading: boolean; error: string | null };
  /** Searches the payer history (vault id or customer number); '' lists it from the start. */
  searchHistory(query: string): Promise<void>;
}

/** How many vault ids the screen lists at most; the total says how many more the search matched. */
export const HISTORY_LIMIT = 200;

export type AliasesStore = StoreApi<AliasesState>;

export function createAliasesStore(api: ClearDeskApi): AliasesStore {
  return createStore<AliasesState>()((set, get) => {
    const list = createListSlice(api, set, get, () => api.call('aliases.list', {}));
    let historyRequest = 0;
    return {
      ...list.slice,
      removing: null,
      removeError: null,
      history: { query: '', page: null, loading: false, error: null },

      async searchHistory(query) {
        const mine = ++historyRequest;
        set({ history: { ...get().history, query, loading: true } });
        try {
          const page = await api.call('aliases.history', { query, limit: HISTORY_LIMIT });
          if (mine === historyRequest) set({ history: { query, page, loading: false, error: null } });
        } catch (error) {
          if (mine === historyRequest)
            set({ history: { ...get().history, loading: false, error: describeError(error) } });
        }
      },

      async remove(id) {
        if (get().removing) return;
        set({ removing: id, removeError: null });
        try {
          const rows = await api.call('aliases.remove', { id });
          list.supersede(); // a load still on its way would bring the removed rule back
          set({ rows, removing: null, loaded: true });
        } catch (error) {
          set({ removing: null, removeError: describeError(error) });
          void get().load();
        }
      },
    };
  });
}
