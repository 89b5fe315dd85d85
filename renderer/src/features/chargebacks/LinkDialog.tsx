// A clerk links an unmatched chargeback case to one of its candidate sales, saying why (audited).
import type { DisputeCaseDto } from '../../../../shared/api';
import { formatMoney } from '../../ui/money';
import { ReasonFormDialog } from '../../ui/reason-form-dialog';

export interface LinkDialogProps {
  readonly dispute: DisputeCaseDto;
  readonly candidate: { readonly transactionId: number; readonly why: string };
  /** Resolves to an error message to show, or null when done. */
  onSubmit(reason: string): Promise<string | null>;
  onClose(): void;
}

export function LinkDialog({ dispute, candidate, onSubmit, onClose }: LinkDialogProps) {
  return (
    <ReasonFormDialog
      title={`Link case ${dispute.caseNumber} to sale ${candidate.transactionId}`}
      description={
        <>
          {dispute.processor} case {dispute.caseNumber} disputes {formatMoney(dispute.amount)}. Sale{' '}
          {candidate.transactionId}: {candidate.why}. The link is on the audit trail with your reason.
        </>
      }
      submitLabel="Link"
      busyLabel="Linking…"
      tone="primary"
      onSubmit={onSubmit}
      onClose={onClose}
    />
  );
}
