// The dashboard's figures, aggregated in SQL on both dialects, against figures worked out by hand
// from a small seeded store; and each chart's drill-down (a queue window filter) finds exactly the
// payments the figure counts.
import { expect, it } from 'vitest';
import type { Insertable } from 'kysely';
import type { QueueDrill } from '../../../shared/api';
import { UNAPPLIED_STATES, type PaymentState } from '../../../shared/domain';
import type { Store } from '../../../electron/store';
import type { ProposalsTable } from '../../../electron/store/schema';
import { dashboardSummary } from '../../../electron/core/reports/dashboard';
import { describeEachDialect } from '../../support/store';
import { openItemRow, postingRow, transactionRow } from '../../support/store-rows';

const NOW = new Date('2026-12-04T15:30:00.000Z');

async function seed(store: Store): Promise<void> {
  const { db } = store;
  const tx = (
    id: number,
    created: string,
    currency: string,
    minor: number,
    state: PaymentState,
    batch: number | null,
    seen: string,
    kind = 'sale',
  ) =>
    transactionRow({
      transaction_id: id,
      created_at_utc: created,
      currency,
      amount_minor: minor,
      queue_state: state,
      batch,
      first_seen_at: seen,
      kind,
    });
  await db
    .insertInto('transactions')
    .values([
      tx(101, '2026-12-04T10:00:00.000Z', 'USD', 10000, 'review', 500, '2026-12-04T10:05:00.000Z'),
      tx(102, '2026-12-04T23:59:59.999Z', 'USD', 2550, 'posted', 500, '2026-12-04T12:00:00.000Z'),
      tx(103, '2026-12-03T08:00:00.000Z', 'JPY', 5000, 'parked', 501, '2026-12-03T08:01:00.000Z'),
      tx(104, '2026-12-01T08:00:00.000Z', 'USD', 700, 'failed', null, '2026-12-02T01:00:00.000Z'),
      tx(105, '2026-10-20T00:00:00.000Z', 'USD', 1234, 'new', 499, '2026-12-02T02:00:00.000Z', 'refund'),
      tx(106, '2026-12-02T00:00:00.000Z', 'USD', 999, 'closed', 501, '2026-12-02T03:00:00.000Z'),
      tx(107, '2026-08-01T00:00:00.000Z', 'EUR', 300, 'review', null, '2026-08-01T00:00:00.000Z'),
    ])
    .execute();
  const proposal = async (
    transactionId: number,
    tier: 'auto' | 'suggest' | 'none',
    status: ProposalsTable['status'],
    decidedAt: string | null = null,
    correctedBy: string | null = null,
  ): Promise<number> => {
    const row: Insertable<ProposalsTable> = {
      transaction_id: transactionId,
      tier,
      confidence: tier === 'auto' ? 990 : 600,
      customer: '0000100001',
      company_code: '1000',
      on_account_minor: 0,
      currency: 'USD',
      reasons: '[]',
      rule: 'exact',
      status,
      corrected_by: correctedBy,
      created_at: '2026-12-01T00:00:00.000Z',
      decided_by: decidedAt ? 'alice' : null,
      decided_at: decidedAt,
    };
    return (await db.insertInto('proposals').values(row).returning('id').executeTakeFirstOrThrow()).id;
  };
  const p1 = await proposal(101, 'auto', 'open');
  await proposal(102, 'suggest', 'superseded', '2026-12-04T10:30:00.000Z');
  const p3 = await proposal(102, 'suggest', 'approved', '2026-12-04T11:00:00.000Z', 'alice');
  await proposal(103, 'auto', 'approved', '2026-12-03T09:00:00.000Z');
  await proposal(104, 'none', 'open');
  await proposal(106, 'auto', 'approved', '2026-12-02T10:00:00.000Z');
  await proposal(105, 'suggest', 'open');

  const item = (doc: string, currency: string, minor: number, due: string | null, posting = '2026-08-01') =>
    openItemRow({ doc_no: doc, currency, amount_minor: minor, due_date: due, posting_date: posting });
  await db
    .insertInto('open_items')
    .values([
      item('1800000001', 'USD', 5000, '2026-12-10'),
      item('1800000002', 'USD', 100, '2026-12-04'),
      item('1800000003', 'USD', 200, '2026-11-04'),
      item('1800000004', 'USD', 400, '2026-11-03'),
      item('1800000005', 'USD', 800, null, '2026-09-05'),
      item('1800000006', 'JPY', 7000, '2026-09-04'),
      { ...item('1800000007', 'USD', 9999, '2026-01-01'), status: 'cleared' },
    ])
    .execute();
  const applies = (proposalId: number, doc: string, minor: number) => ({
    proposal_id: proposalId,
    company_code: '1000',
    doc_no: doc,
    fisc_year: '2026',
    item_num: '001',
    amount_minor: minor,
  });
  await db
    .insertInto('proposal_items')
    .values([applies(p1, '1800000004', 400), applies(p3, '1800000002', 100)])
    .execute();
  await db
    .insertInto('postings')
    .values(
      postingRow({
        reference: 'PT102P',
        transaction_id: 102,
        created_at: '2026-12-04T11:00:00.000Z',
        updated_at: '2026-12-04T11:00:00.000Z',
      }),
    )
    .execute();
  const letter = (at: string, key: string | null) => ({
    source: 'paytrace',
    source_key: key,
    error: 'unreadable',
    payload: '{}',
    created_at: at,
    resolved_at: null,
    resolved_by: null,
    resolution: null,
  });
  await db
    .insertInto('dead_letters')
    .values([
      letter('2026-12-03T05:00:00.000Z', '103'),
      letter('2026-12-03T06:00:00.000Z', '103'),
      letter('2026-12-04T01:00:00.000Z', 'PT102P'),
      letter('2026-12-04T02:00:00.000Z', 'export:2026-12-01..2026-12-02'),
      letter('2026-12-04T03:00:00.000Z', null),
      letter('2026-12-01T03:00:00.000Z', '104'),
    ])
    .execute();
}

