// The reconciliation engine: PayTrace transactions and SAP open items in, one proposal per
// transaction out, in input order. Pure and deterministic.
import type { AppliedItem, MatchProposal, PaymentTransaction } from '../domain';
import { type Money, money } from '../money';
import { type Assignment, type Assignments, assignGreedy, blockedReason, takenReason } from './assign';
import { type Candidate, duplicateOnAccount, fmt, round3, unknownPayer } from './candidate';
import { clearedAmongNamed, clearedDuplicate, clearedReason } from './cleared';
import { createMatchContext, type MatchContext } from './context';
import { type CustomerResolution, identityKeys, identityKindOf } from './customer-resolver';
import { exactKeyCandidates } from './exact-stage';
import { applyModel } from './rank';
import { refundCandidate, SaleFinder, type SaleRef, withCredits } from './refunds';
import { DEFAULT_RULES, type MatchingRules, type StageId, stageMode } from './rules';
import { scoredCandidates } from './scored-stage';
import { Shortlists } from './shortlist';
import type { EngineProposal, MatchableTransaction, MatchInput, ProposalCase } from './types';

export function matchPayments(input: MatchInput, rules: MatchingRules = DEFAULT_RULES): EngineProposal[] {
  const ctx = createMatchContext(
    input.openItems,
    input.customers ?? [],
    input.aliases ?? [],
    rules,
    input.clearedItems ?? [],
    input.glRules ?? null,
    input.refundContext,
  );
  const proposals = matchWithContext(ctx, input.transactions);
  // The learned model is applied to the proposals only, after the run (never inside the join).
  return input.model ? applyModel(ctx, input.transactions, proposals, input.model, input.history) : proposals;
}

/** All proposals in one array, for callers that keep them; large runs should stream instead. */
export function matchWithContext(ctx: MatchContext, transactions: readonly MatchableTransaction[]): EngineProposal[] {
  const out: EngineProposal[] = [];
  streamProposals(ctx, transactions, (p) => {
    // Reading a character flattens V8's concatenation tree: half the memory per kept reason at 1M proposals. A
    // streaming caller writes each proposal out and drops it (its writer reads every character anyway), so the
    // engine leaves the flattening to whoever keeps them.
    for (const r of p.reasons) r.charCodeAt(0);
    out.push(p);
  });
  return out;
}

type Kind = { kind: 'payment' } | { kind: 'refund' } | { kind: 'none'; case: ProposalCase; reason: string };

const PAYMENT: Kind = { kind: 'payment' };
const REFUND: Kind = { kind: 'refund' };

function classify(t: PaymentTransaction, seen: IdSet): Kind {
  const id = t.source.transaction_id;
  if (seen.has(id))
    return {
      kind: 'none',
      case: 'bad-record',
      reason: `transaction ${id} appears more than once in the input; only the first is matched`,
    };
  seen.add(id);
  if (t.kind === 'void' || t.status === 'voided')
    return { kind: 'none', case: 'not-payable', reason: 'voided before settlement: no money moved, nothing to post' };
  if (t.status === 'declined')
    return { kind: 'none', case: 'not-payable', reason: 'declined: no money moved, nothing to post' };
  if (t.kind === 'authorization' || t.status === 'authorized')
    return {
      kind: 'none',
      case: 'not-payable',
      reason: 'authorization only, never captured: no money moved, nothing to post',
    };
  if (t.amount.minor <= 0)
    return {
      kind: 'none',
      case: 'bad-record',
      reason: `amount ${fmt(t.amount.minor, t.amount.currency)} is not positive`,
    };
  return t.kind === 'refund' ? REFUND : PAYMENT;
}

/**
 * The transaction ids seen so far, as an open-addressing table of doubles (-1: empty). A Set of a million
 * numbers is ~40 MB of the old generation that stays there, dead, until the next full collection, which at
 * this size tends to come only when the assignment allocates its arrays: the run's peak.
 */
