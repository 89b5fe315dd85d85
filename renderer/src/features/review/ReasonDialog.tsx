// Park or ignore needs a reason for the audit trail.
import { ReasonFormDialog } from '../../ui/reason-form-dialog';

export interface ReasonDialogProps {
  readonly action: 'park' | 'ignore';
  readonly transactionId: number;
  /** Resolves to an error message to show, or null when done. */
  onSubmit(reason: string): Promise<string | null>;
  onClose(): void;
}

const VERB = { park: 'Park', ignore: 'Ignore' } as const;

export function ReasonDialog({ action, transactionId, onSubmit, onClose }: ReasonDialogProps) {
  return (
    <ReasonFormDialog
      title={`${VERB[action]} transaction ${transactionId}`}
      description={
        action === 'park'
          ? 'Parked transactions leave the review queue until someone picks them up again.'
          : 'Ignored transactions are never posted. The reason goes on the audit trail.'
      }
      submitLabel={`${VERB[action]} transaction`}
      busyLabel="Saving…"
      tone={action === 'ignore' ? 'danger' : 'primary'}
      onSubmit={onSubmit}
      onClose={onClose}
    />
  );
}
