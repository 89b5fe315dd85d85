// SAP's customers and open items mirrored per company code through the ERP port's paged reads
// (docs/ARCHITECTURE.md, "Mirroring SAP"). The first run of a company code reads everything, page
// by page, each page written as it comes (memory bounded by a page, not by the ledger); later runs
// read what changed since the last run less an overlap window (items entered or changed, items
// cleared, customers changed, and items cleared lately that a clearing reset opened again). A full read also keeps
// the items SAP cleared within the matcher's cleared-items look-back (BSAD by AUGDT), whole and with their
// clearing, so an invoice cleared before the mirror's first run still names a second payment of it a likely
// duplicate. Every `reconcileEveryDays` the mirror's count and sum per currency
// are compared with SAP's; when they differ the company code is read in full again and the
// difference is logged.
import {
  CLEARED_LOOKBACK_DAYS,
  type MatchingRules,
  clearedLookbackDay,
  clearedLookbackDays,
  storedReferenceKey,
} from '../../../shared/matching';
import type { OpenItem } from '../../../shared/domain';
import type { Clock, ErpSystem, MasterDataSource, OpenItemTotal } from '../../../shared/ports';
import type { Repositories, SyncLogEntry } from '../../store';
import { PAYTRACE_DEFAULT_ZONE } from '../../../shared/time';
import { matchingRulesOf, postingZoneOf } from '../settings';

export interface MirrorOptions {
  /** Days read again before the last run's day, so late entries and clock skew are covered. Default 1. */
  readonly overlapDays?: number;
  /** Days between reconciliations of count and sum with SAP (0: every run). Default 7. */
  readonly reconcileEveryDays?: number;
  /** Read every company code in full now, whatever is due (the scheduled full mirror). */
  readonly full?: boolean;
  /**
   * Days the delta looks back at items the mirror marked cleared, to find those a clearing reset
   * (FBRA) opened again: SAP moves them from BSAD back to BSID with their old entry date, so no
   * other delta read sees them. Older resets are left to the reconciliation. Default 7.
   */
  readonly reopenCheckDays?: number;
  /**
   * Days back a full read keeps the items SAP cleared (BSAD by AUGDT): the matcher's look-back at cleared items.
   * Default: the rules' `clearedLookbackDays` (the admin's matching setting over the rules file), else
   * CLEARED_LOOKBACK_DAYS.
   */
  readonly clearedLookbackDays?: number;
  /**
   * The company code's time zone (the admin's posting zone for it), in which SAP's clearing dates are days: the
   * look-back counts days there. Set per company code by `mirrorSap`; default UTC.
   */
  readonly zone?: string;
}

export interface SapMirrorDeps {
  readonly store: Repositories;
  readonly erp: ErpSystem;
  readonly companyCodes: readonly string[];
  readonly clock: Clock;
  /** The rules file's matching rules, with the admin's setting over them: how far back cleared items are kept. */
  readonly matchingRules?: MatchingRules | undefined;
  /** The PayTrace account's zone: a company code's zone unless the admin set another (settings `postingZones`). */
  readonly payTraceZone?: string | undefined;
}

/**
 * Every company code's customers and open items: through the ERP port's paged mirror where it has
 * one (RFC), else the whole read (OData, IDoc), which is a full read each time.
 */
