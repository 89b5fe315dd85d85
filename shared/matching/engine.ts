// The reconciliation engine: PayTrace transactions and SAP open items in, one proposal per
// transaction out, in input order. Pure and deterministic.
import type { AppliedItem, PaymentTransaction } from '../domain';
import { type Money, money } from '../money';
import { type Assignment, assignGreedy, blockedReason, type Contender } from './assign';
import { type Candidate, fmt, round3 } from './candidate';
import { createMatchContext, type MatchContext } from './context';
import { type CustomerResolution, identityKeys } from './customer-resolver';
import { exactKeyCandidates } from './exact-stage';
import { refundCandidate, SaleFinder, type SaleRef } from './refunds';
import { DEFAULT_RULES, type MatchingRules, type StageId, stageMode } from './rules';
import { scoredCandidates } from './scored-stage';
import type { EngineProposal, MatchableTransaction, MatchInput, ProposalCase } from './types';

export function matchPayments(input: MatchInput, rules: MatchingRules = DEFAULT_RULES): EngineProposal[] {
  const ctx = createMatchContext(input.openItems, input.customers ?? [], input.aliases ?? [], rules);
  return matchWithContext(ctx, input.transactions);
}

type Kind = { kind: 'payment' } | { kind: 'refund' } | { kind: 'none'; case: ProposalCase; reason: string };

const PAYMENT: Kind = { kind: 'payment' };
const REFUND: Kind = { kind: 'refund' };

function classify(t: PaymentTransaction, seen: Set<number>): Kind {
  const id = t.source.transaction_id;
  if (seen.has(id)) return { kind: 'none', case: 'bad-record', reason: `transaction ${id} appears more than once in the input; only the first is matched` };
  seen.add(id);
  if (t.kind === 'void' || t.status === 'voided') return { kind: 'none', case: 'not-payable', reason: 'voided before settlement: no money moved, nothing to post' };
  if (t.status === 'declined') return { kind: 'none', case: 'not-payable', reason: 'declined: no money moved, nothing to post' };
  if (t.kind === 'authorization' || t.status === 'authorized') return { kind: 'none', case: 'not-payable', reason: 'authorization only, never captured: no money moved, nothing to post' };
  if (t.amount.minor <= 0) return { kind: 'none', case: 'bad-record', reason: `amount ${fmt(t.amount.minor, t.amount.currency)} is not positive` };
  return t.kind === 'refund' ? REFUND : PAYMENT;
}

