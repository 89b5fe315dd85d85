import { LoadError } from '../../ui/list-screen';
import { BulkBar } from './BulkBar';
import { useReview } from './context';
import { DetailPanel } from './DetailPanel';
import { QueueTable } from './QueueTable';
import { QueueToolbar } from './QueueToolbar';
import { ShortcutOverlay } from './ShortcutOverlay';
import { useReviewKeys } from './useReviewKeys';

/** The review queue and the selected transaction. The shell starts the store and draws the header. */
export function ReviewScreen() {
  const listError = useReview((s) => s.listError);
  const loadList = useReview((s) => s.loadList);
  const tab = useReview((s) => s.tab);
  const help = useReview((s) => s.shortcutsOpen);
  const showShortcuts = useReview((s) => s.showShortcuts);
  useReviewKeys();

  return (
    <main className="review">
      <div className="queue-pane">
        <QueueToolbar />
        <BulkBar />
        <LoadError what="queue" error={listError} onRetry={() => void loadList()} />
        <div id="queue-panel" role="tabpanel" aria-labelledby={`tab-${tab}`} className="queue-panel">
          <QueueTable />
        </div>
      </div>
      <DetailPanel />
      {help ? <ShortcutOverlay onClose={() => showShortcuts(false)} /> : null}
    </main>
  );
}
