// The cleared items a run's payments name (issue 15, point 7): looked up by reference or document
// number, with the clearing the mirror read (BSAD-AUGBL, AUGDT) and, when that clearing is a
// payment ClearDesk posted and that stands, its PayTrace transaction. On both dialects.
import { CompiledQuery, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Store } from '../../../electron/store';
import { describeEachDialect } from '../../support/store';
import { markCleared, openItemRow, transactionRow } from '../../support/store-rows';
import { upsertOpenItems } from '../../../electron/store';
import { clearedItemsQuery } from '../../../electron/store/repos/master-data';
import type { ClearedOpenItem } from '../../../shared/ports';

const T0 = '2026-11-01T00:00:00.000Z';
const T1 = '2026-11-30T20:00:00.000Z';
const key = (doc_no: string) => ({ BUKRS: '1000', BELNR: doc_no, GJAHR: '2026', BUZEI: '001' });

/** An item as BSAD gives it to the mirror: whole, with its clearing document and date. */
const clearedItem = (doc: string, reference: string, AUGBL: string, AUGDT: string): ClearedOpenItem => ({
  source: key(doc),
  customer: '0000100001',
  amount: { minor: 25_000, currency: 'USD' },
  reference,
  assignment: reference,
  documentType: 'DR',
  postingDate: '2026-09-01',
  documentDate: '2026-09-01',
  dueDate: '2026-10-01',
  text: '',
  specialGl: '',
  clearing: { AUGBL, AUGDT },
});

async function posted(store: Store, transactionId: number, belnr: string, reference = `PT${transactionId}P`) {
  await store.db
    .insertInto('transactions')
    .values(transactionRow({ transaction_id: transactionId }))
    .execute();
  await store.repos.postings.insertSending({
    reference,
    transactionId,
    event: 'payment',
    companyCode: '1000',
    document: '{}',
    approvedBy: 'bob',
    instanceId: 'local',
    at: T1,
  });
  await store.repos.postings.markPosted(reference, { BELNR: belnr, GJAHR: '2026' }, '[]', T1);
}

