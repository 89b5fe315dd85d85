// Stage 1: the invoice number the customer gave (invoice_id, customer_reference_id or
// description) against the open items' reference (XBLNR), assignment (ZUONR) and document
// number (BELNR), through the normalised-key index.
import {
  allocateOldestFirst,
  type Candidate,
  type Claim,
  describeItem,
  type Fit,
  fitOne,
  fitReason,
  accountedFit,
  accountedWriteOff,
  fmt,
  NO_REASONS,
  round3,
  unknownPayer,
} from './candidate';
import type { MatchContext } from './context';
import { cashDiscountGl } from './rules';
import type { CustomerResolution } from './customer-resolver';
import { discountReason, earnedDiscount, paymentDay } from './discount';
import { editDistanceWithin, firstReferenceKey, normaliseReference, referenceKeys } from './keys';
import { hitField, hitIndex, type ItemField, packHit } from './open-item-index';
import { findSubsetSum } from './subset-sum';
import type { MatchableTransaction } from './types';

const SOURCES = [
  { field: 'invoiceId', label: "PayTrace's invoice field", weight: 0 },
  { field: 'customerReferenceId', label: "PayTrace's customer reference field", weight: 0.02 },
  { field: 'description', label: "PayTrace's description", weight: 0.04 },
] as const;

const FIELD_LABEL: Record<ItemField, string> = {
  reference: 'reference (XBLNR)',
  assignment: 'assignment (ZUONR)',
  document: 'document number (BELNR)',
};
/** Document numbers repeat across company codes and years: never enough alone for auto. */
const FIELD_BASE: Record<ItemField, number> = { reference: 0.99, assignment: 0.97, document: 0.93 };

const RANK: Record<ItemField, number> = { reference: 0, assignment: 1, document: 2 };

/**
 * What a difference costs the confidence of a single named invoice. An earned discount the item's
 * own terms and dates confirm to the cent is as sure as a small tolerance; short payments and deductions
 * need a clerk.
 */
const PENALTY: Record<Fit['case'], number> = {
  exact: 0,
  discount: 0.02,
  tolerance: 0.06,
  'short-pay': 0.1,
  deduction: 0.1,
  partial: 0.1,
  overpayment: 0.1,
};

interface Hit {
  readonly index: number;
  readonly field: ItemField;
  readonly key: string;
  readonly typed: string;
}

function rewriteByAlias(ctx: MatchContext, key: string): string | null {
  for (const a of ctx.prefixAliases) if (key.startsWith(a.from)) return a.to + key.slice(a.from.length);
  return null;
}

interface Found {
  readonly hits: Hit[];
  readonly source: (typeof SOURCES)[number];
  readonly learned: string | null;
  /** See Trace; -1 when the hits cannot be replayed that simply. */
  readonly trace: Trace;
}

/**
 * How a single hit was found (PayTrace field, which of its keys, the packed index hit), as one
 * number: ((packedHit * 4 + keyIndex) * 4 + sourceIndex). The engine generates the chosen
 * candidate a second time to write its reasons; with the trace that second pass skips the
 * index look-up (and its cache misses) and rebuilds the very same hit.
 */
export type Trace = number;
const NO_TRACE: Trace = -1;

/** Hits of the first PayTrace field that has any, one per item (best item field wins). */
function findHits(ctx: MatchContext, t: MatchableTransaction, trace: Trace): Found | null {
  if (trace !== NO_TRACE) return replay(ctx, t, trace);
  for (let s = 0; s < SOURCES.length; s++) {
    const source = SOURCES[s]!;
    const text = t[source.field];
    const keys = referenceKeys(text, ctx.prefixes);
    let learned: string | null = null;
    const raw: Hit[] = [];
    let keyIndex = -1;
    for (let k = 0; k < keys.length; k++) {
      const before = raw.length;
      addHits(ctx, keys[k]!, text, raw);
      if (raw.length > before) keyIndex = k;
    }
    if (raw.length === 0 && source.field === 'invoiceId') {
      for (const key of keys) {
        const rewritten = rewriteByAlias(ctx, key);
        if (rewritten === null) continue;
        addHits(ctx, rewritten, text, raw);
        if (raw.length > 0) {
          learned = `${key} read as ${rewritten} by a rule a clerk taught`;
          break;
        }
      }
    }
    if (raw.length === 0) continue;
    const h = raw[0]!;
    const simple = raw.length === 1 && learned === null && keyIndex < 4;
    const traced = simple ? (packHit(h.index, h.field) * 4 + keyIndex) * 4 + s : NO_TRACE;
    return { hits: usable(ctx, raw, t.amount.currency), source, learned, trace: traced };
  }
  return null;
}

