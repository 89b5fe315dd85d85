// SAP's customers and open items mirrored per company code through the ERP port's paged reads
// (docs/ARCHITECTURE.md, "Mirroring SAP"). The first run of a company code reads everything, page
// by page, each page written as it comes (memory bounded by a page, not by the ledger); later runs
// read what changed since the last run less an overlap window (items entered or changed, items
// cleared, customers changed). Every `reconcileEveryDays` the mirror's count and sum per currency
// are compared with SAP's; when they differ the company code is read in full again and the
// difference is logged.
import type { Clock, MasterDataSource, OpenItemTotal } from '../../../shared/ports';
import type { Repositories, SyncLogEntry } from '../../store';

export interface MirrorOptions {
  /** Days read again before the last run's day, so late entries and clock skew are covered. Default 1. */
  readonly overlapDays?: number;
  /** Days between reconciliations of count and sum with SAP (0: every run). Default 7. */
  readonly reconcileEveryDays?: number;
}

export interface MirrorOutcome {
  readonly mode: 'full' | 'delta';
  /** Open items the mirror holds for the company code afterwards. */
  readonly openItems: number;
  /** Whether this run compared count and sum with SAP, and found them equal. */
  readonly reconciled: 'equal' | 'differed' | 'not due';
  readonly log: readonly SyncLogEntry[];
}

interface MirrorState {
  /** The day (ISO) the last successful read started. */
  readonly day: string;
  /** The day of the last full read or reconciliation. */
  readonly checked: string;
}

const DAY = 86_400_000;
const stateKey = (companyCode: string): string => `sap.mirror.${companyCode}`;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export async function mirrorCompanyCode(
  store: Repositories,
  source: MasterDataSource,
  companyCode: string,
  clock: Clock,
  options: MirrorOptions = {},
  /** Told after each page of open items with how many were read so far (open and cleared), for progress. */
  onRead: (read: number) => void = () => undefined,
): Promise<MirrorOutcome> {
  let read = 0;
  const counted = (n: number): void => {
    read += n;
    onRead(read);
  };
  const started = clock.now();
  const today = isoDay(started.getTime());
  const now = started.toISOString();
  const raw = await store.syncRuns.getState(stateKey(companyCode));
  const state = raw ? (JSON.parse(raw) as MirrorState) : null;
  const log: SyncLogEntry[] = [];
  let mode: MirrorOutcome['mode'] = 'delta';
  let reconciled: MirrorOutcome['reconciled'] = 'not due';
  let checked = state?.checked ?? today;

  if (!state) {
    mode = 'full';
    await fullRead(store, source, companyCode, now, counted);
  } else {
    const since = isoDay(Date.parse(state.day) - (options.overlapDays ?? 1) * DAY);
    for await (const page of source.readChangedCustomers(companyCode, since))
      await store.masterData.replaceCustomers(companyCode, page, now);
    for await (const changes of source.readOpenItemChanges(companyCode, since)) {
      if (changes.open.length > 0) await store.masterData.upsertOpenItems(changes.open, now);
      if (changes.cleared.length > 0) await store.masterData.markOpenItemsCleared(changes.cleared, now);
      counted(changes.open.length + changes.cleared.length);
    }
    const every = options.reconcileEveryDays ?? 7;
    if (Date.parse(today) - Date.parse(state.checked) >= every * DAY) {
      const sap = await source.openItemTotals(companyCode);
      const ours = await store.masterData.openItemTotals(companyCode);
      checked = today;
      if (sameTotals(sap, ours)) reconciled = 'equal';
      else {
        reconciled = 'differed';
        log.push({
          level: 'warning',
          source: 'sap',
          subject: `open items of company code ${companyCode}`,
          message: `The mirror held ${describe(ours)}, SAP holds ${describe(sap)}; the company code was read again in full.`,
        });
        mode = 'full';
        read = 0;
        await fullRead(store, source, companyCode, now, counted);
      }
    }
  }
  if (mode === 'full') checked = today;
  await store.syncRuns.setState(stateKey(companyCode), JSON.stringify({ day: today, checked }), now);
  const totals = await store.masterData.openItemTotals(companyCode);
  return { mode, openItems: totals.reduce((n, t) => n + t.count, 0), reconciled, log };
}

/** Every customer and open item, page by page; then what no page listed is cleared. */
async function fullRead(
  store: Repositories,
  source: MasterDataSource,
  companyCode: string,
  now: string,
  counted: (n: number) => void,
) {
  for await (const page of source.readCustomers(companyCode))
    await store.masterData.replaceCustomers(companyCode, page, now);
  for await (const page of source.readOpenItems(companyCode)) {
    await store.masterData.upsertOpenItems(page, now);
    counted(page.length);
  }
  await store.masterData.clearOpenItemsNotSeen(companyCode, now);
}

const key = (t: OpenItemTotal): string => `${t.currency}:${t.count}:${t.sumMinor}`;

function sameTotals(a: readonly OpenItemTotal[], b: readonly OpenItemTotal[]): boolean {
  const x = a
    .filter((t) => t.count > 0)
    .map(key)
    .sort();
  const y = b
    .filter((t) => t.count > 0)
    .map(key)
    .sort();
  return x.length === y.length && x.every((k, i) => k === y[i]);
}

const describe = (totals: readonly OpenItemTotal[]): string =>
  totals.length === 0
    ? 'no open items'
    : totals.map((t) => `${t.count} items summing ${t.sumMinor} minor units of ${t.currency}`).join(', ');
