// A sync pass's phases as its progress events name them, and the words people read for one
// (the header's sync status, the CLI's progress bar and lines): one owner for both. A journal
// export reports through the same event and words (phase 'export': journal lines written, by the
// journal.daily job across its files and by `cleardesk report journal`).
export const SYNC_PHASES = ['fetch', 'ingest', 'open-items', 'match', 'post', 'export'] as const;
export type SyncPhase = (typeof SYNC_PHASES)[number];

export interface SyncProgress {
  readonly phase: SyncPhase;
  /** How many of the phase's units are done so far. */
  readonly done: number;
  /** How many there are in all, when known before the phase ends. */
  readonly total: number | null;
  readonly companyCode?: string | undefined;
}

/** What `done` counts in each phase. */
const UNITS: Record<SyncPhase, string> = {
  fetch: 'PayTrace export pages fetched',
  ingest: 'PayTrace records ingested',
  'open-items': 'SAP open items read',
  match: 'payments matched',
  post: 'postings sent to SAP',
  export: 'journal lines written',
};

/** "SAP open items read (company code 1000): 1,200", "PayTrace records ingested: 500 of 1,000". */
export function syncProgressText(p: SyncProgress): string {
  const what = p.companyCode ? `${UNITS[p.phase]} (company code ${p.companyCode})` : UNITS[p.phase];
  const n = (v: number): string => v.toLocaleString('en-US');
  return `${what}: ${n(p.done)}${p.total !== null ? ` of ${n(p.total)}` : ''}`;
}

/** The part done, 0 to 1, when the total is known. */
export function syncProgressFraction(p: SyncProgress): number | null {
  if (p.total === null) return null;
  if (p.total <= 0) return 1;
  return Math.min(1, Math.max(0, p.done / p.total));
}
