// Migration 0400: inserting or deleting an open item rewrites the queue's search texts only when a proposal
// names the item; the texts come out as before: an item a live proposal names, deleted by the mirror and
// written again with another reference, leaves and re-enters its payment's text; an item nobody names
// touches no text.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { indexNewPayments } from '../../../../electron/store/queue-search';
import { describeEachDialect } from '../../../support/store';
import { queueSearchTexts as texts } from '../../../support/store-introspect';
import { openItemRow, transactionRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0400_queue_search_open_items_when');

describeEachDialect('migration 0400_queue_search_open_items_when', (h) => {
  it('keeps the texts of the payments whose proposals name an item the mirror deletes and writes again', async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    const { db } = store;
    await db
      .insertInto('transactions')
      .values([transactionRow({ transaction_id: 11 }), transactionRow({ transaction_id: 12 })])
      .execute();
    await db.transaction().execute((trx) => indexNewPayments(trx, [11, 12]));
    const proposal = async (transactionId: number, docNo: string, status: 'open' | 'rejected') => {
      const { id } = await db
        .insertInto('proposals')
        .values({
          transaction_id: transactionId,
          tier: 'suggest',
          confidence: 900,
          customer: '0000100001',
          company_code: '1000',
          on_account_minor: 0,
          currency: 'USD',
          reasons: '[]',
          rule: 'exact',
          status,
          created_at: '2026-12-01T00:00:00.000Z',
          decided_by: null,
          decided_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('proposal_items')
        .values({
          proposal_id: id,
          company_code: '1000',
          doc_no: docNo,
          fisc_year: '2026',
          item_num: '001',
          amount_minor: 10000,
        })
        .execute();
    };
    // Payment 11's live proposal names an item the mirror has not written yet; 12's rejected one names another.
    await proposal(11, '1800000001', 'open');
    await proposal(12, '1800000002', 'rejected');
    const before = await texts(store);

    const item = (doc_no: string, reference: string) => openItemRow({ doc_no, reference, assignment: `ZU-${doc_no}` });
    await db
      .insertInto('open_items')
      .values([item('1800000001', 'INV-7310042'), item('1800000002', 'INV-7310043'), item('1800000003', 'INV-7310044')])
      .execute();
    let after = await texts(store);
    expect(after.get(11)).toContain('inv-7310042');
    expect(after.get(11)).toContain('zu-1800000001');
    // A rejected proposal's item and an item no proposal names leave the texts as they were.
    expect(after.get(12)).toBe(before.get(12));
    expect([...after.values()].some((t) => t.includes('inv-7310044'))).toBe(false);

    await db.deleteFrom('open_items').where('doc_no', '=', '1800000001').execute();
    after = await texts(store);
    expect(after.get(11)).not.toContain('inv-7310042');
    await db.insertInto('open_items').values(item('1800000001', 'INV-7310099')).execute();
    after = await texts(store);
    expect(after.get(11)).toContain('inv-7310099');
    expect(after.get(11)).not.toContain('inv-7310042');
    // Deleting an item no proposal names touches nothing either.
    await db.deleteFrom('open_items').where('doc_no', '=', '1800000003').execute();
    expect(await texts(store)).toEqual(after);
  });
});
