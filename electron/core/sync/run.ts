// One sync pass: resolve interrupted postings, pull PayTrace from the watermark (with overlap),
// settle refunds whose outcome was unknown by what PayTrace now shows, mirror SAP's customers and open items, match what is new, and (when the admin opted in)
// post the automatic tier. Every step is idempotent, so a pass can be repeated at any time.
// Each phase reports its progress as it goes (`sync.progress`, throttled by core/progress.ts):
// export pages fetched, records ingested, open items read, payments matched, postings sent.
// The audit head is anchored outside the data folder after the posting batch and after the run
// (docs/ARCHITECTURE.md, "The audit log").
import type { SyncSummary } from '../../../shared/api';
import { EXPORT_LETTER_PREFIX, RECORD_LETTER_PREFIX } from '../../../shared/domain';
import type { AuditAnchors, Clock, ErpSystem, PaymentGateway, RejectedRecord } from '../../../shared/ports';
import {
  CLEARED_LOOKBACK_DAYS,
  clearedLookbackDays,
  clearedLookbackStart,
  clearedLookupKeys,
  DEFAULT_RULES,
  preparePrefixes,
} from '../../../shared/matching';
import { redactCardData } from '../../../shared/security';
import {
  contentHash,
  openItemKeyText,
  type PaymentRecord,
  type Repositories,
  type SyncLogEntry,
  type WaitingProposal,
} from '../../store';
import { anchorHead } from '../audit/anchor';
import { withCountsReached } from '../jobs/counts';
import { openItemsLeft } from '../posting/context';
import { SapUnreachableError } from '../posting/poster';
import type { PostingConfig } from '../../../shared/posting';
import { mapLimit } from '../concurrency';
import type { CoreEvents } from '../events';
import { throttleProgress, type ProgressReporter, type ThrottleOptions } from '../progress';
import { matcherAliases } from '../learning/aliases';
import { currentModel } from '../learning/model';
import type { MatchingRules } from '../../../shared/matching';
import type { MatchProposal } from '../../../shared/domain';
import type { Matcher } from '../ports';
import { matchingRulesOf, postingConfigOf, postingZoneOf } from '../settings';
import { PAYTRACE_DEFAULT_ZONE } from '../../../shared/time';
import { refundContextOf } from '../refunds/attribute';
import { resolveRefundOutcomes } from '../refunds/resolve';
import { flagRefundedSales, promoteSettled, rematchWaiting, saveProposals } from '../review/proposals';
import { type ArrivedItems, type MirrorOptions, mirrorSap } from './mirror';

export interface SyncOptions {
  /** First watermark (ISO date) when the store has none. */
  readonly since?: string;
  /** Days re-read before the watermark, so late changes (settlement, voids) are seen. */
  readonly overlapDays?: number;
  /** Called for each automatic-tier proposal when the admin opted in to auto-posting. */
  readonly autoPost?: (transactionId: number, proposalId: number) => Promise<boolean>;
  /** Postings sent at once; match it to the SAP connection pool. */
  readonly autoPostConcurrency?: number;
  /** Called once with the automatic tier before it is posted (the poster looks its references up in bulk). */
  readonly beforeAutoPost?: (proposals: readonly { id: number; transactionId: number }[]) => Promise<void>;
  /** Overlap and reconciliation of the SAP mirror, when the ERP port has one. */
  readonly mirror?: MirrorOptions;
}

