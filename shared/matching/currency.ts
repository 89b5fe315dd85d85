// PayTrace records carry no currency. The rule: the currency of the open items the record points
// at (its invoice numbers, else its customer's open items) when that is one currency; else the
// only currency among all open items; else the caller's default (USD unless told otherwise).
import type { MatchContext } from './context';
import { identityKeys, type Payer } from './customer-resolver';
import { referenceKeys } from './keys';

export interface CurrencyHints extends Payer {
  readonly invoiceId: string;
  readonly customerReferenceId: string;
  readonly description: string;
}

export interface InferredCurrency {
  readonly currency: string;
  readonly how: 'invoice' | 'customer' | 'all-items' | 'default';
}

const allCurrencies = new WeakMap<MatchContext, Set<string>>();

export function inferCurrency(
  ctx: MatchContext,
  hints: CurrencyHints,
  fallback: string,
  payers?: ReadonlyMap<string, string>,
): InferredCurrency {
  const fromItems = (indexes: Iterable<number>): Set<string> => {
    const set = new Set<string>();
    for (const i of indexes) {
      const it = ctx.items[i]!;
      if (it.amount.minor > 0) set.add(it.amount.currency);
    }
    return set;
  };
  for (const text of [hints.invoiceId, hints.customerReferenceId, hints.description]) {
    const hits = referenceKeys(text, ctx.prefixes).flatMap((k) => ctx.index.lookup(k).map((h) => h.index));
    const set = fromItems(hits);
    if (set.size === 1) return { currency: [...set][0]!, how: 'invoice' };
    if (set.size > 1) break;
  }
  const who = ctx.customers.resolve(hints, payers);
  if (who) {
    const set = fromItems(ctx.index.ofCustomer(who.KUNNR));
    if (set.size === 1) return { currency: [...set][0]!, how: 'customer' };
  }
  let all = allCurrencies.get(ctx);
  if (!all) {
    all = new Set(ctx.items.map((i) => i.amount.currency));
    allCurrencies.set(ctx, all);
  }
  if (all.size === 1) return { currency: [...all][0]!, how: 'all-items' };
  return { currency: fallback, how: 'default' };
}

/**
 * Payer identities (vault id, e-mail, billing name) whose invoice numbers all point at one
 * customer, so that their other payments' currency can be read from that customer's items.
 */
export function payersFromInvoiceNumbers(ctx: MatchContext, all: readonly CurrencyHints[]): Map<string, string> {
  const found = new Map<string, string>();
  const conflicting = new Set<string>();
  for (const hints of all) {
    const hits = referenceKeys(hints.invoiceId, ctx.prefixes).flatMap((k) =>
      ctx.index.lookup(k).map((h) => ctx.items[h.index]!.customer),
    );
    const customers = new Set(hits);
    if (customers.size !== 1) continue;
    const customer = [...customers][0]!;
    for (const key of identityKeys(hints)) {
      const prev = found.get(key);
      if (prev !== undefined && prev !== customer) conflicting.add(key);
      else found.set(key, customer);
    }
  }
  for (const key of conflicting) found.delete(key);
  return found;
}
