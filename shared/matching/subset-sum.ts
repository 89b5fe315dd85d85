// One payment for several invoices: which of the customer's open items add up to it exactly?
// Bounded depth-first search (at most maxItems items, at most `budget` steps), largest first.

export interface SubsetSumOptions {
  readonly minItems: number;
  readonly maxItems: number;
  /** Search steps before giving up; keeps the worst case bounded. */
  readonly budget: number;
}

/**
 * Positions (into `amounts`) of the first subset, in a fixed search order, whose amounts add up
 * to target; null when none is found within the budget. Amounts must be positive integers.
 */
export function findSubsetSum(amounts: readonly number[], target: number, opts: SubsetSumOptions): number[] | null {
  const order = amounts.map((a, i) => i).filter((i) => amounts[i]! > 0 && amounts[i]! <= target);
  order.sort((a, b) => amounts[b]! - amounts[a]! || a - b);
  const suffix = new Array<number>(order.length + 1).fill(0);
  for (let k = order.length - 1; k >= 0; k--) suffix[k] = suffix[k + 1]! + amounts[order[k]!]!;
  const state: Search = { amounts, order, suffix, opts, chosen: [], steps: 0 };
  return search(state, 0, target) ? [...state.chosen].sort((a, b) => a - b) : null;
}

interface Search {
  readonly amounts: readonly number[];
  readonly order: readonly number[];
  /** suffix[k]: the sum of order[k..]; a branch that cannot reach `left` any more stops. */
  readonly suffix: readonly number[];
  readonly opts: SubsetSumOptions;
  readonly chosen: number[];
  steps: number;
}

// A module-level function, not a closure per call: the scored stage runs this for every payment
// it looks at, and creating (and naming) a closure each time showed in profiles.
function search(s: Search, from: number, left: number): boolean {
  if (left === 0) return s.chosen.length >= s.opts.minItems;
  if (s.chosen.length === s.opts.maxItems || ++s.steps > s.opts.budget) return false;
  for (let k = from; k < s.order.length; k++) {
    if (s.suffix[k]! < left) return false;
    const a = s.amounts[s.order[k]!]!;
    if (a > left) continue;
    s.chosen.push(s.order[k]!);
    if (search(s, k + 1, left - a)) return true;
    s.chosen.pop();
  }
  return false;
}
