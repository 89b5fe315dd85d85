// Jobs on a schedule (docs/ARCHITECTURE.md, "Jobs on a schedule"). Each job has its own cron
// schedule in the company's time zone (croner), optional business hours and jitter. A time that
// comes while the job, or a job of its group, is still running is skipped and recorded as
// `skipped`; a time missed while ClearDesk was closed is run once at start (catch-up); stop()
// waits for the running pass. Between instances sharing a store (team mode) the store decides:
// each scheduled time is claimed once (`claimSlot`) and a lease lets one instance at a time run a
// job or group (`takeLease`, renewed while it runs, free again when it ends or expires).
import { countsReached } from './counts';
import { ApiError, type BusinessHours, type JobRunView, type JobView } from '../../../shared/api';
import type { Clock, Logger } from '../../../shared/ports';
import type { JobLogLine, JobRunRecord, JobTrigger, Repositories } from '../../store';
import { companyZone, jobScheduleRules } from '../settings';
import { nextSlot, previousSlot, type Timing } from './timing';

export interface JobContext {
  readonly runId: number;
  readonly trigger: JobTrigger;
  /** Who asked for a Run now (a person, or 'cli'); null for the schedule's runs. */
  readonly requestedBy: string | null;
  /** A line for the run's log (kept bounded: the first and last lines of a long run). */
  log(message: string, level?: JobLogLine['level']): void;
}

export interface JobDefinition {
  readonly name: string;
  /** For people: "PayTrace sync". */
  readonly title: string;
  /** The default cron pattern (five fields); an admin's setting or the host replaces it. */
  readonly schedule: string;
  readonly jitterSeconds?: number;
  readonly businessHours?: BusinessHours | null;
  /** Jobs of one group never run at once, in this process or on another instance. Default: the job alone. */
  readonly group?: string;
  /** Runs at the first start, before it ever ran (the sync); other jobs wait for their first time. */
  readonly runWhenNew?: boolean;
  /** Does the work; returns what it did, counted. A throw is a failed run with its message. */
  run(ctx: JobContext): Promise<Record<string, number> | void>;
  /**
   * Which of its counts are the records a run handled (PayTrace records taken in, open items mirrored, journal
   * lines written): their sum is the run's `records` (the Monitoring screen's "Records per run"). Other counts
   * (a date, a version, sub-totals) are not records. None: a run handles no records.
   */
  readonly records?: readonly string[];
}

/** What the host sets for this process (cleardesk serve --sync-every): wins over the admin's setting. */
export type JobOverrides = Readonly<
  Record<string, Partial<Pick<JobDefinition, 'schedule' | 'jitterSeconds' | 'businessHours'>>>
>;

/** setTimeout and clearTimeout, or a fake clock's in tests. */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface SchedulerOptions {
  readonly store: Repositories;
  readonly clock: Clock;
  readonly jobs: readonly JobDefinition[];
  /** This installation, in history and on leases. */
  readonly instanceId: string;
  readonly log?: Logger;
  /** The zone when an admin set no '*' posting zone: the PayTrace account's. */
  readonly fallbackZone: string;
  readonly timers?: Timers;
  /** In [0, 1): the jitter's draw. */
  readonly random?: () => number;
  /** How long a lease holds without renewal (renewed every third of it while the run goes on). Default 10 minutes. */
  readonly leaseMs?: number;
  /** A run started or ended, a job paused or resumed. */
  readonly onChange?: (job: string) => void;
  /** Awaited when a run has started, before the job's work (a throw fails the run with its message). */
  readonly beforeRun?: () => Promise<void>;
  /**
   * True when the owner of a lease is known to be gone (a command of this installation killed outright, or one
   * that could not give its lease back on a full disk): its lease is taken over and its runs left `running` fail.
   */
  readonly isOwnerGone?: (owner: string) => boolean;
}

