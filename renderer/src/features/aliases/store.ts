// The learned rules screen's state: what corrections taught the matcher, and removing a rule
// that taught it wrong. Reloads on queue.changed (a correction may have taught something).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClearDeskApi, MatchAliasDto } from '../../../../shared/api';
import { describeError } from '../../bridge/errors';
import { createListSlice, type ListState } from '../../ui/list-store';

export interface AliasesState extends ListState<MatchAliasDto> {
  /** The rule being removed, so its button shows it and others wait. */
  removing: string | null;
  removeError: string | null;

  remove(id: string): Promise<void>;
}

export type AliasesStore = StoreApi<AliasesState>;

export function createAliasesStore(api: ClearDeskApi): AliasesStore {
  return createStore<AliasesState>()((set, get) => {
    const list = createListSlice(api, set, get, () => api.call('aliases.list', {}));
    return {
      ...list.slice,
      removing: null,
      removeError: null,

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
