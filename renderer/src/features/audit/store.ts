// The audit screen's state: the last check of the hash-chained audit log, held against the newest anchor, and the
// anchors kept outside the data folder. A break in the chain (the check ran and found tampering) and a failed call
// (the check did not run) are kept apart.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  AuditAnchorDto,
  AuditEntry,
  AuditFacets,
  AuditListRequest,
  AuditVerification,
  ClearDeskApi,
  EventOf,
  JournalReportRequest,
} from '../../../../shared/api';
import { describeError } from '../../bridge/errors';
import { MAX_DOWNLOAD_BYTES, base64ToBytes, type DownloadFile } from './download';

/** The last journal export the clerk downloaded in this session. */
export interface JournalExportDone {
  fileName: string;
  lines: number;
  /** ISO instant. */
  at: string;
}

/** The audit browser's filters as typed: empty means "any". Dates are the clerk's local days (YYYY-MM-DD). */
export interface AuditFilter {
  actor: string;
  /** A PayTrace transaction id, as typed. */
  payment: string;
  action: string;
  from: string;
  to: string;
  text: string;
}

export const NO_FILTER: AuditFilter = { actor: '', payment: '', action: '', from: '', to: '', text: '' };

/** Entries per page of the browser. */
export const AUDIT_PAGE_SIZE = 100;

/** What is wrong with a filter, per field, in words; empty when it can be sent. */
export function filterProblems(filter: AuditFilter): Partial<Record<keyof AuditFilter, string>> {
  const problems: Partial<Record<keyof AuditFilter, string>> = {};
  const payment = filter.payment.trim();
  if (payment !== '' && !/^[1-9]\d{0,15}$/.test(payment))
    problems.payment = 'A payment is its PayTrace transaction id: digits only, such as 79388123.';
  if (filter.from && filter.to && filter.to < filter.from) problems.to = 'The range ends before it starts.';
  return problems;
}

/** The local day's start as an instant; `next` the next day's (the range's exclusive end). */
function localDayStart(day: string, next = false): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + (next ? 1 : 0)).toISOString();
}

/**
 * The request a valid filter makes: the dates as instants, the last day included; a person typed in
 * another case ("ALEX") is the one the log knows ("alex"), as sign-in names compare without case.
 */
export function requestOf(filter: AuditFilter, actors: readonly string[] = []): AuditListRequest {
  const typed = filter.actor.trim();
  const actor = actors.find((a) => a.toLowerCase() === typed.toLowerCase()) ?? typed;
  const payment = filter.payment.trim();
  const text = filter.text.trim();
  return {
    limit: AUDIT_PAGE_SIZE,
    ...(actor ? { actor } : {}),
    ...(payment ? { transactionId: Number(payment) } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.from ? { from: localDayStart(filter.from) } : {}),
    ...(filter.to ? { to: localDayStart(filter.to, true) } : {}),
    ...(text ? { text } : {}),
  };
}

export interface AuditState {
  /** The browser: the filter last searched, the entries loaded so far (newest first), null before the first search. */
  filter: AuditFilter;
  entries: AuditEntry[] | null;
  /** How many entries match the filter in all. */
  total: number;
  /** The cursor for older entries; null when all are loaded. */
  nextBefore: number | null;
  loadingEntries: boolean;
  entriesError: string | null;
  /** Who and what is on the log, for the filter's choices. */
  facets: AuditFacets;
  /** Searches with this filter from the newest entry (a search still running is superseded). */
  search(filter: AuditFilter): Promise<void>;
  /** The next page of older entries. */
  loadOlder(): Promise<void>;
  loadFacets(): Promise<void>;

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
  /** Where the export being produced is (reading the range, writing N lines); null before its first event. */
  exportProgress: ExportStep | null;
  exportError: string | null;
  lastExport: JournalExportDone | null;
  /** Asks the core for the journal file; resolves with it (for the panel to save), or null when it failed. */
  exportJournal(request: JournalReportRequest): Promise<DownloadFile | null>;
}

export type AuditStore = StoreApi<AuditState>;

/** A journal export's step, from its report.progress events. */
export type ExportStep = Pick<EventOf<'report.progress'>, 'step' | 'done' | 'total'>;

export function createAuditStore(api: ClearDeskApi, now: () => Date = () => new Date()): AuditStore {
  // A search supersedes the one before: only the newest generation's answer is kept.
  let generation = 0;
  /** Journal exports asked for so far: each names its progress events. */
  let exports = 0;
  return createStore<AuditState>()((set, get) => ({
    filter: NO_FILTER,
    entries: null,
    total: 0,
    nextBefore: null,
    loadingEntries: false,
    entriesError: null,
    facets: { actors: [], actions: [] },

    async search(filter) {
      const mine = ++generation;
      set({ filter, loadingEntries: true, entriesError: null });
      try {
        const page = await api.call('audit.list', requestOf(filter, get().facets.actors));
        if (mine !== generation) return;
        set({ loadingEntries: false, entries: page.entries, total: page.total, nextBefore: page.nextBefore });
      } catch (error) {
        if (mine !== generation) return;
        set({ loadingEntries: false, entries: null, total: 0, nextBefore: null, entriesError: describeError(error) });
      }
    },

    async loadOlder() {
      const { nextBefore, filter, loadingEntries } = get();
      if (nextBefore === null || loadingEntries) return;
      const mine = ++generation;
      set({ loadingEntries: true, entriesError: null });
      try {
        const page = await api.call('audit.list', { ...requestOf(filter, get().facets.actors), before: nextBefore });
        if (mine !== generation) return;
        set({
          loadingEntries: false,
          entries: [...(get().entries ?? []), ...page.entries],
          total: page.total,
          nextBefore: page.nextBefore,
        });
      } catch (error) {
        if (mine !== generation) return;
        // What was loaded stays; the error says the older page did not come.
        set({ loadingEntries: false, entriesError: describeError(error) });
      }
    },

    async loadFacets() {
      try {
        set({ facets: await api.call('audit.facets', {}) });
      } catch {
        // The choices are a help; typing the actor still works without them.
      }
    },

    verifying: false,
    result: null,
    checkedAt: null,
    error: null,
    exporting: false,
    exportProgress: null,
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
      const progressId = `journal-${now().getTime()}-${++exports}`;
      set({ exporting: true, exportError: null, exportProgress: null });
      const off = api.on('report.progress', (p) => {
        if (p.progressId === progressId && get().exporting) set({ exportProgress: p });
      });
      try {
        const file = await api.call('reports.journal', { ...request, progressId });
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
      } finally {
        off();
        set({ exportProgress: null });
      }
    },
  }));
}