/** A stored run as the API shows it, with the records its job counts (its definition's `records`). */
export const jobRunView = (r: JobRunRecord, def: Pick<JobDefinition, 'records'> | undefined): JobRunView => ({
  ...r,
  counts: { ...r.counts },
  records: (def?.records ?? []).reduce((n, key) => n + (r.counts[key] ?? 0), 0),
  log: r.log.map((l) => ({ ...l })),
});

/** A run's log is kept to this many lines: the first half and the last half of a longer one. */
export const MAX_JOB_LOG_LINES = 200;
const MAX_LINE = 1000;
/** setTimeout's limit (about 24.8 days): a later time is waited for in steps. */
const MAX_DELAY = 2_147_483_647;

interface Running {
  readonly job: string;
  readonly startedAt: string;
  done: Promise<unknown>;
}

interface Armed {
  handle: unknown;
  /** The scheduled time (before jitter): the slot claimed in the store. */
  slot: Date;
  /** When the timer fires: the slot plus this run's jitter. */
  due: Date;
}

export class JobScheduler {
  private readonly defs: Map<string, JobDefinition>;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly leaseMs: number;
  private readonly armed = new Map<string, Armed>();
  /** By group (a job's name when it has none). */
  private readonly running = new Map<string, Running>();
  private timings = new Map<string, Timing & { jitterSeconds: number }>();
  private overrides: JobOverrides = {};
  private started = false;
  private stopped = false;
  private catchingUp: Promise<void> = Promise.resolve();

  constructor(private readonly options: SchedulerOptions) {
    this.defs = new Map(options.jobs.map((j) => [j.name, j]));
    this.timers = options.timers ?? realTimers;
    this.random = options.random ?? Math.random;
    this.leaseMs = options.leaseMs ?? 10 * 60_000;
  }

  private get store(): Repositories {
    return this.options.store;
  }

  private now(): Date {
    return this.options.clock.now();
  }