/** findHits for a transaction whose single hit was traced before: the same result, no look-up. */
function replay(ctx: MatchContext, t: MatchableTransaction, trace: Trace): Found {
  const source = SOURCES[trace % 4]!;
  const keyIndex = Math.floor(trace / 4) % 4;
  const packed = Math.floor(trace / 16);
  const text = t[source.field];
  const key = (keyIndex === 0 ? firstReferenceKey(text, ctx.prefixes) : referenceKeys(text, ctx.prefixes)[keyIndex])!;
  return {
    hits: [{ index: hitIndex(packed), field: hitField(packed), key, typed: text }],
    source,
    learned: null,
    trace,
  };
}

function addHits(ctx: MatchContext, key: string, typed: string, into: Hit[]): void {
  const slot = ctx.index.packedHits(key);
  if (slot === undefined) return;
  if (typeof slot === 'number') into.push({ index: hitIndex(slot), field: hitField(slot), key, typed });
  else for (const p of slot) into.push({ index: hitIndex(p), field: hitField(p), key, typed });
}

/** Hits on positive items in the payment's currency, one per item (best field), by item index. */
function usable(ctx: MatchContext, raw: readonly Hit[], currency: string): Hit[] {
  // The usual case, one hit, needs no de-duplication.
  if (raw.length === 1) return payable(ctx, raw[0]!, currency) ? [raw[0]!] : [];
  const best = new Map<number, Hit>();
  for (const h of raw) {
    if (!payable(ctx, h, currency)) continue;
    const prev = best.get(h.index);
    if (!prev || RANK[h.field] < RANK[prev.field]) best.set(h.index, h);
  }
  return [...best.values()].sort(byIndex);
}

function payable(ctx: MatchContext, h: Hit, currency: string): boolean {
  const amount = ctx.items[h.index]!.amount;
  return amount.currency === currency && amount.minor > 0;
}

const byIndex = (a: Hit, b: Hit): number => a.index - b.index;

