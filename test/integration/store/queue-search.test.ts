// The queue filter on its index (migration 0310) finds exactly what the plain scan of the tables
// finds: random payments, proposals, customers, open items and postings, changed at random between
// rounds (so the triggers that keep each payment's search text current are what is tested), then
// random text, the rows, the view's size and the tab counts compared. And rows written before the
// migration are found after it (the backfill).
import { expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { PaymentState } from '../../../shared/domain';
import { MIGRATIONS, migrate, upsertTransactions, type Store } from '../../../electron/store';
import { queueRepository } from '../../../electron/store/repos/queue';
import { describeEachDialect } from '../../support/store';
import { customerRow, openItemRow, postingRow, transactionRow } from '../../support/store-rows';

const STATES: PaymentState[] = ['new', 'review', 'parked', 'posted'];
// Pieces that collide: case, letters beyond ASCII, LIKE's own characters, quotes, digits.
const PIECES = ['ab', 'AB', 'abc', 'ÉCOLE', 'école', 'Zürich', '100%', 'a_b', 'x"y', 'q\\r', '4242', '12', ' ', '-'];
const piece = fc.constantFrom(...PIECES);
const words = fc.array(piece, { minLength: 1, maxLength: 3 }).map((p) => p.join(''));

interface World {
  payments: number[];
  proposals: { id: number; transactionId: number }[];
  customers: string[];
  items: string[];
}

type Change =
  | { kind: 'payment'; name: string; invoice: string; brand: string; state: number; last4: string; amount: number }
  | {
      kind: 'rename';
      which: number;
      name: string;
      field: 'billing_name' | 'invoice_id' | 'state_reason' | 'masked_card';
    }
  | { kind: 'customer'; which: number; name: string }
  | { kind: 'proposal'; which: number; customer: number; status: 'open' | 'approved' | 'superseded' }
  | { kind: 'status'; which: number; status: 'open' | 'approved' | 'superseded' | 'rejected' }
  | { kind: 'item'; which: number; item: number }
  | { kind: 'openItem'; which: number; reference: string; assignment: string }
  | { kind: 'remirror'; which: number; reference: string; assignment: string; back: boolean }
  | { kind: 'posting'; which: number; belnr: string; state: 'posted' | 'failed' }
  | { kind: 'dropProposal'; which: number };

const change: fc.Arbitrary<Change> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('payment' as const),
      name: words,
      invoice: words,
      brand: fc.constantFrom('VISA', 'AMEX', 'visa'),
      state: fc.nat(STATES.length - 1),
      last4: fc.constantFrom('4242', '1212', '0012'),
      amount: fc.constantFrom(100, 10000, 4242),
    }),
  },
  fc.record({
    kind: fc.constant('rename' as const),
    which: fc.nat(),
    name: words,
    field: fc.constantFrom(
      'billing_name' as const,
      'invoice_id' as const,
      'state_reason' as const,
      'masked_card' as const,
    ),
  }),
  fc.record({ kind: fc.constant('customer' as const), which: fc.nat(), name: words }),
  fc.record({
    kind: fc.constant('proposal' as const),
    which: fc.nat(),
    customer: fc.nat(),
    status: fc.constantFrom('open' as const, 'approved' as const, 'superseded' as const),
  }),
  fc.record({
    kind: fc.constant('status' as const),
    which: fc.nat(),
    status: fc.constantFrom('open' as const, 'approved' as const, 'superseded' as const, 'rejected' as const),
  }),
  fc.record({ kind: fc.constant('item' as const), which: fc.nat(), item: fc.nat() }),
  fc.record({ kind: fc.constant('openItem' as const), which: fc.nat(), reference: words, assignment: words }),
  fc.record({
    kind: fc.constant('remirror' as const),
    which: fc.nat(),
    reference: words,
    assignment: words,
    back: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('posting' as const),
    which: fc.nat(),
    belnr: words,
    state: fc.constantFrom('posted' as const, 'failed' as const),
  }),
  fc.record({ kind: fc.constant('dropProposal' as const), which: fc.nat() }),
);

const pick = <T>(xs: readonly T[], n: number): T | undefined => (xs.length ? xs[n % xs.length] : undefined);

async function seedWorld(store: Store): Promise<World> {
  const customers = ['0000100001', '0000100002', '0000200003'];
  await store.db
    .insertInto('customers')
    .values(customers.map((customer, i) => customerRow({ customer, name: PIECES[i]! })))
    .execute();
  const items = ['1800000001', '1800000002', '1800000003', '1800000004'];
  await store.db
    .insertInto('open_items')
    .values(items.map((doc_no, i) => openItemRow({ doc_no, reference: PIECES[i + 3]!, assignment: PIECES[i + 6]! })))
    .execute();
  return { payments: [], proposals: [], customers, items };
}

