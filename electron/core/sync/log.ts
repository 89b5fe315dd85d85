// The sync log: what a sync run met on the way, one row per event (migration 0060). sync_runs
// keeps a run's counts; this keeps which record was dead-lettered and why, which call PayTrace
// answered badly and was tried again, and what stopped a run.
import type { Kysely } from 'kysely';
import { redactPans } from '../../../shared/security/pan';
import { insertRows } from '../../store/bulk';
import type { Database, SyncLogTable } from '../../store/schema';

export interface SyncLogEntry {
  readonly level: SyncLogTable['level'];
  readonly source: 'paytrace' | 'sap' | 'sync';
  /** What it is about: "paytrace:79388123", "export of 2025-03-10 SETTLED". */
  readonly subject: string;
  readonly message: string;
}

const COLUMNS = ['run_id', 'at', 'level', 'source', 'subject', 'message'] as const;

/** Appends entries to a run's log, all or none. Messages quote outside data, so card numbers are masked first. */
export async function writeSyncLog(
  db: Kysely<Database>,
  runId: number,
  at: string,
  entries: readonly SyncLogEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((e) => [runId, at, e.level, e.source, redactPans(e.subject), redactPans(e.message)]);
  await insertRows(db, 'sync_log', COLUMNS, rows);
}

/** The entries of one run (the latest when runId is omitted), oldest first. */
export async function readSyncLog(
  db: Kysely<Database>,
  runId?: number,
): Promise<{ runId: number | null; entries: (SyncLogEntry & { at: string })[] }> {
  const run =
    runId ??
    (await db.selectFrom('sync_runs').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst())?.id ??
    null;
  if (run === null) return { runId: null, entries: [] };
  const rows = await db
    .selectFrom('sync_log')
    .select(['at', 'level', 'source', 'subject', 'message'])
    .where('run_id', '=', run)
    .orderBy('id')
    .execute();
  return { runId: run, entries: rows.map((r) => ({ ...r, source: r.source as SyncLogEntry['source'] })) };
}
