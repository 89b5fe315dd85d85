// "Report…" on the Chargebacks tab: the chargebacks received in a range (open, won and lost with their amounts per
// currency, by reason code, customer and month) as PDF, Excel or CSV. The core builds the file and writes the export
// on the audit trail; this dialog picks the range and saves what comes back.
import { useId, useState, type FormEvent } from 'react';
import type { ChargebackReportRequest, ReportFormat } from '../../../../shared/api';
import type { DownloadFile } from '../audit/download';
import { saveWithBrowser } from '../audit/save-file';
import { useModalDialog } from '../../ui/modal';
import { localDay } from '../../ui/format';

export interface ReportDialogProps {
  /** Resolves to the file, or an error message to show. */
  onSubmit(request: ChargebackReportRequest): Promise<DownloadFile | string>;
  onClose(): void;
}

const FORMATS: { value: ReportFormat; label: string }[] = [
  { value: 'pdf', label: 'PDF' },
  { value: 'xlsx', label: 'Excel' },
  { value: 'csv', label: 'CSV' },
];

export function ReportDialog({ onSubmit, onClose }: ReportDialogProps) {
  const ref = useModalDialog();
  const id = useId();
  const [from, setFrom] = useState(() => {
    const d = new Date();
    return localDay(new Date(d.getFullYear(), d.getMonth(), 1));
  });
  const [to, setTo] = useState(() => localDay(new Date()));
  const [companyCode, setCompanyCode] = useState('');
  const [format, setFormat] = useState<ReportFormat>('pdf');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) {
      setError('Pick both dates.');
      return;
    }
    if (from > to) {
      setError('The from date is after the to date.');
      return;
    }
    setBusy(true);
    setError(null);
    const code = companyCode.trim();
    const file = await onSubmit({ from, to, format, ...(code ? { companyCode: code } : {}) });
    setBusy(false);
    if (typeof file === 'string') {
      setError(file);
      return;
    }
    saveWithBrowser(file);
    setDone(`Downloaded ${file.fileName}.`);
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
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id={`${id}-title`}>Chargebacks report</h2>
        <p className="muted">
          The cases received in the range: open, won and lost, with their amounts per currency, by reason code, customer
          and month. The export is recorded on the audit trail.
        </p>
        <label htmlFor={`${id}-from`}>Received from</label>
        <input id={`${id}-from`} type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
        <label htmlFor={`${id}-to`}>Received to</label>
        <input id={`${id}-to`} type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
        <label htmlFor={`${id}-bukrs`}>Company code</label>
        <input
          id={`${id}-bukrs`}
          value={companyCode}
          maxLength={4}
          placeholder="All"
          spellCheck={false}
          onChange={(e) => setCompanyCode(e.target.value.toUpperCase())}
        />
        <label htmlFor={`${id}-format`}>Format</label>
        <select id={`${id}-format`} value={format} onChange={(e) => setFormat(e.target.value as ReportFormat)}>
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
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
            {busy ? 'Preparing…' : 'Download'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
