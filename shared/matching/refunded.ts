// A sale PayTrace refunded before ClearDesk posted it: its proposal still clears the invoice the sale paid, yet the
// money went back to the card. Whether the invoice is paid is a clerk's call, never the automatic tier's: goods that
// came back get a credit memo in SAP, which the refund pays out, and the sale clears the invoice as proposed; a charge
// made in error leaves the invoice open, the sale goes on account and the refund pays that out.
import type { MatchProposal } from '../domain';
import type { Money } from '../money';
import { fmt } from './candidate';
import { PENDING_SETTLEMENT_NOTE } from './engine';

/** How sure a refunded sale's proposal is at most: below the automatic tier, with the other cases a clerk decides. */
export const REFUNDED_SALE_CONFIDENCE = 0.6;

const NOTE_START = 'refunded in ';

/** The note a refunded sale's proposal carries: by which refunds, how much of the sale, and what a clerk decides. */
export function refundedSaleNote(sale: Money, refunds: readonly { id: number; amount: Money }[]): string {
  const total = refunds.reduce((n, r) => n + r.amount.minor, 0);
  const by =
    refunds.length === 1
      ? `refund ${refunds[0]!.id}`
      : `refunds ${refunds.map((r) => `${r.id} (${fmt(r.amount.minor, r.amount.currency)})`).join(', ')}`;
  const how =
    total >= sale.minor
      ? `in full by ${by} (${fmt(total, sale.currency)})`
      : `in part (${fmt(total, sale.currency)} of ${fmt(sale.minor, sale.currency)}) by ${by}`;
  return (
    `refunded ${how} before this payment was posted: a clerk decides. Goods returned: approve as proposed, and ` +
    `the refund pays out the credit memo SAP posts for them. A charge made in error: correct this payment to on ` +
    `account of the customer, for the refund to pay out, and the invoice stays open`
  );
}

/**
 * A sale's proposal once refunds of the sale are known (`refunds`, PayTrace's refund transactions related to it):
 * never automatic, at most REFUNDED_SALE_CONFIDENCE, its reasons ending with what was refunded (a note of earlier
 * refunds replaced; the note that waited for settlement dropped, as settling no longer makes it automatic). Null
 * when there is no refund, or the proposal says so already.
 */
export function flaggedAsRefunded<P extends MatchProposal>(
  proposal: P,
  sale: Money,
  refunds: readonly { id: number; amount: Money }[],
): P | null {
  if (refunds.length === 0) return null;
  const note = refundedSaleNote(sale, refunds);
  if (proposal.reasons.includes(note)) return null;
  return {
    ...proposal,
    tier: proposal.tier === 'auto' ? 'suggest' : proposal.tier,
    confidence: Math.min(proposal.confidence, REFUNDED_SALE_CONFIDENCE),
    reasons: [...proposal.reasons.filter((r) => !r.startsWith(NOTE_START) && r !== PENDING_SETTLEMENT_NOTE), note],
  };
}
