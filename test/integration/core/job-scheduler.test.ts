// The job scheduler (docs/ARCHITECTURE.md, "Jobs on a schedule") on a fake clock over a real store:
// a time that comes while the job (or its group) runs is skipped and recorded, a time missed while
// ClearDesk was closed runs once at start, stop() waits for the running pass, a paused job does
// not run, business hours and jitter move the next run, and a long run's log is kept bounded.
import { expect, it } from 'vitest';
import { withCountsReached } from '../../../electron/core/jobs/counts';
import { JobScheduler, MAX_JOB_LOG_LINES, type JobDefinition } from '../../../electron/core/jobs/scheduler';
import type { Actor } from '../../../electron/core/ports';
import { updateSettings } from '../../../electron/core/settings';
import { everyMinutes } from '../../../electron/core/jobs/timing';
import type { Repositories } from '../../../electron/store';
import { FakeTime, gate, until } from '../../support/fake-time';
import { describeEachDialect } from '../../support/store';

const ZONE = 'America/New_York';

function scheduler(repos: Repositories, time: FakeTime, jobs: JobDefinition[], instanceId = 'a', random = () => 0) {
  return new JobScheduler({ store: repos, clock: time, timers: time, jobs, instanceId, fallbackZone: ZONE, random });
}

const statuses = async (repos: Repositories, job: string) =>
  (await repos.jobs.history(job, 50)).map((r) => r.status).reverse();

