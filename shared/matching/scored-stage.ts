// Stage 3: the customer is known but no invoice number matched. Candidates among the customer's
// open items in the payment's currency and date window: equal amount, an invoice less an open credit
// of the customer, within tolerance, less an earned discount, or several invoices adding up (bounded
// subset sum). Otherwise on account.
import {
  type Candidate,
  compareItems,
  describeItem,
  type Fit,
  fitOne,
  fitReason,
  accountedFit,
  fmt,
  NO_REASONS,
  round3,
} from './candidate';
import type { MatchContext } from './context';
import type { CustomerResolution } from './customer-resolver';
import { paymentDay } from './discount';
import { creditFor, creditNote } from './exact-stage';
import { editDistanceWithin, normaliseReference } from './keys';
import { findSubsetSum } from './subset-sum';
import type { MatchableTransaction } from './types';

const DAY = 86_400_000;

/**
 * A payer named by an identifier rather than by a likeness: the resolver's vault id, SAP number,
 * exact e-mail, taught alias, or name and address together. A name alone, a mail domain, an address
 * or what this run's other matches suggest rank lower (customer-resolver.ts).
 */
const SURE_PAYER = 0.9;
/** How sure an amount is that is the only one its certain payer could mean. */
const SOLE_CONFIDENCE = 0.95;
const SOLE_REASON =
  'no invoice number, but the payer is certain and no other open item of the customer or its group (KNB1-KNRZE, KNA1-KONZS) is for that amount';

/**
 * An amount equal to several of the customer's open items: one of them is paid, which one needs a clerk. Still
 * surer than any single item the payment differs from (a tolerance, a short payment, several items
 * adding up): an equal amount is what a payment without an invoice number most often is, and the difference
 * would be a guess on top of the guess. Only an earned discount, confirmed to the cent by the item's own
 * terms and dates, ranks above it.
 */
const AMBIGUOUS_EQUAL = 0.72;
/** How many more items of an equal amount a payment keeps as candidates after the first (a year of monthly invoices). */
const MAX_EQUAL_ALTERNATIVES = 11;

/** Without an invoice number, how much less sure each kind of difference is than an equal amount. */
const SCORED_PENALTY = { discount: -0.05, tolerance: 0, 'short-pay': 0.15 } as const;

function inWindow(ctx: MatchContext, i: number, payDay: number, windowDays: number): boolean {
  const d = ctx.index.documentTime(i);
  return Number.isNaN(d) || (d >= payDay - windowDays * DAY && d <= payDay + 7 * DAY);
}

/** What the helpers below share for one payment (passed along instead of captured in closures). */
interface Scope {
  readonly ctx: MatchContext;
  readonly who: CustomerResolution;
  readonly typedKey: string;
  readonly scale: number;
}

/** The invoice number typed is within 2 edits of the item's reference (a typo). */
function similar(s: Scope, i: number): boolean {
  if (!s.typedKey) return false;
  const ref = normaliseReference(s.ctx.items[i]!.reference, s.ctx.prefixes);
  return ref !== '' && editDistanceWithin(s.typedKey, ref, 2) <= 2;
}

function candidate(s: Scope, c: Omit<Candidate, 'stage' | 'customer'>): Candidate {
  return {
    stage: 'scored',
    case: c.case,
    confidence: round3(c.confidence * s.scale),
    customer: s.who.KUNNR,
    claims: c.claims,
    onAccount: c.onAccount,
    writeOff: c.writeOff,
    reasons: c.reasons,
    ordinal: 0,
  };
}

/**
 * What a senior clerk posts without looking although no invoice number is given: the payer is
 * certain, the payment says nothing that could name another item (no reference, no number in its
 * description), item `index` is dated on or before the payment's day and is the only open item of exactly the amount among every customer
 * SAP relates to the payer or to the item's customer (head office, branches, group), in any
 * company code and whatever its date. The engine still leaves it to a clerk when another payment
 * of the run could pay the same item (engine.ts).
 */
