// Rejecting a refund request needs a reason; it stays on the request and the audit trail.
import type { RefundRequest } from '../../../../shared/api';
import { formatMoney } from '../../ui/money';
import { ReasonFormDialog } from '../../ui/reason-form-dialog';

export interface RejectDialogProps {
  readonly refund: RefundRequest;
  /** Resolves to an error message to show, or null when done. */
  onSubmit(reason: string): Promise<string | null>;
  onClose(): void;
}

export function RejectDialog({ refund, onSubmit, onClose }: RejectDialogProps) {
  return (
    <ReasonFormDialog
      title={`Reject refund request ${refund.id}`}
      description={
        <>
          {formatMoney(refund.amount)} of sale {refund.transactionId}, prepared by {refund.preparedBy}: “{refund.reason}
          ”. Nothing is refunded; the reason goes on the audit trail.
        </>
      }
      submitLabel="Reject refund"
      busyLabel="Saving…"
      tone="danger"
      onSubmit={onSubmit}
      onClose={onClose}
    />
  );
}
