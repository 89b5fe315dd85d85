// `cleardesk jobs`: the scheduled jobs (docs/ARCHITECTURE.md, "Jobs on a schedule") with their
// schedule, pause, next and last run; `jobs pause|resume <name>` for everyone sharing the store;
// `jobs run <name>` runs one now in this process. Listing, pausing and resuming need only the store;
// running needs the connections (or --sandbox), like `cleardesk sync`.
import type { JobRunView, JobView } from '../../../shared/api';
import { systemClock } from '../../../shared/ports';
import { PAYTRACE_DEFAULT_ZONE } from '../../../shared/time';
import { coreJobs, JOB_NAMES, type JobHost } from '../../core/jobs/registry';
import { JobScheduler } from '../../core/jobs/scheduler';
import { CoreEvents } from '../../core/events';
import type { Actor } from '../../core/ports';
import { sandboxAuditKeyFile, vaultAuditKeys, vaultForHost } from '../../secrets';
import { migrate, type Store } from '../../store';
import { openApp } from '../app';
import { createLogger } from '../log';
import { openExisting } from './audit';
import { ConfigurationError, EXIT } from './errors';

/** A job name ClearDesk does not have: exit 2, nothing opened. */
class JobUsageError extends Error {
  override readonly name = 'JobUsageError';
  readonly exitCode = EXIT.usage;
}

function checkName(name: string): void {
  if (!(JOB_NAMES as readonly string[]).includes(name))
    throw new JobUsageError(`There is no job ${name}; the jobs are ${JOB_NAMES.join(', ')}.`);
}

export interface JobsCommandOptions {
  sandbox: boolean;
  dataDir: string;
  profile: string;
  json: boolean;
  user: string;
}

/** The operator at the machine acts with every role, as on the desktop; the name goes on the audit trail. */
const operator = (name: string): Actor => ({ name, roles: ['clerk', 'approver', 'admin'] });

const lastRunJson = (r: JobRunView | null) =>
  r && { status: r.status, started_at: r.startedAt, finished_at: r.finishedAt, error: r.error, counts: r.counts };

/** One job as `--json` prints it (the interface scripts rely on: name, schedule, paused, next_run, last_run). */
export function jobJson(j: JobView) {
  return {
    name: j.name,
    title: j.title,
    schedule: j.schedule,
    zone: j.zone,
    jitter_seconds: j.jitterSeconds,
    business_hours: j.businessHours,
    paused: j.paused,
    paused_by: j.pausedBy,
    running: j.running,
    next_run: j.nextRun,
    last_run: lastRunJson(j.lastRun),
  };
}

function printJobs(jobs: readonly JobView[], json: boolean): void {
  if (json) return void process.stdout.write(`${JSON.stringify(jobs.map(jobJson))}\n`);
  for (const j of jobs) {
    const last = j.lastRun ? `${j.lastRun.status} ${j.lastRun.startedAt}` : 'never ran';
    const next = j.paused ? `paused by ${j.pausedBy ?? 'someone'}` : `next ${j.nextRun ?? '-'}`;
    process.stdout.write(`${j.name.padEnd(18)} ${j.schedule.padEnd(14)} ${next.padEnd(36)} last: ${last}\n`);
  }
}

/**
 * The jobs over the store alone: listing and pausing run no job, so no connection is opened. With
 * --sandbox, through the app as `sync --sandbox` opens it (a new data folder gets its store).
 */
async function withStoreJobs<T>(opts: JobsCommandOptions, work: (jobs: JobScheduler) => Promise<T>): Promise<T> {
  const log = createLogger(undefined, true);
  if (opts.sandbox) {
    const app = await openApp({ dataDir: opts.dataDir, sandbox: true, env: process.env, log, profile: opts.profile });
    try {
      return await work(app.core.jobs);
    } finally {
      await app.close();
    }
  }
  const store: Store = await openExisting(opts.dataDir, {
    auditKeys: vaultAuditKeys(vaultForHost(process.env, log), process.env, {
      file: sandboxAuditKeyFile(opts.dataDir),
      mayCreate: false,
    }),
  });
  try {
    await migrate(store);
    const refuse = (): never => {
      throw new ConfigurationError('A job runs with `cleardesk jobs run`, which opens the connections.');
    };
    const host: JobHost = {
      store: store.repos,
      get erp(): never {
        return refuse();
      },
      companyCodes: [],
      clock: systemClock,
      events: new CoreEvents(),
      sync: async () => refuse(),
      fallbackZone: PAYTRACE_DEFAULT_ZONE,
      mailFiles: async () => refuse(),
      raise: async () => refuse(),
    };
    const jobs = new JobScheduler({
      store: store.repos,
      clock: systemClock,
      jobs: coreJobs(host),
      instanceId: 'cli',
      fallbackZone: PAYTRACE_DEFAULT_ZONE,
      log,
    });
    return await work(jobs);
  } finally {
    await store.close();
  }
}

export async function runJobsList(opts: JobsCommandOptions): Promise<void> {
  printJobs(await withStoreJobs(opts, (jobs) => jobs.list()), opts.json);
}

export async function runJobsPause(name: string, paused: boolean, opts: JobsCommandOptions): Promise<void> {
  checkName(name);
  const job = await withStoreJobs(opts, (jobs) => jobs.setPaused(name, paused, operator(opts.user).name));
  printJobs([job], opts.json);
}

/** Runs the job now, prints the run; exit 1 when it failed. */
export async function runJobsRun(name: string, opts: JobsCommandOptions): Promise<void> {
  checkName(name);
  const app = await openApp({
    dataDir: opts.dataDir,
    sandbox: opts.sandbox,
    env: process.env,
    log: createLogger(undefined, opts.json),
    profile: opts.profile,
  });
  try {
    const run = await app.core.handle('jobs.runNow', { job: name }, operator(opts.user));
    if (opts.json) process.stdout.write(`${JSON.stringify({ job: run.job, ...lastRunJson(run) })}\n`);
    else {
      for (const line of run.log) process.stdout.write(`${line.at} ${line.level.padEnd(7)} ${line.message}\n`);
      process.stdout.write(`${run.job}: ${run.status}${run.error ? `: ${run.error}` : ''}\n`);
    }
    if (run.status === 'failed') process.exitCode = 1;
  } finally {
    await app.close();
  }
}
