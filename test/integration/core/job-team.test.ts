// Team mode: two ClearDesk instances with their own connections to one store (PostgreSQL; SQLite
// too, two connections to one file) and the same schedule. Each scheduled time runs on one
// instance only; a time that comes while the other instance still runs the job is skipped and
// recorded once; "run now" on the second instance is refused while the first runs it.
import { expect, it } from 'vitest';
import { JobScheduler, type JobDefinition } from '../../../electron/core/jobs/scheduler';
import { migrate, type Repositories } from '../../../electron/store';
import { FakeTime, gate, until } from '../../support/fake-time';
import { describeEachDialect } from '../../support/store';

describeEachDialect('jobs in team mode (two instances, one store)', (h) => {
  it('runs each time on one instance, and skips a time while the other instance runs', async () => {
    const options = await h.fresh();
    const first = await h.open(options);
    await migrate(first);
    const second = await h.open(options);
    const time = new FakeTime(Date.parse('2026-03-02T15:00:30Z'));
    const hold = gate();
    const ran: string[] = [];
    const job = (instance: string): JobDefinition => ({
      name: 'paytrace.sync',
      title: 'PayTrace sync',
      schedule: '* * * * *',
      async run() {
        ran.push(instance);
        if (ran.length === 1) await hold.promise;
        return { ran: ran.length };
      },
    });
    const make = (repos: Repositories, instanceId: string) =>
      new JobScheduler({
        store: repos,
        clock: time,
        timers: time,
        jobs: [job(instanceId)],
        instanceId,
        fallbackZone: 'UTC',
        random: () => 0,
      });
    const a = make(first.repos, 'instance-a');
    const b = make(second.repos, 'instance-b');
    await Promise.all([a.start(), b.start()]);
    const history = async () => (await first.repos.jobs.history('paytrace.sync', 50)).reverse();

    // 15:01 on both: one claims it and runs it.
    time.advanceTo('2026-03-02T15:01:00Z');
    await until(async () => (await history()).length === 1, 'one instance started the run');
    await new Promise((r) => setTimeout(r, 300)); // room for a wrong second run to show
    expect(ran).toHaveLength(1);
    const runner = ran[0]!;
    const other = runner === 'instance-a' ? b : a;

    // While it runs, the other instance may not start it by hand.
    await expect(other.runNow('paytrace.sync', 'sam')).rejects.toMatchObject({
      code: 'conflict',
      message: new RegExp(`running on instance ${runner}`),
    });

    // 15:02 on both, while the 15:01 run goes on: skipped, recorded once.
    time.advanceTo('2026-03-02T15:02:00Z');
    await until(async () => (await history()).some((r) => r.status === 'skipped'), 'the 15:02 time was skipped');
    await new Promise((r) => setTimeout(r, 300));
    const skipped = (await history()).filter((r) => r.status === 'skipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.startedAt).toBe('2026-03-02T15:02:00.000Z');

    hold.open();
    await until(async () => (await history())[0]!.status === 'ok', 'the 15:01 run ended');
    // 15:03: free again, run once, by whichever instance claims it.
    time.advanceTo('2026-03-02T15:03:00Z');
    await until(async () => (await history()).filter((r) => r.status === 'ok').length === 2, 'the 15:03 run');
    await Promise.all([a.stop(), b.stop()]);
    expect(ran).toHaveLength(2);
    expect((await history()).map((r) => r.status)).toEqual(['ok', 'skipped', 'ok']);
    expect((await history())[0]!.instance).toBe(runner);
  });
});
