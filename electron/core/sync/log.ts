// The sync log: what a sync run met on the way, one entry per event (migration 0060). The run
// keeps its counts; the log keeps which record was dead-lettered and why, which call PayTrace
// answered badly and was tried again, and what stopped a run.
import type { Repositories, SyncLogEntry } from '../../store';

export type { SyncLogEntry } from '../../store';

/** The entries of one run (the latest when runId is omitted), oldest first. */
export async function readSyncLog(
  store: Repositories,
  runId?: number,
): Promise<{ runId: number | null; entries: (SyncLogEntry & { at: string })[] }> {
  const run = runId ?? (await store.syncRuns.latestId());
  if (run === null) return { runId: null, entries: [] };
  return { runId: run, entries: await store.syncRuns.readLog(run) };
}
