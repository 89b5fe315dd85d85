// Monitoring's store (migration 0280, store.metrics) on both dialects: histogram cells from the in-memory
// buffer add up per interval in SQL, and p50/p95 are read from the summed histogram, against figures
// worked out by hand; breaker transitions with the state a window starts in; queue samples; pruning.
import { expect, it } from 'vitest';
import { CallMetricsBuffer } from '../../../shared/monitoring/call-metrics';
import type { Store } from '../../../electron/store';
import { Monitoring } from '../../../electron/core/monitoring/monitoring';
import { describeEachDialect } from '../../support/store';
import { transactionRow } from '../../support/store-rows';

function at(iso: string, clock: { t: Date }): void {
  clock.t = new Date(iso);
}

async function record(store: Store, clock: { t: Date }, buffer: CallMetricsBuffer): Promise<void> {
  const pt = buffer.recorder('paytrace');
  const sap = buffer.recorder('sap');
  at('2026-12-05T09:59:10.000Z', clock);
  pt.call('ok', 12); // outside a window that starts at 10:00
  at('2026-12-05T09:30:00.000Z', clock);
  pt.breaker('closed', 'open');
  at('2026-12-05T09:31:00.000Z', clock);
  pt.breaker('open', 'half-open');
  at('2026-12-05T10:05:20.000Z', clock);
  for (const ms of [3, 8, 15, 40, 90]) pt.call('ok', ms); // buckets 5, 10, 20, 50, 100
  const first = buffer.drain();
  await store.repos.metrics.addCalls(first.calls);
  await store.repos.metrics.addTransitions(first.transitions);
  at('2026-12-05T10:05:50.000Z', clock);
  pt.call('ok', 4.2); // bucket 5 again, same minute: the stored cell grows to 2
  at('2026-12-05T10:40:00.000Z', clock);
  pt.call('ok', 150); // 200
  pt.call('error', 700); // 1000
  pt.call('retry', 30); // 50
  pt.call('rejected', 0); // no latency
  at('2026-12-05T10:41:00.000Z', clock);
  pt.breaker('half-open', 'open');
  at('2026-12-05T10:42:00.000Z', clock);
  pt.breaker('open', 'half-open');
  at('2026-12-05T11:10:00.000Z', clock);
  pt.breaker('half-open', 'closed');
  sap.call('ok', 2500); // 5000
  sap.call('ok', 1999); // 2000
  sap.call('error', 200_000); // past two minutes: the last bucket, one hour
  const drained = buffer.drain();
  await store.repos.metrics.addCalls(drained.calls);
  await store.repos.metrics.addTransitions(drained.transitions);
}

