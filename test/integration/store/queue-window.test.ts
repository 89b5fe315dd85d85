// The review queue's window: paged, sorted, filtered and counted in SQL, the same on both dialects.
// Every order is checked against the seeded rows sorted here, page by page; the filter finds what
// a clerk types (names, invoice, references, SAP document, card brand, last four, an amount).
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import type { PaymentState } from '../../../shared/domain';
import { upsertTransactions, type QueueSortKey, type Store } from '../../../electron/store';
import { foldedBillingName } from '../../../electron/store/migrations/0430_queue_customer_folded';
import { describeEachDialect } from '../../support/store';
import { customerRow, openItemRow, postingRow, transactionRow } from '../../support/store-rows';

const N = 240;
const STATES: PaymentState[] = ['new', 'review', 'prepared', 'posted', 'parked', 'ignored', 'failed'];
const NAMES = ['Acme Corp', 'acme west', 'Beta GmbH', 'Zeta & Sons', 'Omega 100% Ltd', 'delta_co'];
const BRANDS = ['VISA', 'MASTERCARD', 'AMEX', 'DISCOVER'];
const folded = (name: string): string => name.replace(/[A-Z]/g, (c) => c.toLowerCase());

interface Seeded {
  id: number;
  created: string;
  amount: number;
  name: string;
  invoice: string;
  state: PaymentState;
  batch: number;
  confidence: number; // -1: no live proposal
}

function seedRows(): Seeded[] {
  return Array.from({ length: N }, (_, i) => {
    // 7919 is prime: i * 7919 mod N visits every minute once; halved, pairs share a timestamp.
    const minute = Math.floor(((i * 7919) % N) / 2);
    return {
      id: 5000 + i,
      created: new Date(Date.UTC(2026, 10, 1, 8, minute)).toISOString(),
      amount: ((i * 37) % 50) * 1000 + 5,
      name: NAMES[i % NAMES.length]!,
      invoice: i % 9 === 0 ? '' : `INV-${String((i * 13) % 97).padStart(3, '0')}`,
      state: STATES[i % STATES.length]!,
      batch: 700 + (i % 4),
      confidence: i % 3 === 0 ? (i * 11) % 1000 : -1,
    };
  });
}

