// Decides which transaction gets which open item: greedy by confidence (then earlier payment,
// then lower transaction id), so no open item is consumed twice in one run, deterministically.
import type { OpenItem, PaymentTransaction } from '../domain';
import { type Candidate, cmp, describeItem } from './candidate';
import type { Shortlists } from './shortlist';

export interface Blocked {
  readonly candidate: Candidate;
  readonly item: OpenItem;
  readonly takenBy: number;
}

export interface Assignment {
  readonly chosen: Candidate | null;
  /** Candidates passed over because another transaction had already taken their items. */
  readonly blockedBy: Blocked | null;
}

/**
 * The outcome per transaction position: which entry of its shortlist was chosen (a position,
 * not the candidate, so a million choices keep no objects alive); blocked ones are rare.
 */
export class Assignments {
  private readonly chosenAt: Int32Array;
  readonly blocked = new Map<number, Blocked>();

  constructor(private readonly shortlists: Shortlists) {
    this.chosenAt = new Int32Array(shortlists.size).fill(-1);
  }

  choose(i: number, position: number): void {
    this.chosenAt[i] = position;
  }

  /** The position of the chosen entry in row i's shortlist, or -1. */
  position(i: number): number {
    return this.chosenAt[i]!;
  }

  blockedOf(i: number): Blocked | null {
    return this.blocked.get(i) ?? null;
  }

  get(i: number): Assignment {
    const at = this.chosenAt[i]!;
    return { chosen: at < 0 ? null : this.shortlists.get(i)[at]!, blockedBy: this.blocked.get(i) ?? null };
  }
}

/**
 * `payments` are transaction positions, sorted here rather than one object made per contender:
 * a run has a million of them.
 */
export function assignGreedy(
  transactions: readonly PaymentTransaction[],
  shortlists: Shortlists,
  payments: Int32Array,
  items: readonly OpenItem[],
): Assignments {
  // The sort keys copied into flat arrays first: the comparator runs ~20 million times for a
  // million payments, and reading them through the transaction objects was most of its cost.
  const top = new Float64Array(transactions.length);
  const id = new Float64Array(transactions.length);
  const created: string[] = new Array<string>(transactions.length).fill('');
  for (const i of payments) {
    top[i] = shortlists.topConfidence(i);
    id[i] = transactions[i]!.source.transaction_id;
    created[i] = transactions[i]!.createdAt.utc;
  }
  payments.sort((a, b) => top[b]! - top[a]! || cmp(created[a]!, created[b]!) || id[a]! - id[b]! || a - b);
  // What is left of each item, and who took it last: flat arrays over all items instead of maps,
  // since a large run touches most of a million items.
  const left = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) left[i] = items[i]!.amount.minor;
  // The position of the payment that took each item last (its transaction id is looked up when one is blocked).
  const takenBy = new Int32Array(items.length).fill(-1);
  const result = new Assignments(shortlists);

  for (const i of payments) {
    if (shortlists.isSingle(i) && shortlists.claimTotal(i) <= left[shortlists.claimItem(i)]!) {
      // Most payments: one candidate, one claim, and the item still has room. No objects needed.
      const k = shortlists.claimItem(i);
      left[k] = left[k]! - shortlists.claimTotal(i);
      takenBy[k] = i;
      result.choose(i, 0);
      continue;
    }
    const list = shortlists.get(i);
    let duplicate = false;
    for (let at = 0; at < list.length; at++) {
      const cand = list[at]!;
      // Once the item of exactly the amount was taken, only another item of that amount or the account is left.
      if (duplicate && cand.case !== 'on-account' && cand.case !== 'amount') continue;
      const clash = firstClash(cand, left);
      if (clash >= 0) {
        if (!result.blocked.has(i))
          result.blocked.set(i, {
            candidate: cand,
            item: items[clash]!,
            takenBy: takenBy[clash]! < 0 ? -1 : transactions[takenBy[clash]!]!.source.transaction_id,
          });
        // Without an invoice number, the item of exactly the amount was taken by another payment:
        // this one likely pays it again, rather than another invoice with a difference written off.
        if (cand.case === 'amount' && cand.writeOff === null && cand.claims.length === 1) duplicate = true;
        continue;
      }
      for (const k of cand.claims) {
        left[k.index] = left[k.index]! - k.cash - k.writeOff;
        takenBy[k.index] = i;
      }
      result.choose(i, at);
      break;
    }
  }
  return result;
}

/** The first item the candidate claims more of than is left, or -1. */
function firstClash(cand: Candidate, left: Float64Array): number {
  for (const k of cand.claims) if (k.cash + k.writeOff > left[k.index]!) return k.index;
  return -1;
}

/**
 * Why a payment is a likely duplicate of another of the same run: that payment is proposed for the item, neither is
 * posted yet (cleared.ts says "already paid" of an item SAP cleared).
 */
export function blockedReason(b: Blocked): string {
  return `likely duplicate of payment ${b.takenBy}, which this run proposes for ${describeItem(b.item)}: neither is posted yet`;
}

/** Why a payment takes another item of its amount: the first was another payment's (not a duplicate, as one is left). */
export function takenReason(b: Blocked): string {
  return `${describeItem(b.item)}, of the same amount, is paid by payment ${b.takenBy} in this run: this payment takes the next`;
}
