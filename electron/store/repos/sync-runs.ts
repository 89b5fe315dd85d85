// Sync runs (tables `sync_runs`, `sync_log`, `sync_state`): each run with its counts and outcome,
// what it met on the way (migration 0060), and the small state sync keeps between runs (the
// PayTrace watermark).
import type { Kysely } from 'kysely';
import { redactCardText } from '../../../shared/security';
import { insertRows } from '../bulk';
import type { SyncLogEntry, SyncRunRecord, SyncRunStatus } from '../records';
import type { Database } from '../schema';

const LOG_COLUMNS = ['run_id', 'at', 'level', 'source', 'subject', 'message'] as const;

export interface SyncRunsRepository {
  start(at: string): Promise<number>;
  finish(
    runId: number,
    outcome: { status: SyncRunStatus; counts: unknown; error: string | null; at: string },
  ): Promise<void>;
  get(runId: number): Promise<SyncRunRecord | null>;
  latestId(): Promise<number | null>;
  /** How many finished runs in a row, counting back from the newest, failed (a run still running is skipped). */
  failuresInRow(limit: number): Promise<number>;
  /** Appends entries to a run's log, all or none. Messages quote outside data, so card numbers are masked first. */
  writeLog(runId: number, at: string, entries: readonly SyncLogEntry[]): Promise<void>;
  /** A run's log, oldest first. */
  readLog(runId: number): Promise<(SyncLogEntry & { at: string })[]>;
  getState(key: string): Promise<string | null>;
  setState(key: string, value: string, at: string): Promise<void>;
}

export function syncRunsRepository(db: Kysely<Database>): SyncRunsRepository {
  return {
    async start(at) {
      const { id } = await db
        .insertInto('sync_runs')
        .values({ started_at: at, finished_at: null, status: 'running', counts: '{}', error: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(id);
    },
    async finish(runId, outcome) {
      await db
        .updateTable('sync_runs')
        .set({
          finished_at: outcome.at,
          status: outcome.status,
          counts: JSON.stringify(outcome.counts),
          error: outcome.error === null ? null : redactCardText(outcome.error),
        })
        .where('id', '=', runId)
        .execute();
    },
    async get(runId) {
      const run = await db.selectFrom('sync_runs').selectAll().where('id', '=', runId).executeTakeFirst();
      if (!run) return null;
      return {
        id: Number(run.id),
        startedAt: run.started_at,
        finishedAt: run.finished_at,
        status: run.status,
        error: run.error === null ? null : redactCardText(run.error),
      };
    },
    async latestId() {
      const row = await db.selectFrom('sync_runs').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row ? Number(row.id) : null;
    },
    async failuresInRow(limit) {
      const rows = await db
        .selectFrom('sync_runs')
        .select('status')
        .where('status', '<>', 'running')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      const ok = rows.findIndex((r) => r.status !== 'failed');
      return ok === -1 ? rows.length : ok;
    },
    async writeLog(runId, at, entries) {
      if (entries.length === 0) return;
      const rows = entries.map((e) => [
        runId,
        at,
        e.level,
        e.source,
        redactCardText(e.subject),
        redactCardText(e.message),
      ]);
      await insertRows(db, 'sync_log', LOG_COLUMNS, rows);
    },
    async readLog(runId) {
      const rows = await db
        .selectFrom('sync_log')
        .select(['at', 'level', 'source', 'subject', 'message'])
        .where('run_id', '=', runId)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ ...r, source: r.source as SyncLogEntry['source'] }));
    },
    async getState(key) {
      const row = await db.selectFrom('sync_state').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value ?? null;
    },
    async setState(key, value, at) {
      await db
        .insertInto('sync_state')
        .values({ key, value, updated_at: at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
        .execute();
    },
  };
}