async function seed(store: Store): Promise<Seeded[]> {
  const rows = seedRows();
  const { db } = store;
  // As ingest writes them: the rows with their search texts (migration 0350).
  for (let i = 0; i < rows.length; i += 60)
    await upsertTransactions(
      db,
      rows.slice(i, i + 60).map((r, k) =>
        transactionRow({
          transaction_id: r.id,
          created_at_utc: r.created,
          amount_minor: r.amount,
          billing_name: r.name,
          invoice_id: r.invoice,
          queue_state: r.state,
          batch: r.batch,
          card_brand: BRANDS[(i + k) % 4]!,
          masked_card: `************${String(1000 + ((i + k) % 50)).slice(-4)}`,
          state_reason: r.state === 'parked' ? 'waiting for remittance advice' : null,
        }),
      ),
    );
  await db
    .insertInto('customers')
    .values([
      customerRow({ customer: '0000100001', name: 'Rivermouth Holdings' }),
      customerRow({ customer: '0000100002', name: 'Quillfeather Inc' }),
    ])
    .execute();
  await db
    .insertInto('open_items')
    .values(openItemRow({ doc_no: '1800000777', reference: 'REMIT-8841', assignment: 'PO-55120' }))
    .execute();
  for (const r of rows.filter((x) => x.confidence >= 0)) {
    const { id } = await db
      .insertInto('proposals')
      .values({
        transaction_id: r.id,
        tier: 'suggest',
        confidence: r.confidence,
        customer: r.id % 2 === 0 ? '0000100001' : '0000100002',
        company_code: '1000',
        on_account_minor: 0,
        currency: 'USD',
        reasons: '[]',
        rule: 'exact',
        status: 'open',
        created_at: r.created,
        decided_by: null,
        decided_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (r.id === 5000 + 3)
      await db
        .insertInto('proposal_items')
        .values({
          proposal_id: id,
          company_code: '1000',
          doc_no: '1800000777',
          fisc_year: '2026',
          item_num: '001',
          amount_minor: r.amount,
        })
        .execute();
  }
  // A superseded proposal's customer is no longer the row's: it must not be found.
  await db
    .insertInto('proposals')
    .values({
      transaction_id: 5001,
      tier: 'suggest',
      confidence: 999,
      customer: '0000100002',
      company_code: '1000',
      on_account_minor: 0,
      currency: 'USD',
      reasons: '[]',
      rule: 'exact',
      status: 'superseded',
      created_at: rows[1]!.created,
      decided_by: null,
      decided_at: null,
    })
    .execute();
  await db
    .insertInto('postings')
    .values(
      postingRow({
        reference: 'CD-5003',
        transaction_id: 5003,
        belnr: '1400009876',
        created_at: rows[3]!.created,
        updated_at: rows[3]!.created,
      }),
    )
    .execute();
  return rows;
}

const KEY: Record<QueueSortKey, (r: Seeded) => string | number> = {
  createdAt: (r) => r.created,
  transactionId: (r) => r.id,
  // As a clerk reads names: ASCII capitals and small letters alike (0430), then bytes.
  customer: (r) => folded(r.name),
  invoiceId: (r) => r.invoice,
  amount: (r) => r.amount,
  tier: (r) => r.confidence,
  queueState: (r) => r.state,
};

function expected(rows: Seeded[], key: QueueSortKey, desc: boolean): number[] {
  const sign = desc ? -1 : 1;
  return [...rows]
    .sort((a, b) => {
      const x = KEY[key](a);
      const y = KEY[key](b);
      return (x < y ? -1 : x > y ? 1 : a.id - b.id) * sign;
    })
    .map((r) => r.id);
}

async function ids(store: Store, text: string, states?: PaymentState[]): Promise<number[]> {
  const w = await store.repos.queue.window({ text, offset: 0, limit: 500, ...(states ? { states } : {}) });
  return w.entries.map((e) => e.payment.source.transaction_id).sort((a, b) => a - b);
}

describeEachDialect('queue window', (h) => {
  it('pages every order the same as the rows sorted by that key, ties by transaction id', async () => {
    const store = await h.migrated();
    const rows = await seed(store);
    for (const key of Object.keys(KEY) as QueueSortKey[])
      for (const desc of [false, true]) {
        const got: number[] = [];
        for (let offset = 0; offset < N; offset += 37) {
          const w = await store.repos.queue.window({ sort: { key, desc }, offset, limit: 37 });
          expect(w.total).toBe(N);
          got.push(...w.entries.map((e) => e.payment.source.transaction_id));
        }
        expect(got, `${key} ${desc ? 'desc' : 'asc'}`).toEqual(expected(rows, key, desc));
      }
    // The default is newest first.
    const first = await store.repos.queue.window({ offset: 0, limit: 5 });
    expect(first.entries.map((e) => e.payment.source.transaction_id)).toEqual(
      expected(rows, 'createdAt', true).slice(0, 5),
    );
  });

  it('a view of some states, with the rows the clerk acted on, and the counts per state for the tabs', async () => {
    const store = await h.migrated();
    const rows = await seed(store);
    const w = await store.repos.queue.window({
      states: ['new', 'review'],
      alsoIds: [5002, 5003],
      offset: 0,
      limit: 500,
    });
    const want = rows.filter((r) => r.state === 'new' || r.state === 'review' || r.id === 5002 || r.id === 5003);
    expect(w.total).toBe(want.length);
    expect(w.entries.map((e) => e.payment.source.transaction_id).sort()).toEqual(want.map((r) => r.id).sort());
    const perState = Object.fromEntries(STATES.map((s) => [s, rows.filter((r) => r.state === s).length]));
    expect(w.counts).toEqual(perState);
    // Batch and text narrow the counts too.
    const b = await store.repos.queue.window({ batch: 701, text: 'acme', offset: 0, limit: 1 });
    const inB = rows.filter((r) => r.batch === 701 && r.name.toLowerCase().includes('acme'));
    expect(b.total).toBe(inB.length);
    expect(b.entries).toHaveLength(1);
    const counts: Partial<Record<PaymentState, number>> = {};
    for (const r of inB) counts[r.state] = (counts[r.state] ?? 0) + 1;
    expect(b.counts).toEqual(counts);
  });

  it('finds what a clerk types, case-insensitive, with % and _ taken literally', async () => {
    const store = await h.migrated();
    const rows = await seed(store);
    const where = (f: (r: Seeded, i: number) => boolean) => rows.filter(f).map((r) => r.id);
    expect(await ids(store, 'ACME')).toEqual(where((r) => r.name.toLowerCase().includes('acme')));
    expect(await ids(store, '100%')).toEqual(where((r) => r.name.includes('100%')));
    expect(await ids(store, '_')).toEqual(where((r) => r.name.includes('_') || r.invoice.includes('_')));
    expect(await ids(store, 'inv-05')).toEqual(where((r) => r.invoice.startsWith('INV-05')));
    // The live proposal's customer, by name and by number; a superseded proposal's is not the row's.
    expect(await ids(store, 'quillfeather')).toEqual(where((r) => r.confidence >= 0 && r.id % 2 === 1));
    expect(await ids(store, '0000100002')).toEqual(where((r) => r.confidence >= 0 && r.id % 2 === 1));
    expect((await ids(store, 'quillfeather')).includes(5001)).toBe(false);
    // The open item's reference and assignment, the SAP document, the state reason.
    expect(await ids(store, 'remit-8841')).toEqual([5003]);
    expect(await ids(store, 'po-55120')).toEqual([5003]);
    expect(await ids(store, '1400009876')).toEqual([5003]);
    expect(await ids(store, 'remittance advice')).toEqual(where((r) => r.state === 'parked'));
    // Card brand and last four.
    expect(await ids(store, 'amex')).toEqual(where((_r, i) => i % 4 === 2));
    expect(await ids(store, '1007')).toEqual(where((_r, i) => i % 50 === 7));
    // An amount, as typed with a symbol and separators, finds that amount exactly.
    const amount = rows[10]!.amount; // 370 * 10 % 50 = 20 -> 20,005 minor = 200.05
    expect(amount).toBe(20005);
    expect(await ids(store, '$200.05')).toEqual(where((r) => r.amount === 20005));
    expect(await ids(store, '1,000.05')).toEqual(where((r) => r.amount === 100005));
    // Typed with a decimal comma, as much of Europe writes it.
    expect(where((r) => r.amount === 20005).length).toBeGreaterThan(0);
    expect(await ids(store, '200,05')).toEqual(where((r) => r.amount === 20005));
    expect(where((r) => r.amount === 49005).length).toBeGreaterThan(0);
    expect(await ids(store, '€ 490,05')).toEqual(where((r) => r.amount === 49005));
    // As the queue shows it, with its currency (copied from the Amount column): that currency only.
    expect(await ids(store, '200.05 USD')).toEqual(where((r) => r.amount === 20005));
    expect(await ids(store, 'usd 1,000.05')).toEqual(where((r) => r.amount === 100005));
    expect(await ids(store, '200.05 EUR')).toEqual([]);
    // With a minus sign, as the queue shows a refund: the refunds of that amount only.
    const [refunded] = where((r) => r.amount === 20005);
    await store.db
      .updateTable('transactions')
      .set({ kind: 'refund' })
      .where('transaction_id', '=', refunded!)
      .execute();
    expect(await ids(store, '200.05')).toEqual(where((r) => r.amount === 20005));
    expect(await ids(store, '-200.05 USD')).toEqual([refunded]);
    expect(await ids(store, '\u2212200.05')).toEqual([refunded]);
    expect(await ids(store, '-1,000.05')).toEqual([]);
    expect(await ids(store, 'no such thing')).toEqual([]);
    // With states: only those.
    expect(await ids(store, 'acme', ['parked'])).toEqual(
      where((r) => r.state === 'parked' && r.name.toLowerCase().includes('acme')),
    );
  });

  it('finds a customer by name only in its company code, and letters beyond ASCII as typed', async () => {
    const store = await h.migrated();
    const rows = await seed(store);
    // The same customer number in another company code, under another name: not the proposals' customer.
    await store.db
      .insertInto('customers')
      .values(customerRow({ company_code: '2000', customer: '0000100001', name: 'Harbourside Trading' }))
      .execute();
    expect(await ids(store, 'harbourside')).toEqual([]);
    expect(await ids(store, 'RIVERMOUTH')).toEqual(
      rows.filter((r) => r.confidence >= 0 && r.id % 2 === 0).map((r) => r.id),
    );
    await store.db
      .updateTable('transactions')
      .set({ billing_name: 'Café Zürich' })
      .where('transaction_id', '=', 5010)
      .execute();
    expect(await ids(store, 'CAFÉ ZÜRICH')).toEqual([5010]);
    expect(await ids(store, 'é z')).toEqual([5010]);
  });

  it('sorts by tier from the payment’s own column, which follows its proposals as they change (0380)', async () => {
    const store = await h.migrated();
    await seed(store);
    const { db } = store;
    const tierOf = async (id: number) =>
      Number(
        (
          await db
            .selectFrom('transactions')
            .select('tier_confidence')
            .where('transaction_id', '=', id)
            .executeTakeFirstOrThrow()
        ).tier_confidence,
      );
    const top = async () =>
      (await store.repos.queue.window({ sort: { key: 'tier', desc: true }, offset: 0, limit: 1 })).entries[0]!.payment
        .source.transaction_id;
    // 5001's superseded proposal (999) is not its tier; 5001 has no live one.
    expect(await tierOf(5001)).toBe(-1);
    const proposal = async (id: number) =>
      (
        await db
          .selectFrom('proposals')
          .select('id')
          .where('transaction_id', '=', id)
          .where('status', '=', 'open')
          .executeTakeFirstOrThrow()
      ).id;
    // Its confidence changes: the tier with it, and the sort.
    await db
      .updateTable('proposals')
      .set({ confidence: 1000 })
      .where('id', '=', await proposal(5003))
      .execute();
    expect(await tierOf(5003)).toBe(1000);
    expect(await top()).toBe(5003);
    // Approved is still live; superseded is not.
    await db
      .updateTable('proposals')
      .set({ status: 'approved' })
      .where('id', '=', await proposal(5006))
      .execute();
    expect(await tierOf(5006)).toBe((6 * 11) % 1000);
    const p5003 = await proposal(5003);
    await db.updateTable('proposals').set({ status: 'superseded' }).where('id', '=', p5003).execute();
    expect(await tierOf(5003)).toBe(-1);
    expect(await top()).not.toBe(5003);
    // A proposal moved to another payment, or gone, takes its tier along.
    const p5009 = await proposal(5009);
    await db.updateTable('proposals').set({ transaction_id: 5002 }).where('id', '=', p5009).execute();
    expect([await tierOf(5009), await tierOf(5002)]).toEqual([-1, (9 * 11) % 1000]);
    await db.deleteFrom('proposals').where('id', '=', p5009).execute();
    expect(await tierOf(5002)).toBe(-1);
    // The sort walks the column's index and stops at the page.
    const plan =
      h.dialect === 'sqlite'
        ? (
            await sql<{ detail: string }>`explain query plan select t.transaction_id from transactions t
              order by t.tier_confidence desc, t.transaction_id desc limit 50`.execute(db)
          ).rows.map((r) => r.detail)
        : // 240 rows are read whole cheaper than through an index: the plan is asked with that ruled out.
          await db.transaction().execute(async (trx) => {
            await sql`set local enable_seqscan = off`.execute(trx);
            const rows = await sql<{ 'QUERY PLAN': string }>`explain select t.transaction_id from transactions t
              order by t.tier_confidence desc, t.transaction_id desc limit 50`.execute(trx);
            return rows.rows.map((r) => r['QUERY PLAN']);
          });
    expect(plan.join('\n')).toContain('transactions_by_tier');
  });

  it('sorts customers as a clerk reads them, capitals and small letters alike, from the index of 0430', async () => {
    const store = await h.migrated();
    const names = [
      'BEACON PRINT LLC',
      'Beacon Foods Partners',
      'beacon optics',
      'CEDAR LOGISTICS INC.',
      'Cedar Logistics Inc',
      'COPPER ANALYTICS LTD.',
    ];
    await upsertTransactions(
      store.db,
      names.map((billing_name, i) => transactionRow({ transaction_id: 9100 + i, billing_name })),
    );
    const w = await store.repos.queue.window({ sort: { key: 'customer', desc: false }, offset: 0, limit: 10 });
    expect(w.entries.map((e) => e.payment.billingName)).toEqual([
      'Beacon Foods Partners',
      'beacon optics',
      'BEACON PRINT LLC',
      'Cedar Logistics Inc',
      'CEDAR LOGISTICS INC.',
      'COPPER ANALYTICS LTD.',
    ]);
    const order = foldedBillingName(h.dialect, 't.billing_name');
    const plan =
      h.dialect === 'sqlite'
        ? (
            await sql<{ detail: string }>`explain query plan select t.transaction_id from transactions t
              order by ${order} asc, t.transaction_id asc limit 50`.execute(store.db)
          ).rows.map((r) => r.detail)
        : await store.db.transaction().execute(async (trx) => {
            await sql`set local enable_seqscan = off`.execute(trx);
            const rows = await sql<{ 'QUERY PLAN': string }>`explain select t.transaction_id from transactions t
              order by ${order} asc, t.transaction_id asc limit 50`.execute(trx);
            return rows.rows.map((r) => r['QUERY PLAN']);
          });
    expect(plan.join('\n')).toContain('transactions_by_customer_folded');
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE|Sort/);
  });

  it('pages a big view (2,000 rows or more, which SQLite walks along the order) as the rows sorted here', async () => {
    const store = await h.migrated();
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      id: 20_000 + i,
      amount: ((i * 7919) % 1500) * 100 + 1,
      refund: i % 7 === 3,
      name: NAMES[(i * 7) % NAMES.length]!,
      created: new Date(Date.UTC(2026, 10, 1, 8, (i * 13) % 1440)).toISOString(),
      state: (i % 10 === 0 ? 'parked' : 'review') as PaymentState,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await upsertTransactions(
        store.db,
        rows.slice(i, i + 500).map((r) =>
          transactionRow({
            transaction_id: r.id,
            amount_minor: r.amount,
            kind: r.refund ? 'refund' : 'sale',
            billing_name: r.name,
            created_at_utc: r.created,
            queue_state: r.state,
          }),
        ),
      );
    const inReview = rows.filter((r) => r.state === 'review');
    const want = (key: (r: (typeof rows)[number]) => string | number, desc: boolean) =>
      [...inReview]
        .sort((a, b) => {
          const x = key(a);
          const y = key(b);
          return (x < y ? -1 : x > y ? 1 : a.id - b.id) * (desc ? -1 : 1);
        })
        .map((r) => r.id);
    const cases: [QueueSortKey, (r: (typeof rows)[number]) => string | number][] = [
      // A refund sorts as the queue shows it: negative.
      ['amount', (r) => (r.refund ? -r.amount : r.amount)],
      ['customer', (r) => folded(r.name)],
      ['createdAt', (r) => r.created],
      ['tier', () => -1],
    ];
    for (const [key, of] of cases)
      for (const desc of [false, true])
        for (const offset of [0, 1_300, 2_650]) {
          const w = await store.repos.queue.window({ states: ['review'], sort: { key, desc }, offset, limit: 50 });
          expect(w.total).toBe(2700);
          expect(
            w.entries.map((e) => e.payment.source.transaction_id),
            `${key} ${desc ? 'desc' : 'asc'} at ${offset}`,
          ).toEqual(want(of, desc).slice(offset, offset + 50));
        }
  });

  it.runIf(h.dialect === 'sqlite')('reads a page of newest-first from an index, not by sorting the table', async () => {
    const store = await h.migrated();
    await seed(store);
    const plan = await sql<{ detail: string }>`explain query plan
      select t.* from transactions t order by t.created_at_utc desc, t.transaction_id desc limit 50`.execute(store.db);
    const details = plan.rows.map((r) => r.detail).join('\n');
    expect(details).toContain('transactions_by_created');
    expect(details).not.toContain('TEMP B-TREE');
    // The signed amount's order too (0410): the index on the expression, no sort of the table.
    const byAmount = await store.repos.queue.window({ sort: { key: 'amount', desc: false }, offset: 0, limit: 3 });
    expect(byAmount.entries).toHaveLength(3);
    const amountPlan = (
      await sql<{ detail: string }>`explain query plan select t.transaction_id from transactions t
        order by (case when t.kind = 'refund' then -t.amount_minor else t.amount_minor end) asc, t.transaction_id asc
        limit 50`.execute(store.db)
    ).rows
      .map((r) => r.detail)
      .join('\n');
    expect(amountPlan).toContain('transactions_by_signed_amount');
    expect(amountPlan).not.toContain('TEMP B-TREE');
  });
});
