// Which open items the matcher never proposes, and why, in words a clerk can read. The items stay
// mirrored and visible; a payment is simply not applied to them.
import type { OpenItem } from '../domain';

const SPECIAL_GL: Readonly<Record<string, string>> = {
  A: 'a down payment',
  F: 'a down payment request (a noted item)',
  W: 'a bill of exchange',
  G: 'a guarantee',
};

/**
 * Why an item is left out of matching, or null when it may be matched. Special G/L items
 * (BSID-UMSKZ not blank) are posted to another reconciliation account and are cleared in SAP
 * against their own counterpart (a down payment against the final invoice, F-39), never by a card
 * payment on account.
 */
export function matchExclusion(item: Pick<OpenItem, 'specialGl'>): string | null {
  const umskz = (item.specialGl ?? '').trim();
  if (umskz === '') return null;
  const what = SPECIAL_GL[umskz] ?? `a special G/L item (indicator ${umskz})`;
  return `${what}, special G/L indicator ${umskz}: SAP clears it against its own counterpart, not with a card payment`;
}

/** The items the matcher may use: `items` itself when none is left out (no copy of a million-item list). */
export function matchableItems<T extends Pick<OpenItem, 'specialGl'>>(items: readonly T[]): readonly T[] {
  return items.every((i) => matchExclusion(i) === null) ? items : items.filter((i) => matchExclusion(i) === null);
}