class IdSet {
  private readonly slots: Float64Array;
  private readonly mask: number;
  /** Ids the table cannot hold (negative or not whole: a bad record's), in a Set of their own. */
  private readonly odd = new Set<number>();

  constructor(expected: number) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.slots = new Float64Array(size).fill(-1);
    this.mask = size - 1;
  }

  has(id: number): boolean {
    if (!(id >= 0 && Number.isSafeInteger(id))) return this.odd.has(id);
    for (let at = this.home(id); this.slots[at] !== -1; at = (at + 1) & this.mask)
      if (this.slots[at] === id) return true;
    return false;
  }

  add(id: number): void {
    if (!(id >= 0 && Number.isSafeInteger(id))) {
      this.odd.add(id);
      return;
    }
    let at = this.home(id);
    while (this.slots[at] !== -1) {
      if (this.slots[at] === id) return;
      at = (at + 1) & this.mask;
    }
    this.slots[at] = id;
  }

  /** Both 32-bit halves of the (integer) id mixed, so sequential ids spread over the table. */
  private home(id: number): number {
    const h = Math.imul((id | 0) ^ Math.imul(Math.floor(id / 4294967296) | 0, 0x27d4eb2d), 0x9e3779b1);
    return (h ^ (h >>> 15)) & this.mask;
  }
}

/**
 * Each transaction's kind, as a byte per transaction (payment, refund or nothing to match) and the few
 * with nothing to match kept with their reasons: an array of a million references would be 8 MB.
 */
class Kinds {
  private readonly code: Uint8Array;
  private readonly none = new Map<number, Kind>();
  readonly hasRefund: boolean;

  constructor(transactions: readonly MatchableTransaction[]) {
    const seen = new IdSet(transactions.length);
    this.code = new Uint8Array(transactions.length);
    let refunds = false;
    for (let i = 0; i < transactions.length; i++) {
      const k = classify(transactions[i]!, seen);
      if (k === REFUND) {
        this.code[i] = 1;
        refunds = true;
      } else if (k !== PAYMENT) {
        this.code[i] = 2;
        this.none.set(i, k);
      }
    }
    this.hasRefund = refunds;
  }

  at(i: number): Kind {
    const c = this.code[i];
    return c === 0 ? PAYMENT : c === 1 ? REFUND : this.none.get(i)!;
  }

  isPayment(i: number): boolean {
    return this.code[i] === 0;
  }
}

/**
 * One proposal per transaction, handed to `emit` in input order as soon as it is written; the
 * engine keeps none of them, so a caller that writes them out (or counts them) never holds a
 * million proposals at once.
 */
