// The dead-letter queue (docs/ARCHITECTURE.md, "The flow of one payment"): records sync could not read and postings SAP refused,
// each with its error verbatim, until it is resolved.
import { useEffect } from 'react';
import { LoadError } from '../../ui/list-screen';
import { useDeadLetters } from './context';
import { DeadLetterTable } from './DeadLetterTable';
import { DeadLetterToolbar, PANEL_ID, tabId } from './DeadLetterToolbar';
import { SyncLogPanel } from './SyncLogPanel';

export function DeadLetterScreen() {
  const error = useDeadLetters((s) => s.error);
  const load = useDeadLetters((s) => s.load);
  const source = useDeadLetters((s) => s.source);
  const notice = useDeadLetters((s) => s.notice);

  // The shell keeps the list current on queue.changed; a visit reloads in case it changed otherwise (the CLI).
  useEffect(() => void load(), [load]);

  return (
    <main className="screen">
      <div className="queue-pane">
        <DeadLetterToolbar />
        <SyncLogPanel />
        <LoadError what="dead-letter queue" error={error} onRetry={() => void load()} />
        <p className={`dead-letter-notice ${notice?.tone ?? ''}`} role="status" aria-live="polite">
          {notice?.text}
        </p>
        <div id={PANEL_ID} role="tabpanel" aria-labelledby={tabId(source)} className="queue-panel">
          <DeadLetterTable />
        </div>
      </div>
    </main>
  );
}