export function exactKeyCandidates(
  ctx: MatchContext,
  t: MatchableTransaction,
  who: CustomerResolution | null,
  explain = true,
  trace: Trace = NO_TRACE,
): Candidate[] {
  const found = findHits(ctx, t, trace);
  if (!found) return who === null ? strangerNearNumber(ctx, t, explain) : [];
  if (found.hits.length === 0) return [];
  const { hits, source, learned } = found;
  const pay = t.amount.minor;
  const currency = t.amount.currency;
  const items = ctx.items;
  const head = explain ? headReasons(found, items) : NO_REASONS;

  if (hits.length === 1) {
    // Most payments: one invoice named. Written without closures or spreads, as this runs a million times.
    const h = hits[0]!;
    const item = items[h.index]!;
    const base = FIELD_BASE[h.field] - source.weight - (learned ? 0.06 : 0);
    // The payment's local day only matters for an item with cash discount terms (most have none).
    const day =
      item.cashDiscount && item.cashDiscount.percent1 + item.cashDiscount.percent2 > 0 ? paymentDay(t) : undefined;
    const fit = accountedFit(
      fitOne(pay, h.index, item.amount.minor, currency, ctx.rules, item, day),
      ctx.glRules,
      item.source.BUKRS,
      t.cardBrand,
    );
    if (fit.case !== 'exact' && fit.case !== 'discount' && pay < item.amount.minor) {
      const credit = creditFor(ctx, t, h.index, item.amount.minor - pay);
      if (credit !== null) {
        const memo = items[credit.index]!;
        const netted = withCustomerCheck(
          ctx,
          who,
          {
            case: 'credit-memo',
            confidence: round3(credit.named ? base - 0.02 : Math.min(base - 0.1, 0.85)),
            claims: [claimAll(h.index, items), { index: credit.index, cash: memo.amount.minor, writeOff: 0 }],
            onAccount: 0,
            writeOff: null,
            reasons: explain
              ? [
                  ...head,
                  `${fmt(item.amount.minor, currency)} less the open credit ${describeItem(memo)} ${creditNote(credit)} is ${fmt(pay, currency)}: both are cleared`,
                ]
              : NO_REASONS,
          },
          item.customer,
        );
        return [netted];
      }
    }
    // A discount a minor unit off the terms' (the customer's rounding) is a clerk's call, not automatic.
    const penalty = PENALTY[fit.case] + (fit.discount && !fit.discount.exact ? ROUNDED_DISCOUNT_PENALTY : 0);
    const reasons = explain ? [...head, fitReason(fit, currency)] : NO_REASONS;
    // What a clerk tries before taking the named item with its difference: the customer's one other item of exactly
    // the amount whose number is a character or two away (a mistyped number; not against a round deduction, which
    // a customer takes on purpose from the invoice it names), or, paid more than the named item, the customer's one
    // other item of exactly what is over (a second invoice paid without its number). Offered first; a clerk confirms.
    const near =
      fit.case === 'exact' || fit.case === 'discount' || fit.case === 'tolerance' || fit.case === 'deduction'
        ? null
        : nearNumber(ctx, h, pay, currency);
    const over =
      near === null && fit.case === 'overpayment'
        ? soleOfAmount(ctx, h.index, pay - item.amount.minor, currency)
        : null;
    if (near !== null || over !== null) {
      const other = items[(near ?? over)!]!;
      const first = withCustomerCheck(
        ctx,
        who,
        near !== null
          ? {
              case: 'amount',
              confidence: round3(Math.min(base - 0.05, NEAR_NUMBER_CONFIDENCE)),
              claims: [claimAll(near, items)],
              onAccount: 0,
              writeOff: null,
              reasons: explain
                ? [
                    ...head,
                    `but that is for ${fmt(item.amount.minor, currency)}; ${describeItem(other)}, whose number differs from the one given by at most 2 characters, is for exactly ${fmt(pay, currency)}: likely a mistyped number, a clerk confirms`,
                  ]
                : NO_REASONS,
            }
          : {
              case: 'multi',
              confidence: round3(Math.min(base - 0.05, NEAR_NUMBER_CONFIDENCE)),
              claims: [claimAll(h.index, items), claimAll(over!, items)],
              onAccount: 0,
              writeOff: null,
              reasons: explain
                ? [
                    ...head,
                    `${fmt(pay - item.amount.minor, currency)} more than that invoice is exactly ${describeItem(other)}, the customer's only open item of that amount, which the payment does not name: both are cleared, a clerk confirms`,
                  ]
                : NO_REASONS,
            },
        item.customer,
      );
      first.trace = found.trace;
      const named = namedFit(ctx, who, fit, Math.min(base - penalty, first.confidence - 0.01), reasons, item.customer);
      named.trace = found.trace;
      named.ordinal = 1;
      return [first, named];
    }
    const only = namedFit(ctx, who, fit, base - penalty, reasons, item.customer);
    only.trace = found.trace;
    return [only];
  }

  const customers = [...new Set(hits.map((h) => items[h.index]!.customer))];
  const base = Math.min(...hits.map((h) => FIELD_BASE[h.field])) - source.weight - (learned ? 0.06 : 0); // a taught rule proposes; it does not post on its own
  const customer = customers.length === 1 ? customers[0]! : null;
  const mixed = customers.length > 1 ? ['the invoices belong to different customers'] : [];
  const cap = customers.length > 1 ? 0.5 : 1;
  const total = hits.reduce((s, h) => s + items[h.index]!.amount.minor, 0);
  const listed = new Set(hits.map((h) => h.key)).size === hits.length;
  const out: Candidate[] = [];

  if (listed && total === pay) {
    out.push(
      make(ctx, who, customer, {
        case: 'multi',
        // Several named invoices of one customer adding up to the cent are no less sure than one named invoice paid exactly.
        confidence: round3(Math.min(base, cap)),
        claims: hits.map((h) => claimAll(h.index, items)),
        onAccount: 0,
        writeOff: null,
        reasons: explain
          ? [...head, `${hits.length} invoices, total equal (${fmt(pay, currency)})`, ...mixed]
          : NO_REASONS,
      }),
    );
    return out;
  }
  // The invoices listed, each less the cash discount its terms grant on the day paid (2/10: within 10 days), add up
  // to the payment: each is cleared, the discounts to the cash-discount account.
  if (listed && total > pay && hits.some((h) => items[h.index]!.cashDiscount)) {
    const day = paymentDay(t);
    const discounts = hits.map((h) => earnedDiscount(items[h.index]!, day));
    const net = hits.reduce((s, h, k) => s + items[h.index]!.amount.minor - (discounts[k]?.minor ?? 0), 0);
    if (net === pay) {
      const first = items[hits[0]!.index]!;
      const writeOff = accountedWriteOff(
        { minor: total - pay, gl: cashDiscountGl(ctx.rules), why: 'discount' },
        ctx.glRules,
        first.source.BUKRS,
        t.cardBrand,
      );
      out.push(
        make(ctx, who, customer, {
          case: 'discount',
          confidence: round3(Math.min(base - 0.04, cap)),
          claims: hits.map((h, k) => {
            const d = discounts[k]?.minor ?? 0;
            return { index: h.index, cash: items[h.index]!.amount.minor - d, writeOff: d };
          }),
          onAccount: 0,
          writeOff,
          reasons: explain
            ? [
                ...head,
                `${hits.length} invoices, each less the cash discount its terms grant, total ${fmt(pay, currency)}: ${hits
                  .map((h, k) => {
                    const d = discounts[k];
                    const it = items[h.index]!;
                    return d
                      ? `${it.reference || it.source.BELNR} ${discountReason(d, fmt(d.minor, currency), writeOff.gl)}`
                      : `${it.reference || it.source.BELNR} in full`;
                  })
                  .join('; ')}`,
                ...mixed,
              ]
            : NO_REASONS,
        }),
      );
      return out;
    }
  }
  const equal = hits.filter((h) => items[h.index]!.amount.minor === pay);
  if (equal.length === 1) {
    const h = equal[0]!;
    out.push(
      make(ctx, who, customer, {
        case: 'exact',
        confidence: round3(Math.min(0.8, cap)),
        claims: [claimAll(h.index, items)],
        onAccount: 0,
        writeOff: null,
        reasons: explain
          ? [
              ...head,
              `${hits.length} open items carry this number; only ${describeItem(items[h.index]!)} has the amount`,
            ]
          : NO_REASONS,
      }),
    );
  }
  const subset = findSubsetSum(
    hits.map((h) => items[h.index]!.amount.minor),
    pay,
    { minItems: 2, maxItems: ctx.rules.multiInvoice.maxItems, budget: 5000 },
  );
  if (subset && !(listed && subset.length === hits.length)) {
    out.push(
      make(ctx, who, customer, {
        case: 'multi',
        confidence: round3(Math.min(0.78, cap)),
        claims: subset.map((k) => claimAll(hits[k]!.index, items)),
        onAccount: 0,
        writeOff: null,
        reasons: explain
          ? [...head, `${subset.length} of these add up to the payment (${fmt(pay, currency)})`, ...mixed]
          : NO_REASONS,
      }),
    );
  }
  if (out.length === 0) {
    const alloc = allocateOldestFirst(
      pay,
      hits.map((h) => h.index),
      items,
    );
    const over = alloc.onAccount > 0;
    out.push(
      make(ctx, who, customer, {
        case: over ? 'overpayment' : 'partial',
        confidence: round3(Math.min(listed ? 0.85 : 0.6, cap)),
        claims: alloc.claims,
        onAccount: alloc.onAccount,
        writeOff: null,
        reasons: explain
          ? [
              ...head,
              over
                ? `total ${fmt(total, currency)}; ${fmt(alloc.onAccount, currency)} more paid, left on account`
                : `total ${fmt(total, currency)}; ${fmt(pay, currency)} applied oldest first, the rest stays open`,
              ...mixed,
            ]
          : NO_REASONS,
      }),
    );
  }
  for (let k = 0; k < out.length; k++) out[k]!.ordinal = k;
  return out;
}

