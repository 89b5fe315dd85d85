// Stage 3: the customer is known but no invoice number matched. Candidates among the customer's
// open items in the payment's currency and date window: equal amount, within tolerance, net of
// a card fee, or several invoices adding up (bounded subset sum). Otherwise on account.
import type { OpenItem } from '../domain';
import { type Candidate, compareItems, describeItem, fitOne, fitReason, fmt, round3 } from './candidate';
import type { MatchContext } from './context';
import type { CustomerResolution } from './customer-resolver';
import { editDistanceWithin, normaliseReference } from './keys';
import { findSubsetSum } from './subset-sum';
import type { MatchableTransaction } from './types';

const DAY = 86_400_000;

function inWindow(item: OpenItem, payDay: number, windowDays: number): boolean {
  const d = Date.parse(item.documentDate);
  return Number.isNaN(d) || (d >= payDay - windowDays * DAY && d <= payDay + 7 * DAY);
}

export function scoredCandidates(ctx: MatchContext, t: MatchableTransaction, who: CustomerResolution): Candidate[] {
  const pay = t.amount.minor;
  const currency = t.amount.currency;
  const payDay = Date.parse(t.createdAt.utc.slice(0, 10));
  const items = ctx.items;
  const pool = ctx.index
    .ofCustomer(who.KUNNR)
    .filter((i) => {
      const it = items[i]!;
      return it.amount.currency === currency && it.amount.minor > 0 && inWindow(it, payDay, ctx.rules.dateWindowDays);
    })
    .sort((a, b) => compareItems(items[a]!, items[b]!));
  const typedKey = normaliseReference(t.invoiceId, ctx.prefixes);
  const scale = who.confidence / 0.95;
  const lead = [who.reason, ...(typedKey ? [`invoice ${t.invoiceId.trim()} in PayTrace's invoice field is not an open item`] : [])];
  const out: Candidate[] = [];
  const push = (c: Omit<Candidate, 'stage' | 'customer'>): void => {
    out.push({ stage: 'scored', case: c.case, confidence: round3(c.confidence * scale), customer: who.KUNNR, claims: c.claims, onAccount: c.onAccount, writeOff: c.writeOff, reasons: c.reasons });
  };

  const similar = (i: number): boolean => {
    if (!typedKey) return false;
    const it = items[i]!;
    const ref = normaliseReference(it.reference, ctx.prefixes);
    return ref !== '' && editDistanceWithin(typedKey, ref, 2) <= 2;
  };

  const equal = pool.filter((i) => items[i]!.amount.minor === pay);
  if (equal.length > 0) {
    const pick = equal.find(similar) ?? equal[0]!;
    const looksLike = similar(pick) ? [`the invoice number typed looks like ${items[pick]!.reference} (at most 2 characters differ)`] : [];
    const unique = equal.length === 1;
    push({
      case: 'amount',
      confidence: (unique ? 0.8 : 0.5) + (looksLike.length ? 0.05 : 0),
      claims: [{ index: pick, cash: pay, writeOff: 0 }],
      onAccount: 0,
      writeOff: null,
      reasons: [...lead, ...looksLike, unique ? `the only open item of that customer for ${fmt(pay, currency)}: ${describeItem(items[pick]!)}` : `${equal.length} open items for ${fmt(pay, currency)}; ${looksLike.length ? 'the similar number' : 'the oldest'} first: ${describeItem(items[pick]!)}`],
    });
  }

  const allFits = pool.map((i) => fitOne(pay, i, items[i]!.amount.minor, currency, ctx.rules));
  for (const kind of ['tolerance', 'card-fee'] as const) {
    const fits = allFits.filter((f) => f.case === kind);
    if (fits.length === 0) continue;
    const f = fits.find((x) => similar(x.claim.index)) ?? fits[0]!;
    push({
      case: kind,
      confidence: (fits.length === 1 ? 0.7 : 0.45) - (kind === 'card-fee' ? 0.05 : 0),
      claims: [f.claim],
      onAccount: 0,
      writeOff: f.writeOff,
      reasons: [...lead, `${describeItem(items[f.claim.index]!)}: ${fitReason(f, currency)}`],
    });
  }

  const near = pool.slice(-ctx.rules.multiInvoice.maxCandidates);
  const subset = findSubsetSum(near.map((i) => items[i]!.amount.minor), pay, { minItems: 2, maxItems: ctx.rules.multiInvoice.maxItems, budget: 20_000 });
  if (subset) {
    const chosen = subset.map((k) => near[k]!);
    push({
      case: 'multi',
      confidence: 0.65,
      claims: chosen.map((i) => ({ index: i, cash: items[i]!.amount.minor, writeOff: 0 })),
      onAccount: 0,
      writeOff: null,
      reasons: [...lead, `${chosen.length} open items add up to the payment (${fmt(pay, currency)}): ${chosen.map((i) => items[i]!.reference || items[i]!.source.BELNR).join(', ')}`],
    });
  }

  out.sort((a, b) => b.confidence - a.confidence);
  out.push({
    stage: 'scored',
    customer: who.KUNNR,
    case: 'on-account',
    confidence: 0.35,
    claims: [],
    onAccount: pay,
    writeOff: null,
    reasons: [...lead, out.length ? `or post ${fmt(pay, currency)} on account` : `no open item of the customer fits ${fmt(pay, currency)}: post on account`],
  });
  return out;
}
