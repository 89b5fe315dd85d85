// Runs the review queue's keyboard commands (keys.ts says which key is which) against the store.
// a, p, i, c and u act on the open payment, and only where its button is enabled: the keyboard
// offers nothing the buttons do not.
import { useEffect } from 'react';
import { useReviewStore } from './context';
import { keyCommand } from './keys';
import { focusRowSoon } from './row-focus';
import { approveEnabled, canCorrect, canIgnore, canPark, canUnpark } from './tabs';

/** The filter box `/` focuses. */
export const FILTER_ID = 'queue-filter';

export function useReviewKeys(): void {
  const store = useReviewStore();
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const command = keyCommand(event, document.querySelector('dialog[open]') !== null);
      if (!command) return;
      const s = store.getState();
      // The open payment, once its detail (and so its current state) is loaded.
      const row = s.selectedId !== null && s.detail?.row.transactionId === s.selectedId ? s.detail.row : null;
      const idle = s.pending === null;
      const user = s.session?.user ?? null;
      const isApprover = s.session?.roles.includes('approver') ?? false;
      switch (command) {
        case 'next':
        case 'previous':
          s.moveCursor(command === 'next' ? 1 : -1);
          // The row takes the focus now when it is on screen (QueueTable scrolls to it otherwise), so
          // an Enter that follows at once opens it rather than going to whatever had the focus.
          document.getElementById(`open-${store.getState().cursorId}`)?.focus({ preventScroll: true });
          break;
        case 'open':
          if (s.cursorId === null) return;
          s.select(s.cursorId);
          break;
        case 'select':
          if (s.cursorId === null) return;
          s.toggleChecked(s.cursorId, event.shiftKey);
          break;
        case 'approve':
          if (
            !row?.proposal ||
            !idle ||
            !approveEnabled(row, user, isApprover, s.detail?.previewProblem, s.detail?.approvalHeld)
          )
            return;
          void s.approve(row.transactionId, row.proposal.id);
          break;
        case 'park':
        case 'ignore':
        case 'correct': {
          const allowed = command === 'park' ? canPark : command === 'ignore' ? canIgnore : canCorrect;
          if (!row || !idle || !allowed(row)) return;
          s.openDialog(command);
          break;
        }
        case 'unpark':
          if (!row || !idle || !canUnpark(row)) return;
          void s.unpark(row.transactionId);
          break;
        case 'filter': {
          const box = document.getElementById(FILTER_ID) as HTMLInputElement | null;
          if (!box) return;
          box.focus();
          box.select();
          break;
        }
        case 'close':
          if (s.selectedId === null) return;
          s.select(null);
          // Back on the row it was opened from.
          focusRowSoon(s.cursorId);
          break;
        case 'help':
          s.showShortcuts(true);
          break;
      }
      event.preventDefault();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