function soleAmount(s: Scope, t: MatchableTransaction, index: number): boolean {
  if (s.who.confidence < SURE_PAYER) return false;
  if (t.invoiceId.trim() !== '' || t.customerReferenceId.trim() !== '' || /\d{4,}/.test(t.description)) return false;
  const { ctx } = s;
  const { index: idx } = ctx;
  const item = ctx.items[index]!;
  const pay = t.amount.minor;
  // An invoice dated after the payment did not exist when the customer paid: a prepayment a clerk places.
  if (idx.documentTime(index) > Date.parse(paymentDay(t))) return false;
  const currency = idx.currencyOrdinal(item.amount.currency);
  const family = ctx.customers.related(s.who.KUNNR);
  for (const k of ctx.customers.related(item.customer)) family.add(k);
  for (const k of family)
    for (const i of idx.ofCustomer(k))
      if (i !== index && idx.amountOf(i) === pay && idx.inCurrency(i, currency)) return false;
  return true;
}

/**
 * What the invoice number typed in PayTrace is, when the scored stage looks at the payer's items instead: not an
 * open item at all, or one of another customer the payer is not (a typo, or the other's invoice by mistake).
 */
function typedNumberNote(ctx: MatchContext, t: MatchableTransaction, who: CustomerResolution, key: string): string {
  const typed = t.invoiceId.trim();
  const named = ctx.index.lookup(key).map((h) => ctx.items[h.index]!);
  const others = [...new Set(named.filter((it) => it.customer !== who.KUNNR).map((it) => it.customer))];
  if (others.length === 0) {
    // The payer's own item by that number, which the exact stage could not apply: say why.
    const own = named.find((it) => it.customer === who.KUNNR);
    if (own && own.amount.minor < 0)
      return `${typed} in PayTrace's invoice field is an open credit of the payer, ${describeItem(own)}, not an invoice: a payment does not clear it`;
    if (own && own.amount.currency !== t.amount.currency)
      return `invoice ${typed} in PayTrace's invoice field is open in ${own.amount.currency} (${describeItem(own)}), and the payment is in ${t.amount.currency}: not applied to it`;
    return `invoice ${typed} in PayTrace's invoice field is not an open item`;
  }
  return `invoice ${typed} in PayTrace's invoice field is an open item of ${others.map((k) => ctx.customers.displayName(k)).join(' and ')}, not of this payer: not applied to it`;
}

/**
 * Candidates best first, on account last. Without `explain` they carry no reasons; the engine
 * asks again with `explain` for the one it chooses (same input, same list, same ordinals).
 */