async function apply(store: Store, world: World, c: Change, beforeSearch = false): Promise<void> {
  const { db } = store;
  switch (c.kind) {
    case 'payment': {
      const id = 7000 + world.payments.length;
      const row = transactionRow({
        transaction_id: id,
        billing_name: c.name,
        invoice_id: c.invoice,
        card_brand: c.brand,
        queue_state: STATES[c.state]!,
        masked_card: `xxxxxxxxxxxx${c.last4}`,
        amount_minor: c.amount,
        created_at_utc: new Date(Date.UTC(2026, 10, 1) + id * 60_000).toISOString(),
      });
      // As ingest writes a page: the row, then its search text (migration 0350); before the search
      // existed, only the row.
      if (beforeSearch) await db.insertInto('transactions').values(row).execute();
      else await upsertTransactions(db, [row]);
      world.payments.push(id);
      return;
    }
    case 'rename': {
      const id = pick(world.payments, c.which);
      if (id !== undefined)
        await db
          .updateTable('transactions')
          .set({ [c.field]: c.name })
          .where('transaction_id', '=', id)
          .execute();
      return;
    }
    case 'customer':
      await db
        .updateTable('customers')
        .set({ name: c.name })
        .where('customer', '=', pick(world.customers, c.which)!)
        .execute();
      return;
    case 'proposal': {
      const transactionId = pick(world.payments, c.which);
      if (transactionId === undefined) return;
      // At most one open proposal per payment (the store's own rule): an open one is superseded first.
      await db
        .updateTable('proposals')
        .set({ status: 'superseded' })
        .where('transaction_id', '=', transactionId)
        .where('status', '=', 'open')
        .execute();
      const { id } = await db
        .insertInto('proposals')
        .values({
          transaction_id: transactionId,
          tier: 'suggest',
          confidence: 500,
          customer: pick(world.customers, c.customer)!,
          company_code: '1000',
          on_account_minor: 0,
          currency: 'USD',
          reasons: '[]',
          rule: 'exact',
          status: c.status,
          created_at: '2026-11-25T00:00:00.000Z',
          decided_by: null,
          decided_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      world.proposals.push({ id: Number(id), transactionId });
      return;
    }
    case 'status': {
      const p = pick(world.proposals, c.which);
      if (!p) return;
      if (c.status === 'open')
        await db
          .updateTable('proposals')
          .set({ status: 'superseded' })
          .where('transaction_id', '=', p.transactionId)
          .where('status', '=', 'open')
          .execute();
      await db.updateTable('proposals').set({ status: c.status }).where('id', '=', p.id).execute();
      return;
    }
    case 'item': {
      const p = pick(world.proposals, c.which);
      if (!p) return;
      await db
        .insertInto('proposal_items')
        .values({
          proposal_id: p.id,
          company_code: '1000',
          doc_no: pick(world.items, c.item)!,
          fisc_year: '2026',
          item_num: '001',
          amount_minor: 100,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
      return;
    }
    case 'openItem':
      await db
        .updateTable('open_items')
        .set({ reference: c.reference, assignment: c.assignment })
        .where('doc_no', '=', pick(world.items, c.which)!)
        .execute();
      return;
    case 'remirror': {
      // The item gone from the mirror's table, and maybe written again (with other text) while a proposal
      // still names it: the insert and delete triggers (and their WHEN, migration 0400) at work.
      const doc_no = pick(world.items, c.which)!;
      await db.deleteFrom('open_items').where('doc_no', '=', doc_no).execute();
      if (c.back)
        await db
          .insertInto('open_items')
          .values(openItemRow({ doc_no, reference: c.reference, assignment: c.assignment }))
          .execute();
      return;
    }
    case 'posting': {
      const id = pick(world.payments, c.which);
      if (id === undefined) return;
      const reference = `CD-${id}`;
      const existing = await db.selectFrom('postings').select('reference').where('reference', '=', reference).execute();
      if (existing.length)
        await db
          .updateTable('postings')
          .set({ belnr: c.belnr, state: c.state })
          .where('reference', '=', reference)
          .execute();
      else
        await db
          .insertInto('postings')
          .values(
            postingRow({
              reference,
              transaction_id: id,
              state: c.state,
              belnr: c.belnr,
              created_at: '2026-11-25T00:00:00.000Z',
              updated_at: '2026-11-25T00:00:00.000Z',
            }),
          )
          .execute();
      return;
    }
    case 'dropProposal': {
      const p = pick(world.proposals, c.which);
      if (!p) return;
      await db.deleteFrom('proposal_items').where('proposal_id', '=', p.id).execute();
      await db.deleteFrom('proposals').where('id', '=', p.id).execute();
      world.proposals = world.proposals.filter((x) => x.id !== p.id);
      return;
    }
  }
}

/** Text a clerk might type: a piece of what is stored (any case), a stored piece, digits, an amount. */
const typed = fc.oneof(
  words,
  piece.map((p) => p.toUpperCase()),
  fc.constantFrom('a', 'é', '%', '_', '"', '\\', '2', '42', '424', '4242', '7001', '1.00', '42.42', 'a\nb', 'ab\nab'),
  fc
    .tuple(words, fc.nat(), fc.nat())
    .map(([w, a, b]) => w.slice(Math.min(a, b) % (w.length + 1), Math.max(a, b) % (w.length + 1)))
    .filter((w) => w.trim() !== ''),
);

async function compare(store: Store, texts: readonly string[]): Promise<void> {
  const indexed = queueRepository(store.db);
  const scanned = queueRepository(store.db, { filter: 'scan' });
  for (const text of texts)
    for (const states of [undefined, ['review', 'parked'] as PaymentState[]]) {
      const query = {
        text,
        offset: 0,
        limit: 1000,
        sort: { key: 'transactionId' as const, desc: false },
        ...(states ? { states } : {}),
      };
      const [a, b] = [await indexed.window(query), await scanned.window(query)];
      const ids = (w: typeof a) => w.entries.map((e) => e.payment.source.transaction_id);
      expect({ text, ids: ids(a), total: a.total, counts: a.counts }).toEqual({
        text,
        ids: ids(b),
        total: b.total,
        counts: b.counts,
      });
      expect(await indexed.ids(query, 1000)).toEqual(await scanned.ids(query, 1000));
    }
}

describeEachDialect('queue search (the filter on its index)', (h) => {
  it('finds exactly what the scan of the tables finds, as payments, proposals, items and postings change', async () => {
    const store = await h.migrated();
    const world = await seedWorld(store);
    let found = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(change, { minLength: 5, maxLength: 25 }),
        fc.array(typed, { minLength: 4, maxLength: 8 }),
        async (changes, texts) => {
          for (const c of changes) await apply(store, world, c);
          await compare(store, texts);
          found += (await queueRepository(store.db).window({ text: texts[0]!, offset: 0, limit: 1 })).total;
        },
      ),
      { numRuns: h.dialect === 'sqlite' ? 25 : 10 },
    );
    // Not a comparison of two empty answers.
    expect(world.payments.length).toBeGreaterThan(20);
    expect(found).toBeGreaterThan(0);
  }, 240_000);

  it('finds rows written before the migration (the backfill), and takes text the index cannot', async () => {
    const store = await h.open(await h.fresh());
    const at = MIGRATIONS.findIndex((m) => m.name === '0310_queue_search');
    await migrate(store, MIGRATIONS.slice(0, at));
    const world = await seedWorld(store);
    for (const [i, name] of ['écoles réunies', 'Abc_Trading 100%', 'line\nbreak'].entries())
      await apply(
        store,
        world,
        {
          kind: 'payment',
          name,
          invoice: `INV-${i}`,
          brand: 'VISA',
          state: i,
          last4: '4242',
          amount: 100,
        },
        true,
      );
    await apply(store, world, { kind: 'customer', which: 1, name: 'Quillfeather Inc' });
    await apply(store, world, { kind: 'openItem', which: 2, reference: 'REMIT-8841', assignment: 'PO-55120' });
    await apply(store, world, { kind: 'proposal', which: 0, customer: 1, status: 'open' });
    await apply(store, world, { kind: 'item', which: 0, item: 2 });
    await apply(store, world, { kind: 'posting', which: 1, belnr: '1400000042', state: 'posted' });
    await migrate(store);
    const ids = async (text: string) =>
      (await store.repos.queue.window({ text, offset: 0, limit: 10 })).entries
        .map((e) => e.payment.source.transaction_id)
        .sort();
    expect(await ids('ÉCOLES')).toEqual([7000]);
    expect(await ids('c_t')).toEqual([7001]);
    expect(await ids('QUILLFEATHER')).toEqual([7000]); // the proposal's customer's name
    expect(await ids('remit-8841')).toEqual([7000]); // its open item's reference
    expect(await ids('po-55')).toEqual([7000]); // and assignment
    expect(await ids('1400000042')).toEqual([7001]);
    expect(await ids('line\nbreak')).toEqual([7002]);
    expect(await ids('e\nb')).toEqual([7002]);
    expect(await ids('es\ninv')).toEqual([]); // not across two fields
    // A posting reference as SAP shows it (XBLNR), in any case: its payment, whether posted or not.
    expect(await ids('PT7001P')).toEqual([7001]);
    expect(await ids('pt7002p2')).toEqual([7002]);
    expect(await ids('PT7000C')).toEqual([7000]);
    expect(await ids('PT9999P')).toEqual([]);
    await compare(store, ['écoles', 'c_t', 'ab', 'a', '4242', 'line\nbreak', 'es\ninv', '1.00', 'pt7001p', 'PT7000X']);
  });

  it.runIf(h.dialect === 'sqlite')('asks the trigram index for text of three characters or more', async () => {
    const store = await h.migrated();
    const text = sql`select t.transaction_id from transactions t where t.transaction_id in
      (select q.rowid from queue_search q where queue_search match '"acme"')`;
    const plan = await sql<{ detail: string }>`explain query plan ${text}`.execute(store.db);
    expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(/VIRTUAL TABLE INDEX/);
  });

  it.runIf(h.dialect === 'postgres')('has pg_trgm and a GIN index the filter can use', async () => {
    const store = await h.migrated();
    const plan = await store.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      return sql<{ 'QUERY PLAN': string }>`explain select q.transaction_id from queue_search q
        where q.text like '%acme%' escape '\\'`.execute(trx);
    });
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('queue_search_trigram');
  });
});
