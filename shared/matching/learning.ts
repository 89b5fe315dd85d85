// Learning from a clerk's correction: the payer details of the transaction now point at the
// customer the clerk chose, and an invoice-number habit ("WEB1234" for 90001234) becomes a rule.
import type { Money } from '../money';
import type { OpenItem } from '../domain';
import type { MatchAlias } from './aliases';
import { normaliseReference, preparePrefixes } from './keys';
import { normaliseEmail, normaliseName } from './names';
import { DEFAULT_RULES } from './rules';
import type { EngineProposal, MatchableTransaction } from './types';

export interface CorrectedItem {
  readonly item: OpenItem;
  readonly amount: Money;
}

export function learnFromCorrection(
  proposal: Pick<EngineProposal, 'customer' | 'items'>,
  correctedItems: readonly CorrectedItem[],
  transaction: MatchableTransaction,
  referencePrefixes: readonly string[] = DEFAULT_RULES.referencePrefixes,
): MatchAlias[] {
  const learned: MatchAlias[] = [];
  const id = transaction.source.transaction_id;
  const customers = [...new Set(correctedItems.map((c) => c.item.customer))];
  const customer = customers.length === 1 ? customers[0]! : null;

  if (customer !== null && customer !== proposal.customer) {
    const vault = transaction.vaultCustomerId.trim();
    if (vault) learned.push({ kind: 'vaultId', value: vault, KUNNR: customer, learnedFrom: id });
    const email = normaliseEmail(transaction.email);
    if (email) learned.push({ kind: 'email', value: email, KUNNR: customer, learnedFrom: id });
    const name = normaliseName(transaction.billingName);
    if (name) learned.push({ kind: 'billingName', value: name, KUNNR: customer, learnedFrom: id });
  }

  const prefixes = preparePrefixes(referencePrefixes);
  const typed = normaliseReference(transaction.invoiceId, prefixes);
  if (typed && correctedItems.length === 1) {
    const ref = normaliseReference(correctedItems[0]!.item.reference, prefixes);
    const pattern = ref ? prefixPattern(typed, ref) : null;
    if (pattern) learned.push({ kind: 'referencePrefix', ...pattern, learnedFrom: id });
  }
  return learned;
}

/**
 * "WEB1234" vs "90001234" gives WEB → 9000. Only a prefix with a letter counts: a digit that
 * differs is a typo, not a habit worth a rule.
 */
function prefixPattern(typed: string, ref: string): { from: string; to: string } | null {
  let n = 0;
  while (n < typed.length && n < ref.length && typed[typed.length - 1 - n] === ref[ref.length - 1 - n]) n++;
  if (n < 3) return null;
  const from = typed.slice(0, typed.length - n);
  const to = ref.slice(0, ref.length - n);
  if (from === '' || from.length > 8 || to.length > 8 || !/[A-Z]/.test(from) || from === to) return null;
  return { from, to };
}