export function streamProposals(
  ctx: MatchContext,
  transactions: readonly MatchableTransaction[],
  emit: (p: EngineProposal) => void,
): void {
  const { rules } = ctx;
  const has = (s: StageId): boolean => stageMode(rules, s) !== null;
  const n = transactions.length;
  const kinds = new Kinds(transactions);
  const who = new Array<CustomerResolution | null>(n).fill(null);
  const resolving = has('customer');
  if (resolving)
    for (let i = 0; i < n; i++) if (kinds.at(i).kind !== 'none') who[i] = ctx.customers.resolve(transactions[i]!);

  // Stage 1 for every payment, without reasons: only the chosen candidate is explained, after
  // the run has decided (see explained).
  const exact = has('exact-key');
  const shortlists = new Shortlists(n, ctx.items);
  if (exact)
    for (let i = 0; i < n; i++)
      if (kinds.isPayment(i)) shortlists.set(i, exactKeyCandidates(ctx, transactions[i]!, who[i]!, false));
  // Stage 1 saw each payer as resolved so far; the few resolved later (below) are remembered, not a copy of all.
  const resolvedLate = new Set<number>();

  const inferred = resolving ? inferPayers(ctx, transactions, kinds, shortlists, who) : new Map<string, string>();

  // Stages 2 and 3 where stage 1 was not sure. A payer taken from stage-1 hits is remembered
  // (rarely needed), so the chosen candidate can be explained with the same payer.
  const scored = has('scored');
  const payerFromExact = new Map<number, CustomerResolution>();
  for (let i = 0; i < n; i++) {
    const t = transactions[i]!;
    if (kinds.at(i).kind === 'none') continue;
    if (who[i] === null && resolving) {
      who[i] = ctx.customers.resolve(t, inferred);
      if (who[i] !== null) resolvedLate.add(i);
    }
    if (!kinds.isPayment(i) || !scored) continue;
    if (shortlists.bestConfidence(i) >= rules.autoThreshold) continue;
    const list = shortlists.get(i);
    let payer = who[i] ?? null;
    if (payer === null) {
      payer = fromExact(list, ctx);
      if (payer === null) continue;
      payerFromExact.set(i, payer);
    }
    const scoredFor = scoredOfPayer(ctx, t, payer, list.length > 0, false);
    if (scoredFor.payer !== payer) who[i] = scoredFor.payer;
    shortlists.set(i, [...list, ...scoredFor.candidates]);
  }
  const stageRank = (s: StageId): number => rules.stages.findIndex((x) => x.id === s);
  const byConfidenceThenStage = (a: Candidate, b: Candidate): number =>
    b.confidence - a.confidence || stageRank(a.stage) - stageRank(b.stage);
  shortlists.sortEach(byConfidenceThenStage);

  let count = 0;
  for (let i = 0; i < n; i++) if (kinds.isPayment(i)) count++;
  const payments = new Int32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (kinds.isPayment(i)) payments[k++] = i;
  const wanted = rules.soleAmount === 'auto' ? contenders(shortlists, payments, ctx.items.length) : null;
  const assigned = assignGreedy(transactions, shortlists, payments, ctx.items);

  // Refunds point at the sale, whose customer is decided by now; only the customers are kept.
  const finder = has('refund') && kinds.hasRefund ? saleFinder(ctx, transactions, kinds, assigned, who) : null;

  const creditsUsed = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const t = transactions[i]!;
    const k = kinds.at(i);
    if (k.kind === 'none') emit(nothing(t, k.case, [k.reason]));
    else if (k.kind === 'payment') {
      const exactWho = resolvedLate.has(i) ? null : who[i]!;
      let a = explained(ctx, t, shortlists, assigned, i, exactWho, who[i] ?? payerFromExact.get(i) ?? null);
      if (a.chosen?.sole && wanted !== null && wanted[a.chosen.claims[0]!.index]! > 1)
        a = { chosen: contested(a.chosen), blockedBy: a.blockedBy };
      emit(paymentProposal(ctx, t, decide(ctx, t, a, who[i]!)));
    } else if (finder) {
      const found = finder.find(t);
      const cand = withCredits(ctx, t, refundCandidate(t, found, who[i]!), found?.sale.t ?? null, creditsUsed);
      emit(finish(ctx, t, cand, cand.related, []));
    } else emit(nothing(t, 'not-payable', ['refunds are not matched: the refund stage is switched off in the rules']));
    shortlists.release(i); // the losers are not needed any more: let them go as the run moves on
  }
}

/**
 * What this run's sure matches teach about the payers not resolved yet (a vault id paying customer X's
 * invoices): a map from identity key to customer, a key two customers' sure matches share left out. Only the
 * keys those payers have are learned, so a run whose payers are all known reads no sure match's keys.
 */