export async function mirrorSap(
  deps: SapMirrorDeps,
  options: MirrorOptions = {},
  each: {
    starting?: (companyCode: string) => void;
    /** How many open items of the company code were read so far (open and cleared), for progress. */
    read?: (companyCode: string, read: number) => void;
    done?: (companyCode: string, outcome: MirrorOutcome) => Promise<void>;
  } = {},
): Promise<{ openItems: number; arrived: ArrivedItems; outcomes: Map<string, MirrorOutcome> }> {
  const { store, erp, clock } = deps;
  const outcomes = new Map<string, MirrorOutcome>();
  let openItems = 0;
  const arrived = new Arrivals();
  // As far back as the matcher looks at cleared items this run (the same rules matchNew reads).
  const lookback =
    options.clearedLookbackDays ??
    (deps.matchingRules ? clearedLookbackDays(await matchingRulesOf(store, deps.matchingRules)) : undefined);
  const mirrorOptions = lookback === undefined ? options : { ...options, clearedLookbackDays: lookback };
  for (const companyCode of deps.companyCodes) {
    each.starting?.(companyCode);
    let outcome: MirrorOutcome;
    if (erp.mirror) {
      // Paged, and after the first run by what changed.
      const zone = await postingZoneOf(store, companyCode, deps.payTraceZone ?? PAYTRACE_DEFAULT_ZONE);
      outcome = await mirrorCompanyCode(store, erp.mirror, companyCode, clock, { ...mirrorOptions, zone }, (n) =>
        each.read?.(companyCode, n),
      );
    } else {
      const now = clock.now().toISOString();
      await store.masterData.replaceCustomers(companyCode, await erp.listCustomers(companyCode), now);
      const items = await erp.getOpenItems(companyCode);
      each.read?.(companyCode, items.length);
      const count = await store.masterData.replaceOpenItems(companyCode, items, now);
      outcome = { mode: 'full', openItems: count, arrived: Arrivals.everything, reconciled: 'not due', log: [] };
    }
    openItems += outcome.openItems;
    arrived.merge(outcome.arrived);
    outcomes.set(companyCode, outcome);
    await each.done?.(companyCode, outcome);
  }
  return { openItems, arrived, outcomes };
}

/**
 * Open items a run brought that the mirror did not hold open as they are (new, opened again, or of another
 * customer, amount or reference): what a payment waiting unapplied may now match (sync/run.ts `matchNew`). After
 * a full read, everything. Otherwise their customers and the keys of their references and document numbers
 * (`storedReferenceKey`, as the cleared-items look-up keys a payment's numbers).
 */
export interface ArrivedItems {
  readonly all: boolean;
  readonly customers: ReadonlySet<string>;
  readonly references: ReadonlySet<string>;
}

class Arrivals implements ArrivedItems {
  static readonly everything: ArrivedItems = { all: true, customers: new Set(), references: new Set() };
  all = false;
  readonly customers = new Set<string>();
  readonly references = new Set<string>();

  add(items: readonly OpenItem[]): void {
    for (const it of items) {
      this.customers.add(it.customer);
      for (const text of [it.reference, it.source.BELNR]) {
        const key = storedReferenceKey(text);
        if (key !== '') this.references.add(key);
      }
    }
  }

  merge(other: ArrivedItems): void {
    this.all ||= other.all;
    for (const c of other.customers) this.customers.add(c);
    for (const r of other.references) this.references.add(r);
  }
}

export interface MirrorOutcome {
  readonly mode: 'full' | 'delta';
  /** Open items the mirror holds for the company code afterwards. */
  readonly openItems: number;
  /** Open items this run brought that the mirror did not hold open as they are. */
  readonly arrived: ArrivedItems;
  /** Whether this run compared count and sum with SAP, and found them equal. */
  readonly reconciled: 'equal' | 'differed' | 'not due';
  readonly log: readonly SyncLogEntry[];
}

interface MirrorState {
  /** The day (ISO) the last successful read started. */
  readonly day: string;
  /** The day of the last full read or reconciliation. */
  readonly checked: string;
  /**
   * The day (ISO) from which the mirror holds what SAP cleared (BSAD by AUGDT): the earliest look-back a read
   * kept. Absent in a state written before it was kept; taken then as the look-back in force.
   */
  readonly clearedFrom?: string;
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
  const arrived = new Arrivals();
  const started = clock.now();
  const today = isoDay(started.getTime());
  const now = started.toISOString();
  const raw = await store.syncRuns.getState(stateKey(companyCode));
  const state = raw ? (JSON.parse(raw) as MirrorState) : null;
  const log: SyncLogEntry[] = [];
  let mode: MirrorOutcome['mode'] = 'delta';
  let reconciled: MirrorOutcome['reconciled'] = 'not due';
  let checked = state?.checked ?? today;

