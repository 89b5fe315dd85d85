// Applying the learned model (model.ts) to a run's proposals, after the run: every payment's
// proposal gets its probability and the features that decided; a suggestion is offered first by
// the model among the candidates the stages found for it that are still free. The rules stay the
// gate: an automatic proposal is kept as the rules made it, and the model never makes one.
import type { OpenItem } from '../domain';
import type { MatchContext } from './context';
import { alternativesFor } from './engine';
import { explain, type FeatureVector, type MatchModel, matchFeatures, probability } from './model';
import type { EngineProposal, MatchableTransaction } from './types';

const keyOf = (k: OpenItem['source']): string => `${k.BUKRS}/${k.BELNR}/${k.GJAHR}/${k.BUZEI}`;

/**
 * When the model may offer another suggestion first than the rules' choice: only one the rules rate
 * nearly as high (its confidence at most `closeConfidence` below the rules' choice), and only when the
 * model is clearly surer of it (its probability at least `margin` above the rules' choice). A suggestion
 * the rules rate well below theirs is scored and counted but never put first: the model breaks near
 * ties, it does not overrule a clear rule (the accuracy test checks it never turns a right first
 * proposal into a wrong one on the labelled set).
 */
export interface RankGuard {
  readonly closeConfidence: number;
  readonly margin: number;
}
export const RANK_GUARD: RankGuard = { closeConfidence: 0.05, margin: 0.1 };

/** Cases decided by the rules alone: nothing for the model to order. */
const RULES_ONLY = new Set<EngineProposal['case']>(['duplicate', 'suspense', 'refund', 'not-payable', 'bad-record']);

export function applyModel(
  ctx: MatchContext,
  transactions: readonly MatchableTransaction[],
  proposals: readonly EngineProposal[],
  model: MatchModel,
  history: ReadonlyMap<string, number> = new Map(),
  guard: RankGuard = RANK_GUARD,
): EngineProposal[] {
  const indexOf = itemIndex(ctx);
  // What the run's proposals take of each item, so an alternative never takes what another payment has.
  const taken = new Float64Array(ctx.items.length);
  const take = (p: EngineProposal, sign: 1 | -1): void => {
    for (const a of p.items) {
      const k = indexOf.get(keyOf(a.item));
      if (k !== undefined) taken[k] = taken[k]! + sign * (a.amount.minor + (a.writeOff?.minor ?? 0));
    }
  };
  for (const p of proposals) take(p, 1);
  const txById = new Map(transactions.map((t) => [t.source.transaction_id, t]));

  const featuresOf = (t: MatchableTransaction, p: EngineProposal, rulesFirst: boolean): FeatureVector =>
    proposalFeatures(ctx, t, p, history, rulesFirst);

  const free = (p: EngineProposal, own: EngineProposal): boolean => {
    for (const a of p.items) {
      const k = indexOf.get(keyOf(a.item));
      if (k === undefined) return false;
      let mine = 0;
      for (const b of own.items) if (keyOf(b.item) === keyOf(a.item)) mine += b.amount.minor + (b.writeOff?.minor ?? 0);
      const want = a.amount.minor + (a.writeOff?.minor ?? 0);
      if (taken[k]! - mine + want > ctx.items[k]!.amount.minor) return false;
    }
    return true;
  };

  return proposals.map((p) => {
    const t = txById.get(p.transactionId);
    if (!t || t.kind === 'refund' || p.case === 'not-payable' || p.case === 'bad-record') return p;
    const x = featuresOf(t, p, true);
    if (p.tier !== 'suggest' || RULES_ONLY.has(p.case))
      return { ...p, explanation: explain(model, x, { by: 'rules', of: 1 }, p.items.length) };
    // The suggestions: the engine's choice first (it wins a tie), then every other free candidate.
    const seen = new Set([signature(p)]);
    const options: { p: EngineProposal; x: FeatureVector; score: number }[] = [{ p, x, score: probability(model, x) }];
    for (const alt of alternativesFor(ctx, t)) {
      const sig = signature(alt);
      if (seen.has(sig) || alt.tier !== 'suggest' || alt.items.length === 0 || !free(alt, p)) continue;
      seen.add(sig);
      const ax = featuresOf(t, alt, false);
      options.push({ p: alt, x: ax, score: probability(model, ax) });
    }
    const first = options[0]!;
    let best = first;
    for (const o of options)
      if (
        o.score > best.score &&
        first.p.confidence - o.p.confidence <= guard.closeConfidence &&
        o.score - first.score >= guard.margin
      )
        best = o;
    const ranked = { by: options.length > 1 ? ('model' as const) : ('rules' as const), of: options.length };
    if (best.p === p) return { ...p, explanation: explain(model, x, ranked, p.items.length) };
    take(p, -1);
    take(best.p, 1);
    const reasons = [
      ...best.p.reasons,
      `offered first by the learned model of ${options.length} suggestions (the rules preferred ${describe(p)})`,
    ];
    return { ...best.p, reasons, explanation: explain(model, best.x, ranked, best.p.items.length) };
  });
}