function inferPayers(
  ctx: MatchContext,
  transactions: readonly MatchableTransaction[],
  kinds: Kinds,
  shortlists: Shortlists,
  who: readonly (CustomerResolution | null)[],
): Map<string, string> {
  const wanted = new Set<string>();
  for (let i = 0; i < transactions.length; i++)
    if (who[i] === null && kinds.at(i).kind !== 'none')
      for (const key of identityKeys(transactions[i]!)) wanted.add(key);
  const inferred = new Map<string, string>();
  if (wanted.size === 0) return inferred;
  const wantedKinds = new Set([...wanted].map(identityKindOf));
  const conflicting = new Set<string>();
  for (let i = 0; i < transactions.length; i++) {
    const customer = shortlists.topCustomer(i);
    if (shortlists.isEmpty(i) || customer === null || shortlists.topConfidence(i) < ctx.rules.autoThreshold) continue;
    for (const key of identityKeys(transactions[i]!, wantedKinds)) {
      if (!wanted.has(key)) continue;
      const prev = inferred.get(key);
      if (prev !== undefined && prev !== customer) conflicting.add(key);
      else inferred.set(key, customer);
    }
  }
  for (const key of conflicting) inferred.delete(key);
  return inferred;
}

function saleFinder(
  ctx: MatchContext,
  transactions: readonly MatchableTransaction[],
  kinds: Kinds,
  assigned: Assignments,
  who: readonly (CustomerResolution | null)[],
): SaleFinder {
  const sales: SaleRef[] = [];
  const inRun = new Set<number>();
  for (let i = 0; i < transactions.length; i++) {
    if (!kinds.isPayment(i)) continue;
    const t = transactions[i]!;
    inRun.add(t.source.transaction_id);
    sales.push({ t, customer: decide(ctx, t, assigned.get(i), who[i]!)?.candidate.customer ?? null });
  }
  // Sales of earlier runs, with the customer their proposal decided then; the run's own copy wins.
  for (const s of ctx.refunds.earlierSales) if (!inRun.has(s.t.source.transaction_id)) sales.push(s);
  return new SaleFinder(sales, ctx.prefixes, ctx.refunds.origins);
}

/**
 * The scored stage's candidates for the payer, and the payer they are of: the one given, or where the payer history
 * named it and its candidates pay nothing (no open item fits, no invoice number found any: `hasExact` false), the
 * one the payment's own words name whose candidates do (`ownWordsOver`).
 */
function scoredOfPayer(
  ctx: MatchContext,
  t: MatchableTransaction,
  payer: CustomerResolution,
  hasExact: boolean,
  explain: boolean,
): { payer: CustomerResolution; candidates: Candidate[] } {
  const candidates = scoredCandidates(ctx, t, payer, explain);
  if (!payer.fromHistory || hasExact || candidates.some((c) => c.claims.length > 0)) return { payer, candidates };
  const own = ownWordsOver(ctx, t, payer);
  const theirs = own ? scoredCandidates(ctx, t, own, explain) : [];
  return own && theirs.some((c) => c.claims.length > 0) ? { payer: own, candidates: theirs } : { payer, candidates };
}

/**
 * A payer the history names (a card that paid `history`'s customer before) with no open item to pay and no invoice
 * number: the customer the payment's own words name instead (its billing name, address, mail domain), when another,
 * its reason saying why the history gave way. A shared card (a bookkeeper's, a head office's) pays for several.
 */
function ownWordsOver(
  ctx: MatchContext,
  t: MatchableTransaction,
  history: CustomerResolution,
): CustomerResolution | null {
  const own = ctx.customers.ownWords(t);
  if (own === null || own.KUNNR === history.KUNNR) return null;
  return {
    KUNNR: own.KUNNR,
    confidence: own.confidence,
    ...(own.evidence ? { evidence: own.evidence } : {}),
    get reason() {
      return `${own.reason} (PayTrace vault id ${t.vaultCustomerId.trim()} paid the invoices of ${ctx.customers.displayName(history.KUNNR)} before, which has no open item this payment fits: a card that pays for more than one customer)`;
    },
  };
}

/**
 * The chosen candidate of payment i again, this time with its reasons (generation is deterministic): from
 * where the shortlist says it came, without building the kept one first.
 */