/** The named item with its difference (the fit), as sure as `confidence`. */
function namedFit(
  ctx: MatchContext,
  who: CustomerResolution | null,
  fit: Fit,
  confidence: number,
  reasons: readonly string[],
  customer: string,
): Candidate {
  return withCustomerCheck(
    ctx,
    who,
    {
      case: fit.case,
      confidence: round3(confidence),
      claims: [fit.claim],
      onAccount: fit.onAccount,
      writeOff: fit.writeOff,
      reasons,
    },
    customer,
  );
}

/** Enough to keep a discount taken a minor unit off its terms below the automatic threshold. */
const ROUNDED_DISCOUNT_PENALTY = 0.06;

/** Below the automatic tier: a number that differs from the one given is a clerk's call. */
const NEAR_NUMBER_CONFIDENCE = 0.9;

/**
 * The one other open item of the named item's customer for exactly `pay` whose reference is within 2 edits of the
 * number the payment gave (a digit mistyped, two swapped); null when none or more than one.
 */
function nearNumber(ctx: MatchContext, h: Hit, pay: number, currency: string): number | null {
  return soleOfAmount(ctx, h.index, pay, currency, (k) => {
    const ref = normaliseReference(ctx.items[k]!.reference, ctx.prefixes);
    return ref !== '' && ref !== h.key && editDistanceWithin(h.key, ref, 2) <= 2;
  });
}

