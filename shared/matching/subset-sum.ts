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
  const chosen: number[] = [];
  let steps = 0;

  const search = (from: number, left: number): boolean => {
    if (left === 0) return chosen.length >= opts.minItems;
    if (chosen.length === opts.maxItems || ++steps > opts.budget) return false;
    for (let k = from; k < order.length; k++) {
      if (suffix[k]! < left) return false;
      const a = amounts[order[k]!]!;
      if (a > left) continue;
      chosen.push(order[k]!);
      if (search(k + 1, left - a)) return true;
      chosen.pop();
    }
    return false;
  };
  return search(0, target) ? [...chosen].sort((a, b) => a - b) : null;
}