  /** Starts the schedules: runs left `running` by this instance are failed, missed times caught up, timers set. */
  async start(overrides: JobOverrides = {}): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    this.overrides = overrides;
    const interrupted = await this.store.jobs.failInterrupted(
      this.options.instanceId,
      this.now().toISOString(),
      'ClearDesk stopped during this run; the next run does its work again.',
    );
    if (interrupted > 0) this.options.log?.warn('jobs.interrupted', { runs: interrupted });
    await this.reload();
    const paused = await this.store.jobs.paused();
    const due: { def: JobDefinition; slot: Date }[] = [];
    for (const def of this.defs.values()) {
      if (paused.has(def.name)) continue;
      const slot = previousSlot(this.timingOf(def), this.now());
      if (!slot) continue;
      const last = await this.store.jobs.lastStarted(def.name);
      if (last ? Date.parse(last) < slot.getTime() : def.runWhenNew) due.push({ def, slot });
    }
    // One after another, so caught-up jobs of one group do not skip each other.
    this.catchingUp = (async () => {
      for (const { def, slot } of due) {
        if (this.stopped) return;
        await this.fire(def, slot, 'catch-up').catch((e: unknown) => this.logError(def.name, e));
      }
    })();
  }

  /** Stops the timers and waits for the runs under way (and the catch-up) to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const a of this.armed.values()) this.timers.clear(a.handle);
    this.armed.clear();
    await this.catchingUp;
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
    this.started = false;
  }

  /** Reads the schedules again (an admin changed them) and, when started, sets the timers anew. */
  async reload(): Promise<void> {
    const zone = await companyZone(this.store, this.options.fallbackZone);
    const rules = new Map((await jobScheduleRules(this.store)).map((r) => [r.job, r]));
    const timings = new Map<string, Timing & { jitterSeconds: number }>();
    for (const def of this.defs.values()) {
      const rule = rules.get(def.name);
      const host = this.overrides[def.name] ?? {};
      timings.set(def.name, {
        zone,
        schedule: host.schedule ?? rule?.schedule ?? def.schedule,
        jitterSeconds: host.jitterSeconds ?? rule?.jitterSeconds ?? def.jitterSeconds ?? 0,
        businessHours: host.businessHours ?? rule?.businessHours ?? def.businessHours ?? null,
      });
    }
    this.timings = timings;
    if (this.started && !this.stopped) for (const def of this.defs.values()) this.arm(def);
  }

  private timingOf(def: JobDefinition): Timing & { jitterSeconds: number } {
    const t = this.timings.get(def.name);
    if (!t) throw new Error(`jobs: ${def.name} has no timing; reload() first`);
    return t;
  }

  private arm(def: JobDefinition): void {
    const old = this.armed.get(def.name);
    if (old) this.timers.clear(old.handle);
    this.armed.delete(def.name);
    if (this.stopped) return;
    const timing = this.timingOf(def);
    const now = this.now();
    const slot = nextSlot(timing, now);
    if (!slot) return;
    const jitter = Math.floor(this.random() * timing.jitterSeconds * 1000);
    const due = new Date(slot.getTime() + jitter);
    const armed: Armed = { handle: null, slot, due };
    const wait = (): void => {
      armed.handle = this.timers.set(
        () => {
          if (this.stopped) return;
          if (this.now().getTime() < due.getTime()) return wait(); // a long wait, in steps
          this.arm(def);
          void this.tick(def, slot);
        },
        Math.min(MAX_DELAY, Math.max(0, due.getTime() - this.now().getTime())),
      );
    };
    wait();
    this.armed.set(def.name, armed);
  }

  private async tick(def: JobDefinition, slot: Date): Promise<void> {
    try {
      if ((await this.store.jobs.paused()).has(def.name)) return;
      await this.fire(def, slot, 'schedule');
    } catch (e) {
      this.logError(def.name, e);
    }
  }

  private logError(job: string, e: unknown): void {
    this.options.log?.error('jobs.failed', { job, error: e instanceof Error ? e.message : String(e) });
  }

  private groupOf(def: JobDefinition): string {
    return def.group ?? def.name;
  }

  /** A scheduled (or caught-up) time: run once across instances, or recorded as skipped. */
  private async fire(def: JobDefinition, slot: Date, trigger: JobTrigger): Promise<JobRunRecord | null> {
    // Another instance already took this time (or a later one): nothing to do, nothing to record.
    if (!(await this.store.jobs.claimSlot(def.name, slot.toISOString()))) return null;
    const busy = this.running.get(this.groupOf(def));
    const run = { job: def.name, at: this.now().toISOString(), trigger, instance: this.options.instanceId };
    if (busy) {
      const reason = `Skipped: ${busy.job === def.name ? 'its run' : `${busy.job}, which it must not overlap,`} started at ${busy.startedAt} was still running.`;
      return this.skipped(run, reason);
    }
    return this.runExclusive(def, trigger, null, (reason) => this.skipped(run, reason));
  }

  private async skipped(
    run: { job: string; at: string; trigger: JobTrigger; instance: string },
    reason: string,
  ): Promise<JobRunRecord | null> {
    const id = await this.store.jobs.recordSkipped(run, reason);
    this.options.log?.warn('jobs.skipped', { job: run.job, reason });
    this.options.onChange?.(run.job);
    return this.store.jobs.getRun(id);
  }

  /**
   * Runs the job under its group's lease, reserved here first so a second call in this process
   * sees it at once. `refused` answers when the lease is held elsewhere.
   */
  private async runExclusive(
    def: JobDefinition,
    trigger: JobTrigger,
    requestedBy: string | null,
    refused: (reason: string) => Promise<JobRunRecord | null>,
    failed?: (error: unknown) => void,
  ): Promise<JobRunRecord | null> {
    const group = this.groupOf(def);
    const startedAt = this.now().toISOString();
    let release!: () => void;
    const reservation: Running = { job: def.name, startedAt, done: new Promise<void>((r) => (release = r)) };
    this.running.set(group, reservation);
    try {
      const take = () =>
        this.store.jobs.takeLease(
          group,
          this.options.instanceId,
          def.name,
          startedAt,
          new Date(this.now().getTime() + this.leaseMs).toISOString(),
        );
      let lease = await take();
      if (!lease.taken && this.options.isOwnerGone?.(lease.holder.owner)) {
        const gone = lease.holder.owner;
        await this.store.jobs.releaseLease(group, gone);
        await this.store.jobs.failInterrupted(gone, startedAt, 'The command running it stopped; this run did not end.');
        this.options.log?.warn('jobs.lease_taken_over', { group, from: gone });
        lease = await take();
      }
      if (!lease.taken) {
        const h = lease.holder;
        return await refused(
          `Skipped: ${h.job ?? def.name} is running on ${h.owner === this.options.instanceId ? 'this instance' : `instance ${h.owner}`} (since ${h.acquiredAt ?? 'earlier'}).`,
        );
      }
      try {
        return await this.execute(def, trigger, requestedBy, group, failed);
      } finally {
        await this.store.jobs
          .releaseLease(group, this.options.instanceId)
          .catch((e: unknown) => this.logError(def.name, e));
      }
    } finally {
      this.running.delete(group);
      release();
    }
  }

  private async execute(
    def: JobDefinition,
    trigger: JobTrigger,
    requestedBy: string | null,
    group: string,
    /** Told what the job threw (the run records only its words). */
    failed?: (error: unknown) => void,
  ): Promise<JobRunRecord | null> {
    const { store } = this;
    const runId = await store.jobs.startRun({
      job: def.name,
      at: this.now().toISOString(),
      trigger,
      instance: this.options.instanceId,
      requestedBy,
    });
    this.options.onChange?.(def.name);
    const lines = new BoundedLog(() => this.now().toISOString());
    let renewal: unknown = null;
    const renew = (): void => {
      renewal = this.timers.set(() => {
        const until = new Date(this.now().getTime() + this.leaseMs).toISOString();
        void store.jobs.renewLease(group, this.options.instanceId, until).catch(() => undefined);
        renew();
      }, this.leaseMs / 3);
    };
    renew();
    let counts: Record<string, number> = {};
    let error: string | null = null;
    try {
      await this.options.beforeRun?.();
      counts = (await def.run({ runId, trigger, requestedBy, log: (m, level) => lines.add(m, level) })) ?? {};
    } catch (e) {
      failed?.(e);
      error = e instanceof Error ? e.message : String(e);
      // What the run did before it failed (ingested, posted, ...), when the work's owner says.
      counts = countsReached(e);
      lines.add(error, 'error');
    } finally {
      this.timers.clear(renewal);
    }
    await store.jobs.finishRun(runId, {
      status: error === null ? 'ok' : 'failed',
      at: this.now().toISOString(),
      counts,
      error,
      log: lines.lines(),
    });
    if (error === null) this.options.log?.info('jobs.ok', { job: def.name, counts });
    else this.options.log?.error('jobs.failed', { job: def.name, error });
    this.options.onChange?.(def.name);
    return store.jobs.getRun(runId);
  }

  private def(name: string): JobDefinition {
    const def = this.defs.get(name);
    if (!def)
      throw new ApiError('not_found', `There is no job ${name}; the jobs are ${[...this.defs.keys()].join(', ')}.`);
    return def;
  }

  /**
   * Runs a job now, whatever its schedule (paused too). A conflict while it or its group is running. With
   * `rethrow`, a run that failed (recorded as such) ends in what the job threw, for a caller that answers with
   * it (the header's Sync now, `cleardesk sync --once`); otherwise in the failed run.
   */
  async runNow(name: string, requestedBy: string, options: { rethrow?: boolean } = {}): Promise<JobRunView> {
    const def = this.def(name);
    const busy = this.running.get(this.groupOf(def));
    if (busy)
      throw new ApiError(
        'conflict',
        `${def.title} cannot start now: ${busy.job} has been running since ${busy.startedAt}. Try again when it has ended.`,
      );
    const outcome: { thrown?: unknown } = {};
    const run = await this.runExclusive(
      def,
      'manual',
      requestedBy,
      (reason) => {
        throw new ApiError('conflict', `${def.title} cannot start now. ${reason.replace(/^Skipped: /, '')}`);
      },
      (error) => (outcome.thrown = error),
    );
    if (options.rethrow && 'thrown' in outcome) throw outcome.thrown;
    if (!run) throw new Error(`jobs: the run of ${name} was not recorded`);
    return jobRunView(run, def);
  }

  /** Pauses or resumes a job's scheduled runs for every instance sharing the store; on the audit trail. */
  async setPaused(name: string, paused: boolean, by: string): Promise<JobView> {
    this.def(name);
    const at = this.now().toISOString();
    await this.store.transaction(async (tx) => {
      await tx.jobs.setPaused(name, paused, by, at);
      await tx.audit.append({
        actor: by,
        action: paused ? 'job.paused' : 'job.resumed',
        subject: `job:${name}`,
        detail: {},
        at,
      });
    });
    this.options.onChange?.(name);
    return (await this.list()).find((j) => j.name === name)!;
  }

  async history(job: string | null, limit: number): Promise<JobRunView[]> {
    if (job !== null) this.def(job);
    return (await this.store.jobs.history(job, limit)).map((r) => jobRunView(r, this.defs.get(r.job)));
  }

  /** Every job with its schedule, pause, whether it runs, and its last and next run. */
  async list(): Promise<JobView[]> {
    if (this.timings.size === 0) await this.reload();
    const [paused, latest] = await Promise.all([this.store.jobs.paused(), this.store.jobs.latestRuns()]);
    const now = this.now();
    return [...this.defs.values()].map((def) => {
      const timing = this.timingOf(def);
      const pause = paused.get(def.name);
      const scheduled = this.started && !this.stopped;
      const next = pause ? null : scheduled ? (this.armed.get(def.name)?.due ?? null) : nextSlot(timing, now);
      const running = this.running.get(this.groupOf(def));
      const last = latest.get(def.name);
      return {
        name: def.name,
        title: def.title,
        schedule: timing.schedule,
        jitterSeconds: timing.jitterSeconds,
        businessHours: timing.businessHours,
        zone: timing.zone,
        paused: !!pause,
        pausedBy: pause?.pausedBy ?? null,
        scheduled,
        running: running?.job === def.name,
        nextRun: next ? next.toISOString() : null,
        lastRun: last ? jobRunView(last, def) : null,
      };
    });
  }
}

/** A run's log: every line of a short run; of a long one the first and the last half, and how many between. */
class BoundedLog {
  private readonly head: JobLogLine[] = [];
  private readonly tail: JobLogLine[] = [];
  private dropped = 0;

  constructor(private readonly now: () => string) {}

  add(message: string, level: JobLogLine['level'] = 'info'): void {
    const line = {
      at: this.now(),
      level,
      message: message.length > MAX_LINE ? `${message.slice(0, MAX_LINE)}…` : message,
    };
    const half = MAX_JOB_LOG_LINES / 2;
    if (this.head.length < half) return void this.head.push(line);
    this.tail.push(line);
    if (this.tail.length > half - 1) {
      this.tail.shift();
      this.dropped += 1;
    }
  }

  lines(): JobLogLine[] {
    const gap: JobLogLine[] =
      this.dropped > 0
        ? [{ at: this.tail[0]?.at ?? this.now(), level: 'warning', message: `${this.dropped} lines left out here.` }]
        : [];
    return [...this.head, ...gap, ...this.tail];
  }
}