function explained(
  ctx: MatchContext,
  t: MatchableTransaction,
  shortlists: Shortlists,
  assigned: Assignments,
  i: number,
  exactWho: CustomerResolution | null,
  payer: CustomerResolution | null,
): Assignment {
  const at = assigned.position(i);
  const blockedBy = assigned.blockedOf(i);
  const origin = at < 0 ? null : shortlists.originAt(i, at);
  if (origin === null) return { chosen: null, blockedBy };
  const twin =
    origin.stage === 'exact-key'
      ? exactKeyCandidates(ctx, t, exactWho, true, origin.trace)[origin.ordinal]
      : origin.stage === 'scored' && payer
        ? scoredCandidates(ctx, t, payer, true)[origin.ordinal]
        : undefined;
  return { chosen: twin ?? shortlists.get(i)[at]!, blockedBy };
}

/** How many payments of the run have a candidate for each open item (counted once per payment). */
function contenders(shortlists: Shortlists, payments: Int32Array, items: number): Int32Array {
  const count = new Int32Array(items);
  const last = new Int32Array(items).fill(-1);
  const mark = (k: number, i: number): void => {
    if (last[k] === i) return;
    last[k] = i;
    count[k] = count[k]! + 1;
  };
  for (const i of payments) {
    if (shortlists.isEmpty(i)) continue;
    if (shortlists.isSingle(i)) mark(shortlists.claimItem(i), i);
    else for (const c of shortlists.get(i)) for (const k of c.claims) mark(k.index, i);
  }
  return count;
}

/**
 * Every candidate the stages find for one payment, with its reasons, as a proposal: what the
 * learned model orders for a suggestion (rank.ts). Never called within a run's join.
 */
export function alternativesFor(ctx: MatchContext, t: MatchableTransaction): EngineProposal[] {
  const who = ctx.customers.resolve(t);
  const list = stageMode(ctx.rules, 'exact-key') !== null ? exactKeyCandidates(ctx, t, who, true) : [];
  const payer = who ?? fromExact(list, ctx);
  if (payer && stageMode(ctx.rules, 'scored') !== null)
    list.push(...scoredOfPayer(ctx, t, payer, list.length > 0, true).candidates);
  return list.map((c) => finish(ctx, t, c, null, []));
}

/** A sole-amount candidate another payment of the run also wants: a clerk decides between them. */
function contested(c: Candidate): Candidate {
  return {
    ...c,
    sole: false,
    confidence: Math.min(c.confidence, 0.8),
    reasons: [...c.reasons, 'another payment in this run could pay the same item: a clerk decides'],
  };
}

/** The customer implied by stage-1 hits when the payer could not be identified directly. */
function fromExact(list: readonly Candidate[], ctx: MatchContext): CustomerResolution | null {
  const c = list.find((x) => x.customer !== null);
  return c && c.customer
    ? {
        KUNNR: c.customer,
        confidence: 0.75,
        reason: `customer ${ctx.customers.displayName(c.customer)} from the invoice number given`,
      }
    : null;
}

/** A payment's outcome: its candidate (chosen, duplicate or suspense) and extra reasons; null when nothing applies. */
interface Decision {
  readonly candidate: Candidate;
  readonly extra: string[];
}

