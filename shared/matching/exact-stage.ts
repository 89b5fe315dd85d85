// Stage 1: the invoice number the customer gave (invoice_id, customer_reference_id or
// description) against the open items' reference (XBLNR), assignment (ZUONR) and document
// number (BELNR), through the normalised-key index.
import { allocateOldestFirst, type Candidate, type Claim, describeItem, fitOne, fitReason, fmt, NO_REASONS, round3, why } from './candidate';
import type { MatchContext } from './context';
import type { CustomerResolution } from './customer-resolver';
import { referenceKeys } from './keys';
import type { ItemField } from './open-item-index';
import { findSubsetSum } from './subset-sum';
import type { MatchableTransaction } from './types';

const SOURCES = [
  { field: 'invoiceId', label: "PayTrace's invoice field", weight: 0 },
  { field: 'customerReferenceId', label: "PayTrace's customer reference field", weight: 0.02 },
  { field: 'description', label: "PayTrace's description", weight: 0.04 },
] as const;

const FIELD_LABEL: Record<ItemField, string> = { reference: 'reference (XBLNR)', assignment: 'assignment (ZUONR)', document: 'document number (BELNR)' };
/** Document numbers repeat across company codes and years: never enough alone for auto. */
const FIELD_BASE: Record<ItemField, number> = { reference: 0.99, assignment: 0.97, document: 0.93 };

const RANK: Record<ItemField, number> = { reference: 0, assignment: 1, document: 2 };

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

/** Hits of the first PayTrace field that has any, one per item (best item field wins). */
function findHits(ctx: MatchContext, t: MatchableTransaction): { hits: Hit[]; source: (typeof SOURCES)[number]; learned: string | null; otherCurrency: number } | null {
  const currency = t.amount.currency;
  for (const source of SOURCES) {
    const text = t[source.field];
    const keys = referenceKeys(text, ctx.prefixes);
    let learned: string | null = null;
    let raw: Hit[] = [];
    for (const key of keys) for (const h of ctx.index.lookup(key)) raw.push({ index: h.index, field: h.field, key, typed: text });
    if (raw.length === 0 && source.field === 'invoiceId') {
      for (const key of keys) {
        const rewritten = rewriteByAlias(ctx, key);
        if (rewritten === null) continue;
        raw = ctx.index.lookup(rewritten).map((h) => ({ index: h.index, field: h.field, key: rewritten, typed: text }));
        if (raw.length > 0) {
          learned = `${key} read as ${rewritten} by a rule a clerk taught`;
          break;
        }
      }
    }
    if (raw.length === 0) continue;
    const best = new Map<number, Hit>();
    let otherCurrency = 0;
    for (const h of raw) {
      const item = ctx.items[h.index]!;
      if (item.amount.currency !== currency || item.amount.minor <= 0) {
        otherCurrency++;
        continue;
      }
      const prev = best.get(h.index);
      if (!prev || RANK[h.field] < RANK[prev.field]) best.set(h.index, h);
    }
    const hits = [...best.values()].sort((a, b) => a.index - b.index);
    return { hits, source, learned, otherCurrency };
  }
  return null;
}

