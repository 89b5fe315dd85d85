// Scheduled jobs (tables `job_runs`, `job_state`, `job_locks`, migration 0140; docs/ARCHITECTURE.md,
// "Jobs on a schedule"): each run with its outcome, counts and log; pauses; the scheduled time last
// claimed, so no time runs twice across instances; and the lease that lets one instance at a time
// run a job (or a group of jobs that must not overlap). Every claim is one conditional UPDATE, so it
// holds between processes on PostgreSQL and SQLite alike.
import type { Kysely } from 'kysely';
import { redactCardText } from '../../../shared/security';
import type { JobLease, JobLogLine, JobPause, JobRunRecord, JobRunStatus, JobTrigger } from '../records';
import type { Selectable } from 'kysely';
import type { Database, JobRunsTable } from '../schema';

type JobRunRow = Selectable<JobRunsTable>;

export interface NewJobRun {
  readonly job: string;
  readonly at: string;
  readonly trigger: JobTrigger;
  readonly instance: string;
  readonly requestedBy?: string | null;
}

export interface JobRunOutcome {
  readonly status: Exclude<JobRunStatus, 'running'>;
  readonly at: string;
  readonly counts: Record<string, number>;
  readonly error: string | null;
  readonly log: readonly JobLogLine[];
}

export interface JobsRepository {
  /** A run that starts now, `running` until finishRun. */
  startRun(run: NewJobRun): Promise<number>;
  finishRun(id: number, outcome: JobRunOutcome): Promise<void>;
  /** A time that came while the job was still running: recorded, not run. */
  recordSkipped(run: NewJobRun, reason: string): Promise<number>;
  getRun(id: number): Promise<JobRunRecord | null>;
  /** Newest first; one job's or every job's. */
  history(job: string | null, limit: number): Promise<JobRunRecord[]>;
  /** Each job's newest run (skipped ones included). */
  latestRuns(): Promise<Map<string, JobRunRecord>>;
  /** When the job last started a run that was not skipped; null when never. */
  lastStarted(job: string): Promise<string | null>;
  /** Runs an instance left `running` (it stopped mid-run) become `failed` with `error`. Returns how many. */
  failInterrupted(instance: string, at: string, error: string): Promise<number>;
  paused(): Promise<Map<string, JobPause>>;
  setPaused(job: string, paused: boolean, by: string, at: string): Promise<void>;
  /**
   * Claims a scheduled time of a job: true when no instance claimed it, or a later one, before.
   * An instance that loses the claim leaves the time to the one that won.
   */
  claimSlot(job: string, slot: string): Promise<boolean>;
  /** Takes the lease `name` for `job` until `expiresAt`, unless another instance holds it; then who does. */
  takeLease(
    name: string,
    owner: string,
    job: string,
    now: string,
    expiresAt: string,
  ): Promise<{ taken: true } | { taken: false; holder: JobLease }>;
  /** Extends a lease this owner holds; false when it no longer holds it. */
  renewLease(name: string, owner: string, expiresAt: string): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<void>;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function runOf(row: JobRunRow): JobRunRecord {
  return {
    id: Number(row.id),
    job: row.job,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status as JobRunStatus,
    trigger: row.trigger as JobTrigger,
    instance: row.instance,
    requestedBy: row.requested_by,
    counts: parseJson<Record<string, number>>(row.counts, {}),
    error: row.error,
    log: parseJson<JobLogLine[]>(row.log, []),
  };
}

const redactLog = (log: readonly JobLogLine[]): JobLogLine[] =>
  log.map((l) => ({ at: l.at, level: l.level, message: redactCardText(l.message) }));

export function jobsRepository(db: Kysely<Database>): JobsRepository {
  const insertRun = async (run: NewJobRun, status: JobRunStatus, extra: Partial<Omit<JobRunRow, 'id'>>) => {
    const { id } = await db
      .insertInto('job_runs')
      .values({
        job: run.job,
        started_at: run.at,
        finished_at: null,
        status,
        trigger: run.trigger,
        instance: run.instance,
        requested_by: run.requestedBy ?? null,
        counts: '{}',
        error: null,
        log: '[]',
        ...extra,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(id);
  };
  const ensureState = (job: string) =>
    db
      .insertInto('job_state')
      .values({ job, paused: 0, paused_by: null, paused_at: null, last_slot: null })
      .onConflict((oc) => oc.column('job').doNothing())
      .execute();

  return {
    startRun: (run) => insertRun(run, 'running', {}),
    async finishRun(id, outcome) {
      await db
        .updateTable('job_runs')
        .set({
          finished_at: outcome.at,
          status: outcome.status,
          counts: JSON.stringify(outcome.counts),
          error: outcome.error === null ? null : redactCardText(outcome.error),
          log: JSON.stringify(redactLog(outcome.log)),
        })
        .where('id', '=', id)
        .execute();
    },
    recordSkipped: (run, reason) =>
      insertRun(run, 'skipped', {
        finished_at: run.at,
        error: redactCardText(reason),
        log: JSON.stringify(redactLog([{ at: run.at, level: 'warning', message: reason }])),
      }),
    async getRun(id) {
      const row = await db.selectFrom('job_runs').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? runOf(row) : null;
    },
    async history(job, limit) {
      let q = db.selectFrom('job_runs').selectAll();
      if (job !== null) q = q.where('job', '=', job);
      return (await q.orderBy('id', 'desc').limit(limit).execute()).map(runOf);
    },
    async latestRuns() {
      const newest = db
        .selectFrom('job_runs')
        .select((eb) => eb.fn.max('id').as('id'))
        .groupBy('job');
      const rows = await db.selectFrom('job_runs').selectAll().where('id', 'in', newest).execute();
      return new Map(rows.map((r) => [r.job, runOf(r)]));
    },
    async lastStarted(job) {
      const row = await db
        .selectFrom('job_runs')
        .select('started_at')
        .where('job', '=', job)
        .where('status', '<>', 'skipped')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.started_at ?? null;
    },
    async failInterrupted(instance, at, error) {
      const r = await db
        .updateTable('job_runs')
        .set({ status: 'failed', finished_at: at, error })
        .where('instance', '=', instance)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async paused() {
      const rows = await db.selectFrom('job_state').selectAll().where('paused', '=', 1).execute();
      return new Map(rows.map((r) => [r.job, { job: r.job, pausedBy: r.paused_by, pausedAt: r.paused_at }]));
    },
    async setPaused(job, paused, by, at) {
      await ensureState(job);
      await db
        .updateTable('job_state')
        .set(paused ? { paused: 1, paused_by: by, paused_at: at } : { paused: 0, paused_by: null, paused_at: null })
        .where('job', '=', job)
        .execute();
    },
    async claimSlot(job, slot) {
      await ensureState(job);
      const r = await db
        .updateTable('job_state')
        .set({ last_slot: slot })
        .where('job', '=', job)
        .where((eb) => eb.or([eb('last_slot', 'is', null), eb('last_slot', '<', slot)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async takeLease(name, owner, job, now, expiresAt) {
      await db
        .insertInto('job_locks')
        .values({ name, owner: null, job: null, acquired_at: null, expires_at: null })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const r = await db
        .updateTable('job_locks')
        .set({ owner, job, acquired_at: now, expires_at: expiresAt })
        .where('name', '=', name)
        .where((eb) => eb.or([eb('owner', 'is', null), eb('expires_at', 'is', null), eb('expires_at', '<=', now)]))
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) return { taken: true };
      const row = await db.selectFrom('job_locks').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
      return {
        taken: false,
        holder: {
          name,
          owner: row.owner ?? '',
          job: row.job,
          acquiredAt: row.acquired_at,
          expiresAt: row.expires_at ?? now,
        },
      };
    },
    async renewLease(name, owner, expiresAt) {
      const r = await db
        .updateTable('job_locks')
        .set({ expires_at: expiresAt })
        .where('name', '=', name)
        .where('owner', '=', owner)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async releaseLease(name, owner) {
      await db
        .updateTable('job_locks')
        .set({ owner: null, job: null, acquired_at: null, expires_at: null })
        .where('name', '=', name)
        .where('owner', '=', owner)
        .execute();
    },
  };
}