function decide(
  ctx: MatchContext,
  t: MatchableTransaction,
  a: Assignment,
  who: CustomerResolution | null,
): Decision | null {
  const pay = t.amount.minor;
  // An invoice SAP cleared already that the payment names: unless the payment also names an open
  // item (stage 1) or lost one to another payment of the run, it likely pays that invoice again.
  if (a.blockedBy === null && a.chosen?.stage !== 'exact-key') {
    const dup = clearedDuplicate(ctx, t, who, a.chosen);
    if (dup !== null) return { candidate: dup, extra: [] };
  }
  if (a.chosen && !(a.blockedBy && a.chosen.case === 'on-account')) {
    // Named invoices applied and money left over, while the payment also names one SAP cleared: say so.
    const named = a.chosen.stage === 'exact-key' ? clearedAmongNamed(ctx, t, a.chosen) : null;
    return {
      candidate: a.chosen,
      extra: [
        ...(a.blockedBy && a.blockedBy.candidate.confidence > a.chosen.confidence
          ? [
              a.chosen.case === 'amount' && a.blockedBy.candidate.case === 'amount'
                ? takenReason(a.blockedBy)
                : blockedReason(a.blockedBy),
            ]
          : []),
        ...(named
          ? [
              `${clearedReason(named)}: the ${fmt(a.chosen.onAccount, t.amount.currency)} left on account is likely that second payment (refund it, or keep it on account)`,
            ]
          : []),
      ],
    };
  }
  if (a.blockedBy) {
    const customer = a.blockedBy.candidate.customer ?? who?.KUNNR ?? null;
    const dup = duplicateOnAccount(customer, pay, [
      blockedReason(a.blockedBy),
      customer
        ? `post ${fmt(pay, t.amount.currency)} on account of ${ctx.customers.displayName(customer)}, or refund it`
        : 'customer unknown: suspense',
    ]);
    return { candidate: dup, extra: [] };
  }
  if (stageMode(ctx.rules, 'suspense') === null) return null;
  const susp: Candidate = {
    stage: 'suspense',
    case: 'suspense',
    confidence: 0.2,
    customer: null,
    claims: [],
    onAccount: pay,
    writeOff: null,
    reasons: [
      `no invoice number found${t.invoiceId.trim() ? ` (PayTrace's invoice field says ${t.invoiceId.trim()})` : ''} and ${unknownPayer(t)}`,
      `post ${fmt(pay, t.amount.currency)} to suspense until someone identifies the payer`,
    ],
  };
  return { candidate: susp, extra: [] };
}

function paymentProposal(ctx: MatchContext, t: MatchableTransaction, d: Decision | null): EngineProposal {
  if (d === null)
    return nothing(t, 'suspense', ['no stage could place this payment and the suspense stage is switched off']);
  return finish(ctx, t, d.candidate, null, d.extra);
}

/** Why an automatic match waits for a clerk while its sale is pending settlement (see `promotedOnSettlement`). */
export const PENDING_SETTLEMENT_NOTE = 'pending settlement (it can still be voided): a clerk confirms';

/**
 * A proposal the matcher would have posted automatically but for its sale pending settlement
 * (`autoRequiresSettled`), once PayTrace settled the sale: the same proposal in the automatic tier,
 * without the note. Null for any other proposal (a lower tier for its own reasons, not settled).
 * PayTrace settles in batches hours after the sale, and a sync every few minutes sees nearly every
 * sale first as pending: without this the automatic tier would almost never post a card sale.
 */
export function promotedOnSettlement<P extends MatchProposal>(
  proposal: P,
  transaction: Pick<PaymentTransaction, 'status'>,
): P | null {
  if (proposal.tier !== 'suggest' || transaction.status !== 'settled') return null;
  if (!proposal.reasons.includes(PENDING_SETTLEMENT_NOTE)) return null;
  return { ...proposal, tier: 'auto', reasons: proposal.reasons.filter((r) => r !== PENDING_SETTLEMENT_NOTE) };
}

function tierOf(
  ctx: MatchContext,
  t: PaymentTransaction,
  c: Candidate,
): { tier: EngineProposal['tier']; note: string[] } {
  const { rules } = ctx;
  let mode = stageMode(rules, c.stage) ?? 'none';
  if (c.stage === 'scored' && stageMode(rules, 'customer') === 'suggest' && mode === 'auto') mode = 'suggest';
  // The one exception the rules may allow: the only item a certain payer's amount can mean.
  if (c.sole && mode !== 'none' && rules.soleAmount === 'auto') mode = 'auto';
  // A likely duplicate is money a clerk places (on account or refunded), whatever the thresholds.
  if (c.case === 'duplicate' && mode === 'auto') mode = 'suggest';
  if (c.stage === 'suspense') return { tier: mode === 'none' ? 'none' : 'suggest', note: [] };
  if (mode === 'none') return { tier: 'none', note: [] };
  if (mode === 'auto' && c.confidence >= rules.autoThreshold) {
    if (!rules.autoRequiresSettled || t.status === 'settled') return { tier: 'auto', note: [] };
    return { tier: 'suggest', note: [PENDING_SETTLEMENT_NOTE] };
  }
  return { tier: c.confidence >= rules.suggestThreshold ? 'suggest' : 'none', note: [] };
}

function finish(
  ctx: MatchContext,
  t: MatchableTransaction,
  c: Candidate,
  related: number | null,
  extra: string[],
): EngineProposal {
  const cur = t.amount.currency;
  const { tier, note } = tierOf(ctx, t, c);
  const items: AppliedItem[] = [];
  for (const k of c.claims) {
    const item = ctx.items[k.index]!.source;
    items.push(
      k.writeOff === 0
        ? { item, amount: money(k.cash, cur) }
        : { item, amount: money(k.cash, cur), writeOff: money(k.writeOff, cur) },
    );
  }
  const reasons = extra.length === 0 && note.length === 0 ? c.reasons : [...c.reasons, ...extra, ...note];
  const first = c.claims[0];
  return {
    transactionId: t.source.transaction_id,
    tier,
    confidence: round3(c.confidence),
    customer: c.customer,
    companyCode: first
      ? ctx.items[first.index]!.source.BUKRS
      : (c.companyCode ?? companyCodeOf(ctx, c.customer, cur, c.stage === 'refund')),
    items,
    onAccount: c.onAccount === 0 ? zeroOf(cur) : money(c.onAccount, cur),
    reasons,
    rule: ruleName(c.stage, c.case),
    case: c.case,
    writeOff: c.writeOff ? { amount: money(c.writeOff.minor, cur), gl: c.writeOff.gl, why: c.writeOff.why } : null,
    relatedTransactionId: related,
  };
}

const ruleNames = new Map<string, Map<ProposalCase, string>>();
/** One shared string per stage/case pair rather than a new one per proposal (nor a key built to look it up). */
function ruleName(stage: string, kind: ProposalCase): string {
  let byCase = ruleNames.get(stage);
  if (!byCase) ruleNames.set(stage, (byCase = new Map()));
  let name = byCase.get(kind);
  if (name === undefined) byCase.set(kind, (name = `${stage}/${kind}`));
  return name;
}

const zeros = new Map<string, Money>();
/** One shared zero per currency: Money is immutable, and a million proposals mostly owe nothing on account. */
function zeroOf(currency: string): Money {
  let z = zeros.get(currency);
  if (!z) zeros.set(currency, (z = Object.freeze(money(0, currency))));
  return z;
}

/**
 * The company code of a proposal that applies nothing: where the customer has items open in the currency, else, for
 * a refund (its sale's payment took the invoice, so nothing of the customer is open), the customer's one company code.
 */
function companyCodeOf(ctx: MatchContext, customer: string | null, currency: string, refund: boolean): string | null {
  if (customer === null) return null;
  for (const i of ctx.index.ofCustomer(customer)) {
    const item = ctx.items[i]!;
    if (item.amount.currency === currency) return item.source.BUKRS;
  }
  if (!refund) return null;
  const codes = ctx.customers.companyCodesOf(customer);
  return codes.length === 1 ? codes[0]! : null;
}

function nothing(t: PaymentTransaction, kind: ProposalCase, reasons: string[]): EngineProposal {
  return {
    transactionId: t.source.transaction_id,
    tier: 'none',
    confidence: 0,
    customer: null,
    companyCode: null,
    items: [],
    onAccount: money(0, t.amount.currency),
    reasons,
    rule: `none/${kind}`,
    case: kind,
    writeOff: null,
    relatedTransactionId: null,
  };
}
