// The shell: one header for every screen, the screen the navigation picked, and the stores that
// must stay live whichever screen shows (the queue and the dead letters both follow queue.changed).
import { useEffect } from 'react';
import { AuditScreen } from '../features/audit/AuditScreen';
import { useDeadLetters } from '../features/dead-letters/context';
import { DeadLetterScreen } from '../features/dead-letters/DeadLetterScreen';
import { useReview } from '../features/review/context';
import { HeaderBar } from '../features/review/HeaderBar';
import { ReviewScreen } from '../features/review/ReviewScreen';
import { AppNav } from './AppNav';
import { useApp } from './context';

export function App() {
  const screen = useApp((s) => s.screen);
  const focusId = useApp((s) => s.focusTransactionId);
  const focusDone = useApp((s) => s.focusDone);
  const startReview = useReview((s) => s.start);
  const startDeadLetters = useDeadLetters((s) => s.start);

  useEffect(() => startReview(), [startReview]);
  useEffect(() => startDeadLetters(), [startDeadLetters]);

  // Opened from another screen: the row takes focus (and scrolls into view), as if clicked.
  useEffect(() => {
    if (screen !== 'review' || focusId === null) return;
    document.getElementById(`open-${focusId}`)?.focus();
    focusDone();
  }, [screen, focusId, focusDone]);

  return (
    <div className="app">
      <HeaderBar nav={<AppNav />} />
      {screen === 'review' ? <ReviewScreen /> : screen === 'dead-letters' ? <DeadLetterScreen /> : <AuditScreen />}
    </div>
  );
}
