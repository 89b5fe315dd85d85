// The last sync run and its log: which records went to the queue and why, which PayTrace calls
// were answered badly and tried again, what stopped a run. Open by itself when the run failed.
import { formatDateTime } from '../../ui/format';
import { useDeadLetters } from './context';
import { sourceLabel } from './sources';

const LEVEL_LABELS = { error: 'Error', warning: 'Warning', info: 'Note' } as const;
const STATUS_TEXT = { ok: 'completed', failed: 'stopped', running: 'still running' } as const;

export function SyncLogPanel() {
  const log = useDeadLetters((s) => s.syncLog);
  const rows = useDeadLetters((s) => s.rows);
  if (!log?.run) return null;
  const { run, entries } = log;
  const errors = entries.filter((e) => e.level === 'error').length;
  // Letters the run raised without a log entry (a void after posting asks for a reversal): the log is not all of it.
  const end = run.finishedAt ?? '9999';
  const raised = rows.filter((d) => d.createdAt >= run.startedAt && d.createdAt <= end).length;
  const raisedText = `${raised} dead ${raised === 1 ? 'letter' : 'letters'} raised`;
  const parts = [
    ...(entries.length > 0 ? [`${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}`] : []),
    ...(errors > 0 ? [`${errors} ${errors === 1 ? 'error' : 'errors'}`] : []),
    ...(raised > 0 ? [raisedText] : []),
  ];
  const summary = parts.length === 0 ? 'nothing to report' : parts.join(', ');
  return (
    <section className={`sync-log sync-log-${run.status}`} aria-label="Last sync">
      <details open={run.status === 'failed'}>
        <summary>
          Last sync {STATUS_TEXT[run.status]} {formatDateTime(run.finishedAt ?? run.startedAt)} (run {run.id}):{' '}
          {summary}
        </summary>
        {entries.length === 0 ? (
          <p className="muted">
            {raised === 0
              ? 'Every record was read at the first try; nothing went to the queue.'
              : `Every record was read at the first try; the run raised ${raisedText.replace(' raised', '')}, listed below.`}
          </p>
        ) : (
          <ul className="sync-log-entries">
            {entries.map((e, i) => (
              <li key={i} className={`sync-log-entry sync-log-${e.level}`}>
                <span className="sync-log-level">{LEVEL_LABELS[e.level]}</span>
                <span className="sync-log-subject">
                  {sourceLabel(e.source)} · {e.subject}
                </span>
                <span className="sync-log-message">{e.message}</span>
              </li>
            ))}
          </ul>
        )}
      </details>
    </section>
  );
}
