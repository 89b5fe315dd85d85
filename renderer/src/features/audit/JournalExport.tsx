// "Export journal": the day's (or any range's) posting journal with its audit section, as CSV,
// Excel or PDF, for the clerk's end of day and for auditors. The core builds the file and writes
// the export on the audit trail; this panel picks the range and saves what comes back.
import { useId, useState, type FormEvent } from 'react';
import type { ReportFormat } from '../../../../shared/api';
import { formatCount, formatTime, localDay } from '../../ui/format';
import { useAudit } from './context';
import type { ExportStep } from './store';
import { presetOf, presetRange, RANGE_PRESETS } from './ranges';
import { saveWithBrowser } from './save-file';

const FORMATS: { value: ReportFormat; label: string; hint: string }[] = [
  { value: 'pdf', label: 'PDF', hint: 'report to read and file' },
  { value: 'xlsx', label: 'Excel', hint: 'journal, totals, audit sheets' },
  { value: 'csv', label: 'CSV', hint: 'journal lines only' },
];

const isDate = (v: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(v);

export function JournalExport() {
  const exporting = useAudit((s) => s.exporting);
  const exportProgress = useAudit((s) => s.exportProgress);
  const exportError = useAudit((s) => s.exportError);
  const lastExport = useAudit((s) => s.lastExport);
  const exportJournal = useAudit((s) => s.exportJournal);
  const [from, setFrom] = useState(localDay);
  const [to, setTo] = useState(localDay);
  const [companyCode, setCompanyCode] = useState('');
  const [format, setFormat] = useState<ReportFormat>('pdf');
  const id = useId();

  const today = localDay();
  const chosen = presetOf(from, to, today);
  const rangeError =
    !isDate(from) || !isDate(to) ? 'Pick both dates.' : from > to ? 'The from date is after the to date.' : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (rangeError) return;
    const code = companyCode.trim();
    void exportJournal({ from, to, format, ...(code ? { companyCode: code } : {}) }).then((file) => {
      if (file) saveWithBrowser(file);
    });
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Export journal</h2>
      <p className="secondary">
        Every SAP posting ClearDesk made in the range (posted and failed) with totals per company code and currency, the
        audit entries of the range, and the verified head of the audit chain. Dates are SAP posting dates, each company
        code's own day. The export is recorded on the audit trail.
      </p>
      <form className="export-form" onSubmit={submit} noValidate>
        <fieldset className="field range-choice">
          <legend>Range</legend>
          <div className="segmented">
            {RANGE_PRESETS.map((p) => (
              <button
                key={p.value}
                type="button"
                className={chosen === p.value ? 'selected' : undefined}
                aria-pressed={chosen === p.value}
                onClick={() => {
                  const r = presetRange(p.value, today);
                  setFrom(r.from);
                  setTo(r.to);
                }}
              >
                {p.label}
              </button>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input
            id={`${id}-from`}
            type="date"
            className="input"
            value={from}
            max={to || undefined}
            onChange={(e) => setFrom(e.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input
            id={`${id}-to`}
            type="date"
            className="input"
            value={to}
            min={from || undefined}
            onChange={(e) => setTo(e.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-bukrs`}>Company code</label>
          <input
            id={`${id}-bukrs`}
            className="input narrow"
            value={companyCode}
            maxLength={4}
            placeholder="All"
            spellCheck={false}
            onChange={(e) => setCompanyCode(e.target.value.toUpperCase())}
          />
        </div>
        <fieldset className="field format-choice">
          <legend>Format</legend>
          <div className="segmented" role="radiogroup">
            {FORMATS.map((f) => (
              <label key={f.value} className={format === f.value ? 'selected' : undefined} title={f.hint}>
                <input
                  type="radio"
                  name={`${id}-format`}
                  value={f.value}
                  checked={format === f.value}
                  onChange={() => setFormat(f.value)}
                />
                {f.label}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field submit">
          <button
            type="submit"
            className="btn primary"
            disabled={exporting || rangeError !== null}
            aria-busy={exporting}
          >
            {exporting ? <span className="spinner" aria-hidden="true" /> : null}
            {exporting ? 'Preparing…' : 'Download'}
          </button>
        </div>
      </form>
      {rangeError && (isDate(from) || isDate(to)) ? <p className="field-error">{rangeError}</p> : null}
      {exporting ? <ExportProgress step={exportProgress} /> : null}
      {exportError ? (
        <div className="banner error flush" role="alert">
          <strong>Could not export the journal.</strong> {exportError}
        </div>
      ) : lastExport ? (
        <p className="export-done" role="status">
          Downloaded <span className="mono">{lastExport.fileName}</span> with {formatCount(lastExport.lines)} journal{' '}
          {lastExport.lines === 1 ? 'line' : 'lines'} at{' '}
          <time dateTime={lastExport.at}>{formatTime(lastExport.at)}</time>.
        </p>
      ) : null}
    </section>
  );
}

/** Where the export is: reading the range, then writing its lines (a file is written whole: 0 of N, then N of N). */
function ExportProgress({ step }: { step: ExportStep | null }) {
  const words =
    step === null || step.step === 'reading'
      ? 'Reading the postings and audit entries of the range…'
      : step.step === 'writing'
        ? `Writing ${formatCount(step.total ?? 0)} journal ${step.total === 1 ? 'line' : 'lines'}…`
        : `Written ${formatCount(step.total ?? step.done)} journal ${step.total === 1 ? 'line' : 'lines'}; downloading…`;
  return (
    <div className="bulk-progress">
      {step?.total ? (
        <progress aria-label="Export progress" max={Math.max(step.total, 1)} value={step.done} />
      ) : (
        <progress aria-label="Export progress" />
      )}
      <p aria-live="polite">{words}</p>
    </div>
  );
}