/** Below the automatic tier and below a near number of a known payer: the payer is a guess too. */
const STRANGER_NEAR_NUMBER_CONFIDENCE = 0.7;

/**
 * A payer no one knows who typed an invoice number that is no open item: the one open item of any customer
 * for exactly the amount, when its reference is within 2 edits of the number typed (a digit off, two swapped),
 * is suggested with its customer. Two signals a clerk would follow, and neither alone: nothing posts by itself.
 */
function strangerNearNumber(ctx: MatchContext, t: MatchableTransaction, explain: boolean): Candidate[] {
  const typed = normaliseReference(t.invoiceId, ctx.prefixes);
  if (typed.length < 5) return [];
  const pay = t.amount.minor;
  const same = ctx.index.ofAmount(pay);
  if (same.length !== 1) return [];
  const k = same[0]!;
  const item = ctx.items[k]!;
  if (item.amount.currency !== t.amount.currency || pay <= 0) return [];
  const ref = normaliseReference(item.reference, ctx.prefixes);
  if (ref === '' || editDistanceWithin(typed, ref, 2) > 2) return [];
  const currency = t.amount.currency;
  return [
    make(ctx, null, item.customer, {
      case: 'amount',
      confidence: STRANGER_NEAR_NUMBER_CONFIDENCE,
      claims: [claimAll(k, ctx.items)],
      onAccount: 0,
      writeOff: null,
      reasons: explain
        ? [
            `invoice ${t.invoiceId.trim()} in PayTrace's invoice field is not an open item, and ${unknownPayer(t)}`,
            `${describeItem(item)} of ${ctx.customers.displayName(item.customer)}, whose number differs from the one given by at most 2 characters, is the only open item of any customer for exactly ${fmt(pay, currency)}: likely a mistyped number; a clerk confirms the payer`,
          ]
        : NO_REASONS,
    }),
  ];
}

/**
 * The named item's customer's one other open item in the currency of exactly `amount` (so not a credit) that
 * `also` accepts; null when none or more than one.
 */
function soleOfAmount(
  ctx: MatchContext,
  named: number,
  amount: number,
  currency: string,
  also: (k: number) => boolean = () => true,
): number | null {
  const idx = ctx.index;
  const ordinal = idx.currencyOrdinal(currency);
  let found: number | null = null;
  for (const k of idx.ofCustomer(ctx.items[named]!.customer)) {
    if (k === named || idx.amountOf(k) !== amount || !idx.inCurrency(k, ordinal) || !also(k)) continue;
    if (found !== null) return null;
    found = k;
  }
  return found;
}

/** How a credit netted against an invoice was found, as the reasons say it. */
export function creditNote(credit: { named: boolean; how: 'text' | 'assignment' | null }): string {
  if (!credit.named) return 'of the same customer (not named: check it)';
  return credit.how === 'text' ? 'the payment names' : 'issued for this invoice (its assignment)';
}

/**
 * An open credit (credit memo, credit on account) of the invoice's customer that makes up exactly
 * the amount the payment is short; preferably one the payment names or one issued for the invoice.
 * Null when there is none, or two that nothing tells apart. Also the scored stage's (no invoice number).
 * Never a partial payment of an invoice (a line that refers to it, `invoiceRef`): what is left of its invoice
 * counts it already (core `openItemsLeft`), and it is the invoice's, not a credit to net against another.
 */
