// Migration 0460: open items keep their payment terms (BSID-ZFBDT, ZBD1T/ZBD1P, ZBD2T/ZBD2P), which the mirror read
// and the store used to drop, so the matcher can grant a cash discount in the app as it does on SAP's rows; the
// mirror's state is forgotten, so each company code's next mirror is a full read that brings the held items' terms.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { columnsOf } from '../../../support/store-introspect';
import { openItemRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0460_open_items_payment_terms');

describeEachDialect('migration 0460_open_items_payment_terms', (h) => {
  it('adds the baseline date and the discount terms; items and the mirror state written before', async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    expect((await columnsOf(store, 'open_items')).map((c) => c.name)).not.toContain('baseline_date');
    await store.db.insertInto('open_items').values(openItemRow()).execute();
    await store.repos.syncRuns.setState('sap.mirror.1000', '{"day":"2026-11-24"}', '2026-11-24T00:00:00Z');
    await store.repos.syncRuns.setState('paytrace.watermark', '2026-11-24', '2026-11-24T00:00:00Z');
    await migrate(store);
    const columns = await columnsOf(store, 'open_items');
    expect(columns.find((c) => c.name === 'baseline_date')).toMatchObject({ nullable: true });
    expect(columns.find((c) => c.name === 'discount_pct1')).toMatchObject({ nullable: false });

    // The item written before has no terms until the next full read; the mirror reads in full, PayTrace's watermark stays.
    const [before] = await store.repos.masterData.openItems();
    expect(before).toMatchObject({ reference: '90001234', baselineDate: null, cashDiscount: null });
    expect(await store.repos.syncRuns.getState('sap.mirror.1000')).toBeNull();
    expect(await store.repos.syncRuns.getState('paytrace.watermark')).toBe('2026-11-24');

    // Terms 3/14, 2/20 net 30 from 2026-11-02 round-trip; an item on net terms reads back without a discount.
    const terms = { days1: 14, percent1: 3000, days2: 20, percent2: 2000 };
    await store.repos.masterData.upsertOpenItems(
      [{ ...before!, baselineDate: '2026-11-02', cashDiscount: terms }],
      '2026-11-25T00:00:00Z',
    );
    expect(await store.repos.masterData.openItem(before!.source)).toMatchObject({
      baselineDate: '2026-11-02',
      cashDiscount: terms,
    });
    await store.repos.masterData.upsertOpenItems([{ ...before!, cashDiscount: null }], '2026-11-26T00:00:00Z');
    expect((await store.repos.masterData.openItem(before!.source))?.cashDiscount).toBeNull();
  });
});