  // The day from which a full read keeps what SAP cleared: the matcher's look-back, in the company code's days.
  const clearedFrom = clearedLookbackDay(
    started,
    options.clearedLookbackDays ?? CLEARED_LOOKBACK_DAYS,
    options.zone ?? 'UTC',
  );
  let heldFrom = state?.clearedFrom ?? clearedFrom;
  if (!state || options.full) {
    mode = 'full';
    await fullRead(store, source, companyCode, now, clearedFrom, counted);
    arrived.merge(Arrivals.everything);
    heldFrom = clearedFrom;
  } else {
    // The admin lengthened the look-back: what SAP cleared before the mirror's reach is read now, not at the next
    // full read (BSAD from the new day on; what is held already is written again as it was).
    if (clearedFrom < heldFrom) {
      const read = await keepClearedItems(store, source, companyCode, clearedFrom, now, counted);
      log.push({
        level: 'info',
        source: 'sap',
        subject: `open items of company code ${companyCode}`,
        message: `The look-back at cleared items now reaches back to ${clearedFrom} (was ${heldFrom}): ${read} item(s) SAP cleared since then were read.`,
      });
      heldFrom = clearedFrom;
    }
    const since = isoDay(Date.parse(state.day) - (options.overlapDays ?? 1) * DAY);
    for await (const page of source.readChangedCustomers(companyCode, since))
      await store.masterData.replaceCustomers(companyCode, page, now);
    for await (const changes of source.readOpenItemChanges(companyCode, since)) {
      if (changes.open.length > 0) {
        // The overlap reads yesterday's changes again: only what the mirror does not hold as it is arrives.
        arrived.add(await store.masterData.notHeldOpen(changes.open));
        await store.masterData.upsertOpenItems(changes.open, now);
      }
      if (changes.cleared.length > 0) await store.masterData.upsertClearedItems(changes.cleared, now);
      counted(changes.open.length + changes.cleared.length);
    }
    // Items cleared lately that BSID lists again: a clearing reset (FBRA, or ClearDesk's own reversal).
    if (source.readOpenItemsByKey) {
      const cutoff = new Date(started.getTime() - (options.reopenCheckDays ?? 7) * DAY).toISOString();
      const cleared = await store.masterData.recentlyCleared(companyCode, cutoff);
      let reopened = 0;
      for await (const page of source.readOpenItemsByKey(companyCode, cleared)) {
        arrived.add(page);
        await store.masterData.upsertOpenItems(page, now);
        reopened += page.length;
      }
      if (reopened > 0)
        log.push({
          level: 'info',
          source: 'sap',
          subject: `open items of company code ${companyCode}`,
          message: `${reopened} item(s) the mirror had as cleared are open in SAP again (a clearing was reset); they are open items again.`,
        });
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
        await fullRead(store, source, companyCode, now, clearedFrom, counted);
        arrived.merge(Arrivals.everything);
        heldFrom = clearedFrom;
      }
    }
  }
  if (mode === 'full') checked = today;
  const next: MirrorState = { day: today, checked, clearedFrom: heldFrom };
  await store.syncRuns.setState(stateKey(companyCode), JSON.stringify(next), now);
  const totals = await store.masterData.openItemTotals(companyCode);
  return { mode, openItems: totals.reduce((n, t) => n + t.count, 0), arrived, reconciled, log };
}

/**
 * Every customer and open item, page by page; then the items SAP cleared on or after `clearedFrom` (BSAD by
 * AUGDT), whole and with their clearing; then what no page listed is cleared. BSAD is read after BSID, so an
 * item SAP clears between the two reads ends cleared, as SAP holds it.
 */
async function fullRead(
  store: Repositories,
  source: MasterDataSource,
  companyCode: string,
  now: string,
  clearedFrom: string,
  counted: (n: number) => void,
): Promise<void> {
  for await (const page of source.readCustomers(companyCode))
    await store.masterData.replaceCustomers(companyCode, page, now);
  for await (const page of source.readOpenItems(companyCode)) {
    await store.masterData.upsertOpenItems(page, now);
    counted(page.length);
  }
  await keepClearedItems(store, source, companyCode, clearedFrom, now, counted);
  await store.masterData.clearOpenItemsNotSeen(companyCode, now);
}

/**
 * The full read's look-back at cleared items: what SAP cleared on or after the day (BSAD by AUGDT), page by
 * page, each page kept as cleared items with their clearing as it comes. Returns how many were read.
 */
export async function keepClearedItems(
  store: Repositories,
  source: MasterDataSource,
  companyCode: string,
  from: string,
  now: string,
  counted: (n: number) => void = () => undefined,
): Promise<number> {
  let read = 0;
  for await (const page of source.readClearedItems(companyCode, from)) {
    await store.masterData.upsertClearedItems(page, now);
    read += page.length;
    counted(page.length);
  }
  return read;
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
