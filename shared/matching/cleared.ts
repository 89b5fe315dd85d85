// Invoices SAP has cleared already (BSAD) that a payment's references name: a second payment of one
// is a likely duplicate, proposed on account of the customer with the first payment (or SAP's
// clearing) named, never applied again (issue 15, point 7). The caller hands the engine only the
// cleared items the run's references could name (`clearedLookupKeys`, then the store's indexed
// look-up), never the whole of BSAD.
import type { OpenItem } from '../domain';
import { type Candidate, describeItem, duplicateOnAccount, fmt } from './candidate';
import type { MatchContext } from './context';
import type { CustomerResolution } from './customer-resolver';
import { matchExclusion } from './exclusions';
import { normaliseReference, referenceKeys } from './keys';
import type { ClearedItem, MatchableTransaction } from './types';

/** The keys a payment's fields name (invoice field, customer reference, description), normalised. */
export function paymentKeys(t: MatchableTransaction, prefixes: readonly string[]): string[] {
  const keys = referenceKeys(t.invoiceId, prefixes);
  for (const k of referenceKeys(t.customerReferenceId, prefixes)) if (!keys.includes(k)) keys.push(k);
  for (const k of referenceKeys(t.description, prefixes)) if (!keys.includes(k)) keys.push(k);
  return keys;
}

/**
 * Every key the run's payments name, once: what the store looks cleared items up by (their
 * reference, XBLNR, or document number, BELNR). Sales only: refunds and the rest name no invoice
 * that a duplicate could pay.
 */
export function clearedLookupKeys(
  transactions: readonly MatchableTransaction[],
  prefixes: readonly string[],
): string[] {
  const keys = new Set<string>();
  for (const t of transactions) if (t.kind !== 'refund') for (const k of paymentKeys(t, prefixes)) keys.add(k);
  return [...keys].sort();
}

/** Cleared items by the normalised key of their reference and of their document number. */
export class ClearedIndex {
  private readonly byKey = new Map<string, ClearedItem[]>();

  constructor(items: readonly ClearedItem[], prefixes: readonly string[]) {
    for (const item of items) {
      if (matchExclusion(item) !== null || item.amount.minor <= 0) continue;
      const ref = normaliseReference(item.reference, prefixes);
      const doc = normaliseReference(item.source.BELNR, prefixes);
      if (ref !== '') this.add(ref, item);
      if (doc !== '' && doc !== ref) this.add(doc, item);
    }
  }

  private add(key: string, item: ClearedItem): void {
    const list = this.byKey.get(key);
    if (list) list.push(item);
    else this.byKey.set(key, [item]);
  }

  get size(): number {
    return this.byKey.size;
  }

  lookup(key: string): readonly ClearedItem[] {
    return this.byKey.get(key) ?? [];
  }
}

const label = (item: OpenItem): string =>
  item.reference !== '' ? `invoice ${item.reference}` : `document ${item.source.BELNR}`;

/** What a clerk reads: the payment that paid it when ClearDesk posted the clearing, else SAP's clearing. */
export function clearedReason(item: ClearedItem): string {
  const c = item.clearing;
  const by = c.document ? ` by ${c.document}` : '';
  const on = c.date ? ` on ${c.date}` : '';
  if (c.paidBy !== null)
    return `likely duplicate of payment ${c.paidBy}, which already paid ${label(item)} (cleared in SAP${by}${on})`;
  return `${label(item)} was already cleared in SAP${by}${on}: likely a duplicate payment`;
}

/**
 * The duplicate proposal for a payment without a confirmed open match (`chosen` is what the
 * stages found: nothing, on account, or a guess by amount), or null. The payment must name a
 * cleared invoice in its currency; the payer, when known, must be that invoice's customer (or its
 * head office): a cleared invoice of another customer never makes a duplicate. A payer unknown
 * needs the amount to equal the cleared invoice and no open candidate at all.
 */
export function clearedDuplicate(
  ctx: MatchContext,
  t: MatchableTransaction,
  who: CustomerResolution | null,
  chosen: Candidate | null,
): Candidate | null {
  const cleared = ctx.cleared;
  if (cleared === null || cleared.size === 0) return null;
  const pay = t.amount.minor;
  const currency = t.amount.currency;
  const guess = chosen !== null && chosen.claims.length > 0 ? chosen : null;
  let best: ClearedItem | null = null;
  for (const key of paymentKeys(t, ctx.prefixes))
    for (const item of cleared.lookup(key)) {
      if (item.amount.currency !== currency) continue;
      const equal = item.amount.minor === pay;
      if (who !== null) {
        if (who.KUNNR !== item.customer && ctx.customers.relation(who.KUNNR, item.customer) !== 'head-office') continue;
      } else if (!equal || guess !== null) continue;
      if (best === null || better(item, best, pay)) best = item;
    }
  if (best === null) return null;
  const customer = best.customer;
  const reasons = [clearedReason(best)];
  if (guess !== null)
    reasons.push(
      `the amount would also fit ${guess.claims.map((k) => describeItem(ctx.items[k.index]!)).join(', ')}, which the payment does not name: a clerk decides`,
    );
  reasons.push(`post ${fmt(pay, currency)} on account of ${ctx.customers.displayName(customer)}, or refund it`);
  return duplicateOnAccount(customer, pay, reasons, best.source.BUKRS);
}

/**
 * For a payment the number stage applied with money left on account: a cleared invoice of that customer (or one
 * it heads) the payment also names, the one of the amount left first. Its second payment is the likely reason
 * for what is left over ("91213095/96" when 95 was paid already); null when the payment names none.
 */
export function clearedAmongNamed(ctx: MatchContext, t: MatchableTransaction, chosen: Candidate): ClearedItem | null {
  const cleared = ctx.cleared;
  if (cleared === null || cleared.size === 0 || chosen.onAccount <= 0 || chosen.customer === null) return null;
  const customer = chosen.customer;
  let best: ClearedItem | null = null;
  for (const key of paymentKeys(t, ctx.prefixes))
    for (const item of cleared.lookup(key)) {
      if (item.amount.currency !== t.amount.currency) continue;
      if (item.customer !== customer && ctx.customers.relation(customer, item.customer) !== 'head-office') continue;
      if (best === null || better(item, best, chosen.onAccount)) best = item;
    }
  return best;
}

/** The invoice of the payment's amount first, then the one cleared last. */
function better(a: ClearedItem, b: ClearedItem, pay: number): boolean {
  const ea = a.amount.minor === pay;
  const eb = b.amount.minor === pay;
  if (ea !== eb) return ea;
  return (a.clearing.date ?? '') > (b.clearing.date ?? '');
}
