// A clerk prepares a refund of a sale: how much (what is still refundable by default) and why.
// An approver, another person, decides on the Refunds screen.
import { useId, useState } from 'react';
import type { MoneyDto, QueueRow } from '../../../../shared/api';
import { toDecimal } from '../../../../shared/money';
import { UNSETTLED_PARTIAL } from '../../../../shared/refunds';
import { formatMoney, readAmount } from '../../ui/money';
import { ReasonFormDialog } from '../../ui/reason-form-dialog';

export interface RefundDialogProps {
  readonly sale: QueueRow;
  readonly refundable: MoneyDto;
  /** Resolves to an error message to show, or null when done. */
  onSubmit(amount: MoneyDto, reason: string): Promise<string | null>;
  onClose(): void;
}

/** The amount the clerk typed, or why it cannot be refunded (a sale not settled yet is voided whole or not at all). */
function refundAmount(text: string, refundable: MoneyDto, settled: boolean): MoneyDto | string {
  const minor = readAmount(text, refundable.currency);
  if (typeof minor === 'string') return minor;
  if (minor <= 0) return `Give an amount in ${refundable.currency} above zero, such as ${toDecimal(refundable)}.`;
  if (minor > refundable.minor) return `At most ${formatMoney(refundable)} can still be refunded.`;
  if (!settled && minor !== refundable.minor)
    return `${UNSETTLED_PARTIAL}: refund all ${formatMoney(refundable)}, or ask again after the settlement.`;
  return { minor, currency: refundable.currency };
}

export function RefundDialog({ sale, refundable, onSubmit, onClose }: RefundDialogProps) {
  const [amountText, setAmountText] = useState(toDecimal(refundable));
  const id = useId();
  const settled = sale.status === 'settled';
  const amount = refundAmount(amountText, refundable, settled);

  return (
    <ReasonFormDialog
      className="reason-dialog refund-dialog"
      title={`Refund sale ${sale.transactionId}`}
      description={
        <>
          {settled
            ? `Settled in batch ${sale.batch ?? '—'}: PayTrace refunds it to the card once an approver approves.`
            : 'Not settled yet: PayTrace can only void the whole sale. A partial refund has to wait for tonight’s settlement.'}{' '}
          {formatMoney(refundable)} of {formatMoney(sale.amount)} can still be refunded.
        </>
      }
      fields={(invalid) => (
        <>
          <label htmlFor={`${id}-amount`}>Amount ({refundable.currency})</label>
          <input
            id={`${id}-amount`}
            className="amount-input refund-amount"
            inputMode="decimal"
            value={amountText}
            required
            aria-invalid={invalid}
            onChange={(e) => setAmountText(e.target.value)}
          />
        </>
      )}
      check={() => (typeof amount === 'string' ? amount : null)}
      submitLabel="Ask for approval"
      busyLabel="Sending…"
      tone="primary"
      onSubmit={(reason) => (typeof amount === 'string' ? Promise.resolve(amount) : onSubmit(amount, reason))}
      onClose={onClose}
    />
  );
}
