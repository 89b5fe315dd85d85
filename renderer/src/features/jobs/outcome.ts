// What the Jobs screen says a run did: its counts ("ingested 12, posted 3"), and for a failed run its
// error and the counts it reached before it failed (the core keeps them, docs/ARCHITECTURE.md, "Jobs on a schedule").
import type { JobRunView } from '../../../../shared/api';

/** A count's value in words: a day a job reached (the journal's "through", kept as the number 20261206) as a date. */
function countValue(key: string, value: number): string {
  const day = String(value);
  return key === 'through' && /^\d{8}$/.test(day)
    ? `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`
    : String(value);
}

export function formatCounts(run: Pick<JobRunView, 'counts'>): string {
  const entries = Object.entries(run.counts);
  return entries.length === 0 ? '' : entries.map(([k, v]) => `${k.replace(/_/g, ' ')} ${countValue(k, v)}`).join(', ');
}

/** The run's outcome in words: its error, else its counts; and, for a failed run, what it had done. */
export function runOutcome(run: Pick<JobRunView, 'counts' | 'error'>): { text: string; reached: string | null } {
  const counts = formatCounts(run);
  if (run.error === null) return { text: counts, reached: null };
  return { text: run.error, reached: counts === '' ? null : `Done before it failed: ${counts}` };
}
