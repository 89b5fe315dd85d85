import { expect, it } from 'vitest';
import { payment } from '../../support/payments';
import { verifyAudit } from '../../../electron/store/audit-verify';
import { describeEachDialect } from '../../support/store';

describeEachDialect('ingest of PayTrace transactions', (h) => {
  it('stores each transaction once, however often it is ingested', async () => {
    const store = await h.migrated();
    const { db } = store;
    const page = [payment(1), payment(2), payment(3, { status: 'declined' })];
    expect(await store.repos.payments.ingest(page, '2026-11-20T19:00:00.000Z')).toEqual({
      ingested: 3,
      updated: 0,
      unchanged: 0,
      reversalsAsked: 0,
    });
    expect(await store.repos.payments.ingest(page, '2026-11-20T19:05:00.000Z')).toEqual({
      ingested: 0,
      updated: 0,
      unchanged: 3,
      reversalsAsked: 0,
    });
    const rows = await db
      .selectFrom('transactions')
      .select(['transaction_id', 'queue_state'])
      .orderBy('transaction_id')
      .execute();
    expect(rows).toEqual([
      { transaction_id: 1, queue_state: 'new' },
      { transaction_id: 2, queue_state: 'new' },
      { transaction_id: 3, queue_state: 'closed' },
    ]);
  });

  it('updates a transaction PayTrace settled, and writes the change to the audit log', async () => {
    const store = await h.migrated();
    const { db } = store;
    await store.repos.payments.ingest([payment(10)], '2026-11-20T19:00:00.000Z');
    const settled = payment(10, {
      status: 'settled',
      batch: 571,
      settledAt: { utc: '2026-11-21T04:13:45.000Z', original: '11/20/2026 8:13:45 PM' },
    });
    expect(await store.repos.payments.ingest([settled], '2026-11-21T08:00:00.000Z')).toEqual({
      ingested: 0,
      updated: 1,
      unchanged: 0,
      reversalsAsked: 0,
    });
    const row = await db
      .selectFrom('transactions')
      .selectAll()
      .where('transaction_id', '=', 10)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'settled',
      batch: 571,
      settled_at_utc: '2026-11-21T04:13:45.000Z',
      queue_state: 'new',
    });
    const audit = await db.selectFrom('audit_log').selectAll().execute();
    expect(audit.map((a) => [a.action, a.subject])).toEqual([['transaction.changed', 'paytrace:10']]);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ from: 'pending', to: 'settled', batch: 571 });
    expect((await verifyAudit(db, store.auditKeys)).ok).toBe(true);
  });

  it('keeps a transaction a clerk ignored ignored when PayTrace changes it', async () => {
    const store = await h.migrated();
    const { db } = store;
    await store.repos.payments.ingest([payment(20)], '2026-11-20T19:00:00.000Z');
    await db
      .updateTable('transactions')
      .set({ queue_state: 'ignored', state_reason: 'test charge' })
      .where('transaction_id', '=', 20)
      .execute();
    await store.repos.payments.ingest([payment(20, { status: 'settled', batch: 9 })], '2026-11-21T08:00:00.000Z');
    const row = await db
      .selectFrom('transactions')
      .select(['queue_state', 'state_reason', 'status'])
      .where('transaction_id', '=', 20)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ queue_state: 'ignored', state_reason: 'test charge', status: 'settled' });
  });

  it('closes an unposted payment that PayTrace voided', async () => {
    const store = await h.migrated();
    const { db } = store;
    await store.repos.payments.ingest([payment(30)], '2026-11-20T19:00:00.000Z');
    await store.repos.payments.ingest([payment(30, { status: 'voided' })], '2026-11-20T20:00:00.000Z');
    const row = await db
      .selectFrom('transactions')
      .select(['queue_state'])
      .where('transaction_id', '=', 30)
      .executeTakeFirstOrThrow();
    expect(row.queue_state).toBe('closed');
  });

  it('ingests a large page in one pass (chunked below the parameter limits)', async () => {
    const store = await h.migrated();
    const { db } = store;
    const page = Array.from({ length: 2500 }, (_, i) => payment(1000 + i));
    expect((await store.repos.payments.ingest(page, '2026-11-20T19:00:00.000Z')).ingested).toBe(2500);
    const { n } = await db
      .selectFrom('transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(2500);
    // Each with its search text, written by the page (migration 0350): the queue's filter finds them.
    const find = (text: string) => store.repos.queue.window({ text, offset: 0, limit: 10 });
    expect((await find('90002718')).entries.map((e) => e.payment.source.transaction_id)).toEqual([2718]);
    expect((await find('9000')).total).toBe(2500);
  });

  it('re-syncs a large page of new, unchanged and changed transactions, keeping each row once', async () => {
    const store = await h.migrated();
    const { db } = store;
    const first = Array.from({ length: 3000 }, (_, i) => payment(5000 + i));
    await store.repos.payments.ingest(first, '2026-11-20T19:00:00.000Z');
    const settled = {
      status: 'settled' as const,
      batch: 77,
      settledAt: { utc: '2026-11-21T04:00:00.000Z', original: '11/20/2026 8:00:00 PM' },
    };
    // 1000 settled since, 2000 as they were, 1500 new; changed rows sit between the others.
    const page = [
      ...first.map((t, i) => (i % 3 === 0 ? payment(t.source.transaction_id, settled) : t)),
      ...Array.from({ length: 1500 }, (_, i) => payment(9000 + i)),
    ];
    expect(await store.repos.payments.ingest(page, '2026-11-21T08:00:00.000Z')).toEqual({
      ingested: 1500,
      updated: 1000,
      unchanged: 2000,
      reversalsAsked: 0,
    });
    const byStatus = await db
      .selectFrom('transactions')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .orderBy('status')
      .execute();
    expect(byStatus.map((r) => [r.status, Number(r.n)])).toEqual([
      ['pending', 3500],
      ['settled', 1000],
    ]);
    const audit = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(audit.n)).toBe(1000);
    expect((await verifyAudit(db, store.auditKeys)).ok).toBe(true);
  });

  it('keeps the later version of a transaction that a page holds twice', async () => {
    const store = await h.migrated();
    const { db } = store;
    const settled = payment(40, { status: 'settled', batch: 3 });
    expect(await store.repos.payments.ingest([payment(40), payment(41), settled], '2026-11-20T19:00:00.000Z')).toEqual({
      ingested: 2,
      updated: 1,
      unchanged: 0,
      reversalsAsked: 0,
    });
    const row = await db
      .selectFrom('transactions')
      .select(['status', 'batch', 'queue_state'])
      .where('transaction_id', '=', 40)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'settled', batch: 3, queue_state: 'new' });
  });
});

