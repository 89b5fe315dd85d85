// Migration 0480: open items keep the invoice item a partial payment refers to (BSEG-REBZG, REBZJ, REBZZ), which
// the mirror read and the store used to drop; the mirror's state is forgotten, so each company code's next mirror is
// a full read that brings the held items' references.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { columnsOf } from '../../../support/store-introspect';
import { openItemRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0480_open_items_invoice_ref');

describeEachDialect('migration 0480_open_items_invoice_ref', (h) => {
  it("adds the invoice reference; items written before refer to none, and the mirror's state is forgotten", async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    expect((await columnsOf(store, 'open_items')).map((c) => c.name)).not.toContain('ref_doc_no');
    await store.db.insertInto('open_items').values(openItemRow()).execute();
    await store.repos.syncRuns.setState('sap.mirror.1000', '{"day":"2026-11-24"}', '2026-11-24T00:00:00Z');
    await migrate(store);
    const columns = await columnsOf(store, 'open_items');
    for (const name of ['ref_doc_no', 'ref_fisc_year', 'ref_item_num'])
      expect(columns.find((c) => c.name === name)).toMatchObject({ nullable: false });

    const [before] = await store.repos.masterData.openItems();
    expect(before).toMatchObject({ reference: '90001234', invoiceRef: null });
    expect(await store.repos.syncRuns.getState('sap.mirror.1000')).toBeNull();

    // A partial payment's reference round-trips, with the year and item or with the document alone (OData's).
    for (const ref of [
      { BELNR: '1800000004', GJAHR: '2026', BUZEI: '001' },
      { BELNR: '1800000004', GJAHR: '', BUZEI: '' },
    ]) {
      await store.repos.masterData.upsertOpenItems([{ ...before!, invoiceRef: ref }], '2026-11-25T00:00:00Z');
      expect((await store.repos.masterData.openItem(before!.source))?.invoiceRef).toEqual(ref);
    }
    await store.repos.masterData.upsertOpenItems([{ ...before!, invoiceRef: null }], '2026-11-26T00:00:00Z');
    expect((await store.repos.masterData.openItem(before!.source))?.invoiceRef).toBeNull();
  });
});