export interface SyncDeps {
  readonly store: Repositories;
  readonly gateway: PaymentGateway;
  readonly erp: ErpSystem;
  readonly companyCodes: readonly string[];
  readonly matcher: Matcher;
  /** The rules file's matching rules: each run's matcher gets them with the admin's matching setting over them. */
  readonly matchingRules?: MatchingRules;
  /** The PayTrace account's zone: a company code's zone unless the admin set another (settings `postingZones`). */
  readonly payTraceZone?: string | undefined;
  readonly clock: Clock;
  readonly events?: CoreEvents;
  readonly recoverPostings?: () => Promise<unknown>;
  /** Where the audit head is anchored; none when the admin configured no anchor folder. */
  readonly anchors?: AuditAnchors;
  /** How often a phase's progress is reported (default every 250 ms, and at each phase's start and end). */
  readonly progressThrottle?: ThrottleOptions;
  /**
   * How long, in all, a run's automatic postings wait for SAP's open breaker to let a trial call through
   * (ms); 0 (the default): what the breaker holds back waits for the next sync.
   */
  readonly breakerWaitMs?: number | (() => number);
  /** Waits `ms` (a timer by default; a test's clock may advance instead). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The matching rules' invoice-number prefixes, so the cleared items are looked up by the keys the matcher reads. */
  readonly referencePrefixes?: readonly string[];
  /** The G/L rules file's configuration: with it, a proposal names the write-off account its document posts to. */
  readonly postingConfig?: PostingConfig;
}

/** PayTrace records ingested per store call: the progress of a large export moves in steps of this. */
const INGEST_PAGE = 1_000;

