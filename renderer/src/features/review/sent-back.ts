// Who sent a payment back to review, for the banner the clerk sees (the row carries the reason only).
import type { AuditEntry, QueueRow } from '../../../../shared/api';

/**
 * The approver who sent the payment back, while their reason is the payment's: the last step that
 * brought it into review was the send-back (a correction or a new approval clears the reason).
 */
export function sentBackBy(row: QueueRow, audit: readonly AuditEntry[]): string | null {
  if (row.queueState !== 'review' || !row.stateReason) return null;
  const intoReview = audit.findLast((e) => (e.detail.transition as { to?: unknown } | undefined)?.to === 'review');
  return intoReview?.action === 'proposal.sentBack' ? intoReview.actor : null;
}
