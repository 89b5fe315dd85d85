// What a failed job run had done before it failed (docs/ARCHITECTURE.md, "Jobs on a schedule"): the work's
// owner attaches its counts to the error it throws, and the scheduler keeps them in the run's history.
// The error stays the same object and class (the alerts tell PayTrace's and SAP's failures apart by it).

const REACHED = Symbol('cleardesk.job.countsReached');

/** The same error, carrying the counts its run reached (a copy, taken now). */
export function withCountsReached<E>(error: E, counts: Readonly<Record<string, number>>): E {
  if (error !== null && typeof error === 'object' && Object.isExtensible(error)) {
    Object.defineProperty(error, REACHED, { value: { ...counts }, enumerable: false, configurable: true });
  }
  return error;
}

/** The counts a failed run reached, or none when its error carries none. */
export function countsReached(error: unknown): Record<string, number> {
  if (error === null || typeof error !== 'object') return {};
  const counts = (error as { [REACHED]?: Record<string, number> })[REACHED];
  return counts ? { ...counts } : {};
}