describeEachDialect('job scheduler', (h) => {
  it('skips and records a time that comes while the job or its group still runs, then runs the next', async () => {
    const { repos } = await h.migrated();
    const time = new FakeTime(Date.parse('2026-03-02T15:00:30Z'));
    const hold = gate();
    let runs = 0;
    const slow: JobDefinition = {
      name: 'slow',
      title: 'Slow',
      schedule: '* * * * *',
      group: 'g',
      async run(ctx) {
        runs += 1;
        ctx.log(`run ${runs}`);
        if (runs === 1) await hold.promise;
        return { runs };
      },
    };
    const sibling: JobDefinition = {
      name: 'sibling',
      title: 'Sibling',
      schedule: '*/2 * * * *',
      group: 'g',
      run: async () => ({}),
    };
    const s = scheduler(repos, time, [slow, sibling]);
    await s.start();
    expect(await repos.jobs.history(null, 10)).toEqual([]); // never ran, not runWhenNew: no catch-up

    time.advanceTo('2026-03-02T15:01:00Z');
    await until(async () => (await statuses(repos, 'slow')).join() === 'running', 'the first run started');
    time.advanceTo('2026-03-02T15:02:00Z'); // slow's next minute and sibling's time, both while slow runs
    await until(async () => (await statuses(repos, 'slow')).join() === 'running,skipped', 'slow skipped');
    await until(async () => (await statuses(repos, 'sibling')).join() === 'skipped', 'sibling skipped');
    const [skipped] = await repos.jobs.history('slow', 1);
    expect(skipped).toMatchObject({ status: 'skipped', trigger: 'schedule', startedAt: '2026-03-02T15:02:00.000Z' });
    expect(skipped!.error).toMatch(/its run started at 2026-03-02T15:01:00.000Z was still running/);
    expect((await repos.jobs.history('sibling', 1))[0]!.error).toMatch(/slow, which it must not overlap/);
    expect((await s.list()).find((j) => j.name === 'slow')).toMatchObject({ running: true });

    hold.open();
    await until(async () => (await statuses(repos, 'slow')).join() === 'ok,skipped', 'the first run ended');
    time.advanceTo('2026-03-02T15:03:00Z');
    await until(async () => (await statuses(repos, 'slow')).join() === 'ok,skipped,ok', 'the next minute ran');
    expect(runs).toBe(2);
    const [last] = await repos.jobs.history('slow', 1);
    expect(last).toMatchObject({ counts: { runs: 2 }, log: [{ level: 'info', message: 'run 2' }] });
    await s.stop();
  });

  it('runs a job once at start when its last run is older than its previous time', async () => {
    const { repos } = await h.migrated();
    const time = new FakeTime(Date.parse('2026-03-02T15:30:00Z'));
    const ran: string[] = [];
    const job = (name: string, extra: Partial<JobDefinition> = {}): JobDefinition => ({
      name,
      title: name,
      schedule: '0 * * * *',
      run: async (ctx) => void ran.push(`${name}:${ctx.trigger}`),
      ...extra,
    });
    const finished = async (job: string, at: string) => {
      const id = await repos.jobs.startRun({ job, at, trigger: 'schedule', instance: 'old' });
      await repos.jobs.finishRun(id, { status: 'ok', at, counts: {}, error: null, log: [] });
    };
    await finished('missed', '2026-03-02T14:00:00.000Z'); // 15:00 came while closed
    await finished('current', '2026-03-02T15:00:05.000Z'); // ran at 15:00 already
    const s = scheduler(repos, time, [job('missed'), job('current'), job('new'), job('first', { runWhenNew: true })]);
    await s.start();
    await until(() => ran.length === 2, 'the catch-up runs');
    expect(ran.sort()).toEqual(['first:catch-up', 'missed:catch-up']);
    expect((await repos.jobs.history('missed', 1))[0]).toMatchObject({ trigger: 'catch-up', status: 'ok' });
    // The caught-up time is claimed: a second instance starting now does not run it again.
    const other = scheduler(repos, time, [job('missed')], 'b');
    await other.start();
    await other.stop();
    await s.stop();
    expect(ran).toHaveLength(2);
    expect(await statuses(repos, 'new')).toEqual([]);
  });

  it('stop() waits for the running pass and leaves no timer behind', async () => {
    const { repos } = await h.migrated();
    const time = new FakeTime(Date.parse('2026-03-02T15:00:30Z'));
    const hold = gate();
    const s = scheduler(repos, time, [
      { name: 'long', title: 'Long', schedule: '* * * * *', run: async () => void (await hold.promise) },
    ]);
    await s.start();
    time.advanceTo('2026-03-02T15:01:00Z');
    await until(async () => (await statuses(repos, 'long')).join() === 'running', 'the run started');
    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(stopped).toBe(false);
    hold.open();
    await stopping;
    expect(await statuses(repos, 'long')).toEqual(['ok']);
    expect(time.waiting).toBe(0);
    time.advanceTo('2026-03-02T16:00:00Z');
    await new Promise((r) => setTimeout(r, 100));
    expect(await statuses(repos, 'long')).toEqual(['ok']);
  });

  it('does not run a paused job on its schedule, for any instance, until resumed', async () => {
    const { repos } = await h.migrated();
    const time = new FakeTime(Date.parse('2026-03-02T15:00:30Z'));
    let runs = 0;
    const s = scheduler(repos, time, [{ name: 'p', title: 'P', schedule: '* * * * *', run: async () => void runs++ }]);
    await s.start();
    const paused = await s.setPaused('p', true, 'ada');
    expect(paused).toMatchObject({ paused: true, pausedBy: 'ada', nextRun: null });
    time.advanceTo('2026-03-02T15:01:00Z');
    await new Promise((r) => setTimeout(r, 200));
    expect(runs).toBe(0);
    expect(await repos.jobs.history('p', 5)).toEqual([]);
    expect(await repos.audit.forSubject('job:p')).toMatchObject([{ actor: 'ada', action: 'job.paused' }]);
    // A person may still run it now.
    expect(await s.runNow('p', 'sam')).toMatchObject({ status: 'ok', trigger: 'manual', requestedBy: 'sam' });
    expect((await s.setPaused('p', false, 'ada')).nextRun).toBe('2026-03-02T15:02:00.000Z');
    time.advanceTo('2026-03-02T15:02:00Z');
    await until(() => runs === 2, 'the resumed job ran');
    await s.stop();
  });

  it('keeps to business hours in the company zone and adds the jitter to the next run', async () => {
    const { repos } = await h.migrated();
    // Saturday 2026-03-07 12:00 in New York.
    const time = new FakeTime(Date.parse('2026-03-07T17:00:00Z'));
    const s = scheduler(
      repos,
      time,
      [
        {
          name: 'office',
          title: 'Office',
          schedule: '*/15 * * * *',
          jitterSeconds: 60,
          businessHours: { from: '08:00', to: '18:00', days: [1, 2, 3, 4, 5] },
          run: async () => ({}),
        },
      ],
      'a',
      () => 0.5,
    );
    expect((await s.list())[0]).toMatchObject({ scheduled: false, nextRun: '2026-03-09T12:00:00.000Z', zone: ZONE });
    await s.start();
    // Monday 08:00 in New York (EDT from 2026-03-08) plus half of the 60 s jitter.
    expect((await s.list())[0]).toMatchObject({ scheduled: true, nextRun: '2026-03-09T12:00:30.000Z' });
    await s.stop();
  });

  it("keeps a long run's first and last lines, and says how many were left out", async () => {
    const { repos } = await h.migrated();
    const time = new FakeTime(Date.parse('2026-03-02T15:00:30Z'));
    const s = scheduler(repos, time, [
      {
        name: 'chatty',
        title: 'Chatty',
        schedule: '0 0 1 1 *',
        async run(ctx) {
          for (let i = 1; i <= 500; i++) ctx.log(`line ${i}`);
          throw new Error('gave up at the end');
        },
      },
    ]);
    const run = await s.runNow('chatty', 'ada');
    expect(run).toMatchObject({ status: 'failed', error: 'gave up at the end' });
    expect(run.log).toHaveLength(MAX_JOB_LOG_LINES);
    expect(run.log[0]!.message).toBe('line 1');
    expect(run.log[99]!.message).toBe('line 100');
    expect(run.log[100]!.message).toBe('302 lines left out here.');
    expect(run.log.at(-2)!.message).toBe('line 500');
    expect(run.log.at(-1)).toMatchObject({ level: 'error', message: 'gave up at the end' });
  });

  it('keeps the counts a failed run reached, with its error', async () => {
    const { repos } = await h.migrated();
    const time = new FakeTime(Date.parse('2026-03-02T15:00:30Z'));
    const s = scheduler(repos, time, [
      {
        name: 'partial',
        title: 'Partial',
        schedule: '0 0 1 1 *',
        run: async () => {
          throw withCountsReached(new Error('SAP stopped answering'), { ingested: 12, posted: 3 });
        },
      },
      { name: 'bare', title: 'Bare', schedule: '0 0 1 1 *', run: () => Promise.reject(new Error('no counts')) },
    ]);
    expect(await s.runNow('partial', 'ada')).toMatchObject({
      status: 'failed',
      error: 'SAP stopped answering',
      counts: { ingested: 12, posted: 3 },
    });
    const [stored] = await repos.jobs.history('partial', 1);
    expect(stored).toMatchObject({ status: 'failed', counts: { ingested: 12, posted: 3 } });
    expect(await s.runNow('bare', 'ada')).toMatchObject({ status: 'failed', counts: {} });
  });

  it("counts a run's records by its job's own measure, never a date or a version among its counts", async () => {
    const { repos } = await h.migrated();
    const time = new FakeTime(Date.parse('2026-03-02T15:00:30Z'));
    const s = scheduler(repos, time, [
      {
        name: 'import',
        title: 'Import',
        schedule: '0 0 1 1 *',
        records: ['read'],
        run: async () => ({ read: 40, imported: 12, updated: 3, through: 20260302 }),
      },
      { name: 'anchor', title: 'Anchor', schedule: '0 0 1 1 *', run: async () => ({ seq: 991 }) },
    ]);
    expect(await s.runNow('import', 'ada')).toMatchObject({ records: 40, counts: { through: 20260302 } });
    expect(await s.runNow('anchor', 'ada')).toMatchObject({ records: 0 });
    expect((await s.history(null, 10)).map((r) => [r.job, r.records])).toEqual([
      ['anchor', 0],
      ['import', 40],
    ]);
    expect((await s.list()).find((j) => j.name === 'import')!.lastRun).toMatchObject({ records: 40 });
  });

  it('refuses to run now what is running, and names unknown jobs', async () => {
    const { repos } = await h.migrated();
    const time = new FakeTime(Date.parse('2026-03-02T15:00:30Z'));
    const hold = gate();
    const s = scheduler(repos, time, [
      { name: 'one', title: 'One', schedule: '0 0 1 1 *', group: 'g', run: async () => void (await hold.promise) },
      { name: 'two', title: 'Two', schedule: '0 0 1 1 *', group: 'g', run: async () => ({}) },
    ]);
    const first = s.runNow('one', 'ada');
    await until(async () => (await statuses(repos, 'one')).join() === 'running', 'one started');
    await expect(s.runNow('two', 'sam')).rejects.toMatchObject({ code: 'conflict', message: /one has been running/ });
    await expect(s.runNow('three', 'sam')).rejects.toMatchObject({
      code: 'not_found',
      message: /the jobs are one, two/,
    });
    hold.open();
    expect(await first).toMatchObject({ status: 'ok' });
    expect(await s.runNow('two', 'sam')).toMatchObject({ status: 'ok' });
  });

  it("takes over the lease of an owner known to be gone, failing its run left running, and no other's", async () => {
    const { repos } = await h.migrated();
    const time = new FakeTime(Date.parse('2026-03-02T15:00:30Z'));
    const at = time.now().toISOString();
    const until15 = new Date(time.now().getTime() + 600_000).toISOString();
    // A command killed mid-run (or that could not write its end on a full disk): its run and its lease stay.
    await repos.jobs.startRun({ job: 'one', at, trigger: 'manual', instance: 'x cli 41', requestedBy: 'cli' });
    expect(await repos.jobs.takeLease('g', 'x cli 41', 'one', at, until15)).toEqual({ taken: true });
    const jobs: JobDefinition[] = [
      { name: 'one', title: 'One', schedule: '0 0 1 1 *', group: 'g', run: async () => ({}) },
    ];
    const options = { store: repos, clock: time, timers: time, jobs, instanceId: 'x cli 42', fallbackZone: ZONE };
    // Without knowing the holder is gone, its lease stands.
    const alive = new JobScheduler(options);
    await expect(alive.runNow('one', 'cli')).rejects.toMatchObject({ code: 'conflict', message: /x cli 41/ });
    const s = new JobScheduler({ ...options, isOwnerGone: (owner) => owner === 'x cli 41' });
    expect(await s.runNow('one', 'cli')).toMatchObject({ status: 'ok', instance: 'x cli 42' });
    const runs = await repos.jobs.history('one', 10);
    expect(runs.map((r) => [r.instance, r.status])).toEqual([
      ['x cli 42', 'ok'],
      ['x cli 41', 'failed'],
    ]);
    expect(runs[1]!.error).toMatch(/stopped/);
    // Given back at the end: free for anyone.
    expect(await repos.jobs.takeLease('g', 'y', 'one', at, until15)).toEqual({ taken: true });
  });
});

