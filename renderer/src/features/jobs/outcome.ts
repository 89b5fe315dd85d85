// What the Jobs screen says a run did: its counts ("ingested 12, posted 3"), and for a failed run its
// error and the counts it reached before it failed (the core keeps them, docs/ARCHITECTURE.md, "Jobs on a schedule").
import type { JobRunView } from '../../../../shared/api';

export function formatCounts(run: Pick<JobRunView, 'counts'>): string {
  const entries = Object.entries(run.counts);
  return entries.length === 0 ? '' : entries.map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`).join(', ');
}

/** The run's outcome in words: its error, else its counts; and, for a failed run, what it had done. */
export function runOutcome(run: Pick<JobRunView, 'counts' | 'error'>): { text: string; reached: string | null } {
  const counts = formatCounts(run);
  if (run.error === null) return { text: counts, reached: null };
  return { text: run.error, reached: counts === '' ? null : `Done before it failed: ${counts}` };
}
