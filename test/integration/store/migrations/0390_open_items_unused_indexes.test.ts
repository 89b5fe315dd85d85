// Migration 0390: open_items loses the indexes on reference and assignment, which no query used; the ones the
// queries use stay, and the searches that read those columns still find the items.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { indexesOf } from '../../../support/store-introspect';

const at = MIGRATIONS.findIndex((m) => m.name === '0390_open_items_unused_indexes');

describeEachDialect('migration 0390_open_items_unused_indexes', (h) => {
  it('drops the two unused indexes and keeps the others', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    expect(await indexesOf(store, 'open_items')).toEqual(
      expect.arrayContaining(['open_items_by_reference', 'open_items_by_assignment']),
    );
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    const after = await indexesOf(store, 'open_items');
    expect(after).not.toContain('open_items_by_reference');
    expect(after).not.toContain('open_items_by_assignment');
    expect(after).toEqual(
      expect.arrayContaining(['open_items_by_customer', 'open_items_by_doc_no', 'open_items_by_reference_key']),
    );
  });

  it('still finds an item by a piece of its reference or assignment in the manual match search', async () => {
    const store = await h.migrated();
    const item = (n: number, reference: string, assignment: string) => ({
      source: { BUKRS: '1000', BELNR: String(1400000000 + n), GJAHR: '2026', BUZEI: '001' },
      customer: '0000100001',
      amount: { minor: 1000 * n, currency: 'USD' },
      reference,
      assignment,
      documentType: 'DR',
      postingDate: '2026-11-01',
      documentDate: '2026-11-01',
      dueDate: '2026-12-01',
      text: '',
    });
    await store.repos.masterData.upsertOpenItems(
      [item(1, 'INV-90001234', 'PO-4711'), item(2, 'INV-90005678', 'PO-0815')],
      '2026-12-01T00:00:00.000Z',
    );
    const found = async (text: string) =>
      (await store.repos.masterData.candidates({ currency: 'USD', text, limit: 10 })).map((c) => c.reference);
    expect(await found('9000123')).toEqual(['INV-90001234']);
    expect(await found('po-08')).toEqual(['INV-90005678']);
  });
});
