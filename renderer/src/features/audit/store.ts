// The audit screen's state: the last check of the hash-chained audit log, held against the newest anchor, and the
// anchors kept outside the data folder. A break in the chain (the check ran and found tampering) and a failed call
// (the check did not run) are kept apart.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AuditAnchorDto, AuditVerification, ClearDeskApi, JournalReportRequest } from '../../../../shared/api';
import { describeError } from '../../bridge/errors';
import { MAX_DOWNLOAD_BYTES, base64ToBytes, type DownloadFile } from './download';

/** The last journal export the clerk downloaded in this session. */
export interface JournalExportDone {
  fileName: string;
  lines: number;
  /** ISO instant. */
  at: string;
}

export interface AuditState {
  verifying: boolean;
  result: AuditVerification | null;
  /** When `result` was obtained (ISO instant). */
  checkedAt: string | null;
  /** The check could not run; says nothing about the log itself. */
  error: string | null;

  verify(): Promise<void>;

  /** The anchors kept, newest first; null until loaded. */
  anchors: AuditAnchorDto[] | null;
  /** Where they are kept; null when the admin configured no anchor folder. */
  anchorLocation: string | null;
  loadingAnchors: boolean;
  /** The anchors could not be read; says nothing about the log. */
  anchorsError: string | null;
  loadAnchors(): Promise<void>;

  /** A journal export is being produced. */
  exporting: boolean;
  exportError: string | null;
  lastExport: JournalExportDone | null;
  /** Asks the core for the journal file; resolves with it (for the panel to save), or null when it failed. */
  exportJournal(request: JournalReportRequest): Promise<DownloadFile | null>;
}

export type AuditStore = StoreApi<AuditState>;

export function createAuditStore(api: ClearDeskApi, now: () => Date = () => new Date()): AuditStore {
  return createStore<AuditState>()((set, get) => ({
    verifying: false,
    result: null,
    checkedAt: null,
    error: null,
    exporting: false,
    exportError: null,
    lastExport: null,
    anchors: null,
    anchorLocation: null,
    loadingAnchors: false,
    anchorsError: null,

    async verify() {
      if (get().verifying) return;
      set({ verifying: true, error: null });
      try {
        const result = await api.call('audit.verify', {});
        set({ verifying: false, result, checkedAt: now().toISOString() });
        // The check read the newest anchor; the list shows it too.
        void get().loadAnchors();
      } catch (error) {
        // An earlier result would now look current: drop it rather than show it beside the error.
        set({ verifying: false, result: null, checkedAt: null, error: describeError(error) });
      }
    },

    async loadAnchors() {
      if (get().loadingAnchors) return;
      set({ loadingAnchors: true, anchorsError: null });
      try {
        const { location, anchors } = await api.call('audit.anchors', {});
        set({ loadingAnchors: false, anchors, anchorLocation: location });
      } catch (error) {
        set({ loadingAnchors: false, anchors: null, anchorLocation: null, anchorsError: describeError(error) });
      }
    },

    async exportJournal(request) {
      if (get().exporting) return null;
      set({ exporting: true, exportError: null });
      try {
        const file = await api.call('reports.journal', request);
        // base64 is 4/3 of the bytes; refuse before decoding something absurd.
        if (file.base64.length > (MAX_DOWNLOAD_BYTES / 3) * 4 + 4)
          throw new Error(
            'The report is too large to download here; choose a shorter range, or use `cleardesk report journal`.',
          );
        const bytes = base64ToBytes(file.base64);
        set({ exporting: false, lastExport: { fileName: file.fileName, lines: file.lines, at: now().toISOString() } });
        return { fileName: file.fileName, mimeType: file.mimeType, bytes };
      } catch (error) {
        set({ exporting: false, lastExport: null, exportError: describeError(error) });
        return null;
      }
    },
  }));
}
