// The refunds screen's state: refund requests with their sales, and the four-eyes decisions.
// Preparing a refund (from a sale's detail panel) goes through here too. Reloads on queue.changed.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClearDeskApi, MoneyDto, RefundRequest } from '../../../../shared/api';
import { describeError } from '../../bridge/errors';
import { createListSlice, type ListState } from '../../ui/list-store';

export interface RefundsState extends ListState<RefundRequest> {
  /** The request being decided, so its buttons show it and others wait. */
  deciding: { readonly id: number; readonly action: 'approve' | 'reject' | 'confirm' | 'resend' } | null;
  /** The outcome of the last decision, for the request it was about. */
  outcome: { readonly id: number; readonly error: string | null } | null;

  /** Resolves to an error message for the dialog to show, or null when done. */
  prepare(transactionId: number, amount: MoneyDto, reason: string): Promise<string | null>;
  approve(id: number): Promise<void>;
  /** Resolves to an error message for the dialog to show, or null when done. */
  reject(id: number, reason: string): Promise<string | null>;
  /**
   * Outcome unknown, and PayTrace shows it done: the refund's PayTrace id (none for a void) and what
   * the approver saw. Resolves to an error message for the dialog to show, or null when done.
   */
  confirm(id: number, paytraceTransactionId: number | undefined, reason: string): Promise<string | null>;
  /** Outcome unknown, and PayTrace shows nothing: send again (four eyes), saying what was checked. */
  resend(id: number, reason: string): Promise<string | null>;
}

export type RefundsStore = StoreApi<RefundsState>;

export function createRefundsStore(api: ClearDeskApi): RefundsStore {
  return createStore<RefundsState>()((set, get) => {
    const list = createListSlice(api, set, get, () => api.call('refunds.list', {}));
    const replace = (row: RefundRequest): void => {
      list.supersede(); // a load still on its way would bring the old state back
      set((s) => ({
        rows: s.rows.some((r) => r.id === row.id) ? s.rows.map((r) => (r.id === row.id ? row : r)) : [row, ...s.rows],
      }));
    };
    return {
      ...list.slice,
      deciding: null,
      outcome: null,

      async prepare(transactionId, amount, reason) {
        try {
          replace(await api.call('refund.request', { transactionId, amount, reason }));
          return null;
        } catch (error) {
          return describeError(error);
        }
      },

      async approve(id) {
        if (get().deciding) return;
        set({ deciding: { id, action: 'approve' }, outcome: null });
        try {
          const row = await api.call('refund.approve', { refundId: id });
          replace(row);
          set({
            deciding: null,
            outcome: { id, error: row.state === 'failed' || row.state === 'unknown' ? row.error : null },
          });
        } catch (error) {
          set({ deciding: null, outcome: { id, error: describeError(error) } });
          void get().load();
        }
      },

      async reject(id, reason) {
        if (get().deciding) return 'Another decision is on its way; wait for it.';
        set({ deciding: { id, action: 'reject' }, outcome: null });
        try {
          replace(await api.call('refund.reject', { refundId: id, reason }));
          set({ deciding: null });
          return null;
        } catch (error) {
          set({ deciding: null });
          return describeError(error);
        }
      },

      async confirm(id, paytraceTransactionId, reason) {
        if (get().deciding) return 'Another decision is on its way; wait for it.';
        set({ deciding: { id, action: 'confirm' }, outcome: null });
        try {
          replace(
            await api.call('refund.confirm', {
              refundId: id,
              reason,
              ...(paytraceTransactionId === undefined ? {} : { paytraceTransactionId }),
            }),
          );
          set({ deciding: null });
          return null;
        } catch (error) {
          set({ deciding: null });
          return describeError(error);
        }
      },

      async resend(id, reason) {
        if (get().deciding) return 'Another decision is on its way; wait for it.';
        set({ deciding: { id, action: 'resend' }, outcome: null });
        try {
          const row = await api.call('refund.resend', { refundId: id, reason });
          replace(row);
          set({
            deciding: null,
            outcome: { id, error: row.state === 'failed' || row.state === 'unknown' ? row.error : null },
          });
          return null;
        } catch (error) {
          set({ deciding: null });
          return describeError(error);
        }
      },
    };
  });
}

/** Requests waiting for an approver. */
export const waitingCount = (rows: readonly RefundRequest[]): number =>
  rows.filter((r) => r.state === 'requested').length;
