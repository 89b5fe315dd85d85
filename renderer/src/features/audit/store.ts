// The audit screen's state: the last check of the hash-chained audit log. A break in the chain
// (the check ran and found tampering) and a failed call (the check did not run) are kept apart.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AuditVerification, ClearDeskApi } from '../../../../shared/api';
import { describeError } from '../../bridge/errors';

export interface AuditState {
  verifying: boolean;
  result: AuditVerification | null;
  /** When `result` was obtained (ISO instant). */
  checkedAt: string | null;
  /** The check could not run; says nothing about the log itself. */
  error: string | null;

  verify(): Promise<void>;
}

export type AuditStore = StoreApi<AuditState>;

export function createAuditStore(api: ClearDeskApi, now: () => Date = () => new Date()): AuditStore {
  return createStore<AuditState>()((set, get) => ({
    verifying: false,
    result: null,
    checkedAt: null,
    error: null,

    async verify() {
      if (get().verifying) return;
      set({ verifying: true, error: null });
      try {
        const result = await api.call('audit.verify', {});
        set({ verifying: false, result, checkedAt: now().toISOString() });
      } catch (error) {
        // An earlier result would now look current: drop it rather than show it beside the error.
        set({ verifying: false, result: null, checkedAt: null, error: describeError(error) });
      }
    },
  }));
}
