// `cleardesk sync`: one pass (--once) or a pass every --every minutes, as the scheduled job
// paytrace.sync (docs/ARCHITECTURE.md, "Jobs on a schedule": no overlap, history, catch-up), with
// this command's options (--since, --auto-post) and its summary printed after each pass.
import type { SyncSummary } from '../../../shared/api';
import { createLogger, logsDirOf } from '../log';
import { JobScheduler } from '../../core/jobs/scheduler';
import { PAYTRACE_DEFAULT_ZONE } from '../../../shared/time';
import { syncEveryOverrides } from '../jobs';
import { readSyncLog } from '../../core/sync/log';
import { openApp } from '../app';
import { progressPrinter } from './progress';

export interface SyncCommandOptions {
  sandbox: boolean;
  dataDir: string;
  profile: string;
  since?: string;
  once: boolean;
  every: number;
  autoPost: boolean;
  json: boolean;
  /** Where audit anchors are written; CLEARDESK_AUDIT_ANCHOR_DIR when absent. */
  anchorDir?: string;
}

function printSummary(summary: SyncSummary, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const rows: [string, number][] = [
    ['PayTrace transactions ingested', summary.ingested],
    ['PayTrace transactions updated', summary.updated],
    ['SAP open items', summary.open_items],
    ['New proposals', summary.proposals],
    ['Posted to SAP', summary.posted],
    ['Dead-lettered records', summary.dead_lettered],
    ['Dead letters waiting', summary.dead_letters_waiting],
  ];
  for (const [label, n] of rows) process.stdout.write(`${label.padEnd(32)} ${String(n).padStart(8)}\n`);
}

/** Who holds the lease while this command runs: the installation, and this process. */
const commandOwner = (installation: string, pid: number): string => `${installation} cli ${pid}`;

/** A lease of a `cleardesk sync` of this installation whose process has ended (killed, or its disk was full). */
function isCommandGone(owner: string, installation: string): boolean {
  const m = /^(.*) cli (\d+)$/.exec(owner);
  if (m?.[1] !== installation || Number(m[2]) === process.pid) return false;
  try {
    process.kill(Number(m[2]), 0);
    return false;
  } catch (error) {
    // EPERM: the process exists under another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** The job's schedule when the command runs once: never started, so never due. */
const ONCE_SCHEDULE = '*/15 * * * *';

export async function runSyncCommand(opts: SyncCommandOptions): Promise<void> {
  const log = createLogger(undefined, opts.json);
  await log.attachFile(logsDirOf(opts.dataDir));
  const every = opts.once ? {} : syncEveryOverrides(opts.every, '--every', 'for a single run, --once');
  const app = await openApp({
    dataDir: opts.dataDir,
    sandbox: opts.sandbox,
    env: process.env,
    log,
    profile: opts.profile,
    ...(opts.anchorDir ? { anchorDir: opts.anchorDir } : {}),
  });
  /** The run's sync log on stderr, one structured line per entry (stdout keeps the summary alone). */
  const printSyncLog = async (): Promise<void> => {
    const { runId, entries } = await readSyncLog(app.core.store);
    for (const e of entries) {
      const fields = { run: runId, source: e.source, subject: e.subject, message: e.message };
      if (e.level === 'error') log.error('sync.log', fields);
      else if (e.level === 'warning') log.warn('sync.log', fields);
      else log.info('sync.log', fields);
    }
  };
  // Each phase's progress on stderr as it goes: a bar on a terminal, lines otherwise, JSON with --json.
  const printer = progressPrinter({ json: opts.json });
  app.core.events.on('sync.progress', (p) => printer.update(p));
  const pass = async () => {
    try {
      return await app.core.sync({
        ...(opts.since ? { since: opts.since } : {}),
        ...(opts.autoPost
          ? { autoPost: (t: number, p: number) => app.core.autoPost(t, p), autoPostConcurrency: app.postingConcurrency }
          : {}),
      });
    } finally {
      printer.end();
      await printSyncLog().catch(() => undefined);
    }
  };
  const { core } = app;
  const installation = core.options.instanceId ?? 'local';
  // One pass or many, each is a run of the job paytrace.sync: in the Jobs history beside the scheduled runs,
  // and never beside another run of its group (a browser host's mirror of the same store).
  const scheduler = new JobScheduler({
    store: core.store,
    clock: core.options.clock,
    instanceId: commandOwner(installation, process.pid),
    isOwnerGone: (owner) => isCommandGone(owner, installation),
    fallbackZone: core.options.payTraceZone ?? PAYTRACE_DEFAULT_ZONE,
    log,
    // Renewed every 40 s while a pass runs. A command of this installation killed outright is known gone at
    // once (its process has ended); two minutes bound the wait wherever that cannot be seen.
    leaseMs: 120_000,
    jobs: [
      {
        name: 'paytrace.sync',
        title: 'PayTrace sync',
        schedule: every['paytrace.sync']?.schedule ?? ONCE_SCHEDULE,
        group: 'sap-mirror',
        runWhenNew: true,
        async run() {
          const summary = await pass();
          printSummary(summary, opts.json);
          return { ...summary };
        },
      },
    ],
  });
  if (opts.once) {
    try {
      // A failed pass leaves the command with its error's exit code.
      await scheduler.runNow('paytrace.sync', 'cli', { rethrow: true });
    } finally {
      await app.close();
      log.close();
    }
    return;
  }
  // The first pass now, as before (the command was started to sync); a failure waits for the next time.
  await scheduler
    .runNow('paytrace.sync', 'cli')
    .catch((e: unknown) => log.error('sync.failed', { error: e instanceof Error ? e.message : String(e) }));
  await scheduler.start(every);
  const stop = async () => {
    await scheduler.stop();
    await app.close();
    log.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
