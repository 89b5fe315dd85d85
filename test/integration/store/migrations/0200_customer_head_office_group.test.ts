// Migration 0200: customers keep SAP's head office (KNB1-KNRZE) and corporate group (KNA1-KONZS);
// customers mirrored before it read back with neither and take them from the next mirror write.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { columnsOf } from '../../../support/store-introspect';
import { customerRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0200_customer_head_office_group');

describeEachDialect('migration 0200_customer_head_office_group', (h) => {
  it('adds head_office and group_key, NOT NULL with the default blank, after every earlier migration', async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    const before = (await columnsOf(store, 'customers')).map((c) => c.name);
    expect(before).not.toContain('head_office');
    expect(before).not.toContain('group_key');
    await store.db.insertInto('customers').values(customerRow()).execute();
    await migrate(store);
    const columns = await columnsOf(store, 'customers');
    expect(columns.find((c) => c.name === 'head_office')).toMatchObject({ nullable: false });
    expect(columns.find((c) => c.name === 'group_key')).toMatchObject({ nullable: false });

    // The customer written before reads back with neither, through the repository.
    const [old] = await store.repos.masterData.customers();
    expect(old).toMatchObject({ source: { KUNNR: '0000100001', BUKRS: '1000' }, name: 'Acme Corp' });
    expect(old).not.toHaveProperty('headOffice');
    expect(old).not.toHaveProperty('group');

    // The mirror writes them; a later read without them (SAP removed the head office) clears them.
    const branch = { ...old!, headOffice: '0000100900', group: 'ACME' };
    await store.repos.masterData.replaceCustomers('1000', [branch], '2026-11-25T00:00:00Z');
    expect((await store.repos.masterData.customers())[0]).toMatchObject({ headOffice: '0000100900', group: 'ACME' });
    const { headOffice: _h, group: _g, ...plain } = branch;
    await store.repos.masterData.replaceCustomers('1000', [plain], '2026-11-26T00:00:00Z');
    const [after] = await store.repos.masterData.customers();
    expect(after).not.toHaveProperty('headOffice');
    expect(after).not.toHaveProperty('group');
  });
});
