// The jobs repository (migration 0140) on both dialects: run history with counts and a redacted
// log, pauses, the claim on a scheduled time, and the lease between instances.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../support/store';

const T = (minute: number): string => new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString();

describeEachDialect('jobs repository', (h) => {
  it('keeps each run with its outcome, counts and log, newest first, card numbers masked', async () => {
    const { repos } = await h.migrated();
    const first = await repos.jobs.startRun({ job: 'paytrace.sync', at: T(0), trigger: 'schedule', instance: 'a' });
    expect(await repos.jobs.getRun(first)).toMatchObject({ status: 'running', finishedAt: null, counts: {} });
    await repos.jobs.finishRun(first, {
      status: 'ok',
      at: T(1),
      counts: { ingested: 3, proposals: 2 },
      error: null,
      log: [{ at: T(0), level: 'info', message: 'paytrace: card 4111 1111 1111 1111 read' }],
    });
    const skipped = await repos.jobs.recordSkipped(
      { job: 'paytrace.sync', at: T(15), trigger: 'schedule', instance: 'b' },
      'The run of 09:00 was still running.',
    );
    const failed = await repos.jobs.startRun({
      job: 'audit.anchor',
      at: T(20),
      trigger: 'manual',
      instance: 'a',
      requestedBy: 'ada',
    });
    await repos.jobs.finishRun(failed, {
      status: 'failed',
      at: T(21),
      counts: {},
      error: 'folder not writable',
      log: [],
    });

    const done = await repos.jobs.getRun(first);
    expect(done).toMatchObject({
      status: 'ok',
      startedAt: T(0),
      finishedAt: T(1),
      counts: { ingested: 3, proposals: 2 },
    });
    expect(done!.log[0]!.message).toBe('paytrace: card ************1111 read');
    expect(await repos.jobs.getRun(skipped)).toMatchObject({
      status: 'skipped',
      startedAt: T(15),
      finishedAt: T(15),
      error: 'The run of 09:00 was still running.',
    });
    expect((await repos.jobs.history('paytrace.sync', 10)).map((r) => r.id)).toEqual([skipped, first]);
    expect((await repos.jobs.history(null, 2)).map((r) => r.id)).toEqual([failed, skipped]);
    const latest = await repos.jobs.latestRuns();
    expect(latest.get('paytrace.sync')?.id).toBe(skipped);
    expect(latest.get('audit.anchor')).toMatchObject({ status: 'failed', requestedBy: 'ada', trigger: 'manual' });
    // A skipped time is not a run: catch-up asks when the job last really started.
    expect(await repos.jobs.lastStarted('paytrace.sync')).toBe(T(0));
    expect(await repos.jobs.lastStarted('sap.mirror')).toBeNull();
  });

  it("fails the runs an instance left running, and only that instance's", async () => {
    const { repos } = await h.migrated();
    const mine = await repos.jobs.startRun({ job: 'sap.mirror', at: T(0), trigger: 'schedule', instance: 'a' });
    const theirs = await repos.jobs.startRun({ job: 'sap.mirror', at: T(0), trigger: 'schedule', instance: 'b' });
    expect(await repos.jobs.failInterrupted('a', T(5), 'ClearDesk stopped during the run.')).toBe(1);
    expect(await repos.jobs.getRun(mine)).toMatchObject({ status: 'failed', finishedAt: T(5) });
    expect(await repos.jobs.getRun(theirs)).toMatchObject({ status: 'running' });
  });

  it('keeps pauses with who paused', async () => {
    const { repos } = await h.migrated();
    expect((await repos.jobs.paused()).size).toBe(0);
    await repos.jobs.setPaused('paytrace.sync', true, 'ada', T(0));
    await repos.jobs.setPaused('audit.anchor', true, 'ada', T(1));
    await repos.jobs.setPaused('audit.anchor', false, 'sam', T(2));
    expect([...(await repos.jobs.paused()).values()]).toEqual([
      { job: 'paytrace.sync', pausedBy: 'ada', pausedAt: T(0) },
    ]);
  });

  it('claims a scheduled time once, and never an older one', async () => {
    const { repos } = await h.migrated();
    expect(await repos.jobs.claimSlot('paytrace.sync', T(15))).toBe(true);
    expect(await repos.jobs.claimSlot('paytrace.sync', T(15))).toBe(false);
    expect(await repos.jobs.claimSlot('paytrace.sync', T(0))).toBe(false);
    expect(await repos.jobs.claimSlot('audit.anchor', T(15))).toBe(true);
    expect(await repos.jobs.claimSlot('paytrace.sync', T(30))).toBe(true);
  });

  it('gives a lease to one instance until it is released or expires', async () => {
    const { repos } = await h.migrated();
    expect(await repos.jobs.takeLease('sap', 'a', 'paytrace.sync', T(0), T(10))).toEqual({ taken: true });
    expect(await repos.jobs.takeLease('sap', 'b', 'sap.mirror', T(1), T(11))).toEqual({
      taken: false,
      holder: { name: 'sap', owner: 'a', job: 'paytrace.sync', acquiredAt: T(0), expiresAt: T(10) },
    });
    expect(await repos.jobs.renewLease('sap', 'b', T(20))).toBe(false);
    expect(await repos.jobs.renewLease('sap', 'a', T(20))).toBe(true);
    // Not expired at 10 any more: renewed to 20.
    expect((await repos.jobs.takeLease('sap', 'b', 'sap.mirror', T(15), T(25))).taken).toBe(false);
    // Expired (a crashed holder): taken over.
    expect(await repos.jobs.takeLease('sap', 'b', 'sap.mirror', T(20), T(30))).toEqual({ taken: true });
    await repos.jobs.releaseLease('sap', 'a'); // no longer a's: nothing happens
    expect((await repos.jobs.takeLease('sap', 'a', 'paytrace.sync', T(21), T(31))).taken).toBe(false);
    await repos.jobs.releaseLease('sap', 'b');
    expect(await repos.jobs.takeLease('sap', 'a', 'paytrace.sync', T(22), T(32))).toEqual({ taken: true });
  });
});