describeEachDialect('cleared items by the numbers payments name', (h) => {
  it('finds them by reference or document number, with their clearing and the payment that cleared them', async () => {
    const store = await h.migrated();
    const md = store.repos.masterData;
    await upsertOpenItems(store.db, [
      openItemRow({ doc_no: '0090001234', reference: '90001234', synced_at: T0 }),
      openItemRow({ doc_no: '0090005555', reference: 'PO-77', synced_at: T0 }),
      openItemRow({ doc_no: '0090006666', reference: '90006666', synced_at: T0 }),
      openItemRow({ doc_no: '0090007777', reference: '90007777', synced_at: T0 }),
      openItemRow({ doc_no: '0090008888', reference: '90008888', synced_at: T0 }),
    ]);
    await posted(store, 100000123, '1400000456');
    await markCleared(
      store.db,
      [
        { ...key('0090001234'), AUGBL: '1400000456', AUGDT: '2026-11-30' },
        { ...key('0090005555'), AUGBL: '1400000999', AUGDT: '2026-11-29' },
        key('0090006666'),
      ],
      T1,
    );
    // Cleared long ago: outside the window asked for.
    await markCleared(store.db, [key('0090008888')], T0);

    const found = await md.clearedItems(['90001234', '90005555', '90006666', '90007777', '90008888'], '2026-11-15');
    const byDoc = new Map(found.map((c) => [c.source.BELNR, c]));
    expect([...byDoc.keys()].sort()).toEqual(['0090001234', '0090005555', '0090006666']);
    expect(byDoc.get('0090001234')!.clearing).toEqual({
      document: '1400000456',
      date: '2026-11-30',
      paidBy: 100000123,
    });
    expect(byDoc.get('0090001234')!.amount).toEqual({ minor: 10000, currency: 'USD' });
    // Found by its document number (the reference names a PO); cleared by a document ClearDesk did not post.
    expect(byDoc.get('0090005555')!.clearing).toEqual({ document: '1400000999', date: '2026-11-29', paidBy: null });
    // Cleared by the mirror without BSAD's fields (a full read no longer listing it).
    expect(byDoc.get('0090006666')!.clearing).toEqual({ document: null, date: null, paidBy: null });
    expect(await md.clearedItems([], '2026-11-15')).toEqual([]);

    // A later read gives the clearing of an item a full read had found cleared: it gains SAP's clearing and
    // keeps when the mirror marked it cleared.
    await md.upsertClearedItems(
      [clearedItem('0090006666', '90006666', '1400000777', '2026-11-28')],
      '2026-12-01T20:00:00.000Z',
    );
    const again = new Map(
      (await md.clearedItems(['90006666', '90001234'], '2026-11-15')).map((c) => [c.source.BELNR, c]),
    );
    expect(again.get('0090006666')!.clearing).toEqual({ document: '1400000777', date: '2026-11-28', paidBy: null });
    expect(again.get('0090001234')!.clearing.document).toBe('1400000456');
    expect(again.get('0090006666')!.amount).toEqual({ minor: 25_000, currency: 'USD' });
    const marked = await store.db
      .selectFrom('open_items')
      .select('synced_at')
      .where('doc_no', '=', '0090006666')
      .executeTakeFirstOrThrow();
    expect(marked.synced_at).toBe(T1);
  });

  it('forgets the clearing when SAP lists the item open again, and a reversed payment names no one', async () => {
    const store = await h.migrated();
    const md = store.repos.masterData;
    await upsertOpenItems(store.db, [openItemRow({ doc_no: '0090001234', reference: '90001234', synced_at: T0 })]);
    await posted(store, 100000123, '1400000456');
    await markCleared(store.db, [{ ...key('0090001234'), AUGBL: '1400000456', AUGDT: '2026-11-30' }], T1);
    await store.repos.postings.markReversed('PT100000123P', 'PT100000123R', T1);
    const [item] = await md.clearedItems(['90001234'], T0);
    expect(item!.clearing).toEqual({ document: '1400000456', date: '2026-11-30', paidBy: null });

    // A clearing reset (FBRA): the item is open again, without a clearing, and no longer found.
    await upsertOpenItems(store.db, [openItemRow({ doc_no: '0090001234', reference: '90001234', synced_at: T1 })]);
    const row = await store.db
      .selectFrom('open_items')
      .select(['status', 'clearing_doc', 'clearing_date'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'open', clearing_doc: null, clearing_date: null });
    expect(await md.clearedItems(['90001234'], T0)).toEqual([]);
  });

  it('finds an invoice SAP stores with a prefix, in any case and with any separator, by the number a payment names', async () => {
    const store = await h.migrated();
    const md = store.repos.masterData;
    await upsertOpenItems(store.db, [
      openItemRow({ doc_no: '1800000001', reference: 'INV-90001234', synced_at: T0 }),
      openItemRow({ doc_no: '1800000002', reference: 'rechnung 0090005555', synced_at: T0 }),
      openItemRow({ doc_no: '1800000003', reference: 'Fact#90007777', synced_at: T0 }),
      openItemRow({ doc_no: '1800000004', reference: 'INV-90009999', synced_at: T0 }),
    ]);
    await markCleared(
      store.db,
      [key('1800000001'), key('1800000002'), key('1800000003'), key('1800000004')].map((k) => ({
        ...k,
        AUGBL: '1400000001',
        AUGDT: '2026-11-30',
      })),
      T1,
    );
    const found = await md.clearedItems(['90001234', '90005555', '90007777'], '2026-11-15');
    expect(found.map((c) => [c.source.BELNR, c.reference]).sort()).toEqual([
      ['1800000001', 'INV-90001234'],
      ['1800000002', 'rechnung 0090005555'],
      // Any leading letters: the store finds a superset; the matcher keeps what its prefixes read (ClearedIndex).
      ['1800000003', 'Fact#90007777'],
    ]);
    // The window: items the mirror marked cleared before it are not looked at.
    expect(await md.clearedItems(['90001234'], '2026-12-01')).toEqual([]);
  });

  it("counts the look-back from SAP's clearing date, else from when the mirror marked the item", async () => {
    const store = await h.migrated();
    const md = store.repos.masterData;
    const now = '2026-12-01T06:00:00.000Z';
    const since = '2026-09-02T06:00:00.000Z'; // 90 days back
    await upsertOpenItems(store.db, [
      openItemRow({ doc_no: '0090000100', reference: '90000100', synced_at: T0 }),
      openItemRow({ doc_no: '0090000101', reference: '90000101', synced_at: T0 }),
      openItemRow({ doc_no: '0090000102', reference: '90000102', synced_at: T0 }),
    ]);
    // Marked cleared today: one cleared by SAP 100 days ago (a clearing dated back), one 89 days ago, one
    // without a clearing date (a full read no longer listed it).
    await markCleared(
      store.db,
      [
        { ...key('0090000100'), AUGBL: '1400000100', AUGDT: '2026-08-23' },
        { ...key('0090000101'), AUGBL: '1400000101', AUGDT: '2026-09-03' },
        key('0090000102'),
      ],
      now,
    );
    const found = await md.clearedItems(['90000100', '90000101', '90000102'], since);
    expect(found.map((c) => c.source.BELNR).sort()).toEqual(['0090000101', '0090000102']);
    // The same rule for the delta's look at clearings a reset may undo: by clearing date, else when marked.
    expect((await md.recentlyCleared('1000', '2026-11-24T06:00:00.000Z')).map((k) => k.BELNR)).toEqual(['0090000102']);
    expect((await md.recentlyCleared('1000', since)).map((k) => k.BELNR)).toEqual(['0090000101', '0090000102']);
  });

  it("keeps one row per item for the full read's cleared items: held ones become cleared, others are added", async () => {
    const store = await h.migrated();
    const md = store.repos.masterData;
    await upsertOpenItems(store.db, [openItemRow({ doc_no: '0090000200', reference: '90000200', synced_at: T0 })]);
    const read = [
      clearedItem('0090000200', '90000200', '1400000200', '2026-11-01'),
      clearedItem('0090000201', 'INV-90000201', '1400000200', '2026-11-02'),
    ];
    await md.upsertClearedItems(read, T1);
    const rows = async () =>
      store.db
        .selectFrom('open_items')
        .select(['doc_no', 'status', 'synced_at', 'clearing_doc', 'clearing_date', 'amount_minor'])
        .orderBy('doc_no')
        .execute();
    const first = await rows();
    expect(first.map((r) => ({ ...r, amount_minor: Number(r.amount_minor) }))).toEqual([
      {
        doc_no: '0090000200',
        status: 'cleared',
        synced_at: T1,
        clearing_doc: '1400000200',
        clearing_date: '2026-11-01',
        amount_minor: 25_000,
      },
      {
        doc_no: '0090000201',
        status: 'cleared',
        synced_at: T1,
        clearing_doc: '1400000200',
        clearing_date: '2026-11-02',
        amount_minor: 25_000,
      },
    ]);
    // The next full read lists them again: still one row each, and when the mirror marked them stays.
    await md.upsertClearedItems(read, '2026-12-07T06:00:00.000Z');
    expect(await rows()).toEqual(first);
    // Found by the number a payment names, with SAP's clearing.
    const found = await md.clearedItems(['90000201'], T0);
    expect(found.map((c) => [c.reference, c.clearing])).toEqual([
      ['INV-90000201', { document: '1400000200', date: '2026-11-02', paidBy: null }],
    ]);
    // SAP lists one open again (a clearing reset): open, its clearing forgotten.
    await upsertOpenItems(store.db, [openItemRow({ doc_no: '0090000200', reference: '90000200', synced_at: T1 })]);
    expect((await md.openItem(key('0090000200')))?.status).toBe('open');
  });

  it('is an indexed look-up: no scan of the items or the postings', async () => {
    const store = await h.migrated();
    const c = clearedItemsQuery(store.db, ['90001234', '90005555'], ['0090001234', '0090005555'], T0).compile();
    if (h.dialect === 'sqlite') {
      const plan = await store.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`EXPLAIN QUERY PLAN ${c.sql}`, [...c.parameters]),
      );
      const details = plan.rows.map((r) => r.detail).join('\n');
      expect(details).toMatch(/open_items_by_reference_key/);
      expect(details).toMatch(/open_items_by_doc_no/);
      expect(details).toMatch(/postings_by_document/);
      expect(details).not.toMatch(/SCAN (oi|p)\b(?! USING)/);
    } else {
      // PostgreSQL plans by statistics: a ledger of 5,000 cleared items, analysed, and its plan reads
      // the items through the reference and document number indexes only (postings, a handful of
      // rows here, it may read whole).
      const rows = Array.from({ length: 5000 }, (_, i) =>
        openItemRow({
          doc_no: String(90000000 + i).padStart(10, '0'),
          reference: `INV-${91000000 + i}`,
          status: 'cleared',
          synced_at: T1,
        }),
      );
      await upsertOpenItems(store.db, rows);
      await sql`analyze open_items`.execute(store.db);
      const plan = await store.db.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`EXPLAIN ${c.sql}`, [...c.parameters]),
      );
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toMatch(/open_items_by_reference_key/);
      expect(text).toMatch(/open_items_by_doc_no/);
      expect(text).not.toMatch(/Seq Scan on open_items/);
    }
  });
});