describeEachDialect('monitoring metrics', (h) => {
  it('sums the histogram per hour and day and reads p50/p95 by nearest rank, as worked out by hand', async () => {
    const store = await h.migrated();
    const clock = { t: new Date('2026-12-05T09:00:00.000Z') };
    await record(store, clock, new CallMetricsBuffer({ now: () => clock.t }));

    const hours = await store.repos.metrics.series({
      from: '2026-12-05T10:00:00.000Z',
      to: '2026-12-05T12:00:00.000Z',
      unit: 'hour',
    });
    // PayTrace 10:00-11:00, attempts made (rejected left out), by bucket: 5:2, 10:1, 20:1, 50:2 (one a
    // retry), 100:1, 200:1, 1000:1 (the error) = 9. p50: rank ceil(4.5) = 5, cumulative 2, 3, 4, 6 -> 50.
    // p95: rank ceil(8.55) = 9 -> the 9th is in 1000.
    // SAP 11:00-12:00: 2000, 5000, 3600000 = 3. p50: rank ceil(1.5) = 2 -> 5000. p95: rank ceil(2.85) = 3 -> 3600000.
    expect(hours.calls).toEqual([
      {
        interval: '2026-12-05T10',
        system: 'paytrace',
        counts: { ok: 7, error: 1, retry: 1, rejected: 1 },
        p50Ms: 50,
        p95Ms: 1000,
      },
      {
        interval: '2026-12-05T11',
        system: 'sap',
        counts: { ok: 2, error: 1, retry: 0, rejected: 0 },
        p50Ms: 5000,
        p95Ms: 3_600_000,
      },
    ]);
    // The window began half-open (the last transition before 10:00); three transitions in it.
    expect(hours.initialStates).toEqual([{ system: 'paytrace', state: 'half-open' }]);
    expect(hours.transitions.map((t) => `${t.at.slice(11, 16)} ${t.from}>${t.to}`)).toEqual([
      '10:41 half-open>open',
      '10:42 open>half-open',
      '11:10 half-open>closed',
    ]);

    // One day: the 09:59 call joins PayTrace's (10 attempts: 5:2, 10:1, 20:2, 50:2, 100:1, 200:1, 1000:1;
    // p50 rank 5 -> 20 (cumulative 2, 3, 5); p95 rank ceil(9.5) = 10 -> 1000).
    const day = await store.repos.metrics.series({
      from: '2026-12-05T00:00:00.000Z',
      to: '2026-12-06T00:00:00.000Z',
      unit: 'day',
    });
    expect(day.calls.map((c) => [c.interval, c.system, c.counts.ok, c.p50Ms, c.p95Ms])).toEqual([
      ['2026-12-05', 'paytrace', 8, 20, 1000],
      ['2026-12-05', 'sap', 2, 5000, 3_600_000],
    ]);
    expect(day.initialStates).toEqual([]);
    expect(day.transitions).toHaveLength(5);
  });

  it('samples the queue per state and the open dead letters, the highest per interval', async () => {
    const store = await h.migrated();
    await store.db
      .insertInto('transactions')
      .values([
        transactionRow({ transaction_id: 1, queue_state: 'review' }),
        transactionRow({ transaction_id: 2, queue_state: 'review' }),
        transactionRow({ transaction_id: 3, queue_state: 'failed' }),
      ])
      .execute();
    const letter = (resolved: string | null) => ({
      source: 'paytrace',
      source_key: '9',
      error: 'unreadable',
      payload: '{}',
      created_at: '2026-12-05T10:00:00.000Z',
      resolved_at: resolved,
      resolved_by: resolved ? 'clerk' : null,
      resolution: resolved ? 'done' : null,
    });
    await store.db
      .insertInto('dead_letters')
      .values([letter(null), letter('2026-12-05T10:10:00.000Z')])
      .execute();
    await store.repos.metrics.sampleQueue('2026-12-05T10:50:00.000Z');
    await store.db
      .insertInto('transactions')
      .values(transactionRow({ transaction_id: 4, queue_state: 'review' }))
      .execute();
    await store.db.updateTable('transactions').set({ queue_state: 'posted' }).where('transaction_id', '=', 3).execute();
    await store.repos.metrics.sampleQueue('2026-12-05T10:55:00.000Z');
    await store.repos.metrics.sampleQueue('2026-12-05T11:05:00.000Z');
    const s = await store.repos.metrics.series({
      from: '2026-12-05T10:00:00.000Z',
      to: '2026-12-05T12:00:00.000Z',
      unit: 'hour',
    });
    expect(s.samples).toEqual([
      { interval: '2026-12-05T10', metric: 'deadLetters.open', value: 1 },
      { interval: '2026-12-05T10', metric: 'queue.failed', value: 1 },
      { interval: '2026-12-05T10', metric: 'queue.posted', value: 1 },
      { interval: '2026-12-05T10', metric: 'queue.review', value: 3 },
      { interval: '2026-12-05T11', metric: 'deadLetters.open', value: 1 },
      { interval: '2026-12-05T11', metric: 'queue.posted', value: 1 },
      { interval: '2026-12-05T11', metric: 'queue.review', value: 3 },
    ]);
  });

  it("answers the screen's window with each breaker's worst state per hour, and prunes past 30 days", async () => {
    const store = await h.migrated();
    const clock = { t: new Date('2026-12-05T09:00:00.000Z') };
    const buffer = new CallMetricsBuffer({ now: () => clock.t });
    await record(store, clock, buffer);
    // A call 31 days ago, flushed by the monitor with the rest: its first flush prunes it.
    at('2026-11-04T11:00:00.000Z', clock);
    buffer.recorder('paytrace').call('ok', 1);
    await store.repos.metrics.addCalls(buffer.drain().calls);
    at('2026-12-05T11:30:00.000Z', clock);
    buffer.recorder('sap').call('ok', 1);
    const monitoring = new Monitoring({ store: store.repos, clock: { now: () => clock.t }, buffer });
    const series = await monitoring.series('24h');

    expect(series.intervals).toHaveLength(24);
    expect(series.intervals[0]).toBe('2026-12-04T12:00:00.000Z');
    expect(series.intervals[23]).toBe('2026-12-05T11:00:00.000Z');
    const pt = series.breaker.filter((b) => b.system === 'paytrace');
    expect(pt).toHaveLength(24);
    expect(pt.filter((b) => b.state !== 'closed' || b.opened > 0)).toEqual([
      { interval: '2026-12-05T09:00:00.000Z', system: 'paytrace', state: 'open', opened: 1 },
      { interval: '2026-12-05T10:00:00.000Z', system: 'paytrace', state: 'open', opened: 1 },
      { interval: '2026-12-05T11:00:00.000Z', system: 'paytrace', state: 'half-open', opened: 0 },
    ]);
    // The 11:30 SAP call was flushed before reading: 4 SAP attempts at 11:00.
    const sap11 = series.calls.find((c) => c.system === 'sap' && c.interval === '2026-12-05T11:00:00.000Z');
    expect(sap11).toMatchObject({ ok: 3, error: 1, p50Ms: 2000 });
    const old = await store.repos.metrics.series({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-10T00:00:00.000Z',
      unit: 'day',
    });
    expect(old.calls).toEqual([]);
    // Pruning by hand: everything before 10:00 today (the 09:59 call and two transitions).
    expect(await store.repos.metrics.prune('2026-12-05T10:00:00.000Z')).toBe(3);
  });
});
