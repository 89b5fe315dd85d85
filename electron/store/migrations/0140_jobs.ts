// Scheduled jobs (docs/ARCHITECTURE.md, "Jobs on a schedule"): each run of a job with its outcome,
// counts and log (`job_runs`); whether an admin paused a job and the last scheduled time any
// instance claimed (`job_state`, so two instances never run one slot twice); and the lease that
// lets only one instance sharing the store run a job, or a group of jobs, at a time (`job_locks`).
import { strict, withId, type Migration } from './types';

export const jobs: Migration = {
  name: '0140_jobs',
  async up(db, dialect) {
    await strict(
      withId(db.schema.createTable('job_runs'), dialect)
        .addColumn('job', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        // 'running' | 'ok' | 'failed' | 'skipped'
        .addColumn('status', 'text', (c) => c.notNull())
        // 'schedule' | 'catch-up' | 'manual'
        .addColumn('trigger', 'text', (c) => c.notNull())
        // Who ran it: the instance, and for a manual run the person.
        .addColumn('instance', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text')
        // JSON: what the run did, {"ingested": 3, ...}.
        .addColumn('counts', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        // JSON: the run's log lines [{at, level, message}], bounded by the scheduler.
        .addColumn('log', 'text', (c) => c.notNull()),
      dialect,
    ).execute();
    await db.schema.createIndex('job_runs_by_job').on('job_runs').columns(['job', 'id']).execute();

    await strict(
      db.schema
        .createTable('job_state')
        .addColumn('job', 'text', (c) => c.primaryKey())
        // 0 | 1; paused jobs are not run on their schedule.
        .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('paused_by', 'text')
        .addColumn('paused_at', 'text')
        // The newest scheduled time (ISO, UTC) an instance claimed to run; an older or equal one is not run again.
        .addColumn('last_slot', 'text'),
      dialect,
    ).execute();

    await strict(
      db.schema
        .createTable('job_locks')
        // A job's name, or the group of jobs that must not run at once.
        .addColumn('name', 'text', (c) => c.primaryKey())
        // The instance holding it, until expires_at (ISO, UTC); null: free.
        .addColumn('owner', 'text')
        .addColumn('job', 'text')
        .addColumn('acquired_at', 'text')
        .addColumn('expires_at', 'text'),
      dialect,
    ).execute();
  },
};
