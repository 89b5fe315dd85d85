// Migration 0470: transactions keep PayTrace's billing address, which the matcher's payer identity reads. A row
// stored before has none; ingest writes it for a new transaction, and reading an old one again with its address is
// not a change PayTrace made (the address is outside the content hash): no transition, no audit entry.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { columnsOf } from '../../../support/store-introspect';
import { sale } from '../../core/core-fixture';

const at = MIGRATIONS.findIndex((m) => m.name === '0470_transactions_billing_address');
const T = '2026-12-07T00:00:00.000Z';
const address = { street: '100 Harbor Way', city: 'Portland', zip: '97201' };

describeEachDialect('migration 0470_transactions_billing_address', (h) => {
  it('adds the address; old rows have none and are not changed by it; new ones keep it', async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    expect((await columnsOf(store, 'transactions')).map((c) => c.name)).not.toContain('billing_street');
    await migrate(store);
    // A row as it was before 0470: no address, the same content hash (it never covered one).
    await store.repos.payments.ingest([sale(1, 1000)], T);
    for (const name of ['billing_street', 'billing_city', 'billing_zip'])
      expect((await columnsOf(store, 'transactions')).find((c) => c.name === name)).toMatchObject({ nullable: false });

    expect((await store.repos.payments.get(1))!.billingAddress).toBeUndefined();
    const again = await store.repos.payments.ingest(
      [sale(1, 1000, { billingAddress: address }), sale(2, 2000, { billingAddress: address })],
      T,
    );
    expect(again).toMatchObject({ ingested: 1, updated: 0, unchanged: 1 });
    expect((await store.repos.payments.get(1))!.billingAddress).toBeUndefined();
    expect((await store.repos.payments.get(2))!.billingAddress).toEqual(address);
    // A change PayTrace made (settled in another batch) writes the address with it.
    await store.repos.payments.ingest([sale(1, 1000, { billingAddress: address, batch: 572 })], T);
    expect((await store.repos.payments.get(1))!.billingAddress).toEqual(address);
  });
});