const indexes = new WeakMap<MatchContext, Map<string, number>>();
/** The run's items by key, built once per context. */
function itemIndex(ctx: MatchContext): Map<string, number> {
  let m = indexes.get(ctx);
  if (!m) {
    m = new Map();
    for (let i = 0; i < ctx.items.length; i++) m.set(keyOf(ctx.items[i]!.source), i);
    indexes.set(ctx, m);
  }
  return m;
}

/** The features of one proposal of a payment (the engine's, an alternative, or a clerk's correction). */
export function proposalFeatures(
  ctx: MatchContext,
  t: MatchableTransaction,
  p: Pick<EngineProposal, 'items' | 'customer' | 'onAccount' | 'writeOff' | 'case'>,
  history: ReadonlyMap<string, number>,
  rulesFirst: boolean,
): FeatureVector {
  const indexOf = itemIndex(ctx);
  const items: OpenItem[] = [];
  for (const a of p.items) {
    const k = indexOf.get(keyOf(a.item));
    if (k !== undefined) items.push(ctx.items[k]!);
  }
  const payer = ctx.customers.resolve(t);
  const customer = p.customer;
  return matchFeatures({
    transaction: t,
    items,
    onAccountMinor: p.onAccount.minor,
    writeOff: p.writeOff != null,
    customer,
    payer: payer ? { KUNNR: payer.KUNNR, evidence: payer.evidence } : null,
    related: payer !== null && customer !== null && ctx.customers.relation(payer.KUNNR, customer) !== null,
    sole: items.length === 1 && customer !== null && soleAmount(ctx, customer, t),
    history: customer === null ? 0 : (history.get(customer) ?? 0),
    duplicate: p.case === 'duplicate',
    rulesFirst,
    prefixes: ctx.prefixes,
  });
}

/** The only open item of exactly the payment's amount among the customer's and its group's. */
function soleAmount(ctx: MatchContext, customer: string, t: MatchableTransaction): boolean {
  let n = 0;
  for (const c of ctx.customers.related(customer))
    for (const i of ctx.index.ofCustomer(c)) {
      const a = ctx.items[i]!.amount;
      if (a.minor === t.amount.minor && a.currency === t.amount.currency && ++n > 1) return false;
    }
  return n === 1;
}

const signature = (p: EngineProposal): string =>
  `${p.customer ?? ''}|${p.items.map((a) => `${keyOf(a.item)}=${a.amount.minor}/${a.writeOff?.minor ?? 0}`).join(',')}|${p.onAccount.minor}`;

function describe(p: EngineProposal): string {
  if (p.items.length === 0) return `on account of ${p.customer ?? 'no customer'}`;
  return p.items.map((a) => `${a.item.BUKRS}/${a.item.BELNR}/${a.item.GJAHR}`).join(', ');
}