export function exactKeyCandidates(ctx: MatchContext, t: MatchableTransaction, who: CustomerResolution | null, explain = true): Candidate[] {
  const found = findHits(ctx, t);
  if (!found || found.hits.length === 0) return [];
  const { hits, source, learned } = found;
  const pay = t.amount.minor;
  const currency = t.amount.currency;
  const items = ctx.items;
  const customers = [...new Set(hits.map((h) => items[h.index]!.customer))];
  const base = Math.min(...hits.map((h) => FIELD_BASE[h.field])) - source.weight - (learned ? 0.06 : 0); // a taught rule proposes; it does not post on its own
  const head = explain ? [...(learned ? [learned] : []), ...hits.map((h) => `${h.key === h.typed || h.typed.length > 24 ? h.key : `"${h.typed.trim()}"`} in ${source.label} matches the ${FIELD_LABEL[h.field]} of ${describeItem(items[h.index]!)}`)] : NO_REASONS;

  if (hits.length === 1) {
    const h = hits[0]!;
    const item = items[h.index]!;
    const fit = fitOne(pay, h.index, item.amount.minor, currency, ctx.rules);
    const penalty = fit.case === 'exact' ? 0 : fit.case === 'tolerance' ? 0.06 : 0.1;
    return [withCustomerCheck(who, { case: fit.case, confidence: round3(base - penalty), claims: [fit.claim], onAccount: fit.onAccount, writeOff: fit.writeOff, reasons: why(explain, () => [...head, fitReason(fit, currency)]) }, item.customer)];
  }

  const customer = customers.length === 1 ? customers[0]! : null;
  const mixed = customers.length > 1 ? ['the invoices belong to different customers'] : [];
  const cap = customers.length > 1 ? 0.5 : 1;
  const total = hits.reduce((s, h) => s + items[h.index]!.amount.minor, 0);
  const listed = new Set(hits.map((h) => h.key)).size === hits.length;
  const out: Candidate[] = [];

  if (listed && total === pay) {
    out.push(make(who, customer, { case: 'multi', confidence: round3(Math.min(base - 0.02, cap)), claims: hits.map((h) => claimAll(h.index, items)), onAccount: 0, writeOff: null, reasons: why(explain, () => [...head, `${hits.length} invoices, total equal (${fmt(pay, currency)})`, ...mixed]) }));
    return out;
  }
  const equal = hits.filter((h) => items[h.index]!.amount.minor === pay);
  if (equal.length === 1) {
    const h = equal[0]!;
    out.push(make(who, customer, { case: 'exact', confidence: round3(Math.min(0.8, cap)), claims: [claimAll(h.index, items)], onAccount: 0, writeOff: null, reasons: why(explain, () => [...head, `${hits.length} open items carry this number; only ${describeItem(items[h.index]!)} has the amount`]) }));
  }
  const subset = findSubsetSum(hits.map((h) => items[h.index]!.amount.minor), pay, { minItems: 2, maxItems: ctx.rules.multiInvoice.maxItems, budget: 5000 });
  if (subset && !(listed && subset.length === hits.length)) {
    out.push(make(who, customer, { case: 'multi', confidence: round3(Math.min(0.78, cap)), claims: subset.map((k) => claimAll(hits[k]!.index, items)), onAccount: 0, writeOff: null, reasons: why(explain, () => [...head, `${subset.length} of these add up to the payment (${fmt(pay, currency)})`, ...mixed]) }));
  }
  if (out.length === 0) {
    const alloc = allocateOldestFirst(pay, hits.map((h) => h.index), items);
    const over = alloc.onAccount > 0;
    out.push(make(who, customer, {
      case: over ? 'overpayment' : 'partial',
      confidence: round3(Math.min(listed ? 0.85 : 0.6, cap)),
      claims: alloc.claims,
      onAccount: alloc.onAccount,
      writeOff: null,
      reasons: why(explain, () => [...head, over ? `total ${fmt(total, currency)}; ${fmt(alloc.onAccount, currency)} more paid, left on account` : `total ${fmt(total, currency)}; ${fmt(pay, currency)} applied oldest first, the rest stays open`, ...mixed]),
    }));
  }
  for (let k = 0; k < out.length; k++) out[k]!.ordinal = k;
  return out;
}

const claimAll = (index: number, items: MatchContext['items']): Claim => ({ index, cash: items[index]!.amount.minor, writeOff: 0 });

type Draft = Omit<Candidate, 'customer' | 'stage'>;

/** A payer who looks like another customer than the invoice's makes the match doubtful. */
function withCustomerCheck(who: CustomerResolution | null, c: Draft, customer: string): Candidate {
  const doubt = who !== null && who.KUNNR !== customer;
  return {
    stage: 'exact-key',
    case: c.case,
    confidence: doubt ? Math.min(c.confidence, 0.5) : c.confidence,
    customer,
    claims: c.claims,
    onAccount: c.onAccount,
    writeOff: c.writeOff,
    reasons: doubt && c.reasons.length > 0 ? [...c.reasons, `but the payer looks like another customer: ${who.reason}`] : c.reasons,
    ordinal: 0,
  };
}

function make(who: CustomerResolution | null, customer: string | null, c: Draft): Candidate {
  return customer ? withCustomerCheck(who, c, customer) : { stage: 'exact-key', case: c.case, confidence: c.confidence, customer: null, claims: c.claims, onAccount: c.onAccount, writeOff: c.writeOff, reasons: c.reasons, ordinal: 0 };
}
