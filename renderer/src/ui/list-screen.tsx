// The parts every list screen draws alike: the toolbar's note and Refresh, the banner when the
// list could not load, and what an empty table says (still loading, or truly empty).
import type { ReactNode } from 'react';

export function ListToolbar({
  note,
  loading,
  onRefresh,
}: {
  readonly note: ReactNode;
  readonly loading: boolean;
  onRefresh(): void;
}) {
  return (
    <div className="toolbar">
      <p className="toolbar-note">{note}</p>
      <div className="toolbar-right">
        <button type="button" className="btn ghost" onClick={onRefresh} disabled={loading}>
          {loading ? 'Loading…' : 'Refresh'}
        </button>
      </div>
    </div>
  );
}

/** `what`: the list, as in "Could not load the refund requests." */
export function LoadError({
  what,
  error,
  onRetry,
}: {
  readonly what: string;
  readonly error: string | null;
  onRetry(): void;
}) {
  if (!error) return null;
  return (
    <div className="banner error" role="alert">
      Could not load the {what}. {error}{' '}
      <button type="button" className="link" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

export interface ListEmptyProps {
  /** Rows the table shows; nothing is said while there are any. */
  readonly shown: number;
  /** A load error is already in the banner. */
  readonly error: string | null;
  readonly loaded: boolean;
  /** The list, as in "Loading the refund requests…". */
  readonly what: string;
  /** What an empty list means, once loaded. */
  readonly children: ReactNode;
}

export function ListEmpty({ shown, error, loaded, what, children }: ListEmptyProps) {
  if (shown > 0 || error) return null;
  return loaded ? children : <p className="empty">Loading the {what}…</p>;
}
