// The Chargebacks tab's state: one window of the processors' dispute cases (the store pages and counts
// them, `chargebacks.window`; respond-by date nearest first), the tab (all, unmatched, matched), and the
// clerk's actions: linking an unmatched case to a candidate sale, and recording a chargeback of a sale by
// hand (from the review queue's detail panel). Reloads on queue.changed; only the newest answer counts.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  ChargebackPlanDto,
  ChargebackReportRequest,
  ClearDeskApi,
  DisputeCaseDto,
  ManualDispute,
  ManualDisputeResult,
} from '../../../../shared/api';
import { describeError } from '../../bridge/errors';
import { base64ToBytes, MAX_DOWNLOAD_BYTES, type DownloadFile } from '../audit/download';

export type ChargebackTab = 'all' | 'unmatched' | 'matched';

/** Cases per page: the store never holds more than one window. */
export const CHARGEBACK_PAGE = 100;

export interface ChargebacksState {
  tab: ChargebackTab;
  offset: number;
  rows: DisputeCaseDto[];
  total: number;
  counts: { matched: number; unmatched: number };
  today: string | null;
  loading: boolean;
  loaded: boolean;
  error: string | null;

  /** Loads now and again on every queue.changed; returns the unsubscribe. */
  start(): () => void;
  load(): Promise<void>;
  setTab(tab: ChargebackTab): void;
  /** The next or previous page of the view. */
  page(direction: 1 | -1): void;
  /** Resolves to an error message for the dialog to show, or null when done. */
  link(caseId: number, transactionId: number, reason: string): Promise<string | null>;
  /** Resolves to the outcome, or an error message for the dialog to show. */
  record(entry: ManualDispute): Promise<ManualDisputeResult | string>;
  /** What the case implies now, with its FI document's lines and its postings; or an error message. */
  plan(caseId: number): Promise<ChargebackPlanDto | string>;
  /** Each resolves to an error message to show, or null when done. */
  prepare(caseId: number): Promise<string | null>;
  approve(postingId: number): Promise<string | null>;
  reject(postingId: number, reason: string): Promise<string | null>;
  /** The chargebacks report as a file to save, or an error message to show. */
  report(request: ChargebackReportRequest): Promise<DownloadFile | string>;
}

export type ChargebacksStore = StoreApi<ChargebacksState>;

export function createChargebacksStore(api: ClearDeskApi): ChargebacksStore {
  return createStore<ChargebacksState>()((set, get) => {
    let request = 0;
    let controller: AbortController | null = null;
    return {
      tab: 'all',
      offset: 0,
      rows: [],
      total: 0,
      counts: { matched: 0, unmatched: 0 },
      today: null,
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
        controller?.abort();
        const abort = new AbortController();
        controller = abort;
        const { tab, offset } = get();
        set({ loading: true });
        try {
          const page = await api.call(
            'chargebacks.window',
            { ...(tab === 'all' ? {} : { match: tab }), offset, limit: CHARGEBACK_PAGE },
            { signal: abort.signal },
          );
          if (mine !== request) return;
          // The view shrank under the page (cases linked, another tab's count): back to its last page.
          if (page.rows.length === 0 && offset > 0 && page.total > 0) {
            set({ offset: Math.max(0, Math.floor((page.total - 1) / CHARGEBACK_PAGE) * CHARGEBACK_PAGE) });
            return void get().load();
          }
          set({
            rows: page.rows,
            total: page.total,
            counts: page.counts,
            today: page.today,
            loading: false,
            loaded: true,
            error: null,
          });
        } catch (error) {
          if (mine === request) set({ loading: false, error: describeError(error) });
        }
      },

      setTab(tab) {
        if (tab === get().tab) return;
        set({ tab, offset: 0, rows: [], loaded: false });
        void get().load();
      },

      page(direction) {
        const { offset, total } = get();
        const next = offset + direction * CHARGEBACK_PAGE;
        if (next < 0 || next >= total) return;
        set({ offset: next });
        void get().load();
      },

      async link(caseId, transactionId, reason) {
        try {
          await api.call('chargeback.link', { caseId, transactionId, reason });
          void get().load();
          return null;
        } catch (error) {
          return describeError(error);
        }
      },

      async plan(caseId) {
        try {
          return await api.call('chargeback.plan', { caseId });
        } catch (error) {
          return describeError(error);
        }
      },

      async prepare(caseId) {
        try {
          await api.call('chargeback.prepare', { caseId });
          void get().load();
          return null;
        } catch (error) {
          return describeError(error);
        }
      },

      async approve(postingId) {
        try {
          const p = await api.call('chargeback.approve', { postingId });
          void get().load();
          return p.state === 'failed' ? `SAP refused the posting: ${p.error ?? 'no reason given'}` : null;
        } catch (error) {
          return describeError(error);
        }
      },

      async reject(postingId, reason) {
        try {
          await api.call('chargeback.reject', { postingId, reason });
          void get().load();
          return null;
        } catch (error) {
          return describeError(error);
        }
      },

      async report(request) {
        try {
          const file = await api.call('chargebacks.report', request);
          // base64 is 4/3 of the bytes; refuse before decoding something absurd.
          if (file.base64.length > (MAX_DOWNLOAD_BYTES / 3) * 4 + 4)
            return 'The report is too large to download here; choose a shorter range, or use `cleardesk chargebacks report`.';
          return { fileName: file.fileName, mimeType: file.mimeType, bytes: base64ToBytes(file.base64) };
        } catch (error) {
          return describeError(error);
        }
      },

      async record(entry) {
        try {
          const result = await api.call('chargeback.record', entry);
          void get().load();
          return result;
        } catch (error) {
          return describeError(error);
        }
      },
    };
  });
}
