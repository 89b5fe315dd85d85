// PayTrace's billing address reaches the matcher through the store (migration 0470): the payer a short billing
// name cannot name alone ("ACME", the start of two customers' names) is the customer at that postal code and street.
// Before, the connector dropped the address and the store had no place for it, so this worked only in unit tests.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../support/store';
import { coreWith, customer, openItem, sale, type FakeWorld } from './core-fixture';

describeEachDialect("the payer's billing address, through the store", (h) => {
  it('names the customer a short billing name cannot; without it the payment waits for a clerk', async () => {
    const store = await h.migrated();
    const at = (c: ReturnType<typeof customer>, street: string, postalCode: string) => ({ ...c, street, postalCode });
    const address = { street: '100 Harbor Way', city: 'Portland', zip: '97201' };
    const w: FakeWorld = {
      paytrace: [
        sale(7501, 45_000, { billingName: 'ACME', billingAddress: address }),
        sale(7502, 45_000, { billingName: 'ACME' }),
      ],
      sap: {
        customers: [
          at(customer('0000100001', 'ACME Corporation Ltd'), '100 Harbor Way', '97201'),
          at(customer('0000100002', 'Acme Logistics GmbH'), '5 Dock Rd', '98101'),
        ],
        openItems: [openItem('1800007501', '0000100001', 45_000, '90007501')],
      },
      posted: [],
    };
    const core = await coreWith(store, w);
    await core.sync({ since: '2026-11-01' });
    expect((await store.repos.payments.get(7501))!.billingAddress).toEqual(address);
    const live = await store.repos.proposals.liveFor([7501, 7502]);
    expect(live.get(7501)!.customer).toBe('0000100001');
    expect(live.get(7501)!.items.map((i) => i.item.BELNR)).toEqual(['1800007501']);
    expect(live.get(7501)!.reasons.join(' ')).toMatch(/and address/);
    // The same name without an address names neither customer.
    expect(live.get(7502)!.customer).toBeNull();
  });
});
