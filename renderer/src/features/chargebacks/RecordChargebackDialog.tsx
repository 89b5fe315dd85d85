// A clerk records a chargeback of a sale from its detail panel: the processor and its case number, the
// stage, the network's reason code, the disputed amount (the whole sale unless partial), the processor's fee when
// there is one, and the respond-by date. The case is keyed by processor + case number like every intake path: entering it again adds nothing.
import { useId, useState, type FormEvent } from 'react';
import type { ManualDispute, ManualDisputeResult, QueueRow } from '../../../../shared/api';
import { DISPUTE_STAGES } from '../../../../shared/disputes/model';
import { toDecimal } from '../../../../shared/money';
import { formatMoney, readAmount } from '../../ui/money';
import { STAGE_LABELS } from './labels';
import { useModalDialog } from '../../ui/modal';

export interface RecordChargebackDialogProps {
  readonly sale: QueueRow;
  /** Resolves to the outcome, or an error message to show. */
  onSubmit(entry: ManualDispute): Promise<ManualDisputeResult | string>;
  onClose(): void;
}

const OUTCOME: Record<ManualDisputeResult['outcome'], string> = {
  imported: 'Recorded',
  updated: 'This case was known: its stage was updated',
  duplicate: 'This case is already recorded; nothing was added',
};

export function RecordChargebackDialog({ sale, onSubmit, onClose }: RecordChargebackDialogProps) {
  const ref = useModalDialog();
  const id = useId();
  const [processor, setProcessor] = useState('');
  const [caseNumber, setCaseNumber] = useState('');
  const [stage, setStage] = useState<ManualDispute['stage']>('chargeback');
  const [reasonCode, setReasonCode] = useState('');
  const [amountText, setAmountText] = useState(toDecimal(sale.amount));
  const [feeText, setFeeText] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function problem(): string | ManualDispute {
    if (processor.trim() === '') return 'Name the processor the case came from.';
    if (caseNumber.trim() === '') return 'Give the processor’s case number.';
    if (reasonCode.trim() === '') return 'Give the reason code (for example 10.4 or 4853).';
    const minor = readAmount(amountText, sale.amount.currency);
    if (typeof minor === 'string') return `The disputed amount: ${minor}`;
    if (minor <= 0)
      return `Give the disputed amount in ${sale.amount.currency} above zero, such as ${toDecimal(sale.amount)}.`;
    if (minor > sale.amount.minor) return `A chargeback is at most the sale’s ${formatMoney(sale.amount)}.`;
    let fee: number | null = null;
    if (feeText.trim() !== '') {
      const read = readAmount(feeText, sale.amount.currency);
      if (typeof read === 'string') return `The processor’s fee: ${read}`;
      if (read <= 0)
        return `Give the processor’s fee in ${sale.amount.currency} above zero, such as 15.00, or leave it empty.`;
      fee = read;
    }
    return {
      transactionId: sale.transactionId,
      processor: processor.trim(),
      caseNumber: caseNumber.trim(),
      stage,
      reasonCode: reasonCode.trim(),
      amount: { minor, currency: sale.amount.currency },
      fee: fee === null ? null : { minor: fee, currency: sale.amount.currency },
      dueDate: dueDate === '' ? null : dueDate,
    };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const entry = problem();
    if (typeof entry === 'string') {
      setError(entry);
      return;
    }
    setBusy(true);
    setError(null);
    const result = await onSubmit(entry);
    setBusy(false);
    if (typeof result === 'string') setError(result);
    else setDone(`${OUTCOME[result.outcome]}: ${result.dispute.processor} case ${result.dispute.caseNumber}.`);
  }

  return (
    <dialog
      ref={ref}
      className="reason-dialog chargeback-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form onSubmit={(e) => void submit(e)}>
        <h2 id={`${id}-title`}>Record a chargeback of sale {sale.transactionId}</h2>
        <p className="muted">
          {formatMoney(sale.amount)}, card {sale.maskedCard}. The case shows on the Chargebacks screen, matched to this
          sale.
        </p>
        <label htmlFor={`${id}-processor`}>Processor</label>
        <input
          id={`${id}-processor`}
          value={processor}
          maxLength={40}
          required
          autoFocus
          onChange={(e) => setProcessor(e.target.value)}
        />
        <label htmlFor={`${id}-case`}>Case number</label>
        <input
          id={`${id}-case`}
          value={caseNumber}
          maxLength={64}
          required
          onChange={(e) => setCaseNumber(e.target.value)}
        />
        <label htmlFor={`${id}-stage`}>Stage</label>
        <select id={`${id}-stage`} value={stage} onChange={(e) => setStage(e.target.value as ManualDispute['stage'])}>
          {DISPUTE_STAGES.map((st) => (
            <option key={st} value={st}>
              {STAGE_LABELS[st]}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-reason`}>Reason code</label>
        <input
          id={`${id}-reason`}
          value={reasonCode}
          maxLength={16}
          required
          onChange={(e) => setReasonCode(e.target.value)}
        />
        <label htmlFor={`${id}-amount`}>Disputed amount ({sale.amount.currency})</label>
        <input
          id={`${id}-amount`}
          className="amount-input"
          inputMode="decimal"
          value={amountText}
          required
          onChange={(e) => setAmountText(e.target.value)}
        />
        <label htmlFor={`${id}-fee`}>Chargeback fee ({sale.amount.currency}, optional)</label>
        <input
          id={`${id}-fee`}
          className="amount-input"
          inputMode="decimal"
          value={feeText}
          placeholder="none"
          onChange={(e) => setFeeText(e.target.value)}
        />
        <label htmlFor={`${id}-due`}>Respond by</label>
        <input id={`${id}-due`} type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        {done ? (
          <p className="field-ok" role="status">
            {done}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="btn ghost" onClick={onClose} disabled={busy}>
            {done ? 'Close' : 'Cancel'}
          </button>
          <button type="submit" className="btn primary" disabled={busy} aria-busy={busy}>
            {busy ? 'Recording…' : 'Record chargeback'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
