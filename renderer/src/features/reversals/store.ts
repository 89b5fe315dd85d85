// Reversals of posted payments' SAP documents (docs/ARCHITECTURE.md, "Reversals"): a clerk prepares
// one from a posted payment's detail panel, an approver who did not prepare it executes or rejects
// it, its preparer may withdraw it. The requests reload on queue.changed like every list.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClearDeskApi, Reversal } from '../../../../shared/api';
import { describeError } from '../../bridge/errors';
import { createListSlice, type ListState } from '../../ui/list-store';

export interface ReversalsState extends ListState<Reversal> {
  /** The request being decided, so its buttons show it and others wait. */
  deciding: { readonly id: number; readonly action: 'execute' | 'reject' } | null;
  /** The outcome of the last execution, for the request it was about: an error in words, or null when SAP reversed it. */
  outcome: { readonly id: number; readonly error: string | null } | null;

  /**
   * Prepares the reversal: T041C reason code, the posting date (null: the original's) and why.
   * Resolves to an error message for the dialog to show, or null when done.
   */
  prepare(
    transactionId: number,
    reasonCode: string,
    postingDate: string | null,
    reason: string,
  ): Promise<string | null>;
  execute(id: number): Promise<void>;
  /** Rejects (an approver) or withdraws (its preparer). Resolves to an error message, or null when done. */
  reject(id: number, reason: string): Promise<string | null>;
}

export type ReversalsStore = StoreApi<ReversalsState>;

/** The payment's newest reversal request, whatever its state. */
export function latestReversal(rows: readonly Reversal[], transactionId: number): Reversal | null {
  let latest: Reversal | null = null;
  for (const r of rows) if (r.transactionId === transactionId && (!latest || r.id > latest.id)) latest = r;
  return latest;
}

export function createReversalsStore(api: ClearDeskApi): ReversalsStore {
  return createStore<ReversalsState>()((set, get) => {
    const list = createListSlice(api, set, get, () => api.call('reversals.list', {}));
    const replace = (row: Reversal): void => {
      list.supersede(); // a load still on its way would bring the old state back
      set((s) => ({
        rows: s.rows.some((r) => r.id === row.id) ? s.rows.map((r) => (r.id === row.id ? row : r)) : [row, ...s.rows],
      }));
    };
    return {
      ...list.slice,
      deciding: null,
      outcome: null,

      async prepare(transactionId, reasonCode, postingDate, reason) {
        try {
          replace(await api.call('reversal.prepare', { transactionId, reasonCode, postingDate, reason }));
          set({ outcome: null });
          return null;
        } catch (error) {
          return describeError(error);
        }
      },

      async execute(id) {
        if (get().deciding) return;
        set({ deciding: { id, action: 'execute' }, outcome: null });
        try {
          const row = await api.call('reversal.execute', { reversalId: id });
          replace(row);
          const error =
            row.state === 'failed'
              ? (row.error ?? 'SAP did not reverse the document.')
              : row.state === 'approved'
                ? 'SAP did not answer. The reversal stays under way; ClearDesk asks SAP whether the document was reversed before it sends anything again.'
                : null;
          set({ deciding: null, outcome: { id, error } });
        } catch (error) {
          set({ deciding: null, outcome: { id, error: describeError(error) } });
          void get().load();
        }
      },

      async reject(id, reason) {
        if (get().deciding) return 'Another decision is on its way; wait for it.';
        set({ deciding: { id, action: 'reject' }, outcome: null });
        try {
          replace(await api.call('reversal.reject', { reversalId: id, reason }));
          set({ deciding: null });
          return null;
        } catch (error) {
          set({ deciding: null });
          return describeError(error);
        }
      },
    };
  });
}