export function matchWithContext(ctx: MatchContext, transactions: readonly MatchableTransaction[]): EngineProposal[] {
  const { rules } = ctx;
  const has = (s: StageId): boolean => stageMode(rules, s) !== null;
  const seen = new Set<number>();
  const kinds = transactions.map((t) => classify(t, seen));
  const who: (CustomerResolution | null)[] = transactions.map((t, i) => (kinds[i]!.kind !== 'none' && has('customer') ? ctx.customers.resolve(t) : null));

  // Stage 1 for every payment.
  // Without reasons: only the chosen candidate is explained, after the run has decided.
  const candidates: Candidate[][] = transactions.map((t, i) => (kinds[i]!.kind === 'payment' && has('exact-key') ? exactKeyCandidates(ctx, t, who[i]!, false) : []));
  const exactWho = who.slice();

  // What this run's sure matches teach about payers (a vault id paying customer X's invoices).
  const inferred = new Map<string, string>();
  const conflicting = new Set<string>();
  candidates.forEach((list, i) => {
    const top = list[0];
    if (!top || top.customer === null || top.confidence < rules.autoThreshold) return;
    for (const key of identityKeys(transactions[i]!)) {
      const prev = inferred.get(key);
      if (prev !== undefined && prev !== top.customer) conflicting.add(key);
      else inferred.set(key, top.customer);
    }
  });
  for (const key of conflicting) inferred.delete(key);

  // Stages 2 and 3 where stage 1 was not sure.
  transactions.forEach((t, i) => {
    if (kinds[i]!.kind === 'none') return;
    if (who[i] === null && has('customer')) who[i] = ctx.customers.resolve(t, inferred);
    if (kinds[i]!.kind !== 'payment' || !has('scored')) return;
    const list = candidates[i]!;
    if (list.length > 0 && Math.max(...list.map((c) => c.confidence)) >= rules.autoThreshold) return;
    const payer = who[i] ?? fromExact(list, ctx);
    if (payer) list.push(...scoredCandidates(ctx, t, payer));
  });
  const stageRank = (s: StageId): number => rules.stages.findIndex((x) => x.id === s);
  for (const list of candidates) list.sort((a, b) => b.confidence - a.confidence || stageRank(a.stage) - stageRank(b.stage));

  const contenders: Contender[] = [];
  transactions.forEach((t, i) => {
    if (kinds[i]!.kind === 'payment') contenders.push({ order: i, transactionId: t.source.transaction_id, createdAt: t.createdAt.utc, candidates: candidates[i]! });
  });
  const assigned = assignGreedy(contenders, ctx.items);

  const out: EngineProposal[] = new Array(transactions.length);
  transactions.forEach((t, i) => {
    const k = kinds[i]!;
    if (k.kind === 'none') out[i] = nothing(t, k.case, [k.reason]);
    else if (k.kind === 'payment') out[i] = paymentProposal(ctx, t, explained(ctx, t, assigned.get(i)!, exactWho[i]!), who[i]!);
    candidates[i] = []; // the losers are not needed any more: let them go before the next pass
  });
  assigned.clear();

  // Refunds last: they point at the sale, whose customer is now known.
  if (has('refund')) {
    const sales: SaleRef[] = [];
    transactions.forEach((t, i) => {
      if (kinds[i]!.kind === 'payment') sales.push({ t, customer: out[i]!.customer });
    });
    const finder = new SaleFinder(sales, ctx.prefixes);
    transactions.forEach((t, i) => {
      if (kinds[i]!.kind !== 'refund') return;
      const cand = refundCandidate(t, finder.find(t), who[i]!);
      out[i] = finish(ctx, t, cand, cand.related, []);
    });
  }
  transactions.forEach((t, i) => {
    if (out[i] === undefined) out[i] = nothing(t, 'not-payable', ['refunds are not matched: the refund stage is switched off in the rules']);
  });
  return out;
}

/** The chosen stage-1 candidate again, this time with its reasons (generation is deterministic). */
function explained(ctx: MatchContext, t: MatchableTransaction, a: Assignment, who: CustomerResolution | null): Assignment {
  if (!a.chosen || a.chosen.stage !== 'exact-key') return a;
  const twin = exactKeyCandidates(ctx, t, who, true)[a.chosen.ordinal ?? 0];
  return twin ? { chosen: twin, blockedBy: a.blockedBy } : a;
}

/** The customer implied by stage-1 hits when the payer could not be identified directly. */
function fromExact(list: readonly Candidate[], ctx: MatchContext): CustomerResolution | null {
  const c = list.find((x) => x.customer !== null);
  return c && c.customer ? { KUNNR: c.customer, confidence: 0.75, reason: `customer ${ctx.customers.displayName(c.customer)} from the invoice number given` } : null;
}

