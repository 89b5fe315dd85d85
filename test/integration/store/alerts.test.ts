// The alerts repository (migration 0150): the rate-limit window per dedupe key, claimed in one statement
// so two processes sharing the store never both send; the digest of repeats; history; subscriptions;
// and what waits for a person. Two stores opened on one database stand for two processes.
import { expect, it } from 'vitest';
import { subscribe, subscriptionOf } from '../../../electron/core/alerts/alerts';
import { migrate, type Store } from '../../../electron/store';
import { ALERT_KINDS } from '../../../shared/api';
import { describeEachDialect } from '../../support/store';
import { transactionRow } from '../../support/store-rows';

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-01T10:30:00.000Z';
const T2 = '2026-12-01T11:00:00.000Z';
const HOUR_AFTER_T0 = '2026-12-01T11:00:00.000Z';

const claim = (store: Store, at: string, key = 'sync.failed:paytrace:unreachable') =>
  store.repos.alerts.claimWindow({
    dedupeKey: key,
    kind: 'sync.failed',
    subject: 'ClearDesk: sync failed',
    at,
    until: new Date(Date.parse(at) + 3_600_000).toISOString(),
  });

describeEachDialect('alerts repository', (h) => {
  it('opens a window once, counts the repeats inside it, and opens again when it has passed', async () => {
    const store = await h.migrated();
    expect(await claim(store, T0)).toBe(true);
    expect(await claim(store, T1)).toBe(false);
    expect(await claim(store, T1)).toBe(false);
    expect(await store.repos.alerts.takeDigest()).toEqual([
      {
        dedupeKey: 'sync.failed:paytrace:unreachable',
        kind: 'sync.failed',
        subject: 'ClearDesk: sync failed',
        suppressed: 2,
      },
    ]);
    expect(await store.repos.alerts.takeDigest()).toEqual([]);
    expect(await claim(store, HOUR_AFTER_T0)).toBe(true);
    expect(await claim(store, T2, 'dead-letters.waiting')).toBe(true);
  });

  it('lets one of two processes claim the same window at the same moment', async () => {
    const options = await h.fresh();
    const a = await h.open(options);
    await migrate(a);
    const b = await h.open(options);
    const results = await Promise.all([claim(a, T0), claim(b, T0), claim(a, T0), claim(b, T0)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const [digestA, digestB] = await Promise.all([a.repos.alerts.takeDigest(), b.repos.alerts.takeDigest()]);
    // Three repeats held back, reported by exactly one of the two.
    expect([...digestA, ...digestB].map((l) => l.suppressed)).toEqual([3]);
  });

  it('lets a window go after a failed send, and puts taken repeats back', async () => {
    const store = await h.migrated();
    expect(await claim(store, T0)).toBe(true);
    expect(await claim(store, T1)).toBe(false);
    const taken = await store.repos.alerts.takeDigest();
    await store.repos.alerts.returnDigest(taken);
    await store.repos.alerts.releaseWindow('sync.failed:paytrace:unreachable', T1);
    expect(await claim(store, T1)).toBe(true);
    expect((await store.repos.alerts.takeDigest()).map((l) => l.suppressed)).toEqual([1]);
  });

  it('keeps the history newest first, with card numbers masked', async () => {
    const store = await h.migrated();
    const base = { kind: 'sync.failed', dedupeKey: 'k', subject: 'ClearDesk: x', recipients: ['a@example.com'] };
    await store.repos.alerts.record({ ...base, at: T0, message: 'card 4111111111111111', status: 'sent', error: null });
    await store.repos.alerts.record({
      ...base,
      at: T1,
      message: 'again',
      status: 'failed',
      error: '550 refused 4111 1111 1111 1111',
    });
    const rows = await store.repos.alerts.history(10);
    expect(rows.map((r) => [r.at, r.status, r.message, r.error])).toEqual([
      [T1, 'failed', 'again', '550 refused ************1111'],
      [T0, 'sent', 'card ************1111', null],
    ]);
    expect(rows[0]!.recipients).toEqual(['a@example.com']);
    expect(await store.repos.alerts.history(1)).toHaveLength(1);
  });

  it('keeps one subscription per user', async () => {
    const store = await h.migrated();
    const sub = {
      userKey: 'alice',
      userName: 'Alice',
      email: 'alice@example.com',
      kinds: ['audit.broken'],
      notify: null,
    };
    await store.repos.alerts.subscribe({ ...sub, updatedAt: T0 });
    expect((await store.repos.alerts.subscription('alice'))!.notify).toBeNull();
    await store.repos.alerts.subscribe({
      ...sub,
      kinds: ['sync.failed', 'postings.failed'],
      notify: ['chargeback.deadline'],
      updatedAt: T1,
    });
    expect(await store.repos.alerts.subscription('alice')).toEqual({
      ...sub,
      kinds: ['sync.failed', 'postings.failed'],
      notify: ['chargeback.deadline'],
      updatedAt: T1,
    });
    expect(await store.repos.alerts.subscription('bob')).toBeNull();
    expect(await store.repos.alerts.subscriptions()).toHaveLength(1);
  });

  it('a person is shown every kind until they choose; a change that leaves the choice out keeps it', async () => {
    const store = await h.migrated();
    const clock = { now: () => new Date(T1) };
    expect(await subscriptionOf(store.repos, 'Mia')).toEqual({ email: null, kinds: [], notify: [...ALERT_KINDS] });
    await subscribe(store.repos, clock, 'Mia', { email: null, kinds: [], notify: ['audit.broken', 'sync.failed'] });
    // Kept in the kinds' own order, whatever order they came in.
    expect((await subscriptionOf(store.repos, 'mia')).notify).toEqual(['sync.failed', 'audit.broken']);
    await subscribe(store.repos, clock, 'Mia', { email: 'mia@example.com', kinds: ['postings.failed'] });
    expect(await subscriptionOf(store.repos, 'Mia')).toEqual({
      email: 'mia@example.com',
      kinds: ['postings.failed'],
      notify: ['sync.failed', 'audit.broken'],
    });
    const trail = await store.repos.audit.forSubject('alerts:mia');
    expect(trail.map((e) => e.detail)).toEqual([
      { email: null, kinds: [], notify: ['sync.failed', 'audit.broken'] },
      { email: 'mia@example.com', kinds: ['postings.failed'], notify: ['sync.failed', 'audit.broken'] },
    ]);
  });

  it('reads what waits: open dead letters, failed postings, unapplied sales per currency', async () => {
    const store = await h.migrated();
    const rows = [
      transactionRow({ transaction_id: 1, amount_minor: 10_000, queue_state: 'review' }),
      transactionRow({ transaction_id: 2, amount_minor: 2_500, queue_state: 'failed' }),
      transactionRow({ transaction_id: 3, amount_minor: 99_999, queue_state: 'posted' }),
      transactionRow({ transaction_id: 4, amount_minor: 700, currency: 'EUR', queue_state: 'parked' }),
      transactionRow({ transaction_id: 5, kind: 'refund', amount_minor: 500, queue_state: 'review' }),
    ];
    await store.db.insertInto('transactions').values(rows).execute();
    await store.repos.deadLetters.add({ source: 'paytrace', sourceKey: 'a', error: 'bad', payload: {}, at: T0 });
    const resolved = await store.repos.deadLetters.add({
      source: 'paytrace',
      sourceKey: 'b',
      error: 'bad',
      payload: {},
      at: T0,
    });
    await store.repos.deadLetters.resolveIds([resolved], T1);
    expect(await store.repos.alerts.watch()).toEqual({
      openDeadLetters: 1,
      failedPostings: 1,
      unapplied: [
        { currency: 'EUR', minor: 700, count: 1 },
        { currency: 'USD', minor: 12_500, count: 2 },
      ],
    });
  });

  it('counts the sync runs that failed in a row, skipping one still running', async () => {
    const store = await h.migrated();
    const runs = store.repos.syncRuns;
    expect(await runs.failuresInRow(10)).toBe(0);
    const finish = async (status: 'ok' | 'failed') => {
      const id = await runs.start(T0);
      await runs.finish(id, { status, counts: {}, error: status === 'failed' ? 'x' : null, at: T0 });
    };
    await finish('failed');
    await finish('ok');
    await finish('failed');
    await finish('failed');
    await runs.start(T1);
    expect(await runs.failuresInRow(10)).toBe(2);
    expect(await runs.failuresInRow(1)).toBe(1);
    await finish('ok');
    expect(await runs.failuresInRow(10)).toBe(0);
  });
});
