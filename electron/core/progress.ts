// Progress reports, throttled: a long phase reports its count at most every `intervalMs`, while
// the first report of a phase and its last (done reaches the total, or the caller says it ended)
// always go out, so a listener never misses where a phase began or how it ended.
import type { SyncProgress } from '../../shared/api';

export interface ThrottleOptions {
  /** Least time between two reports of the same phase (default 250 ms). */
  readonly intervalMs?: number;
  /** A monotonic clock in ms (default performance.now). */
  readonly now?: () => number;
}

export type ProgressReporter = (p: SyncProgress, options?: { readonly final?: boolean }) => void;

export function throttleProgress(emit: (p: SyncProgress) => void, options: ThrottleOptions = {}): ProgressReporter {
  const interval = options.intervalMs ?? 250;
  const now = options.now ?? (() => performance.now());
  let lastKey: string | null = null;
  let lastAt = -Infinity;
  let lastSent: SyncProgress | null = null;
  return (p, { final = false } = {}) => {
    const key = `${p.phase}:${p.companyCode ?? ''}`;
    const at = now();
    const ended = final || (p.total !== null && p.done >= p.total);
    const same = lastSent !== null && lastKey === key && lastSent.done === p.done && lastSent.total === p.total;
    if (same) return;
    if (key !== lastKey || ended || at - lastAt >= interval) {
      lastKey = key;
      lastAt = at;
      lastSent = p;
      emit(p);
    }
  };
}
