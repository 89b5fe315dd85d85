// A <dialog> shown modal for as long as its component is mounted: showModal on mount, close on unmount
// (and StrictMode's effect re-run cannot close the dialog behind React's back). Escape comes as 'cancel':
// the dialogs close through React state, so no 'close' listener is needed.
import { useEffect, useRef, type RefObject } from 'react';

export function useModalDialog(): RefObject<HTMLDialogElement | null> {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return ref;
}
