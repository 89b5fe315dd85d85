// Gives the keyboard's row the focus once it is drawn, without taking the focus from where the clerk has
// since put it: a `/` pressed before the next frame keeps the filter box (a loaded machine draws late).

/** Focuses the queue row `transactionId` on the next frame; returns the cancel. */
export function focusRowSoon(transactionId: number | null): () => void {
  const before = document.activeElement;
  const frame = requestAnimationFrame(() => {
    const now = document.activeElement;
    // The focus moved somewhere on purpose (not merely dropped to the page when a panel closed).
    if (now !== before && now !== null && now !== document.body) return;
    document.getElementById(`open-${transactionId}`)?.focus({ preventScroll: true });
  });
  return () => cancelAnimationFrame(frame);
}
