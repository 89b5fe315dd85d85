// Migration 0190: open items keep SAP's special G/L indicator (BSID-UMSKZ); items mirrored before
// it read back as normal receivables ('') and take the indicator the next mirror writes.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { columnsOf } from '../../../support/store-introspect';
import { openItemRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0190_open_items_special_gl');

describeEachDialect('migration 0190_open_items_special_gl', (h) => {
  it('adds special_gl, NOT NULL with the default blank, to open_items after every earlier migration', async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    expect((await columnsOf(store, 'open_items')).map((c) => c.name)).not.toContain('special_gl');
    await store.db.insertInto('open_items').values(openItemRow()).execute();
    await migrate(store);
    const column = (await columnsOf(store, 'open_items')).find((c) => c.name === 'special_gl');
    expect(column).toMatchObject({ name: 'special_gl', nullable: false });

    // The item written before reads back as a normal receivable, through the repository.
    const [before] = await store.repos.masterData.openItems();
    expect(before).toMatchObject({ reference: '90001234', specialGl: '' });

    // The mirror writes the indicator; a later read of the same item without one clears it.
    const downPayment = { ...before!, specialGl: 'A' };
    await store.repos.masterData.upsertOpenItems([downPayment], '2026-11-25T00:00:00Z');
    expect((await store.repos.masterData.openItem(before!.source))?.specialGl).toBe('A');
    await store.repos.masterData.upsertOpenItems([{ ...before!, specialGl: '' }], '2026-11-26T00:00:00Z');
    expect((await store.repos.masterData.openItem(before!.source))?.specialGl).toBe('');
  });
});