function paymentProposal(ctx: MatchContext, t: MatchableTransaction, a: Assignment, who: CustomerResolution | null): EngineProposal {
  const pay = t.amount.minor;
  if (a.chosen && !(a.blockedBy && a.chosen.case === 'on-account')) {
    return finish(ctx, t, a.chosen, null, a.blockedBy && a.blockedBy.candidate.confidence > a.chosen.confidence ? [blockedReason(a.blockedBy)] : []);
  }
  if (a.blockedBy) {
    const customer = a.blockedBy.candidate.customer ?? who?.KUNNR ?? null;
    const dup: Candidate = {
      stage: 'scored',
      case: 'duplicate',
      confidence: 0.4,
      customer,
      claims: [],
      onAccount: pay,
      writeOff: null,
      reasons: [blockedReason(a.blockedBy), customer ? `post ${fmt(pay, t.amount.currency)} on account of ${ctx.customers.displayName(customer)}, or refund it` : 'customer unknown: suspense'],
    };
    return finish(ctx, t, dup, null, []);
  }
  const mode = stageMode(ctx.rules, 'suspense');
  if (mode === null) return nothing(t, 'suspense', ['no stage could place this payment and the suspense stage is switched off']);
  const name = t.billingName.trim();
  const susp: Candidate = {
    stage: 'suspense',
    case: 'suspense',
    confidence: 0.2,
    customer: null,
    claims: [],
    onAccount: pay,
    writeOff: null,
    reasons: [
      `no invoice number found${t.invoiceId.trim() ? ` (PayTrace's invoice field says ${t.invoiceId.trim()})` : ''} and the customer is unknown (billing name "${name}"${t.vaultCustomerId ? `, vault id ${t.vaultCustomerId}` : ', no vault id'})`,
      `post ${fmt(pay, t.amount.currency)} to suspense until someone identifies the payer`,
    ],
  };
  return finish(ctx, t, susp, null, []);
}

function tierOf(ctx: MatchContext, t: PaymentTransaction, c: Candidate): { tier: EngineProposal['tier']; note: string[] } {
  const { rules } = ctx;
  let mode = stageMode(rules, c.stage) ?? 'none';
  if (c.stage === 'scored' && stageMode(rules, 'customer') === 'suggest' && mode === 'auto') mode = 'suggest';
  if (c.stage === 'suspense') return { tier: mode === 'none' ? 'none' : 'suggest', note: [] };
  if (mode === 'none') return { tier: 'none', note: [] };
  if (mode === 'auto' && c.confidence >= rules.autoThreshold) {
    if (!rules.autoRequiresSettled || t.status === 'settled') return { tier: 'auto', note: [] };
    return { tier: 'suggest', note: ['pending settlement (it can still be voided): a clerk confirms'] };
  }
  return { tier: c.confidence >= rules.suggestThreshold ? 'suggest' : 'none', note: [] };
}

function finish(ctx: MatchContext, t: MatchableTransaction, c: Candidate, related: number | null, extra: string[]): EngineProposal {
  const cur = t.amount.currency;
  const { tier, note } = tierOf(ctx, t, c);
  const items: AppliedItem[] = c.claims.map((k) => ({ item: ctx.items[k.index]!.source, amount: money(k.cash, cur) }));
  const reasons = extra.length === 0 && note.length === 0 ? c.reasons : [...c.reasons, ...extra, ...note];
  // Reading a character flattens V8's concatenation tree: half the memory per reason at 1M proposals.
  for (const r of reasons) r.charCodeAt(0);
  const first = c.claims[0];
  return {
    transactionId: t.source.transaction_id,
    tier,
    confidence: round3(c.confidence),
    customer: c.customer,
    companyCode: first ? ctx.items[first.index]!.source.BUKRS : companyCodeOf(ctx, c.customer, cur),
    items,
    onAccount: c.onAccount === 0 ? zeroOf(cur) : money(c.onAccount, cur),
    reasons,
    rule: `${c.stage}/${c.case}`,
    case: c.case,
    writeOff: c.writeOff ? { amount: money(c.writeOff.minor, cur), gl: c.writeOff.gl, why: c.writeOff.why } : null,
    relatedTransactionId: related,
  };
}

const zeros = new Map<string, Money>();
/** One shared zero per currency: Money is immutable, and a million proposals mostly owe nothing on account. */
function zeroOf(currency: string): Money {
  let z = zeros.get(currency);
  if (!z) zeros.set(currency, (z = Object.freeze(money(0, currency))));
  return z;
}

function companyCodeOf(ctx: MatchContext, customer: string | null, currency: string): string | null {
  if (customer === null) return null;
  for (const i of ctx.index.ofCustomer(customer)) {
    const item = ctx.items[i]!;
    if (item.amount.currency === currency) return item.source.BUKRS;
  }
  return null;
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
