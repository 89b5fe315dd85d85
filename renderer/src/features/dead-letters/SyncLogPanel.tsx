// The last sync run and its log: which records went to the queue and why, which PayTrace calls
// were answered badly and tried again, what stopped a run. Open by itself when the run failed.
import { formatDateTime } from '../../ui/format';
import { useDeadLetters } from './context';
import { sourceLabel } from './sources';

const LEVEL_LABELS = { error: 'Error', warning: 'Warning', info: 'Note' } as const;
const STATUS_TEXT = { ok: 'completed', failed: 'stopped', running: 'still running' } as const;

export function SyncLogPanel() {
  const log = useDeadLetters((s) => s.syncLog);
  if (!log?.run) return null;
  const { run, entries } = log;
  const errors = entries.filter((e) => e.level === 'error').length;
  const summary =
    entries.length === 0
      ? 'nothing to report'
      : `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}${errors > 0 ? `, ${errors} ${errors === 1 ? 'error' : 'errors'}` : ''}`;
  return (
    <section className={`sync-log sync-log-${run.status}`} aria-label="Last sync">
      <details open={run.status === 'failed'}>
        <summary>
          Last sync {STATUS_TEXT[run.status]} {formatDateTime(run.finishedAt ?? run.startedAt)} (run {run.id}):{' '}
          {summary}
        </summary>
        {entries.length === 0 ? (
          <p className="muted">Every record was read at the first try; nothing went to the queue.</p>
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