describeEachDialect('job schedules in the settings', (h) => {
  it("takes an admin's schedule, refuses one croner cannot read, and a host's interval wins for its process", async () => {
    const { repos } = await h.migrated();
    const time = new FakeTime(Date.parse('2026-03-02T15:00:30Z'));
    const job: JobDefinition = {
      name: 'paytrace.sync',
      title: 'Sync',
      schedule: '*/15 * * * *',
      run: async () => ({}),
    };
    const ada: Actor = { name: 'ada', roles: ['admin'] };
    await expect(
      updateSettings(repos, time, ada, {
        jobs: { rules: [{ job: 'paytrace.sync', schedule: '*/15 * * *' }] },
      }),
    ).rejects.toMatchObject({ code: 'invalid_request', message: /paytrace.sync: "\*\/15 \* \* \*" is not a schedule/ });
    // A misspelt job is refused by name: saved, it would never apply while the admin believes it does.
    await expect(
      updateSettings(repos, time, ada, { jobs: { rules: [{ job: 'journal.dayly', schedule: '0 5 * * 1-5' }] } }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
      message: /There is no job journal.dayly; the jobs are paytrace.sync, .*journal.daily/,
    });
    await expect(
      updateSettings(
        repos,
        time,
        { name: 'sam', roles: ['clerk'] },
        {
          jobs: { rules: [{ job: 'paytrace.sync', schedule: '*/5 * * * *' }] },
        },
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const s = scheduler(repos, time, [job]);
    await updateSettings(repos, time, ada, {
      jobs: { rules: [{ job: 'paytrace.sync', schedule: '*/5 * * * *', jitterSeconds: 0 }] },
    });
    await s.start();
    expect((await s.list())[0]).toMatchObject({ schedule: '*/5 * * * *', nextRun: '2026-03-02T15:05:00.000Z' });
    await s.stop();
    await s.start({ 'paytrace.sync': { schedule: everyMinutes(20)! } });
    expect((await s.list())[0]).toMatchObject({ schedule: '*/20 * * * *', nextRun: '2026-03-02T15:20:00.000Z' });
    await s.stop();
  });

  it('turns an interval into a schedule only where cron keeps it', () => {
    expect([1, 15, 59, 60, 120, 1440].map(everyMinutes)).toEqual([
      '* * * * *',
      '*/15 * * * *',
      '*/59 * * * *',
      '0 * * * *',
      '0 */2 * * *',
      '0 0 * * *',
    ]);
    expect([0, -5, 1.5, 90, 2880].map(everyMinutes)).toEqual([null, null, null, null, null]);
  });
});