describeEachDialect('ingest: voids after matching or posting', (h) => {
  it('a void releases the invoices its open proposal claimed', async () => {
    const store = await h.migrated();
    const { db } = store;
    await store.repos.payments.ingest([payment(40)], '2026-11-20T19:00:00.000Z');
    await db
      .insertInto('proposals')
      .values({
        transaction_id: 40,
        tier: 'suggest',
        confidence: 900,
        customer: '0000100001',
        company_code: '1000',
        on_account_minor: 0,
        currency: 'USD',
        reasons: '[]',
        rule: 'exact',
        status: 'open',
        created_at: '2026-11-20T19:00:00.000Z',
        decided_by: null,
        decided_at: null,
      })
      .execute();
    await db.updateTable('transactions').set({ queue_state: 'review' }).where('transaction_id', '=', 40).execute();
    await store.repos.payments.ingest([payment(40, { status: 'voided' })], '2026-11-20T20:00:00.000Z');
    const p = await db
      .selectFrom('proposals')
      .select('status')
      .where('transaction_id', '=', 40)
      .executeTakeFirstOrThrow();
    expect(p.status).toBe('superseded');
    const t = await db
      .selectFrom('transactions')
      .select('queue_state')
      .where('transaction_id', '=', 40)
      .executeTakeFirstOrThrow();
    expect(t.queue_state).toBe('closed');
  });

  it('a void after posting stays posted and asks for a reversal in the dead-letter queue', async () => {
    const store = await h.migrated();
    const { db } = store;
    await store.repos.payments.ingest([payment(41)], '2026-11-20T19:00:00.000Z');
    await db.updateTable('transactions').set({ queue_state: 'posted' }).where('transaction_id', '=', 41).execute();
    await store.repos.payments.ingest([payment(41, { status: 'voided' })], '2026-11-20T20:00:00.000Z');
    const t = await db
      .selectFrom('transactions')
      .select('queue_state')
      .where('transaction_id', '=', 41)
      .executeTakeFirstOrThrow();
    expect(t.queue_state).toBe('posted');
    const dead = await db.selectFrom('dead_letters').select(['source_key', 'error']).execute();
    expect(dead).toEqual([
      {
        source_key: '41',
        error: expect.stringMatching(
          /voided after ClearDesk posted it to SAP; prepare the reversal of its SAP document/,
        ),
      },
    ]);
  });
});