export function scoredCandidates(
  ctx: MatchContext,
  t: MatchableTransaction,
  who: CustomerResolution,
  explain = true,
): Candidate[] {
  const pay = t.amount.minor;
  const currency = t.amount.currency;
  const payDay = Date.parse(t.createdAt.utc.slice(0, 10));
  const items = ctx.items;
  // The items' amounts and currencies from the index's flat arrays (open-item-index.ts): this runs for every
  // payment without an invoice number, over every open item of its customer.
  const idx = ctx.index;
  const inPayment = idx.currencyOrdinal(currency);
  const pool: number[] = [];
  for (const i of idx.ofCustomer(who.KUNNR))
    if (idx.inCurrency(i, inPayment) && idx.amountOf(i) > 0 && inWindow(ctx, i, payDay, ctx.rules.dateWindowDays))
      pool.push(i);
  pool.sort((a, b) => compareItems(items[a]!, items[b]!));
  const typedKey = normaliseReference(t.invoiceId, ctx.prefixes);
  const lead = explain ? [who.reason, ...(typedKey ? [typedNumberNote(ctx, t, who, typedKey)] : [])] : NO_REASONS;
  const s: Scope = { ctx, who, typedKey, scale: who.confidence / 0.95 };
  const out: Candidate[] = [];

  const equal = pool.filter((i) => idx.amountOf(i) === pay);
  if (equal.length > 0) {
    const pick = equal.find((i) => similar(s, i)) ?? equal[0]!;
    const looksLike = similar(s, pick);
    const unique = equal.length === 1;
    const sole = unique && soleAmount(s, t, pick);
    const scored = candidate(s, {
      case: 'amount',
      confidence: (unique ? 0.8 : AMBIGUOUS_EQUAL) + (looksLike ? 0.05 : 0),
      claims: [{ index: pick, cash: pay, writeOff: 0 }],
      onAccount: 0,
      writeOff: null,
      reasons: explain
        ? [
            ...lead,
            ...(looksLike
              ? [`the invoice number typed looks like ${items[pick]!.reference} (at most 2 characters differ)`]
              : []),
            unique
              ? `the only open item of that customer for ${fmt(pay, currency)}: ${describeItem(items[pick]!)}${sole ? `; ${SOLE_REASON}` : ''}`
              : `ambiguous, not automatic: ${equal.length} open items for ${fmt(pay, currency)} and no invoice number that tells them apart: ${equal
                  .slice(0, 4)
                  .map((i) => describeItem(items[i]!))
                  .join(
                    ' and ',
                  )}${equal.length > 4 ? ' and more' : ''}; ${looksLike ? 'the similar number' : 'the oldest'} first: ${describeItem(items[pick]!)}`,
          ]
        : NO_REASONS,
    });
    out.push(sole ? { ...scored, confidence: SOLE_CONFIDENCE, sole: true } : scored);
    // The others of the amount, oldest first, each a little less sure: when another payment of the run takes
    // the first (two payments of two equal invoices), this one takes the next rather than look like a duplicate.
    const others = equal.filter((i) => i !== pick).slice(0, MAX_EQUAL_ALTERNATIVES);
    for (let k = 0; k < others.length; k++) {
      const i = others[k]!;
      out.push(
        candidate(s, {
          case: 'amount',
          confidence: AMBIGUOUS_EQUAL - 0.01 * (k + 1),
          claims: [{ index: i, cash: pay, writeOff: 0 }],
          onAccount: 0,
          writeOff: null,
          reasons: explain
            ? [
                ...lead,
                `ambiguous, not automatic: ${equal.length} open items for ${fmt(pay, currency)} and no invoice number that tells them apart; another of them: ${describeItem(items[i]!)}`,
              ]
            : NO_REASONS,
        }),
      );
    }
  }

  const day = paymentDay(t);
  if (equal.length === 0) {
    // A head office pays for its branches (KNB1-KNRZE): one branch item of exactly the amount.
    const found: number[] = [];
    for (const branch of ctx.customers.branchesOf(who.KUNNR))
      for (const i of idx.ofCustomer(branch))
        if (
          idx.inCurrency(i, inPayment) &&
          idx.amountOf(i) === pay &&
          inWindow(ctx, i, payDay, ctx.rules.dateWindowDays)
        )
          found.push(i);
    if (found.length === 1) {
      const i = found[0]!;
      const sole = soleAmount(s, t, i);
      out.push({
        stage: 'scored',
        case: 'amount',
        confidence: sole ? SOLE_CONFIDENCE : round3(0.7 * s.scale),
        ...(sole ? { sole: true } : {}),
        customer: items[i]!.customer,
        claims: [{ index: i, cash: pay, writeOff: 0 }],
        onAccount: 0,
        writeOff: null,
        reasons: explain
          ? [
              ...lead,
              `paid by the head office of ${ctx.customers.displayName(items[i]!.customer)} (KNB1-KNRZE): the only open item of its branches for ${fmt(pay, currency)}: ${describeItem(items[i]!)}${sole ? `; ${SOLE_REASON}` : ''}`,
            ]
          : NO_REASONS,
        ordinal: 0,
      });
    }
  }

  // An invoice less an open credit of the customer (a credit memo for returned goods, a credit on account): the
  // customer pays the difference, and both are cleared. Exact to the cent, so surer than a difference written off
  // (which would leave the credit open and give the customer its value twice).
  const credits = new Set<number>();
  for (const i of idx.ofCustomer(who.KUNNR))
    if (idx.inCurrency(i, inPayment) && idx.amountOf(i) < 0) credits.add(-idx.amountOf(i));
  if (credits.size > 0) {
    const netted: { invoice: number; credit: NonNullable<ReturnType<typeof creditFor>> }[] = [];
    for (const i of pool) {
      const short = idx.amountOf(i) - pay;
      if (short <= 0 || !credits.has(short)) continue;
      const credit = creditFor(ctx, t, i, short);
      if (credit !== null) netted.push({ invoice: i, credit });
    }
    const named = netted.filter((n) => n.credit.named);
    const pick = named.length === 1 ? named[0] : netted.length === 1 ? netted[0] : undefined;
    if (pick) {
      const inv = items[pick.invoice]!;
      const memo = items[pick.credit.index]!;
      out.push(
        candidate(s, {
          case: 'credit-memo',
          confidence: pick.credit.named ? 0.8 : 0.75,
          claims: [
            { index: pick.invoice, cash: inv.amount.minor, writeOff: 0 },
            { index: pick.credit.index, cash: memo.amount.minor, writeOff: 0 },
          ],
          onAccount: 0,
          writeOff: null,
          reasons: explain
            ? [
                ...lead,
                `${describeItem(inv)} less the open credit ${describeItem(memo)} ${creditNote(pick.credit)} is ${fmt(pay, currency)}: both are cleared`,
              ]
            : NO_REASONS,
        }),
      );
    }
  }

  const allFits = pool.map((i) =>
    fitOne(pay, i, idx.amountOf(i), currency, ctx.rules, idx.hasDiscountTerms(i) ? items[i] : undefined, day),
  );
  for (const kind of ['discount', 'tolerance', 'short-pay'] as const) {
    const fits = allFits.filter((f) => f.case === kind);
    if (fits.length === 0) continue;
    const picked: Fit = fits.find((x) => similar(s, x.claim.index)) ?? fits[0]!;
    const f = accountedFit(picked, ctx.glRules, items[picked.claim.index]!.source.BUKRS, t.cardBrand);
    out.push(
      candidate(s, {
        case: kind,
        confidence: (fits.length === 1 ? 0.7 : 0.45) - SCORED_PENALTY[kind],
        claims: [f.claim],
        onAccount: 0,
        writeOff: f.writeOff,
        reasons: explain ? [...lead, `${describeItem(items[f.claim.index]!)}: ${fitReason(f, currency)}`] : NO_REASONS,
      }),
    );
  }

  const near = pool.slice(-ctx.rules.multiInvoice.maxCandidates);
  const subset = findSubsetSum(
    near.map((i) => idx.amountOf(i)),
    pay,
    { minItems: 2, maxItems: ctx.rules.multiInvoice.maxItems, budget: 20_000 },
  );
  if (subset) {
    const chosen = subset.map((k) => near[k]!);
    out.push(
      candidate(s, {
        case: 'multi',
        confidence: 0.65,
        claims: chosen.map((i) => ({ index: i, cash: items[i]!.amount.minor, writeOff: 0 })),
        onAccount: 0,
        writeOff: null,
        reasons: explain
          ? [
              ...lead,
              `${chosen.length} open items add up to the payment (${fmt(pay, currency)}): ${chosen.map((i) => items[i]!.reference || items[i]!.source.BELNR).join(', ')}`,
            ]
          : NO_REASONS,
      }),
    );
  }

  out.sort((a, b) => b.confidence - a.confidence);
  const alone = out.length === 0;
  out.push({
    stage: 'scored',
    customer: who.KUNNR,
    case: 'on-account',
    confidence: 0.35,
    claims: [],
    onAccount: pay,
    writeOff: null,
    reasons: explain
      ? [
          ...lead,
          alone
            ? `no open item of the customer fits ${fmt(pay, currency)}: post on account`
            : `or post ${fmt(pay, currency)} on account`,
        ]
      : NO_REASONS,
    ordinal: 0,
  });
  for (let k = 0; k < out.length; k++) out[k]!.ordinal = k;
  return out;
}