const byKey = <T extends object>(rows: readonly T[], key: (r: T) => string): T[] =>
  [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

async function drilled(
  store: Store,
  drill: QueueDrill,
  extra: { states?: PaymentState[]; batch?: number; zone?: string } = {},
) {
  const w = await store.repos.queue.window({ drill, ...extra, offset: 0, limit: 100 });
  return w.entries.map((e) => e.payment.source.transaction_id).sort((a, b) => a - b);
}

describeEachDialect('dashboard figures', (h) => {
  it('sums and counts per day, per bucket, per batch and per currency as worked out by hand', async () => {
    const store = await h.migrated();
    await seed(store);
    const s = await dashboardSummary(store.repos, { now: () => NOW }, { days: 3, batches: 2 }, 'UTC');

    expect(s.today).toBe('2026-12-04');
    expect(s.days).toEqual(['2026-12-02', '2026-12-03', '2026-12-04']);
    expect(s.matching).toEqual([
      { day: '2026-12-02', proposed: 1, automatic: 1, decided: 1, firstTimeRight: 1 },
      { day: '2026-12-03', proposed: 1, automatic: 1, decided: 1, firstTimeRight: 1 },
      { day: '2026-12-04', proposed: 2, automatic: 1, decided: 1, firstTimeRight: 0 },
    ]);
    expect(s.unapplied).toEqual([
      { currency: 'EUR', minor: 300, count: 1 },
      { currency: 'JPY', minor: 5000, count: 1 },
      { currency: 'USD', minor: 10700, count: 2 },
    ]);
    const agingKey = (r: { currency: string; bucket: string }) => `${r.currency} ${r.bucket}`;
    expect(byKey(s.queueAging, agingKey)).toEqual([
      { bucket: '>90', currency: 'EUR', minor: 300, count: 1 },
      { bucket: '0-30', currency: 'JPY', minor: 5000, count: 1 },
      { bucket: '0-30', currency: 'USD', minor: 10700, count: 2 },
      { bucket: '31-60', currency: 'USD', minor: 1234, count: 1 },
    ]);
    expect(byKey(s.openItemAging, agingKey)).toEqual([
      { bucket: '>90', currency: 'JPY', minor: 7000, count: 1 },
      { bucket: '0-30', currency: 'USD', minor: 300, count: 2 },
      { bucket: '31-60', currency: 'USD', minor: 400, count: 1 },
      { bucket: '61-90', currency: 'USD', minor: 800, count: 1 },
      { bucket: 'current', currency: 'USD', minor: 5000, count: 1 },
    ]);
    expect(s.buckets).toEqual([
      { bucket: 'current', from: '2026-12-05', to: null },
      { bucket: '0-30', from: '2026-11-04', to: '2026-12-04' },
      { bucket: '31-60', from: '2026-10-05', to: '2026-11-03' },
      { bucket: '61-90', from: '2026-09-05', to: '2026-10-04' },
      { bucket: '>90', from: null, to: '2026-09-04' },
    ]);
    const stateKey = (r: { state: string; currency: string }) => `${r.state} ${r.currency}`;
    expect(byKey(s.stateByDay, (r) => `${r.day} ${stateKey(r)}`)).toEqual([
      { day: '2026-12-02', state: 'closed', currency: 'USD', minor: 999, count: 1 },
      { day: '2026-12-03', state: 'parked', currency: 'JPY', minor: 5000, count: 1 },
      { day: '2026-12-04', state: 'posted', currency: 'USD', minor: 2550, count: 1 },
      { day: '2026-12-04', state: 'review', currency: 'USD', minor: 10000, count: 1 },
    ]);
    expect(byKey(s.stateByBatch, (r) => `${r.batch} ${stateKey(r)}`)).toEqual([
      { batch: 500, state: 'posted', currency: 'USD', minor: 2550, count: 1 },
      { batch: 500, state: 'review', currency: 'USD', minor: 10000, count: 1 },
      { batch: 501, state: 'closed', currency: 'USD', minor: 999, count: 1 },
      { batch: 501, state: 'parked', currency: 'JPY', minor: 5000, count: 1 },
    ]);
    expect(s.sync).toEqual([
      { day: '2026-12-02', ingested: 3, deadLetters: 0, deadLettersOfPayments: 0 },
      { day: '2026-12-03', ingested: 1, deadLetters: 2, deadLettersOfPayments: 1 },
      { day: '2026-12-04', ingested: 2, deadLetters: 3, deadLettersOfPayments: 1 },
    ]);
  });

  it("counts the company's days, not UTC's, and drills into the same days", async () => {
    const store = await h.migrated();
    await seed(store);
    // 09:30 in Chicago on 4 December; a Chicago day begins at 06:00 UTC.
    const s = await dashboardSummary(store.repos, { now: () => NOW }, { days: 3, batches: 2 }, 'America/Chicago');
    expect([s.zone, s.today]).toEqual(['America/Chicago', '2026-12-04']);
    // 106 (00:00 UTC on the 2nd) was still the 1st in Chicago: outside the window; 102 (23:59 UTC) is the 4th.
    expect(byKey(s.stateByDay, (r) => `${r.day} ${r.state}`)).toEqual([
      { day: '2026-12-03', state: 'parked', currency: 'JPY', minor: 5000, count: 1 },
      { day: '2026-12-04', state: 'posted', currency: 'USD', minor: 2550, count: 1 },
      { day: '2026-12-04', state: 'review', currency: 'USD', minor: 10000, count: 1 },
    ]);
    // Dead letters at 05:00 UTC on the 3rd are the 2nd in Chicago; those of 06:00 on the 3rd to 03:00 on the 4th, the 3rd.
    expect(s.sync).toEqual([
      { day: '2026-12-02', ingested: 0, deadLetters: 1, deadLettersOfPayments: 1 },
      { day: '2026-12-03', ingested: 1, deadLetters: 4, deadLettersOfPayments: 2 },
      { day: '2026-12-04', ingested: 2, deadLetters: 0, deadLettersOfPayments: 0 },
    ]);
    // The queue's aging counts from the start of Chicago's days: 104 (08:00 UTC on the 1st) is 0-30, as before.
    expect(s.queueAging.find((r) => r.currency === 'USD' && r.bucket === '0-30')).toEqual({
      bucket: '0-30',
      currency: 'USD',
      minor: 10700,
      count: 2,
    });
    const zone = 'America/Chicago';
    expect(await drilled(store, { period: { of: 'created', from: '2026-12-01', to: '2026-12-01' } }, { zone })).toEqual(
      [104, 106],
    );
    expect(await drilled(store, { period: { of: 'created', from: '2026-12-01', to: '2026-12-01' } })).toEqual([104]);
    expect(
      await drilled(store, { period: { of: 'deadLetter', from: '2026-12-03', to: '2026-12-03' } }, { zone }),
    ).toEqual([102, 103]);
    // At 21:00 in Chicago it is still the 4th there, though UTC has reached the 5th: no day in the future.
    const evening = await dashboardSummary(
      store.repos,
      { now: () => new Date('2026-12-05T03:00:00.000Z') },
      { days: 1 },
      'America/Chicago',
    );
    expect([evening.today, evening.days]).toEqual(['2026-12-04', ['2026-12-04']]);
    expect(evening.stateByDay.map((r) => r.day)).toEqual(['2026-12-04', '2026-12-04']);
  });

  it('an empty store has zero days and no sums', async () => {
    const store = await h.migrated();
    const s = await dashboardSummary(store.repos, { now: () => NOW }, { days: 2 }, 'UTC');
    expect(s.matching).toEqual([
      { day: '2026-12-03', proposed: 0, automatic: 0, decided: 0, firstTimeRight: 0 },
      { day: '2026-12-04', proposed: 0, automatic: 0, decided: 0, firstTimeRight: 0 },
    ]);
    expect([s.unapplied, s.queueAging, s.openItemAging, s.stateByDay, s.stateByBatch]).toEqual([[], [], [], [], []]);
  });

  it('each chart drills down to the payments its figure counts', async () => {
    const store = await h.migrated();
    await seed(store);
    const day = (d: string) => ({ from: d, to: d });
    // Automatic matches of a day (the matcher's first proposal, whatever came after).
    expect(await drilled(store, { period: { of: 'created', ...day('2026-12-04') }, firstTier: 'auto' })).toEqual([101]);
    expect(await drilled(store, { period: { of: 'created', ...day('2026-12-04') }, firstTier: 'suggest' })).toEqual([
      102,
    ]);
    // Approved that day, first time right or corrected.
    expect(
      await drilled(store, { period: { of: 'decided', from: '2026-12-02', to: '2026-12-04' }, corrected: false }),
    ).toEqual([103, 106]);
    expect(await drilled(store, { period: { of: 'decided', ...day('2026-12-04') }, corrected: true })).toEqual([102]);
    // Unapplied cash of a currency: sales only.
    expect(await drilled(store, { kinds: ['sale'], currency: 'USD' }, { states: [...UNAPPLIED_STATES] })).toEqual([
      101, 104,
    ]);
    // The queue's 31-60 days, every kind.
    expect(
      await drilled(
        store,
        { period: { of: 'created', from: '2026-10-05', to: '2026-11-03' } },
        { states: [...UNAPPLIED_STATES] },
      ),
    ).toEqual([105]);
    expect(
      await drilled(
        store,
        { period: { of: 'created', from: null, to: '2026-09-04' } },
        { states: [...UNAPPLIED_STATES] },
      ),
    ).toEqual([107]);
    expect(await drilled(store, { period: { of: 'created', from: '2026-12-03', to: null } })).toEqual([101, 102, 103]);
    // Payments whose live proposal applies an open item of an aging bucket.
    expect(await drilled(store, { itemDue: { from: '2026-10-05', to: '2026-11-03' } })).toEqual([101]);
    expect(await drilled(store, { itemDue: { from: '2026-11-04', to: '2026-12-04' } })).toEqual([102]);
    expect(await drilled(store, { itemDue: { from: null, to: '2026-09-04' } })).toEqual([]);
    // A batch's state in a currency.
    expect(await drilled(store, { currency: 'JPY' }, { batch: 501, states: ['parked'] })).toEqual([103]);
    expect(await drilled(store, { states: ['closed', 'parked'] }, { batch: 501 })).toEqual([103, 106]);
    expect(await drilled(store, { states: ['closed'], currency: 'USD' })).toEqual([106]);
    // Ingested that day; dead letters of that day, by transaction id or posting reference.
    expect(await drilled(store, { period: { of: 'seen', ...day('2026-12-02') } })).toEqual([104, 105, 106]);
    expect(await drilled(store, { period: { of: 'deadLetter', ...day('2026-12-03') } })).toEqual([103]);
    expect(await drilled(store, { period: { of: 'deadLetter', ...day('2026-12-04') } })).toEqual([102]);
    // A drill narrows the tabs' counts too.
    const w = await store.repos.queue.window({ drill: { currency: 'USD' }, offset: 0, limit: 1 });
    expect(w.counts).toEqual({ review: 1, posted: 1, failed: 1, new: 1, closed: 1 });
  });
});
