// Decides which transaction gets which open item: greedy by confidence (then earlier payment,
// then lower transaction id), so no open item is consumed twice in one run, deterministically.
import type { OpenItem } from '../domain';
import type { Candidate } from './candidate';
import { describeItem } from './candidate';

export interface Contender {
  readonly order: number;
  readonly transactionId: number;
  readonly createdAt: string;
  readonly candidates: readonly Candidate[];
}

export interface Assignment {
  readonly chosen: Candidate | null;
  /** Candidates passed over because another transaction had already taken their items. */
  readonly blockedBy: { readonly candidate: Candidate; readonly item: OpenItem; readonly takenBy: number } | null;
}

export function assignGreedy(contenders: readonly Contender[], items: readonly OpenItem[]): Map<number, Assignment> {
  const order = [...contenders].sort(
    (a, b) =>
      (b.candidates[0]?.confidence ?? 0) - (a.candidates[0]?.confidence ?? 0) ||
      (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0) ||
      a.transactionId - b.transactionId ||
      a.order - b.order,
  );
  const remaining = new Map<number, number>();
  const takenBy = new Map<number, number>();
  const left = (i: number): number => remaining.get(i) ?? items[i]!.amount.minor;
  const result = new Map<number, Assignment>();

  for (const c of order) {
    let chosen: Candidate | null = null;
    let blockedBy: Assignment['blockedBy'] = null;
    for (const cand of c.candidates) {
      const clash = cand.claims.find((k) => k.cash + k.writeOff > left(k.index));
      if (clash) {
        blockedBy ??= { candidate: cand, item: items[clash.index]!, takenBy: takenBy.get(clash.index) ?? -1 };
        continue;
      }
      for (const k of cand.claims) {
        remaining.set(k.index, left(k.index) - k.cash - k.writeOff);
        takenBy.set(k.index, c.transactionId);
      }
      chosen = cand;
      break;
    }
    result.set(c.order, { chosen, blockedBy });
  }
  return result;
}

export function blockedReason(b: NonNullable<Assignment['blockedBy']>): string {
  return `${describeItem(b.item)} was already applied to transaction ${b.takenBy} in this run: possibly a duplicate payment`;
}