export function creditFor(
  ctx: MatchContext,
  t: MatchableTransaction,
  invoiceIndex: number,
  short: number,
): { index: number; named: boolean; how: 'text' | 'assignment' | null } | null {
  const inv = ctx.items[invoiceIndex]!;
  const p = ctx.prefixes;
  let best: { index: number; named: boolean; how: 'text' | 'assignment' | null } | null = null;
  let typed: Set<string> | null = null;
  const invKey = normaliseReference(inv.reference, p);
  for (const k of ctx.index.ofCustomer(inv.customer)) {
    const c = ctx.items[k]!;
    if (c.amount.minor !== -short || c.amount.currency !== inv.amount.currency || c.invoiceRef) continue;
    typed ??= new Set([
      ...referenceKeys(t.invoiceId, p),
      ...referenceKeys(t.customerReferenceId, p),
      ...referenceKeys(t.description, p),
    ]);
    const ref = normaliseReference(c.reference, p);
    const how =
      ref !== '' && typed.has(ref)
        ? 'text'
        : invKey !== '' && normaliseReference(c.assignment, p) === invKey
          ? 'assignment'
          : null;
    if (best === null || (how !== null && !best.named)) best = { index: k, named: how !== null, how };
    else if (how === null && !best.named) return null; // two unnamed credits of that amount: a clerk picks
  }
  return best;
}

/** Which number matched what, for the clerk; only built for the candidate a run chose. */
function headReasons({ hits, source, learned }: Found, items: MatchContext['items']): string[] {
  const out = learned ? [learned] : [];
  for (const h of hits)
    out.push(
      `${h.key === h.typed || h.typed.length > 24 ? h.key : `"${h.typed.trim()}"`} in ${source.label} matches the ${FIELD_LABEL[h.field]} of ${describeItem(items[h.index]!)}`,
    );
  return out;
}

const claimAll = (index: number, items: MatchContext['items']): Claim => ({
  index,
  cash: items[index]!.amount.minor,
  writeOff: 0,
});

type Draft = Omit<Candidate, 'customer' | 'stage'>;

/**
 * A payer who looks like another customer than the invoice's makes the match doubtful, unless SAP's
 * master relates them: the payer is the customer's head office (KNB1-KNRZE), which pays for its
 * branches, or both are in one corporate group (KNA1-KONZS), which a clerk confirms.
 */
function withCustomerCheck(ctx: MatchContext, who: CustomerResolution | null, c: Draft, customer: string): Candidate {
  const relation = who !== null && who.KUNNR !== customer ? ctx.customers.relation(who.KUNNR, customer) : null;
  const doubt = who !== null && who.KUNNR !== customer && relation !== 'head-office';
  const cap = relation === 'group' ? 0.9 : 0.5;
  return {
    stage: 'exact-key',
    case: c.case,
    confidence: doubt ? Math.min(c.confidence, cap) : c.confidence,
    customer,
    claims: c.claims,
    onAccount: c.onAccount,
    writeOff: c.writeOff,
    reasons:
      (doubt || relation !== null) && c.reasons.length > 0
        ? [...c.reasons, payerNote(ctx, who!, customer, relation)]
        : c.reasons,
    ordinal: 0,
  };
}

/** Why the payer's identity bears on the match; written only when a candidate keeps it (most payers are the invoice's customer). */
function payerNote(
  ctx: MatchContext,
  who: CustomerResolution,
  customer: string,
  relation: 'head-office' | 'group' | null,
): string {
  const names = ctx.customers;
  if (relation === 'head-office')
    return `paid by ${names.displayName(who.KUNNR)}, the head office of ${names.displayName(customer)} (KNB1-KNRZE)`;
  if (relation === 'group')
    return `paid by ${names.displayName(who.KUNNR)}, of the same corporate group as ${names.displayName(customer)} (KNA1-KONZS): a clerk confirms`;
  return `but the payer looks like another customer: ${who.reason}`;
}

function make(ctx: MatchContext, who: CustomerResolution | null, customer: string | null, c: Draft): Candidate {
  return customer
    ? withCustomerCheck(ctx, who, c, customer)
    : {
        stage: 'exact-key',
        case: c.case,
        confidence: c.confidence,
        customer: null,
        claims: c.claims,
        onAccount: c.onAccount,
        writeOff: c.writeOff,
        reasons: c.reasons,
        ordinal: 0,
      };
}