const WATERMARK = 'paytrace.watermark';
const DAY = 86_400_000;
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export async function runSync(deps: SyncDeps, options: SyncOptions = {}): Promise<SyncSummary> {
  const { store, clock } = deps;
  const runId = await store.syncRuns.start(clock.now().toISOString());
  const summary: SyncSummary = {
    ingested: 0,
    updated: 0,
    open_items: 0,
    proposals: 0,
    posted: 0,
    dead_lettered: 0,
    dead_letters_waiting: 0,
  };
  // Where a failure happened, for the sync log (and a dead letter when PayTrace could not be read).
  let phase: SyncLogEntry['source'] = 'sync';
  let range: { from: string; to: string } | null = null;
  // What PayTrace's export met on the way, kept as it happens so a run that fails still logs it.
  const notes: SyncLogEntry[] = [];
  try {
    await deps.recoverPostings?.();
    const progress = throttleProgress((p) => deps.events?.emit('sync.progress', p), deps.progressThrottle);

    // 1. PayTrace, from the watermark less the overlap (and back to the oldest unsettled payment).
    const read = await fetchRange(store, clock, options);
    range = read;
    progress({ phase: 'fetch', done: 0, total: null });
    phase = 'paytrace';
    let pages = 0;
    const { transactions, rejected } = await deps.gateway.fetchTransactions(
      read,
      (n) => notes.push({ level: 'warning', source: 'paytrace', subject: n.subject, message: n.message }),
      (fetched) => {
        pages = fetched.pages;
        progress({ phase: 'fetch', done: pages, total: null });
      },
    );
    progress({ phase: 'fetch', done: pages, total: null }, { final: true });
    phase = 'sync';
    const ingestedAt = clock.now().toISOString();
    progress({ phase: 'ingest', done: 0, total: transactions.length });
    // Dead letters the run raises: records PayTrace could not give, and voids after posting that ask for a reversal.
    let reversalsAsked = 0;
    for (let i = 0; i < transactions.length; i += INGEST_PAGE) {
      const counts = await store.payments.ingest(transactions.slice(i, i + INGEST_PAGE), ingestedAt);
      summary.ingested += counts.ingested;
      summary.updated += counts.updated;
      reversalsAsked += counts.reversalsAsked;
      progress({ phase: 'ingest', done: Math.min(i + INGEST_PAGE, transactions.length), total: transactions.length });
    }
    const letters = await deadLetter(store, rejected, clock.now().toISOString());
    summary.dead_lettered = letters.filter((l) => l.added).length + reversalsAsked;
    await store.syncRuns.writeLog(runId, clock.now().toISOString(), [
      ...notes.splice(0),
      ...letters.map((l): SyncLogEntry => ({
        level: 'error',
        source: 'paytrace',
        subject: l.subject,
        message: `${sentence(l.error)} The record is in the dead-letter queue (#${l.id}${l.added ? '' : ', from an earlier sync'}); everything else was ingested.`,
      })),
    ]);
    await resolveExportLetters(store, read, clock.now().toISOString());
    // Refunds and voids whose answer was lost: settled by what PayTrace's export now shows.
    const refundNotes = await resolveRefundOutcomes(store, clock);
    if (refundNotes.length > 0) await store.syncRuns.writeLog(runId, clock.now().toISOString(), refundNotes);

    // 2. SAP customers and open items per company code.
    phase = 'sap';
    const itemsRead = (companyCode: string, done: number, final = false): void =>
      progress({ phase: 'open-items', done, total: null, companyCode }, { final });
    const itemsSoFar = new Map<string, number>();
    const sap = await mirrorSap(deps, options.mirror, {
      starting: (companyCode) => itemsRead(companyCode, 0),
      read: (companyCode, n) => {
        itemsSoFar.set(companyCode, n);
        itemsRead(companyCode, n);
      },
      done: async (companyCode, outcome) => {
        itemsRead(companyCode, itemsSoFar.get(companyCode) ?? outcome.openItems, true);
        if (outcome.log.length > 0) await store.syncRuns.writeLog(runId, clock.now().toISOString(), outcome.log);
      },
    });
    summary.open_items += sap.openItems;

    // 3. Match what is new, and what waited unapplied when SAP brought open items.
    phase = 'sync';
    const matched = await matchNew(deps, progress, { arrived: sap.arrived });
    summary.proposals = matched.proposals;
    if (matched.rematched > 0)
      await store.syncRuns.writeLog(runId, clock.now().toISOString(), [
        {
          level: 'info',
          source: 'sync',
          subject: 'matching',
          message: `${matched.rematched} payment(s) that waited unapplied (on account, unmatched, or a refund with no credit to pay out) or with money left on account now apply to open items SAP posted since; their new proposals go through the tiers as any other (review, or the automatic tier where an admin opted in).`,
        },
      ]);
    // An automatic match that waited for its sale to settle is automatic once PayTrace settled it.
    const settled = transactions.filter((t) => t.status === 'settled').map((t) => t.source.transaction_id);
    await promoteSettled(store, settled, clock.now().toISOString());

    // 4. Automatic tier, when opted in.
    if (options.autoPost) {
      const auto = await store.proposals.automaticWaiting();
      await options.beforeAutoPost?.(auto);
      const post = options.autoPost;
      let sent = 0;
      // A posting SAP did not answer stops only itself: the others still go out, unless SAP's breaker
      // has opened meanwhile (it failed repeatedly). Then the run waits for the breaker's cool-down when
      // it ends within `breakerWaitMs` (in all, per run), sends one posting as the breaker's trial while
      // the others wait for its outcome, and goes on if SAP took it; what is still held back waits in
      // review, unapproved and unsent, for the next sync. The run fails with the first unanswered
      // posting, so it is seen and alerted.
      let unreachable: SapUnreachableError | null = null;
      const waiting: number[] = [];
      // A function (the admin's setting, read now) or a number.
      let waitLeft = typeof deps.breakerWaitMs === 'function' ? deps.breakerWaitMs() : (deps.breakerWaitMs ?? 0);
      const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
      /** The breaker's trial posting while it is under way: the other postings wait for its outcome. */
      let trial: Promise<void> | null = null;
      const whenSapTakes = async (transactionId: number, proposalId: number): Promise<boolean> => {
        for (;;) {
          if (trial) {
            await trial;
            continue;
          }
          if (!deps.erp.unavailable?.()) return post(transactionId, proposalId);
          const trialAt = deps.erp.trialAt?.() ?? null;
          const wait = trialAt === null ? Infinity : Math.max(0, trialAt - clock.now().getTime());
          if (wait > waitLeft) {
            waiting.push(transactionId);
            return false;
          }
          waitLeft -= wait;
          const sent = sleep(wait).then(() => post(transactionId, proposalId));
          const mine = sent.then(
            () => undefined,
            () => undefined,
          );
          trial = mine;
          void mine.finally(() => {
            if (trial === mine) trial = null;
          });
          return sent;
        }
      };
      progress({ phase: 'post', done: 0, total: auto.length });
      const outcomes = await mapLimit(auto, options.autoPostConcurrency ?? 1, async (p) => {
        try {
          return await whenSapTakes(p.transactionId, p.id);
        } catch (e) {
          if (!(e instanceof SapUnreachableError)) throw e;
          unreachable ??= e;
          await store.syncRuns.writeLog(runId, clock.now().toISOString(), [
            { level: 'error', source: 'sap', subject: `transaction ${p.transactionId}`, message: e.message },
          ]);
          return false;
        } finally {
          sent += 1;
          progress({ phase: 'post', done: sent, total: auto.length });
        }
      });
      summary.posted += outcomes.filter(Boolean).length;
      if (waiting.length > 0) {
        await store.syncRuns.writeLog(runId, clock.now().toISOString(), [
          {
            level: 'warning',
            source: 'sap',
            subject: 'automatic postings',
            message: `${waiting.length} automatic posting${waiting.length === 1 ? '' : 's'} (transactions ${waiting.join(', ')}) not sent: ${deps.erp.unavailable?.() ?? 'SAP is not being called'}. They wait in review for the next sync.`,
          },
        ]);
      }
      if (auto.length > 0) await anchorHead(deps, 'auto-post', `sync:${runId}`);
      if (unreachable) throw unreachable;
    }

    // What waits in the dead-letter queue now, new or older (a reversal asked for, a refused posting).
    summary.dead_letters_waiting = await store.deadLetters.countOpen();
    await store.transaction(async (tx) => {
      const at = clock.now().toISOString();
      await tx.syncRuns.setState(WATERMARK, read.to, at);
      await tx.syncRuns.finish(runId, { status: 'ok', counts: summary, error: null, at });
      await tx.audit.append({
        actor: 'sync',
        action: 'sync.completed',
        subject: `sync:${runId}`,
        detail: { ...summary, from: read.from, to: read.to },
        at,
      });
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const now = clock.now().toISOString();
    await store.syncRuns.finish(runId, { status: 'failed', counts: summary, error: message, at: now });
    // A posting SAP did not answer is SAP's failure whatever step ran it (the alert names SAP, its outage counts).
    const source = e instanceof SapUnreachableError ? 'sap' : phase;
    await recordFailure(store, runId, now, source, range, message, notes).catch(() => undefined); // the run's own error stays the one reported
    // A failed run may still have changed the log (ingested changes, postings): anchor what it left.
    await anchorHead(deps, 'sync-failed', `sync:${runId}`).catch(() => undefined);
    // The counts reached go with the error to the job's run history (the error stays what it is).
    throw withCountsReached(e, { ...summary });
  }
  // After the run is recorded as done: an anchor that cannot be written is reported, not a failed run.
  await anchorHead(deps, 'sync', `sync:${runId}`);
  return summary;
}

const EXPORT_KEY = EXPORT_LETTER_PREFIX;

/** Text that ends as a sentence, so another can follow it. */
const sentence = (text: string): string => (/[.!?]$/.test(text.trimEnd()) ? text.trimEnd() : `${text.trimEnd()}.`);

/**
 * A failed run in the log; when PayTrace could not be read, also a dead letter for the range, so
 * the queue shows it until a later sync reads that range whole (the watermark did not move, so
 * the next sync asks for it again). Nothing stored earlier is touched.
 */
async function recordFailure(
  store: Repositories,
  runId: number,
  at: string,
  phase: SyncLogEntry['source'],
  range: { from: string; to: string } | null,
  message: string,
  notes: readonly SyncLogEntry[],
): Promise<void> {
  const subject = phase === 'paytrace' && range ? `export of ${range.from}..${range.to}` : `sync run ${runId}`;
  await store.syncRuns.writeLog(runId, at, [
    ...notes,
    {
      level: 'error',
      source: phase,
      subject,
      message: `${sentence(message)} The run stopped; nothing stored earlier was changed.`,
    },
  ]);
  if (phase !== 'paytrace' || !range) return;
  const key = `${EXPORT_KEY}${range.from}..${range.to}`;
  if ((await store.deadLetters.findOpen('paytrace', key)) !== null) return;
  await store.deadLetters.add({
    source: 'paytrace',
    sourceKey: key,
    at,
    error: `The PayTrace export of ${range.from}..${range.to} could not be read: ${message} Nothing of it was ingested; the next sync reads the range again.`,
    payload: { from: range.from, to: range.to, syncRun: runId },
  });
}

/** Export dead letters whose range the sync just read whole are resolved. */
async function resolveExportLetters(
  store: Repositories,
  range: { from: string; to: string },
  at: string,
): Promise<void> {
  const open = await store.deadLetters.openWithKeyPrefix('paytrace', EXPORT_KEY);
  const covered = open.filter((l) => {
    const [from, to] = l.sourceKey.slice(EXPORT_KEY.length).split('..');
    return from !== undefined && to !== undefined && range.from <= from && to <= range.to;
  });
  await store.deadLetters.resolveIds(
    covered.map((l) => l.id),
    at,
  );
}

async function fetchRange(
  store: Repositories,
  clock: Clock,
  options: SyncOptions,
): Promise<{ from: string; to: string }> {
  const today = clock.now().getTime();
  const stored = await store.syncRuns.getState(WATERMARK);
  const overlap = (options.overlapDays ?? 2) * DAY;
  let from = stored ? Date.parse(stored) - overlap : options.since ? Date.parse(options.since) : today - 30 * DAY;
  // Pending payments change state when they settle: keep re-reading back to the oldest of them.
  const oldestPending = await store.payments.oldestPendingCreatedAt();
  if (oldestPending) from = Math.min(from, Date.parse(oldestPending) - DAY);
  return { from: isoDate(Math.min(from, today)), to: isoDate(today) };
}

/** Rejected records go to the dead-letter table once (a re-sync of the same bad record adds nothing). */
interface Letter {
  readonly id: number;
  /** False when the record was already waiting in the queue from an earlier sync. */
  readonly added: boolean;
  readonly subject: string;
  readonly error: string;
}

async function deadLetter(store: Repositories, rejected: readonly RejectedRecord[], now: string): Promise<Letter[]> {
  const letters: Letter[] = [];
  for (const r of rejected) {
    const payload = JSON.stringify(redactCardData(r.record) ?? null);
    const key =
      r.transactionId !== null ? String(r.transactionId) : `${RECORD_LETTER_PREFIX}${contentHash({ payload })}`;
    const subject =
      r.transactionId !== null ? `paytrace:${r.transactionId}` : 'PayTrace record without a transaction_id';
    const exists = await store.deadLetters.findOpen('paytrace', key);
    if (exists !== null) {
      letters.push({ id: exists, added: false, subject, error: r.error });
      continue;
    }
    const id = await store.deadLetters.add({
      source: 'paytrace',
      sourceKey: key,
      error: r.error,
      payload: r.record ?? null,
      at: now,
    });
    letters.push({ id, added: true, subject, error: r.error });
  }
  return letters;
}

/**
 * Matches payments waiting in 'new' against open items, less what live proposals already apply to them. With
 * `arrived` (the open items this run's mirror brought), also the payments in review that wait for SAP's items and
 * on which no person acted (`waitingUntouched`) that those items may concern: of their customer, or, with no
 * customer known, naming one of their numbers. A customer often pays before the invoice is in SAP, pays two
 * invoices at once of which SAP holds one, and a refund often comes before the credit memo it pays out. Those
 * whose proposal applies nothing are matched in the same run as the new ones (no item is given twice); those whose
 * proposal applies part of the payment are matched after the new ones are saved (`rematchPartlyApplied`). Either is
 * replaced only where the matcher now applies more (`rematchWaiting`).
 */
export async function matchNew(
  deps: MatchDeps,
  progress: ProgressReporter = () => undefined,
  options: { arrived?: ArrivedItems } = {},
): Promise<{ proposals: number; rematched: number }> {
  const { store } = deps;
  const fresh = await store.payments.inState('new');
  const rules = deps.matchingRules ? await matchingRulesOf(store, deps.matchingRules) : undefined;
  const prefixes = preparePrefixes(
    rules?.referencePrefixes ?? deps.referencePrefixes ?? DEFAULT_RULES.referencePrefixes,
  );
  const { arrived } = options;
  const unapplied = new Map<number, WaitingProposal>();
  const partly = new Map<number, WaitingProposal>();
  const again: PaymentRecord[] = [];
  const rest: PaymentRecord[] = [];
  if (arrived && (arrived.all || arrived.customers.size > 0)) {
    const waiting = await store.proposals.waitingUntouched();
    const concerned = [...waiting].filter(
      ([, p]) => arrived.all || p.customer === null || arrived.customers.has(p.customer),
    );
    const payments = (await store.payments.getMany(concerned.map(([id]) => id))).filter(
      (p) =>
        p.state === 'review' &&
        (arrived.all ||
          waiting.get(p.source.transaction_id)!.customer !== null ||
          clearedLookupKeys([p], prefixes).some((k) => arrived.references.has(k))),
    );
    for (const p of payments) {
      const w = waiting.get(p.source.transaction_id)!;
      if (w.applied === 0) {
        unapplied.set(p.source.transaction_id, w);
        again.push(p);
      } else {
        partly.set(p.source.transaction_id, w);
        rest.push(p);
      }
    }
  }
  // The phase counts the new payments; what was matched again is said in the sync log.
  progress({ phase: 'match', done: 0, total: fresh.length });
  const transactions = [...fresh, ...again];
  let saved = 0;
  let rematched = 0;
  if (transactions.length > 0) {
    const proposals = await runMatcher(deps, rules, prefixes, transactions, await store.proposals.claimedAmounts());
    const now = deps.clock.now().toISOString();
    const isFresh = new Set(fresh.map((p) => p.source.transaction_id));
    saved = await saveProposals(
      store,
      proposals.filter((p) => isFresh.has(p.transactionId)),
      now,
    );
    rematched += await rematchWaiting(
      store,
      unapplied,
      proposals.filter((p) => !isFresh.has(p.transactionId)),
      now,
    );
    // The sales this run's refunds pay back, if still waiting to be posted: not automatic any more, and saying so.
    await flagRefundedSales(
      store,
      proposals.flatMap((p) => (p.relatedTransactionId != null ? [p.relatedTransactionId] : [])),
      now,
    );
  }
  if (rest.length > 0) rematched += await rematchPartlyApplied(deps, rules, prefixes, rest, partly);
  progress({ phase: 'match', done: fresh.length, total: fresh.length });
  return { proposals: saved, rematched };
}

type MatchDeps = Pick<
  SyncDeps,
  'store' | 'matcher' | 'clock' | 'matchingRules' | 'referencePrefixes' | 'postingConfig' | 'payTraceZone'
>;

/**
 * Payments whose proposal applies part of them and leaves the rest on account, matched once the new payments'
 * proposals are saved, each given back what its own proposal applies: the rest may pay an invoice SAP posted
 * since. A new proposal replaces the old one only where it applies each item the old one applied, at least as
 * much, and more in all, and takes nothing another of these payments' proposals holds (which stays live when
 * that payment's own new proposal is not taken): no item is given twice (`keepsAndAdds`).
 */
async function rematchPartlyApplied(
  deps: MatchDeps,
  rules: MatchingRules | undefined,
  prefixes: readonly string[],
  payments: readonly PaymentRecord[],
  waiting: ReadonlyMap<number, WaitingProposal>,
): Promise<number> {
  const { store } = deps;
  const ids = payments.map((p) => p.source.transaction_id);
  const old = await store.proposals.liveFor(ids);
  const claimed = await store.proposals.claimedAmounts({ exceptTransactionIds: ids });
  const holders = new Map<string, Set<number>>();
  for (const [id, p] of old)
    for (const a of p.items) {
      const key = openItemKeyText(a.item);
      holders.set(key, (holders.get(key) ?? new Set()).add(id));
    }
  const proposals = await runMatcher(deps, rules, prefixes, payments, claimed);
  const taken = proposals.filter((p) => {
    const before = old.get(p.transactionId);
    return before !== undefined && keepsAndAdds(before, p, holders);
  });
  return rematchWaiting(store, waiting, taken, deps.clock.now().toISOString());
}

/**
 * Whether `after` applies every item `before` applied, each at least as much, more in all, and nothing more of an
 * item that a proposal of another payment (`holders`: item key to the payments whose proposals apply it) holds.
 */
export function keepsAndAdds(
  before: Pick<MatchProposal, 'transactionId' | 'items'>,
  after: Pick<MatchProposal, 'items'>,
  holders: ReadonlyMap<string, ReadonlySet<number>>,
): boolean {
  const now = new Map(after.items.map((a) => [openItemKeyText(a.item), a.amount.minor]));
  let more = 0;
  const othersHold = (key: string): boolean => [...(holders.get(key) ?? [])].some((h) => h !== before.transactionId);
  for (const a of before.items) {
    const key = openItemKeyText(a.item);
    const amount = now.get(key);
    if (amount === undefined || amount < a.amount.minor) return false;
    if (amount > a.amount.minor && othersHold(key)) return false;
    more += amount - a.amount.minor;
  }
  const had = new Set(before.items.map((a) => openItemKeyText(a.item)));
  for (const [key, amount] of now) {
    if (had.has(key)) continue;
    more += amount;
    if (othersHold(key)) return false;
  }
  return more > 0;
}

/** The matcher on `transactions` against SAP's open items less what `claimed` says live proposals apply. */
async function runMatcher(
  deps: MatchDeps,
  rules: MatchingRules | undefined,
  prefixes: readonly string[],
  transactions: readonly PaymentRecord[],
  claimed: ReadonlyMap<string, number>,
): Promise<MatchProposal[]> {
  const { store } = deps;
  const openItems = openItemsLeft(await store.masterData.openItems(), claimed).filter(
    (item) => item.amount.minor !== 0,
  );
  const customers = await store.masterData.customers();
  // As far back as the rules say (the setting `clearedLookbackDays`), counted from SAP's clearing date (AUGDT),
  // else from when the mirror marked the item cleared (the store's `clearedSince`).
  const lookback = rules ? clearedLookbackDays(rules) : CLEARED_LOOKBACK_DAYS;
  // Counted in the company's days (the '*' posting zone): its midnight is a UTC instant whose UTC date is that day
  // west of Greenwich and the day before east of it, so SAP's clearing dates are compared a day early there at
  // most (a look-back one day longer, never shorter).
  const zone = await postingZoneOf(store, '*', deps.payTraceZone ?? PAYTRACE_DEFAULT_ZONE);
  const since = clearedLookbackStart(deps.clock.now(), lookback, zone);
  const clearedItems = await store.masterData.clearedItems(clearedLookupKeys(transactions, prefixes), since);
  const aliases = await matcherAliases(store);
  // The learned model orders suggestions and explains them (applied to the proposals, after the run).
  const model = await currentModel(store);
  const history = await store.matchModels.history();
  return deps.matcher({
    transactions: [...transactions],
    openItems,
    customers,
    aliases,
    model,
    history,
    clearedItems,
    refundContext: await refundContextOf(store, transactions),
    ...(rules ? { rules } : {}),
    // The G/L accounts as the admin set them now: the write-off's account the reasons name is the document's.
    ...(deps.postingConfig ? { glRules: (await postingConfigOf(store, deps.postingConfig)).rules } : {}),
  });
}
