// A <dialog> shown modal for as long as its component is mounted: showModal on mount, close on unmount
// (and StrictMode's effect re-run cannot close the dialog behind React's back). Escape comes as 'cancel':
// the dialogs close through React state, so no 'close' listener is needed. Focus goes back to where it was
// when the dialog opened (the row, the field): React removes the dialog before it is closed, and the browser's
// own return of focus does not happen for a dialog no longer in the page.
import { useEffect, useRef, type RefObject } from 'react';

export function useModalDialog(): RefObject<HTMLDialogElement | null> {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    const before = document.activeElement;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      // Unless the dialog's action moved focus on purpose (to a new screen, a result), or what had it is gone.
      const now = document.activeElement;
      if (
        before instanceof HTMLElement &&
        before !== document.body &&
        before.isConnected &&
        (now === null || now === document.body || dialog?.contains(now))
      )
        before.focus();
    };
  }, []);
  return ref;
}
